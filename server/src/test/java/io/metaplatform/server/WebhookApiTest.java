package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** External systems call a connection's webhook without a token; the connector verifies the call, the platform fetches. */
class WebhookApiTest extends ConnectorApiTestSupport {

    private static final String SECRET = "hook-secret-5d1c";

    TenantId tenant;
    String admin;
    String user;

    @BeforeEach
    void tenant() {
        tenant = createTenant("Webhooks");
        admin = TestPlatform.token(tenant, Role.TENANT_ADMIN);
        user = TestPlatform.token(tenant, Role.TENANT_USER);
    }

    @Test
    void aVerifiedWebhookImportsTheNamedRecordAndADeletionSoftDeletesIt() {
        String connection = echoConnection(admin, SECRET);
        ConnectorTestBeans.EchoConnector.of(connection).put("w-1", Map.of("companyName", "Webhook GmbH", "city", "Köln"));

        Api.Response created = webhook(connection, SECRET, "companies:w-1");
        await(() -> count(user, "Webhook GmbH") == 1);
        Api.Response deleted = webhook(connection, SECRET, "companies:w-1:deleted");
        await(() -> count(user, "Webhook GmbH") == 0);

        assertThat(created.status()).isEqualTo(202);
        assertThat(deleted.status()).isEqualTo(202);
        assertThat(tenantData(user, "{ companies(filter: {name: {eq: \"Webhook GmbH\"}}, withDeleted: true) { totalCount } }")
                .path("companies").path("totalCount").asInt()).isEqualTo(1);
    }

    @Test
    void aWebhookWithoutTheSecretIsRefusedAndWritesNothingEvenWithAnotherTenantsSecret() {
        String connection = echoConnection(admin, SECRET);
        TenantId other = createTenant("Other");
        String otherAdmin = TestPlatform.token(other, Role.TENANT_ADMIN);
        String otherSecret = "other-secret-77aa";
        String otherConnection = echoConnection(otherAdmin, otherSecret);
        ConnectorTestBeans.EchoConnector.of(connection).put("w-2", Map.of("companyName", "Forged AG"));
        ConnectorTestBeans.EchoConnector.of(connection).put("w-3", Map.of("companyName", "Genuine AG"));

        Api.Response forged = webhook(connection, "wrong", "companies:w-2");
        Api.Response foreignSecret = webhook(connection, otherSecret, "companies:w-2");
        Api.Response unsigned = api.post("/api/webhooks/" + connection, null, "text/plain", "companies:w-2".getBytes(), Map.of());
        webhook(connection, SECRET, "companies:w-3");
        await(() -> count(user, "Genuine AG") == 1);

        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.code()).isEqualTo("UNAUTHENTICATED");
        assertThat(foreignSecret.status()).isEqualTo(401);
        assertThat(unsigned.status()).isEqualTo(401);
        assertThat(count(user, "Forged AG")).isZero();
        assertThat(count(TestPlatform.token(other, Role.TENANT_USER), "Genuine AG")).isZero();
        assertThat(otherConnection).isNotEqualTo(connection);
    }

    @Test
    void aWebhookOfAnotherTenantsConnectionWritesOnlyIntoThatTenant() {
        String connection = echoConnection(admin, SECRET);
        TenantId other = createTenant("Bystander");
        ConnectorTestBeans.EchoConnector.of(connection).put("w-4", Map.of("companyName", "Owned Ltd"));

        // The caller may hold another tenant's token: the connection alone decides the tenant.
        Api.Response response = api.post("/api/webhooks/" + connection, TestPlatform.token(other, Role.TENANT_ADMIN), "text/plain",
                "companies:w-4".getBytes(StandardCharsets.UTF_8), Map.of("X-Echo-Secret", SECRET));
        await(() -> count(user, "Owned Ltd") == 1);

        assertThat(response.status()).isEqualTo(202);
        assertThat(count(TestPlatform.token(other, Role.TENANT_USER), "Owned Ltd")).isZero();
    }

    @Test
    void aWebhookNamingOnlyTheStreamStartsAWebhookRunOfTheConnection() {
        String connection = echoConnection(admin, SECRET);
        ConnectorTestBeans.EchoConnector.of(connection).put("w-5", Map.of("companyName", "Streamed KG"));

        webhook(connection, SECRET, "companies");
        await(() -> !data(admin, "{ connectionRuns(connection: \"" + connection + "\") { runs { id } } }")
                .path("connectionRuns").path("runs").isEmpty());
        JsonNode run = awaitFinishedRun(admin, connection, Duration.ofSeconds(20));

        assertThat(run.path("trigger").asString()).isEqualTo("WEBHOOK");
        assertThat(run.path("created").asLong()).isEqualTo(1);
        assertThat(count(user, "Streamed KG")).isEqualTo(1);
    }

    @Test
    void unknownOrDisabledConnectionsAnswerNotFoundAndTheContextGivesTheWebhookUrl() {
        String connection = echoConnection(admin, SECRET);
        data(admin, "mutation { disableConnection(id: \"" + connection + "\") { status } }");

        Api.Response disabled = webhook(connection, SECRET, "companies:w-1");
        Api.Response unknown = webhook(UUID.randomUUID().toString(), SECRET, "companies:w-1");
        Api.Response notAnId = webhook("nope", SECRET, "companies:w-1");

        assertThat(disabled.status()).isEqualTo(404);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(notAnId.status()).isEqualTo(404);
        assertThat(ConnectorTestBeans.EchoConnector.WEBHOOK_URLS.get(connection))
                .isEqualTo("https://platform.example/api/webhooks/" + connection);
    }

    private String echoConnection(String token, String secret) {
        String id = data(token, "mutation($config: JSON) { createConnection(input: {connector: \"echo\", name: \"Echo\", config: $config}) { id } }",
                Map.of("config", Map.of("apiKey", ConnectorTestBeans.GOOD_KEY, "webhookSecret", secret)))
                .path("createConnection").path("id").asString();
        data(token, "mutation { checkConnection(id: \"" + id + "\") { passed } }");
        data(token, "mutation { enableConnection(id: \"" + id + "\") { status } }");
        return id;
    }

    private Api.Response webhook(String connection, String secret, String body) {
        return api.post("/api/webhooks/" + connection, null, "text/plain", body.getBytes(StandardCharsets.UTF_8), Map.of("X-Echo-Secret", secret));
    }

    private int count(String token, String name) {
        return tenantData(token, "{ companies(filter: {name: {eq: \"" + name + "\"}}) { totalCount } }").path("companies").path("totalCount").asInt();
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            pause(50);
        }
    }
}
