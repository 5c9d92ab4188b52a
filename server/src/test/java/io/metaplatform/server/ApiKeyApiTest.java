package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** API keys for machine clients: created by tenant admins, used as bearer credentials, revoked at once. */
class ApiKeyApiTest extends ConnectorApiTestSupport {

    private static final String KEY = "id name roles hint createdAt createdBy expiresAt revokedAt revokedBy lastUsedAt active";

    TenantId tenant;
    String admin;

    @BeforeEach
    void tenant() {
        tenant = createTenant("Keys");
        admin = TestPlatform.token(tenant, Role.TENANT_ADMIN);
    }

    private JsonNode create(String name, List<String> roles, Instant expiresAt) {
        Map<String, Object> input = new java.util.HashMap<>(Map.of("name", name, "roles", roles));
        if (expiresAt != null) {
            input.put("expiresAt", expiresAt.toString());
        }
        return post("/graphql/admin", admin, "mutation($input: NewApiKeyInput!) { createApiKey(input: $input) { secret apiKey { " + KEY + " } } }",
                Map.of("input", input));
    }

    private String secretOf(JsonNode created) {
        assertThat(created.path("errors").isMissingNode()).as("%s", created).isTrue();
        return created.path("data").path("createApiKey").path("secret").asString();
    }

    @Test
    void aKeyIsShownOnceAndThenWorksAsABearerCredentialWithItsRoles() {
        JsonNode created = create("ERP import", List.of("tenant-user"), null);
        String secret = secretOf(created);
        JsonNode key = created.path("data").path("createApiKey").path("apiKey");

        JsonNode written = post("/graphql", secret, "mutation { createCompany(data: {name: \"By key\"}) { id createdBy } }", Map.of());
        JsonNode read = tenantData(secret, "{ companies { totalCount edges { node { name } } } }");
        Api.Response tenantInfo = api.get("/api/tenant", secret);
        JsonNode adminCall = post(secret, "{ connections { id } }");
        String listed = api.post("/graphql/admin", admin, body("{ apiKeys { " + KEY + " } }", Map.of())).body();

        String prefix = "mpk_" + tenant.value().toString().replace("-", "") + "_" + key.path("id").asString().replace("-", "") + "_";
        assertThat(secret).startsWith(prefix);
        assertThat(key.path("roles").toString()).isEqualTo("[\"tenant-user\"]");
        assertThat(key.path("hint").asString()).isEqualTo(secret.substring(secret.length() - 4));
        assertThat(key.path("active").asBoolean()).isTrue();
        assertThat(written.path("errors").isMissingNode()).as("%s", written).isTrue();
        assertThat(written.path("data").path("createCompany").path("createdBy").asString()).isEqualTo("api-key:" + key.path("id").asString());
        assertThat(read.path("companies").findValuesAsString("name")).containsExactly("By key");
        assertThat(tenantInfo.status()).isEqualTo(200);
        assertThat(code(adminCall)).as("a tenant-user key is no admin").isEqualTo("FORBIDDEN");
        assertThat(listed).contains("ERP import").doesNotContain(secret).doesNotContain(secret.substring(prefix.length(), secret.length() - 4));
        assertThat(JSON.readTree(listed).path("data").path("apiKeys").get(0).path("lastUsedAt").isNull()).as("its use was recorded").isFalse();
    }

