package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Connectors and connections in /graphql/admin, through HTTP with real tokens. */
class ConnectorAdminApiTest extends ApiTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SECRET = "sk-live-93be2f61d0a4";
    private static final String CONNECTION = "id name status config secrets { name set } lastCheck { passed message } nextRunAt"
            + " totals { syncsTotal syncsSucceeded recordsSynced }";

    TenantId tenant;
    String admin;

    @BeforeEach
    void tenant() {
        tenant = createTenant("Connectors");
        admin = TestPlatform.token(tenant, Role.TENANT_ADMIN);
    }

    @Test
    void loadedAndRefusedPluginsAreListedWithTheirConfiguration() {
        JsonNode data = data(admin, "{ connectorPlugins { id name apiVersion source configSchema { name type required secret default allowedValues }"
                + " streams { name targetObject modes writable mappings { externalField targetField direction } } }"
                + " refusedPlugins { source connectorId reason } }");

        JsonNode echo = data.path("connectorPlugins").get(0);
        assertThat(echo.path("id").asString()).isEqualTo("echo");
        assertThat(echo.path("configSchema").findValuesAsString("name")).containsExactly("apiKey", "region");
        assertThat(echo.path("configSchema").get(0).path("secret").asBoolean()).isTrue();
        assertThat(echo.path("configSchema").get(1).path("default").asString()).isEqualTo("eu");
        assertThat(echo.path("streams").get(0).path("targetObject").asString()).isEqualTo("company");
        assertThat(data.path("refusedPlugins").get(0).path("reason").asString()).contains("API version");
    }

    @Test
    void anAdminCreatesChecksEnablesAndRunsAConnectionAndNoAnswerHoldsTheSecret() {
        String created = api.post("/graphql/admin", admin, body("mutation($config: JSON) { createConnection(input: {connector: \"echo\", name: \"CRM\","
                + " config: $config, scheduleInterval: \"PT1H\"}) { " + CONNECTION + " } }", Map.of("config", Map.of("apiKey", SECRET, "region", "us")))).body();
        String id = JSON.readTree(created).path("data").path("createConnection").path("id").asString();
        String failedCheck = post(admin, "mutation { checkConnection(id: \"" + id + "\") { passed message } }").toString();
        String updated = api.post("/graphql/admin", admin, body("mutation($config: JSON) { updateConnection(id: \"" + id + "\", input: {config: $config})"
                + " { " + CONNECTION + " } }", Map.of("config", Map.of("apiKey", ConnectorTestBeans.GOOD_KEY)))).body();
        JsonNode check = data(admin, "mutation { checkConnection(id: \"" + id + "\") { passed message } }").path("checkConnection");
        JsonNode enabled = data(admin, "mutation { enableConnection(id: \"" + id + "\") { " + CONNECTION + " } }").path("enableConnection");
        JsonNode run = data(admin, "mutation { runConnectionNow(id: \"" + id + "\") { id trigger status claimedBy } }").path("runConnectionNow");
        JsonNode finished = awaitFinishedRun(id);
        String listed = api.post("/graphql/admin", admin, body("{ connections { " + CONNECTION + " } }", Map.of())).body();

        assertThat(JSON.readTree(created).path("data").path("createConnection").path("secrets").toString())
                .isEqualTo("[{\"name\":\"apiKey\",\"set\":true}]");
        assertThat(JSON.readTree(created).path("data").path("createConnection").path("config").toString()).isEqualTo("{\"region\":\"us\"}");
        assertThat(failedCheck).contains("\"passed\":false");
        assertThat(check.path("passed").asBoolean()).isTrue();
        assertThat(enabled.path("status").asString()).isEqualTo("ENABLED");
        assertThat(enabled.path("nextRunAt").isNull()).isFalse();
        assertThat(run.path("trigger").asString()).isEqualTo("MANUAL");
        assertThat(finished.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(finished.path("created").asLong()).isEqualTo(2);
        assertThat(JSON.readTree(listed).path("data").path("connections").get(0).path("totals").path("recordsSynced").asLong()).isEqualTo(3);
        assertThat(String.join("\n", created, failedCheck, updated, listed)).doesNotContain(SECRET).doesNotContain(ConnectorTestBeans.GOOD_KEY);
    }

    @Test
    void invalidInputIsAValidationErrorWithTheFieldsAndNothingIsWritten() {
        JsonNode refused = post(admin, "mutation { createConnection(input: {connector: \"echo\", name: \"CRM\", config: {region: \"mars\"},"
                + " streams: [{name: \"companies\", targetObject: \"spaceship\"}]}) { id } }");

        JsonNode error = refused.path("errors").get(0);
        assertThat(error.path("extensions").path("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(error.path("extensions").path("details").findValuesAsString("field"))
                .containsExactlyInAnyOrder("input.config.apiKey", "input.config.region", "input.streams.companies.targetObject");
        assertThat(data(admin, "{ connections { id } }").path("connections").isEmpty()).isTrue();
    }

    @Test
    void anotherTenantsAdminCannotSeeChangeRunOrDeleteTheConnection() {
        String id = data(admin, "mutation { createConnection(input: {connector: \"echo\", name: \"CRM\", config: {apiKey: \""
                + ConnectorTestBeans.GOOD_KEY + "\"}}) { id } }").path("createConnection").path("id").asString();
        String other = TestPlatform.token(createTenant("Other"), Role.TENANT_ADMIN);

        assertThat(data(other, "{ connections { id } }").path("connections").isEmpty()).isTrue();
        assertThat(data(other, "{ connection(id: \"" + id + "\") { id } }").path("connection").isNull()).isTrue();
        for (String mutation : new String[] {
                "updateConnection(id: \"" + id + "\", input: {name: \"Mine\"}) { id }",
                "checkConnection(id: \"" + id + "\") { passed }",
                "enableConnection(id: \"" + id + "\") { id }",
                "disableConnection(id: \"" + id + "\") { id }",
                "runConnectionNow(id: \"" + id + "\") { id }",
                "deleteConnection(id: \"" + id + "\") { id }"}) {
            assertThat(code(post(other, "mutation { " + mutation + " }"))).as(mutation).isEqualTo("NOT_FOUND");
        }
        assertThat(code(post(other, "{ connectionRuns(connection: \"" + id + "\") { hasNextPage } }"))).isEqualTo("NOT_FOUND");
        assertThat(data(admin, "{ connection(id: \"" + id + "\") { name status } }").path("connection").path("name").asString()).isEqualTo("CRM");
    }

    @Test
    void tenantUsersCannotManageConnections() {
        String user = TestPlatform.token(tenant, Role.TENANT_USER);

        assertThat(code(post(user, "{ connections { id } }"))).isEqualTo("FORBIDDEN");
        assertThat(code(post(user, "mutation { createConnection(input: {connector: \"echo\", name: \"X\"}) { id } }"))).isEqualTo("FORBIDDEN");
    }

    @Test
    void runNowOnADraftIsAConflictAndDeletingRemovesTheConnection() {
        String id = data(admin, "mutation { createConnection(input: {connector: \"echo\", name: \"CRM\", config: {apiKey: \""
                + ConnectorTestBeans.GOOD_KEY + "\"}}) { id } }").path("createConnection").path("id").asString();

        assertThat(code(post(admin, "mutation { runConnectionNow(id: \"" + id + "\") { id } }"))).isEqualTo("CONFLICT");
        assertThat(data(admin, "mutation { deleteConnection(id: \"" + id + "\") { id } }").path("deleteConnection").path("id").asString()).isEqualTo(id);
        assertThat(data(admin, "{ connection(id: \"" + id + "\") { id } }").path("connection").isNull()).isTrue();
    }

    @Test
    void theConnectorsHealthCountsConnectionsPerStatusWithoutTenantData() {
        data(admin, "mutation { createConnection(input: {connector: \"echo\", name: \"Health\", config: {apiKey: \"x-key-1234\"}}) { id } }");

        Api.Response health = api.get("/actuator/health/connections", null);

        assertThat(health.status()).isEqualTo(200);
        JsonNode details = health.json().path("components").path("connectors").path("details");
        assertThat(details.path("draft").asInt()).isPositive();
        assertThat(health.body()).doesNotContain(tenant.toString()).doesNotContain("Health\"");
    }

    private JsonNode awaitFinishedRun(String connection) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode runs = data(admin, "{ connectionRuns(connection: \"" + connection + "\", first: 5) { runs { id status created error }"
                    + " hasNextPage endCursor } }").path("connectionRuns").path("runs");
            if (!runs.isEmpty() && !"RUNNING".equals(runs.get(0).path("status").asString())) {
                return runs.get(0);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("the run did not finish");
    }

    private static String code(JsonNode response) {
        return response.path("errors").get(0).path("extensions").path("code").asString();
    }

    private JsonNode data(String token, String query) {
        JsonNode response = post(token, query);
        assertThat(response.path("errors").isMissingNode() || response.path("errors").isEmpty())
                .as("errors: %s", response.path("errors")).isTrue();
        return response.path("data");
    }

    private JsonNode post(String token, String query) {
        return JSON.readTree(api.post("/graphql/admin", token, body(query, Map.of())).body());
    }

    private static String body(String query, Map<String, Object> variables) {
        return JSON.writeValueAsString(Map.of("query", query, "variables", variables));
    }
}
