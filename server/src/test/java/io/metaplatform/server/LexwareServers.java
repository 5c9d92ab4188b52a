package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import io.metaplatform.plugins.lexware.fake.FakeLexware;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two server runtimes against one database, one Redis and fake Lexware servers: the test's own
 * Spring context ("server A", on a random port) and a second, complete Spring application of the
 * same configuration started here ("server B", its own port, Redis connection, HTTP factory with
 * its rate limiter, sync engine and run executor). Both have the real connector beans (the plugins
 * folder's Lexware jar in its own class loader, the sync engine), not the stand-ins the admin API
 * tests put in front of them, and no scheduler: the tests start each run on the server they choose
 * through the admin API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LexwareServers {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String SCHEDULER_OFF = "platform.connectors.scheduler-enabled=false";
    static final String SERVER_A = "platform.connectors.instance-id=server-a";

    @LocalServerPort
    int portA;
    Api serverA;
    Api serverB;
    private ConfigurableApplicationContext contextB;
    private final List<FakeLexware> fakes = new ArrayList<>();

    /** The properties of server B besides its instance id: those the subclass gives server A. */
    abstract List<String> sharedProperties();

    /** Whether the class needs server B; a class that starts servers of its own may go without. */
    boolean startsServerB() {
        return true;
    }

    @BeforeAll
    void startServerB() {
        if (!startsServerB()) {
            return;
        }
        List<String> arguments = new ArrayList<>();
        arguments.add("--server.port=0");
        arguments.add("--platform.connectors.instance-id=server-b");
        sharedProperties().forEach(property -> arguments.add("--" + property));
        contextB = new SpringApplicationBuilder(LexwareEndToEndTest.RealConnectors.class).run(arguments.toArray(String[]::new));
        serverB = new Api(contextB.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
    }

    @BeforeEach
    void serverA() {
        serverA = new Api(portA);
    }

    @AfterAll
    void stopServerBAndFakes() {
        fakes.forEach(FakeLexware::close);
        if (contextB != null) {
            contextB.close();
        }
    }

    FakeLexware fake(String apiKey, double permitsPerSecond) {
        FakeLexware fake = FakeLexware.start(apiKey).permitsPerSecond(permitsPerSecond);
        fakes.add(fake);
        return fake;
    }

    static String newApiKey() {
        return "lx-" + UUID.randomUUID();
    }

    TenantId createTenant(String name) {
        String slug = "lx-" + UUID.randomUUID().toString().substring(0, 13);
        Api.Response response = serverA.post("/api/operator/tenants", TestPlatform.operatorToken(),
                "{\"slug\":\"" + slug + "\",\"name\":\"" + name + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return TenantId.parse(JSON.readTree(response.body()).path("id").asString()).orElseThrow();
    }

    static String admin(TenantId tenant) {
        return TestPlatform.token(tenant, Role.TENANT_ADMIN, Role.TENANT_USER);
    }

    /** The data of a GraphQL answer that must have no errors. */
    static JsonNode graphQl(Api server, String path, String token, String query, Map<String, Object> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        Api.Response response = server.post(path, token, JSON.writeValueAsString(body));
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.path("errors").isMissingNode() || answer.path("errors").isEmpty()).as(response.body()).isTrue();
        return answer.path("data");
    }

    static JsonNode adminApi(Api server, String token, String query, Map<String, Object> variables) {
        return graphQl(server, "/graphql/admin", token, query, variables);
    }

    static JsonNode dataApi(Api server, String token, String query) {
        return graphQl(server, "/graphql", token, query, Map.of());
    }

    /** Creates a Lexware connection on the fake, checks and enables it (hourly schedule); returns its id. */
    static String enabledConnection(Api server, String token, FakeLexware fake, String apiKey, List<Map<String, Object>> streams) {
        Map<String, Object> config = Map.of("apiKey", apiKey, "baseUrl", fake.baseUrl());
        String id = adminApi(server, token, "mutation($config: JSON, $streams: [StreamSettingsInput!]) { createConnection(input: {"
                + "connector: \"lexware\", name: \"Lexware\", config: $config, streams: $streams, scheduleInterval: \"PT1H\"}) { id } }",
                Map.of("config", config, "streams", streams)).path("createConnection").path("id").asString();
        JsonNode check = adminApi(server, token, "mutation { checkConnection(id: \"" + id + "\") { passed message } }", Map.of());
        assertThat(check.path("checkConnection").path("passed").asBoolean()).as(check.toString()).isTrue();
        adminApi(server, token, "mutation { enableConnection(id: \"" + id + "\") { status } }", Map.of());
        return id;
    }

    /** Starts a run on the given server and waits until it ended; returns the run. */
    static JsonNode run(Api server, String token, String connection, Duration within) {
        JsonNode started = adminApi(server, token, "mutation { runConnectionNow(id: \"" + connection + "\") { id claimedBy } }", Map.of())
                .path("runConnectionNow");
        return awaitRun(server, token, connection, started.path("id").asString(), within);
    }

    static JsonNode startRun(Api server, String token, String connection) {
        return adminApi(server, token, "mutation { runConnectionNow(id: \"" + connection + "\") { id claimedBy } }", Map.of())
                .path("runConnectionNow");
    }

    static JsonNode awaitRun(Api server, String token, String connection, String runId, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode run : adminApi(server, token, "{ connectionRuns(connection: \"" + connection + "\", first: 5) { runs {"
                    + " id status claimedBy read created updated unchanged deleted failed errorCode error } } }", Map.of()).path("connectionRuns").path("runs")) {
                if (run.path("id").asString().equals(runId) && !"RUNNING".equals(run.path("status").asString())) {
                    return run;
                }
            }
            sleep(200);
        }
        throw new AssertionError("run " + runId + " did not end within " + within);
    }

    static JsonNode connection(Api server, String token, String id) {
        return adminApi(server, token, "{ connection(id: \"" + id + "\") { id status nextRunAt } }", Map.of()).path("connection");
    }

    /** What one seeded account holds, by registry object. */
    record Seeded(int companies, int contacts, int invoices, int quotes, int salesOrders, int creditNotes) {

        Map<String, Integer> byObject() {
            Map<String, Integer> counts = new LinkedHashMap<>();
            counts.put("companies", companies);
            counts.put("contacts", contacts);
            counts.put("invoices", invoices);
            counts.put("invoiceLines", invoices);
            counts.put("quotes", quotes);
            counts.put("salesOrders", salesOrders);
            counts.put("creditNotes", creditNotes);
            return counts;
        }
    }

    /**
     * Seeds half the contacts as companies (with an email), half as persons, and the vouchers as
     * half invoices (one line each) and a sixth each of quotations, order confirmations and credit
     * notes, written to the companies in turn.
     */
    static Seeded seed(FakeLexware fake, int contacts, int vouchers) {
        List<String> companies = new ArrayList<>();
        for (int i = 0; i < contacts / 2; i++) {
            companies.add(fake.seedCompany("Firma " + i + " GmbH", "info" + i + "@firma" + i + ".example"));
            fake.seedPerson("Erika" + i, "Muster" + i);
        }
        int invoices = vouchers / 2;
        int others = (vouchers - invoices) / 3;
        int creditNotes = vouchers - invoices - 2 * others;
        java.time.Instant updated = java.time.Instant.parse("2026-11-02T09:00:00Z");
        java.time.LocalDate day = java.time.LocalDate.of(2026, 11, 2);
        List<FakeLexware.Line> lines = List.of(new FakeLexware.Line("Beratung", "2", "100.00", "19"));
        int n = 0;
        for (int i = 0; i < invoices; i++, n++) {
            fake.seedVoucher("invoice", "open", "RE" + n, companies.get(n % companies.size()), day, updated, lines, n % 2 == 0);
        }
        for (int i = 0; i < others; i++, n++) {
            fake.seedVoucher("quotation", "open", "AG" + n, companies.get(n % companies.size()), day, updated, lines, false);
            fake.seedVoucher("orderconfirmation", "open", "AB" + n, companies.get(n % companies.size()), day, updated, lines, false);
        }
        for (int i = 0; i < creditNotes; i++, n++) {
            fake.seedVoucher("creditnote", "open", "GS" + n, companies.get(n % companies.size()), day, updated, lines, false);
        }
        return new Seeded(contacts / 2, contacts / 2, invoices, others, others, creditNotes);
    }

    /** How many records of each seeded object the tenant has, through its data API. */
    static Map<String, Integer> recordCounts(Api server, String token) {
        StringBuilder query = new StringBuilder("{");
        for (String object : new Seeded(0, 0, 0, 0, 0, 0).byObject().keySet()) {
            query.append(' ').append(object).append("(first: 1) { totalCount }");
        }
        JsonNode data = dataApi(server, token, query.append(" }").toString());
        Map<String, Integer> counts = new LinkedHashMap<>();
        data.properties().forEach(entry -> counts.put(entry.getKey(), entry.getValue().path("totalCount").asInt()));
        return counts;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
