package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import io.metaplatform.core.DevIssuer;
import io.metaplatform.core.DevIssuer.TokenRequest;
import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Authorization fails closed: a token of the trusted issuer that names the tenant but grants no tenant role (no roles
 * claim, an empty list, an unknown role, the operator role) reaches none of the tenant's data on any API path, and
 * writes nothing.
 */
class FailClosedAuthorizationTest extends ApiTestSupport {

    TenantId tenant;
    String user;
    String admin;

    @BeforeEach
    void tenant() {
        tenant = createTenant("Fail closed");
        user = TestPlatform.token(tenant, Role.TENANT_USER);
        admin = TestPlatform.token(tenant, Role.TENANT_ADMIN);
        assertThat(graphQl("/graphql", user, "mutation { createCompany(data: {name: \"Visible\"}) { id } }").path("errors").isMissingNode())
                .isTrue();
    }

    /** Tokens of the trusted issuer for this tenant that must not count as tenant members. */
    private Map<String, String> tokensWithoutTenantRole() {
        DevIssuer issuer = TestPlatform.issuer();
        Map<String, String> tokens = new LinkedHashMap<>();
        // The roles claim is configured as "roles"; a token whose roles sit under another name carries none.
        tokens.put("no roles claim", issuer.mint(new TokenRequest("no-claim", tenant, Set.of(), DevIssuer.DEFAULT_AUDIENCE,
                Duration.ofHours(1), "tenant_id", "groups")));
        tokens.put("empty role list", issuer.mint(TokenRequest.of("empty", tenant)));
        tokens.put("unknown role", withRoles(issuer, List.of("root")));
        tokens.put("misspelt role", withRoles(issuer, List.of("tenant-users", "TENANT-ADMIN")));
        tokens.put("operator of the tenant", issuer.mint(TokenRequest.of("operator", tenant, Role.PLATFORM_OPERATOR)));
        return tokens;
    }

    private String withRoles(DevIssuer issuer, List<String> roles) {
        JWTClaimsSet.Builder claims = issuer.claims(TokenRequest.of("odd-" + UUID.randomUUID(), tenant), Clock.systemUTC());
        return issuer.sign(claims.claim("roles", roles).build());
    }

    @Test
    void theDataApiRefusesReadsAndWritesOfTokensWithoutATenantRole() {
        tokensWithoutTenantRole().forEach((kind, token) -> {
            JsonNode read = graphQl("/graphql", token, "{ companies { totalCount edges { node { name } } } }");
            JsonNode write = graphQl("/graphql", token, "mutation { createCompany(data: {name: \"Intruder\"}) { id } }");

            assertThat(codeOf(read)).as(kind).isEqualTo("FORBIDDEN");
            assertThat(read.path("data").path("companies").isMissingNode() || read.path("data").path("companies").isNull()).as(kind).isTrue();
            assertThat(codeOf(write)).as(kind).isEqualTo("FORBIDDEN");
        });

        JsonNode names = graphQl("/graphql", user, "{ companies { totalCount edges { node { name } } } }").path("data").path("companies");
        assertThat(names.path("totalCount").asInt()).as("nothing was written by a refused token").isEqualTo(1);
        assertThat(names.findValuesAsString("name")).containsExactly("Visible");
    }

    @Test
    void theMetadataApiRefusesTokensWithoutTheTenantAdminRole() {
        Map<String, String> tokens = new LinkedHashMap<>(tokensWithoutTenantRole());
        tokens.put("tenant user", user);
        tokens.forEach((kind, token) -> {
            assertThat(codeOf(graphQl("/graphql/admin", token, "{ objects { apiName } }"))).as(kind).isEqualTo("FORBIDDEN");
            assertThat(codeOf(graphQl("/graphql/admin", token, "{ connections { id } }"))).as(kind).isEqualTo("FORBIDDEN");
            assertThat(codeOf(graphQl("/graphql/admin", token, "mutation { createObject(input: {apiName: \"spy\", labelSingular: \"Spy\","
                    + " labelPlural: \"Spies\"}) { metadataVersion } }"))).as(kind).isEqualTo("FORBIDDEN");
        });

        JsonNode objects = graphQl("/graphql/admin", admin, "{ objects { apiName } }");
        assertThat(objects.path("data").path("objects").findValuesAsString("apiName")).contains("company").doesNotContain("spy");
    }

    @Test
    void restPathsRefuseTokensWithoutATenantRole() {
        String connection = UUID.randomUUID().toString();
        tokensWithoutTenantRole().forEach((kind, token) -> {
            assertForbidden(kind, api.get("/api/tenant", token));
            assertForbidden(kind, api.patch("/api/tenant/settings", token, "{\"locale\":\"fr\"}"));
            assertForbidden(kind, api.post("/api/connections/" + connection + "/runs", token, "text/csv", "name\nX\n".getBytes(),
                    Map.of()));
            if (!kind.equals("operator of the tenant")) {
                assertForbidden(kind, api.get("/api/operator/tenants", token));
            }
        });

        assertThat(api.get("/api/tenant", TestPlatform.token(tenant, Role.TENANT_ADMIN)).json().path("settings").path("locale").asString())
                .as("no refused settings change landed").isNotEqualTo("fr");
        assertThat(api.get("/api/tenant", user).status()).isEqualTo(200);
    }

    @Test
    void connectorRunsAreForTenantAdminsOnly() {
        Api.Response asUser = api.post("/api/connections/" + UUID.randomUUID() + "/runs", user, "text/csv", "name\nX\n".getBytes(), Map.of());

        assertForbidden("tenant user", asUser);
    }

    @Test
    void pathsThatNameNoRuleAreDenied() {
        for (String token : List.of(user, admin, TestPlatform.operatorToken())) {
            assertThat(api.get("/api/not-a-path", token).status()).isEqualTo(403);
            assertThat(api.get("/actuator/env", token).status()).isEqualTo(403);
        }
        assertThat(api.get("/api/not-a-path", null).status()).isEqualTo(401);
    }

    @Test
    void aTokenStillSeesWhatItSaysAboutItself() {
        Api.Response me = api.get("/api/me", tokensWithoutTenantRole().get("unknown role"));

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("roles").isEmpty()).isTrue();
    }

    private JsonNode graphQl(String path, String token, String query) {
        Api.Response response = api.post(path, token, "{\"query\":" + tools.jackson.databind.json.JsonMapper.builder().build()
                .writeValueAsString(query) + "}");
        assertThat(response.status()).as(response.body()).isLessThan(500);
        return response.json();
    }

    private static String codeOf(JsonNode response) {
        return response.path("errors").path(0).path("extensions").path("code").asString();
    }

    private static void assertForbidden(String kind, Api.Response response) {
        assertThat(response.status()).as(kind + ": " + response.body()).isEqualTo(403);
        assertThat(response.code()).as(kind).isEqualTo("FORBIDDEN");
    }
}
