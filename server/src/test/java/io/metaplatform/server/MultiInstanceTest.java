package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.DatabaseProvisioner;
import io.metaplatform.core.DevIssuer;
import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestDatabase;
import io.metaplatform.core.testing.TestPlatform;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Three server instances against one database and one Redis, as behind a load balancer: what one instance
 * does, the others see and respect. The instances have a database of their own, so no other test context's
 * scheduler takes part.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiInstanceTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> NAMES = List.of("node-1", "node-2", "node-3");

    private static final List<ConfigurableApplicationContext> instances = new ArrayList<>();
    private static final List<Api> apis = new ArrayList<>();
    private static final java.util.Set<Integer> killed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static DatabaseProvisioner provisioner;
    private static String database;
    private static String appRole;

    @BeforeAll
    static void startThreeInstances() throws Exception {
        TestDatabase shared = TestDatabase.get();
        String suffix = HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(), 0, 5);
        database = "platform_multi_" + suffix;
        appRole = database + "_app";
        String appPassword = UUID.randomUUID().toString();
        provisioner = new DatabaseProvisioner(shared.adminUrl(), shared.ownerUser(), shared.ownerPassword());
        provisioner.ensureDatabase(database);
        provisioner.ensureApplicationRole(appRole, appPassword);
        String url = shared.adminUrl().substring(0, shared.adminUrl().lastIndexOf('/') + 1) + database;
        for (String name : NAMES) {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("platform.db.url", url);
            properties.put("platform.db.app-user", appRole);
            properties.put("platform.db.app-password", appPassword);
            properties.put("platform.db.pool-size", "4");
            properties.put("server.port", "0");
            properties.put("platform.connectors.instance-id", name);
            properties.put("platform.connectors.poll-interval", "200ms");
            properties.put("platform.connectors.heartbeat-interval", "300ms");
            properties.put("platform.connectors.stale-after", "2s");
            properties.put("platform.connectors.min-schedule-interval", "1s");
            properties.put("platform.api.rate-limit.per-token-rate", "1");
            properties.put("platform.api.rate-limit.per-token-burst", "5");
            properties.put("platform.api.rate-limit.per-tenant-rate", "1000");
            properties.put("platform.api.rate-limit.per-tenant-burst", "1000");
            // After TestPlatform's initializer (registered for every context), so these win over its database.
            ConfigurableApplicationContext context = new SpringApplicationBuilder(PlatformApplication.class)
                    .initializers(ctx -> ctx.getEnvironment().getPropertySources().addFirst(new MapPropertySource("instance-" + name, properties)))
                    .run();
            instances.add(context);
            apis.add(new Api(Integer.parseInt(context.getEnvironment().getProperty("local.server.port"))));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        ConnectorTestBeans.EchoConnector.HANG_NEXT_READ.values().forEach(CountDownLatch::countDown);
        for (int i = 0; i < instances.size(); i++) {
            if (!killed.contains(i)) {
                instances.get(i).close();
            }
        }
        provisioner.dropDatabase(database);
        provisioner.dropRole(appRole);
    }

    @Test
    void aMetadataChangeOnOneInstanceIsUsedByTheOthersWithinOneSecond() {
        TenantId tenant = createTenant();
        for (Api api : apis) {
            assertThat(errors(graphql(api, "/graphql", tenant, Role.TENANT_ADMIN, "{ companies(first: 1) { totalCount } }"))).isEmpty();
        }

        assertThat(errors(graphql(alive().getFirst(), "/graphql/admin", tenant, Role.TENANT_ADMIN,
                "mutation { createField(object: \"company\", input: {apiName: \"tier\", type: {kind: \"TEXT\", maxLength: 20}}) { metadataVersion } }")))
                .isEmpty();
        Instant changed = Instant.now();

        for (Api other : apis.subList(1, 3)) {
            Duration seen = awaitNoErrors(other, tenant, "{ companies(first: 1) { edges { node { tier } } } }", changed);
            assertThat(seen).as("the new field on another instance").isLessThanOrEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void oneTokensRateLimitHoldsAcrossInstances() {
        TenantId tenant = createTenant();
        String token = TestPlatform.issuer().mint(DevIssuer.TokenRequest.of("limited", tenant, Role.TENANT_USER));
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 30; i++) {
            int status = apis.get(i % 3).get("/api/me", token).status();
            if (status == 200) {
                accepted++;
            } else if (status == 429) {
                refused++;
            }
        }

        // burst 5 plus about one per second of refill, for all three instances together (alone: up to 15 and more)
        assertThat(accepted).isBetween(5, 9);
        assertThat(refused).isEqualTo(30 - accepted);
    }

    @Test
    void aScheduledConnectionRunsOnOneInstanceAtATime() {
        TenantId tenant = createTenant();
        String connection = enabledEchoConnection(tenant);
        ConnectorTestBeans.EchoConnector.of(connection).put("c-1", Map.of("companyName", "ACME", "city", "Berlin"));

        List<JsonNode> runs = awaitRuns(tenant, connection, 4, Duration.ofSeconds(20));
        disable(tenant, connection);

        List<JsonNode> finished = runs.stream().filter(run -> !run.path("status").asString().equals("RUNNING")).toList().reversed();
        assertThat(finished).hasSizeGreaterThanOrEqualTo(3).allSatisfy(run -> {
            assertThat(run.path("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(run.path("claimedBy").asString()).isIn(NAMES);
        });
        for (int i = 1; i < finished.size(); i++) {
            assertThat(Instant.parse(finished.get(i).path("startedAt").asString()))
                    .as("run %d starts after run %d ended", i, i - 1)
                    .isAfterOrEqualTo(Instant.parse(finished.get(i - 1).path("finishedAt").asString()));
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void theRunOfAKilledInstanceIsTakenOverByAnother() {
        TenantId tenant = createTenant();
        String connection = createEchoConnection(tenant);
        CountDownLatch hang = new CountDownLatch(1);
        ConnectorTestBeans.EchoConnector.HANG_NEXT_READ.put(connection, hang);
        // The first scheduled run hangs in its read, as in a process that stopped answering.
        assertThat(errors(graphql(alive().getFirst(), "/graphql/admin", tenant, Role.TENANT_ADMIN,
                "mutation { enableConnection(id: \"" + connection + "\") { id } }"))).isEmpty();
        String victim = awaitRuns(tenant, connection, 1, Duration.ofSeconds(10)).getLast().path("claimedBy").asString();

        // The instance that runs it dies: its heartbeats stop (closing waits for the hung read in the background).
        int index = NAMES.indexOf(victim);
        killed.add(index);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> instances.get(index).close());
        List<JsonNode> runs = awaitFinished(tenant, connection, Duration.ofSeconds(20));
        hang.countDown();
        closing.join();
        disable(tenant, connection);

        JsonNode abandoned = runs.getLast();
        JsonNode takenOver = runs.get(runs.size() - 2);
        assertThat(abandoned.path("claimedBy").asString()).isEqualTo(victim);
        assertThat(abandoned.path("status").asString()).isEqualTo("FAILED");
        assertThat(abandoned.path("errorCode").asString()).isEqualTo("ABANDONED");
        assertThat(takenOver.path("claimedBy").asString()).isIn(NAMES).isNotEqualTo(victim);
        assertThat(takenOver.path("status").asString()).isEqualTo("SUCCEEDED");
    }

    private static List<Api> alive() {
        List<Api> alive = new ArrayList<>();
        for (int i = 0; i < apis.size(); i++) {
            if (!killed.contains(i)) {
                alive.add(apis.get(i));
            }
        }
        return alive;
    }

    private static TenantId createTenant() {
        String slug = "m-" + UUID.randomUUID().toString().substring(0, 13);
        Api.Response created = alive().get(ThreadLocalRandom.current().nextInt(alive().size())).post("/api/operator/tenants", TestPlatform.operatorToken(),
                "{\"slug\":\"" + slug + "\",\"name\":\"Multi\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return TenantId.parse(created.json().path("id").asString()).orElseThrow();
    }

    private static String createEchoConnection(TenantId tenant) {
        JsonNode created = graphql(alive().getFirst(), "/graphql/admin", tenant, Role.TENANT_ADMIN,
                "mutation { createConnection(input: {connector: \"echo\", name: \"CRM\", config: {apiKey: \""
                        + ConnectorTestBeans.GOOD_KEY + "\"}, scheduleInterval: \"PT1S\"}) { id } }");
        assertThat(errors(created)).isEmpty();
        String id = created.path("data").path("createConnection").path("id").asString();
        assertThat(errors(graphql(alive().getFirst(), "/graphql/admin", tenant, Role.TENANT_ADMIN,
                "mutation { checkConnection(id: \"" + id + "\") { passed } }"))).isEmpty();
        return id;
    }

    private static String enabledEchoConnection(TenantId tenant) {
        String id = createEchoConnection(tenant);
        assertThat(errors(graphql(alive().getLast(), "/graphql/admin", tenant, Role.TENANT_ADMIN,
                "mutation { enableConnection(id: \"" + id + "\") { id } }"))).isEmpty();
        return id;
    }

    private static void disable(TenantId tenant, String connection) {
        graphql(alive().getFirst(), "/graphql/admin", tenant, Role.TENANT_ADMIN, "mutation { disableConnection(id: \"" + connection + "\") { id } }");
    }

    /** The connection's runs, newest first, once there are at least {@code count}. */
    private static List<JsonNode> awaitRuns(TenantId tenant, String connection, int count, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        List<JsonNode> runs = List.of();
        while (System.nanoTime() < deadline) {
            runs = runs(tenant, connection);
            if (runs.size() >= count) {
                return runs;
            }
            ConnectorApiTestSupport.pause(100);
        }
        throw new AssertionError("fewer than " + count + " runs within " + patience + ": " + runs);
    }

    private static List<JsonNode> awaitFinished(TenantId tenant, String connection, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        List<JsonNode> runs = List.of();
        while (System.nanoTime() < deadline) {
            runs = runs(tenant, connection);
            if (runs.size() >= 2 && runs.stream().noneMatch(run -> run.path("status").asString().equals("RUNNING"))) {
                return runs;
            }
            ConnectorApiTestSupport.pause(100);
        }
        throw new AssertionError("runs still running after " + patience + ": " + runs);
    }

    private static List<JsonNode> runs(TenantId tenant, String connection) {
        JsonNode response = graphql(alive().get(ThreadLocalRandom.current().nextInt(alive().size())), "/graphql/admin", tenant, Role.TENANT_ADMIN,
                "{ connectionRuns(connection: \"" + connection + "\", first: 50) { runs { id status claimedBy startedAt finishedAt errorCode } } }");
        List<JsonNode> runs = new ArrayList<>();
        response.path("data").path("connectionRuns").path("runs").forEach(runs::add);
        return runs;
    }

    private static Duration awaitNoErrors(Api api, TenantId tenant, String query, Instant since) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            // As the admin: a new field is the tenant admin's until granted to users.
            if (errors(graphql(api, "/graphql", tenant, Role.TENANT_ADMIN, query)).isEmpty()) {
                return Duration.between(since, Instant.now());
            }
            ConnectorApiTestSupport.pause(20);
        }
        throw new AssertionError("the change never reached the instance");
    }

    // A token of its own per call, so the (deliberately small) per-token rate limit never refuses the test's polling.
    private static JsonNode graphql(Api api, String path, TenantId tenant, Role role, String query) {
        String token = TestPlatform.issuer().mint(DevIssuer.TokenRequest.of("u-" + UUID.randomUUID(), tenant, role));
        return JSON.readTree(api.post(path, token, JSON.writeValueAsString(Map.of("query", query))).body());
    }

    private static List<String> errors(JsonNode response) {
        List<String> errors = new ArrayList<>();
        response.path("errors").forEach(error -> errors.add(error.path("message").asString()));
        return errors;
    }
}
