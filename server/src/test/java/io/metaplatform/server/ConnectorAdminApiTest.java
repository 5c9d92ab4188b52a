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

/** Connectors and connections in /graphql/admin, through HTTP with real tokens. */
class ConnectorAdminApiTest extends ConnectorApiTestSupport {

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

        assertThat(data.path("connectorPlugins").findValuesAsString("id")).containsExactly("amocrm", "csv", "echo", "lexware", "oauth-account-echo", "oauth-echo",
                "yclients");
        JsonNode echo = data.path("connectorPlugins").get(2);
        assertThat(echo.path("configSchema").findValuesAsString("name")).containsExactly("apiKey", "region", "webhookSecret");
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
        ConnectorTestBeans.EchoConnector.of(id).put("c-1", Map.of("companyName", "ACME", "city", "Berlin"));
        ConnectorTestBeans.EchoConnector.of(id).put("c-2", Map.of("companyName", "Initech", "city", "Hamburg"));
        String failedCheck = post(admin, "mutation { checkConnection(id: \"" + id + "\") { passed message } }").toString();
        String updated = api.post("/graphql/admin", admin, body("mutation($config: JSON) { updateConnection(id: \"" + id + "\", input: {config: $config})"
                + " { " + CONNECTION + " } }", Map.of("config", Map.of("apiKey", ConnectorTestBeans.GOOD_KEY)))).body();
        JsonNode check = data(admin, "mutation { checkConnection(id: \"" + id + "\") { passed message } }").path("checkConnection");
        JsonNode enabled = data(admin, "mutation { enableConnection(id: \"" + id + "\") { " + CONNECTION + " } }").path("enableConnection");
        JsonNode run = data(admin, "mutation { runConnectionNow(id: \"" + id + "\") { id trigger status claimedBy } }").path("runConnectionNow");
        JsonNode finished = awaitFinishedRun(admin, id, Duration.ofSeconds(20));
        JsonNode runs = data(admin, "{ connectionRuns(connection: \"" + id + "\", first: 1) { edges { cursor node { id status } }"
                + " pageInfo { hasNextPage endCursor } runs { id } hasNextPage endCursor } }").path("connectionRuns");
        String listed = api.post("/graphql/admin", admin, body("{ connections { " + CONNECTION + " } }", Map.of())).body();

        assertThat(JSON.readTree(created).path("data").path("createConnection").path("secrets").toString())
                .isEqualTo("[{\"name\":\"apiKey\",\"set\":true},{\"name\":\"webhookSecret\",\"set\":false}]");
        assertThat(JSON.readTree(created).path("data").path("createConnection").path("config").toString()).isEqualTo("{\"region\":\"us\"}");
        assertThat(failedCheck).contains("\"passed\":false");
        assertThat(check.path("passed").asBoolean()).isTrue();
        assertThat(enabled.path("status").asString()).isEqualTo("ENABLED");
        assertThat(enabled.path("nextRunAt").isNull()).isFalse();
        assertThat(run.path("trigger").asString()).isEqualTo("MANUAL");
        assertThat(finished.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(finished.path("created").asLong()).isEqualTo(2);
        assertThat(runs.path("edges").get(0).path("node").path("id").asString()).isEqualTo(run.path("id").asString());
        assertThat(runs.path("pageInfo").path("endCursor").asString()).isEqualTo(runs.path("edges").get(0).path("cursor").asString());
        assertThat(runs.path("pageInfo").path("hasNextPage").asBoolean()).isFalse();
        // the shape before Relay connections still answers, deprecated, for one release
        assertThat(runs.path("runs").get(0).path("id").asString()).isEqualTo(run.path("id").asString());
        assertThat(runs.path("endCursor").asString()).isEqualTo(runs.path("pageInfo").path("endCursor").asString());
        assertThat(JSON.readTree(listed).path("data").path("connections").get(0).path("totals").path("recordsSynced").asLong()).isEqualTo(2);
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
    void upsertOnANonUniqueFieldIsRefusedAtSaveNotByEveryRecordOfTheRun() {
        JsonNode refused = post(admin, "mutation { createConnection(input: {connector: \"echo\", name: \"CRM\", config: {apiKey: \""
                + ConnectorTestBeans.GOOD_KEY + "\"}, streams: [{name: \"companies\", upsertOn: \"city\"}]}) { id } }");
        JsonNode accepted = post(admin, "mutation { createConnection(input: {connector: \"echo\", name: \"CRM\", config: {apiKey: \""
                + ConnectorTestBeans.GOOD_KEY + "\"}, streams: [{name: \"companies\", upsertOn: \"customerNumber\"}]}) { id } }");

        JsonNode detail = refused.path("errors").get(0).path("extensions").path("details").get(0);
        assertThat(refused.path("errors").get(0).path("extensions").path("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(detail.path("field").asString()).isEqualTo("input.streams.companies.upsertOn");
        assertThat(detail.path("code").asString()).isEqualTo("NOT_UNIQUE");
        assertThat(accepted.path("errors").isMissingNode()).as("customerNumber is unique: %s", accepted).isTrue();
        assertThat(data(admin, "{ connections { name } }").path("connections")).hasSize(1);
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
    void theConnectorsHealthCountsConnectionsPerStatusAndListsLoadedAndRefusedPluginsWithoutTenantData() {
        data(admin, "mutation { createConnection(input: {connector: \"echo\", name: \"Health\", config: {apiKey: \"x-key-1234\"}}) { id } }");

        Api.Response health = api.get("/actuator/health/connections", null);

        assertThat(health.status()).isEqualTo(200);
        JsonNode details = health.json().path("components").path("connectors").path("details");
        assertThat(details.path("draft").asInt()).isPositive();
        assertThat(details.path("plugins").toString()).contains("\"csv ", "\"echo 1.0.0\"", "\"lexware ");
        assertThat(details.path("refusedPlugins").get(0).path("source").asString()).isEqualTo("broken-1.0.jar");
        assertThat(details.path("refusedPlugins").get(0).path("reason").asString()).contains("API version");
        assertThat(health.body()).doesNotContain(tenant.toString()).doesNotContain("Health\"");
    }
}
