package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.TenantId;
import io.metaplatform.plugins.lexware.fake.FakeLexware;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import tools.jackson.databind.JsonNode;

/**
 * The Lexware connector end to end in two server runtimes (see {@link LexwareServers}), through the
 * admin and data APIs, against fake Lexware servers. The operator's rate-limit override
 * ({@code platform.connectors.rate-limits.lexware}) lets a sync of thousands of records finish in
 * about a minute instead of Lexware's real 2 requests/s; {@link LexwareRealRateLimitEndToEndTest}
 * shows the real budget holding.
 */
@SpringBootTest(classes = LexwareEndToEndTest.RealConnectors.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {LexwareServers.SCHEDULER_OFF, LexwareServers.SERVER_A, LexwareEndToEndTest.RATE_LIMIT})
class LexwareEndToEndTest extends LexwareServers {

    /** The platform's budget per Lexware account in this test, a tenth below the fake's, for the jitter between a permit and the request's arrival. */
    static final String RATE_LIMIT = "platform.connectors.rate-limits.lexware=54/1s";
    private static final double FAKE_PERMITS_PER_SECOND = 60;
    private static final double FAST_FAKE = 1000;

    /**
     * The server's configuration without the admin API tests' stand-in connector beans, for both
     * Lexware end-to-end classes. Nested in a test class, so that the other tests' component scans
     * skip it.
     */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @ComponentScan(basePackages = "io.metaplatform", excludeFilters = {
            @ComponentScan.Filter(type = FilterType.CUSTOM, classes = {TypeExcludeFilter.class, AutoConfigurationExcludeFilter.class}),
            @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = PlatformApplication.class),
            @ComponentScan.Filter(type = FilterType.REGEX, pattern = "io\\.metaplatform\\.server\\..*TestBeans")})
    static class RealConnectors {
    }

    @Override
    List<String> sharedProperties() {
        return List.of(SCHEDULER_OFF, RATE_LIMIT);
    }

    @Test
    void twoServersSyncingTwoConnectionsOfOneAccountShareItsBudgetWithNo429AndEveryRecordArrivesOnce() {
        String apiKey = newApiKey();
        FakeLexware lexware = fake(apiKey, FAKE_PERMITS_PER_SECOND);
        Seeded seeded = seed(lexware, 2_000, 2_000);
        TenantId first = createTenant("Lexware first");
        TenantId second = createTenant("Lexware second");
        String connectionA = enabledConnection(serverA, admin(first), lexware, apiKey, List.of());
        String connectionB = enabledConnection(serverB, admin(second), lexware, apiKey, List.of());
        int setupRequests = lexware.requests().size();

        long start = System.nanoTime();
        JsonNode runA = startRun(serverA, admin(first), connectionA);
        JsonNode runB = startRun(serverB, admin(second), connectionB);
        JsonNode endedA = awaitRun(serverA, admin(first), connectionA, runA.path("id").asString(), Duration.ofMinutes(4));
        JsonNode endedB = awaitRun(serverB, admin(second), connectionB, runB.path("id").asString(), Duration.ofMinutes(4));
        double seconds = (System.nanoTime() - start) / 1e9;
        int syncRequests = lexware.requests().size() - setupRequests;
        System.out.printf("Lexware end to end: %d contacts and %d vouchers synced into each of two tenants by two servers"
                + " in %.1f s, %d requests to Lexware (%.1f/s), %d answered 429%n", 2_000, 2_000, seconds, syncRequests,
                syncRequests / seconds, lexware.count(429));

        assertThat(runA.path("claimedBy").asString()).isEqualTo("server-a");
        assertThat(runB.path("claimedBy").asString()).isEqualTo("server-b");
        assertThat(endedA.path("status").asString()).as(endedA.toString()).isEqualTo("SUCCEEDED");
        assertThat(endedB.path("status").asString()).as(endedB.toString()).isEqualTo("SUCCEEDED");
        assertThat(lexware.count(429)).isZero();
        assertThat(recordCounts(serverA, admin(first))).isEqualTo(seeded.byObject());
        assertThat(recordCounts(serverB, admin(second))).isEqualTo(seeded.byObject());
        // Each voucher is fetched by id once per connection: the two connections shared one budget.
        assertThat(lexware.count("GET", "/invoices/")).isEqualTo(2L * seeded.invoices());
        assertThat(adminApi(serverA, admin(first), "{ connection(id: \"" + connectionB + "\") { id } }", Map.of())
                .path("connection").isNull()).as("the other tenant's connection").isTrue();
    }

    @Test
    void aKeyRevokedDuringASyncMarksTheCredentialsInvalidAndStopsTheScheduleUntilANewKeyPassesTheCheck() {
        String apiKey = newApiKey();
        FakeLexware lexware = fake(apiKey, FAST_FAKE);
        seed(lexware, 20, 400);
        TenantId tenant = createTenant("Lexware revoked");
        String token = admin(tenant);
        String connection = enabledConnection(serverA, token, lexware, apiKey, List.of());
        JsonNode scheduled = connection(serverA, token, connection);

        JsonNode run = startRun(serverA, token, connection);
        awaitRequests(lexware, "/invoices/", 20);
        lexware.revokeKey(apiKey);
        JsonNode ended = awaitRun(serverA, token, connection, run.path("id").asString(), Duration.ofMinutes(1));
        JsonNode stopped = connection(serverA, token, connection);
        String newKey = newApiKey();
        lexware.acceptKey(newKey);
        adminApi(serverA, token, "mutation($config: JSON) { updateConnection(id: \"" + connection + "\", input: {config: $config}) { status } }",
                Map.of("config", Map.of("apiKey", newKey)));
        JsonNode check = adminApi(serverA, token, "mutation { checkConnection(id: \"" + connection + "\") { passed } }", Map.of());
        JsonNode enabled = adminApi(serverA, token, "mutation { enableConnection(id: \"" + connection + "\") { status nextRunAt } }", Map.of())
                .path("enableConnection");

        assertThat(scheduled.path("nextRunAt").isNull()).isFalse();
        assertThat(ended.path("status").asString()).isEqualTo("FAILED");
        assertThat(ended.path("error").asString()).contains("credentials").doesNotContain(apiKey);
        assertThat(lexware.count(401)).isEqualTo(1);
        assertThat(stopped.path("status").asString()).isEqualTo("CREDENTIALS_INVALID");
        assertThat(stopped.path("nextRunAt").isNull()).as("no scheduled run while the key is refused").isTrue();
        assertThat(check.path("checkConnection").path("passed").asBoolean()).isTrue();
        assertThat(enabled.path("status").asString()).isEqualTo("ENABLED");
        assertThat(enabled.path("nextRunAt").isNull()).isFalse();
    }

    @Test
    void aCreateLexwareAnswersWith504IsNotPostedAgainTheContactItCreatedIsFoundAndLinked() {
        String apiKey = newApiKey();
        FakeLexware lexware = fake(apiKey, FAST_FAKE);
        TenantId tenant = createTenant("Lexware 504");
        String token = admin(tenant);
        String connection = pushingConnection(token, lexware, apiKey);
        run(serverA, token, connection, Duration.ofMinutes(1));
        dataApi(serverA, token, "mutation { createCompany(data: {name: \"Neukunde GmbH\", email: \"info@neukunde.example\", erp: true}) { id } }");
        lexware.timeoutAfterPost("/contacts");

        JsonNode pushed = run(serverA, token, connection, Duration.ofMinutes(1));
        JsonNode again = run(serverA, token, connection, Duration.ofMinutes(1));

        assertThat(pushed.path("status").asString()).as(pushed.toString()).isEqualTo("SUCCEEDED");
        // Push reads only changes older than the server's oldest open transaction, so under load the new
        // company may go out in the second run rather than the first: once, in either.
        assertThat(pushed.path("created").asInt() + again.path("created").asInt()).isEqualTo(1);
        assertThat(lexware.count(504)).isEqualTo(1);
        assertThat(lexware.count("POST", "/contacts")).as("POSTs to Lexware").isEqualTo(1);
        assertThat(lexware.contacts()).hasSize(1);
        assertThat(again.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(recordCounts(serverA, token).get("companies")).isEqualTo(1);
    }

    @Test
    void pushCreatesOnlyFlaggedCompaniesAndUpdatesALinkedOneWithTheVersionItReadsRetryingA409() {
        String apiKey = newApiKey();
        FakeLexware lexware = fake(apiKey, FAST_FAKE);
        String existing = lexware.seedCompany("Bestand AG", "info@bestand.example");
        TenantId tenant = createTenant("Lexware push");
        String token = admin(tenant);
        String connection = pushingConnection(token, lexware, apiKey);
        run(serverA, token, connection, Duration.ofMinutes(1));
        String existingId = dataApi(serverA, token, "{ companies(first: 5) { edges { node { id name } } } }")
                .path("companies").path("edges").get(0).path("node").path("id").asString();
        dataApi(serverA, token, "mutation { createCompany(data: {name: \"Markiert GmbH\", erp: true}) { id } }");
        dataApi(serverA, token, "mutation { createCompany(data: {name: \"Nicht markiert GmbH\", erp: false}) { id } }");
        dataApi(serverA, token, "mutation { createCompany(data: {name: \"Ohne Angabe GmbH\"}) { id } }");
        dataApi(serverA, token, "mutation { updateCompany(id: \"" + existingId + "\", data: {name: \"Bestand Holding AG\"}) { id } }");
        lexware.inject(new FakeLexware.Fault("PUT", "/contacts/", 409, "{\"message\":\"Conflict\"}", false));

        JsonNode pushed = run(serverA, token, connection, Duration.ofMinutes(1));
        JsonNode again = run(serverA, token, connection, Duration.ofMinutes(1));
        JsonNode streams = adminApi(serverA, token, "{ connection(id: \"" + connection + "\") { streams { name push pushFilter } } }", Map.of())
                .path("connection").path("streams");

        assertThat(streams.get(0).toString()).isEqualTo("{\"name\":\"companies\",\"push\":true,\"pushFilter\":\"erp\"}");
        assertThat(streams.get(1).path("pushFilter").isNull()).isTrue();
        assertThat(pushed.path("status").asString()).as(pushed.toString()).isEqualTo("SUCCEEDED");
        // Push reads only changes older than the server's oldest open transaction, so under load the new
        // company may go out in the second run rather than the first: once, in either.
        assertThat(pushed.path("created").asInt() + again.path("created").asInt()).isEqualTo(1);
        assertThat(pushed.path("updated").asInt() + again.path("updated").asInt()).isEqualTo(1);
        assertThat(pushed.path("failed").asInt() + again.path("failed").asInt()).isZero();
        // The fake refuses a create whose version is not 0 (406), so this create carried version 0.
        assertThat(lexware.count("POST", "/contacts")).isEqualTo(1);
        assertThat(lexware.contacts()).extracting(contact -> String.valueOf(((Map<?, ?>) contact.get("company")).get("name")))
                .containsExactlyInAnyOrder("Bestand Holding AG", "Markiert GmbH");
        // Read, PUT refused with 409, re-read, read, PUT: the update went out once, on the version it read.
        assertThat(lexware.count("PUT", "/contacts/" + existing)).isEqualTo(2);
        assertThat(lexware.count("GET", "/contacts/" + existing)).isGreaterThanOrEqualTo(2);
        assertThat(lexware.contact(existing).get("version")).hasToString("2");
    }

    /** A connection that pushes companies whose custom boolean field {@code erp} is true. */
    private String pushingConnection(String token, FakeLexware lexware, String apiKey) {
        adminApi(serverA, token, "mutation { createField(object: \"company\", input: {apiName: \"erp\", label: \"ERP\","
                + " type: {kind: \"BOOLEAN\"}}) { metadataVersion } }", Map.of());
        return enabledConnection(serverA, token, lexware, apiKey, List.of(Map.of("name", "companies", "push", true, "pushFilter", "erp")));
    }

    private static void awaitRequests(FakeLexware lexware, String pathPrefix, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (lexware.count("GET", pathPrefix) < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the sync did not reach " + count + " requests to " + pathPrefix);
            }
            sleep(10);
        }
    }
}