    @Test
    void aRevokedKeyIsRefusedAtOnceWhileTheRotatedKeyGoesOnWorking() {
        String old = secretOf(create("Shop v1", List.of("tenant-user"), null));
        JsonNode next = create("Shop v2", List.of("tenant-user"), null);
        String rotated = secretOf(next);
        assertThat(api.get("/api/tenant", old).status()).isEqualTo(200);
        assertThat(api.get("/api/tenant", rotated).status()).as("two keys are valid at once").isEqualTo(200);
        String oldId = data(admin, "{ apiKeys { id name } }").path("apiKeys").findParents("name").stream()
                .filter(node -> node.path("name").asString().equals("Shop v1")).findFirst().orElseThrow().path("id").asString();

        JsonNode revoked = data(admin, "mutation { revokeApiKey(id: \"" + oldId + "\") { " + KEY + " } }").path("revokeApiKey");
        Api.Response refused = api.get("/api/tenant", old);
        JsonNode again = post(admin, "mutation { revokeApiKey(id: \"" + oldId + "\") { id } }");

        assertThat(revoked.path("active").asBoolean()).isFalse();
        assertThat(revoked.path("revokedBy").asString()).isNotBlank();
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.code()).isEqualTo("UNAUTHENTICATED");
        assertThat(api.post("/graphql", old, body("{ companies { totalCount } }", Map.of())).status()).isEqualTo(401);
        assertThat(api.get("/api/tenant", rotated).status()).isEqualTo(200);
        assertThat(code(again)).isEqualTo("NOT_FOUND");
    }

    @Test
    void anExpiredKeyIsRefused() throws InterruptedException {
        // Three seconds for the key's creation and first use, however slow the machine; then past its expiry.
        Instant expiresAt = Instant.now().plusSeconds(3);
        String secret = secretOf(create("Short-lived", List.of("tenant-user"), expiresAt));
        assertThat(api.get("/api/tenant", secret).status()).isEqualTo(200);

        Thread.sleep(Math.max(0, java.time.Duration.between(Instant.now(), expiresAt).toMillis()) + 200);

        assertThat(api.get("/api/tenant", secret).status()).isEqualTo(401);
    }

    @Test
    void aWrongSecretAMalformedKeyAndAnotherTenantsIdInTheKeyAreRefused() {
        String secret = secretOf(create("Partner", List.of("tenant-admin"), null));
        TenantId other = createTenant("Other");
        String otherHex = other.value().toString().replace("-", "");
        String tenantHex = tenant.value().toString().replace("-", "");

        List<String> forged = List.of(
                secret.substring(0, secret.length() - 1) + (secret.endsWith("A") ? "B" : "A"),
                "mpk_" + tenantHex + "_nothex_secret",
                "mpk_",
                secret.replace(tenantHex, otherHex));

        for (String key : forged) {
            Api.Response response = api.get("/api/tenant", key);
            assertThat(response.status()).as(key).isEqualTo(401);
            assertThat(response.body()).as(key).doesNotContain(secret);
        }
    }

    @Test
    void anotherTenantsAdminNeitherSeesNorRevokesTheKeysAndAKeyReadsOnlyItsTenant() {
        JsonNode created = create("Mine", List.of("tenant-user"), null);
        String secret = secretOf(created);
        String id = created.path("data").path("createApiKey").path("apiKey").path("id").asString();
        TenantId other = createTenant("Other");
        String otherAdmin = TestPlatform.token(other, Role.TENANT_ADMIN);
        tenantData(otherAdmin, "mutation { createCompany(data: {name: \"Other's\"}) { id } }");

        JsonNode otherList = data(otherAdmin, "{ apiKeys { id } }");
        JsonNode otherRevoke = post(otherAdmin, "mutation { revokeApiKey(id: \"" + id + "\") { id } }");
        JsonNode read = tenantData(secret, "{ companies { totalCount } }");

        assertThat(otherList.path("apiKeys").isEmpty()).isTrue();
        assertThat(code(otherRevoke)).isEqualTo("NOT_FOUND");
        assertThat(api.get("/api/tenant", secret).status()).as("still live").isEqualTo(200);
        assertThat(read.path("companies").path("totalCount").asInt()).isZero();
    }

    @Test
    void aKeyCannotMintOrRevokeKeysEvenAsTenantAdmin() {
        JsonNode created = create("Automation", List.of("tenant-admin"), null);
        String secret = secretOf(created);
        String id = created.path("data").path("createApiKey").path("apiKey").path("id").asString();

        JsonNode metadata = post(secret, "{ connections { id } }");
        JsonNode mint = post("/graphql/admin", secret, "mutation { createApiKey(input: {name: \"Forever\", roles: [\"tenant-admin\"]}) { secret } }", Map.of());
        JsonNode revoke = post(secret, "mutation { revokeApiKey(id: \"" + id + "\") { id } }");
        JsonNode list = post(secret, "{ apiKeys { id } }");

        assertThat(metadata.path("errors").isMissingNode()).as("the admin API answers an admin key: %s", metadata).isTrue();
        assertThat(code(mint)).isEqualTo("FORBIDDEN");
        assertThat(code(revoke)).isEqualTo("FORBIDDEN");
        assertThat(code(list)).isEqualTo("FORBIDDEN");
        assertThat(data(admin, "{ apiKeys { name } }").path("apiKeys").findValuesAsString("name")).containsExactly("Automation");
    }

    @Test
    void invalidRequestsNameEveryOffendingFieldAndWriteNothing() {
        JsonNode invalid = create(" ", List.of("platform-operator", "root"), Instant.now().minusSeconds(60));
        secretOf(create("Taken", List.of("tenant-user"), null));
        JsonNode duplicate = create("Taken", List.of("tenant-user"), null);
        JsonNode noRoles = create("No roles", List.of(), null);

        assertThat(code(invalid)).isEqualTo("VALIDATION_FAILED");
        assertThat(invalid.path("errors").get(0).path("extensions").path("details").findValuesAsString("field"))
                .containsExactly("input.name", "input.roles", "input.roles", "input.expiresAt");
        assertThat(code(duplicate)).isEqualTo("CONFLICT");
        assertThat(code(noRoles)).isEqualTo("VALIDATION_FAILED");
        assertThat(data(admin, "{ apiKeys { name } }").path("apiKeys").findValuesAsString("name")).containsExactly("Taken");
    }

    @Test
    void operatorsListATenantsKeysWithoutSecretsAndTenantAdminsCannot() {
        String secret = secretOf(create("Reporting", List.of("tenant-user"), null));

        Api.Response listed = api.get("/api/operator/tenants/" + tenant + "/api-keys", TestPlatform.operatorToken());
        Api.Response byAdmin = api.get("/api/operator/tenants/" + tenant + "/api-keys", admin);
        Api.Response byKey = api.get("/api/operator/tenants/" + tenant + "/api-keys", secret);

        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().findValuesAsString("name")).containsExactly("Reporting");
        // mpk_<tenant>_<key id>_<secret>: the secret part itself may contain "_" (base64url).
        assertThat(listed.body()).doesNotContain(secret.split("_", 4)[3]);
        assertThat(byAdmin.status()).isEqualTo(403);
        assertThat(byKey.status()).isEqualTo(403);
    }

    @Test
    void aKeyHoldingATenantRoleReadsAndWritesExactlyWhatTheRoleGrants() {
        JsonNode role = post("/graphql/admin", admin, "mutation($input: TenantRoleInput!) { saveRole(input: $input) { name } }",
                Map.of("input", Map.of("name", "company-reader", "grants", List.of(Map.of("object", "company", "operations", List.of("READ"),
                        "fieldScope", "LISTED", "fields", List.of(Map.of("field", "name", "edit", false)))))));
        assertThat(role.path("errors").isMissingNode()).as("%s", role).isTrue();
        post("/graphql", admin, "mutation { createCompany(data: {name: \"Acme\", city: \"Berlin\"}) { id } }", Map.of());
        JsonNode created = post("/graphql/admin", admin, "mutation($input: NewApiKeyInput!) { createApiKey(input: $input) { secret"
                + " apiKey { roles tenantRoles } } }", Map.of("input", Map.of("name", "BI export", "roles", List.of(),
                "tenantRoles", List.of("company-reader"))));
        String secret = secretOf(created);

        JsonNode read = post("/graphql", secret, "{ companies { edges { node { name } } } }", Map.of());
        JsonNode hiddenField = post("/graphql", secret, "{ companies { edges { node { name city } } } }", Map.of());
        JsonNode write = post("/graphql", secret, "mutation { createCompany(data: {name: \"No\"}) { id } }", Map.of());
        JsonNode otherObject = post("/graphql", secret, "{ contacts { totalCount } }", Map.of());

        assertThat(created.path("data").path("createApiKey").path("apiKey").path("roles").toString()).isEqualTo("[\"tenant-user\"]");
        assertThat(created.path("data").path("createApiKey").path("apiKey").path("tenantRoles").toString()).isEqualTo("[\"company-reader\"]");
        assertThat(read.path("data").path("companies").findValuesAsString("name")).containsExactly("Acme");
        assertThat(code(hiddenField)).isEqualTo("VALIDATION_FAILED");
        assertThat(code(write)).as("the role grants no CREATE, and no standard-user is added").isEqualTo("VALIDATION_FAILED");
        assertThat(code(otherObject)).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void anUnknownOrAnotherTenantsRoleIsRefusedAndAHeldRoleCannotBeDeleted() {
        TenantId other = createTenant("Other keys");
        String otherAdmin = TestPlatform.token(other, Role.TENANT_ADMIN);
        JsonNode foreign = post("/graphql/admin", otherAdmin, "mutation($input: TenantRoleInput!) { saveRole(input: $input) { name } }",
                Map.of("input", Map.of("name", "theirs", "grants", List.of(Map.of("object", "company", "operations", List.of("READ"))))));
        assertThat(foreign.path("errors").isMissingNode()).as("%s", foreign).isTrue();
        String createKey = "mutation($input: NewApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }";

        JsonNode unknown = post("/graphql/admin", admin, createKey, Map.of("input", Map.of("name", "x", "roles", List.of("tenant-user"),
                "tenantRoles", List.of("theirs", "root"))));
        assertThat(code(unknown)).isEqualTo("VALIDATION_FAILED");
        assertThat(unknown.path("errors").get(0).path("extensions").path("details").findValuesAsString("field"))
                .containsExactly("input.tenantRoles", "input.tenantRoles");
        assertThat(unknown.path("errors").get(0).path("extensions").path("details").findValuesAsString("code"))
                .containsExactly("UNKNOWN_ROLE", "UNKNOWN_ROLE");

        JsonNode held = post("/graphql/admin", otherAdmin, createKey, Map.of("input", Map.of("name", "Theirs", "roles", List.of(),
                "tenantRoles", List.of("theirs"))));
        secretOf(held);
        JsonNode refused = post(otherAdmin, "mutation { deleteRole(name: \"theirs\") }");
        assertThat(code(refused)).isEqualTo("CONFLICT");
        assertThat(refused.toString()).contains("IN_USE").contains("API key 'Theirs'");
        String id = held.path("data").path("createApiKey").path("apiKey").path("id").asString();
        post("/graphql/admin", otherAdmin, "mutation($id: ID!) { revokeApiKey(id: $id) { id } }", Map.of("id", id));
        JsonNode deleted = post(otherAdmin, "mutation { deleteRole(name: \"theirs\") }");
        assertThat(deleted.path("errors").isMissingNode()).as("a revoked key holds nothing: %s", deleted).isTrue();
    }

    @Test
    void creatingAndRevokingAKeyIsInTheMetadataChangeLogWithoutItsSecret() {
        JsonNode created = create("Audited", List.of("tenant-user"), null);
        String secret = secretOf(created);
        String id = created.path("data").path("createApiKey").path("apiKey").path("id").asString();
        post("/graphql/admin", admin, "mutation($id: ID!) { revokeApiKey(id: $id) { id } }", Map.of("id", id));

        JsonNode log = data(admin, "{ metadataChangeLog(first: 50) { edges { node { operation targetKind targetId actor before after } } } }");
        List<JsonNode> entries = log.findValues("node").stream().filter(node -> node.path("targetKind").asString().equals("API_KEY")).toList();

        assertThat(entries).extracting(node -> node.path("operation").asString()).containsExactlyInAnyOrder("CREATE_API_KEY", "REVOKE_API_KEY");
        assertThat(entries).allSatisfy(node -> assertThat(node.path("targetId").asString()).isEqualTo(id));
        assertThat(log.toString()).contains("Audited").doesNotContain(secret.split("_", 4)[3]);
    }
}
