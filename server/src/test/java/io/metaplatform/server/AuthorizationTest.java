package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.DevIssuer.TokenRequest;
import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthorizationTest extends ApiTestSupport {

    TenantId tenant;

    @BeforeEach
    void tenant() {
        tenant = createTenant("Authz");
    }

    @Test
    void tenantUsersAndAdminsCannotCallOperatorOperations() {
        for (Role role : new Role[] {Role.TENANT_USER, Role.TENANT_ADMIN}) {
            String token = TestPlatform.token(tenant, role);

            assertForbidden(api.get("/api/operator/tenants", token));
            assertForbidden(api.post("/api/operator/tenants", token, "{\"slug\":\"sneaky\",\"name\":\"Sneaky\"}"));
            assertForbidden(api.post("/api/operator/tenants/" + tenant + "/suspend", token, "{}"));
        }
        assertThat(api.get("/api/operator/tenants/sneaky", TestPlatform.operatorToken()).status()).isEqualTo(404);
    }

    @Test
    void tokenWithoutRolesCannotCallOperatorOperations() {
        String token = TestPlatform.issuer().mint(TokenRequest.of("nobody", null));

        assertForbidden(api.get("/api/operator/tenants", token));
    }

    @Test
    void onlyTenantAdminsChangeTenantSettings() {
        Api.Response asUser = api.patch("/api/tenant/settings", TestPlatform.token(tenant, Role.TENANT_USER), "{\"locale\":\"de\"}");
        Api.Response asAdmin = api.patch("/api/tenant/settings", TestPlatform.token(tenant, Role.TENANT_ADMIN), "{\"locale\":\"de\"}");

        assertForbidden(asUser);
        assertThat(asAdmin.status()).isEqualTo(200);
        assertThat(asAdmin.json().path("locale").asString()).isEqualTo("de");
    }

    @Test
    void operatorWithoutTenantGetsAClearErrorOnTenantEndpoints() {
        Api.Response response = api.get("/api/tenant", TestPlatform.operatorToken());

        assertForbidden(response);
    }

    private static void assertForbidden(Api.Response response) {
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.code()).isEqualTo("FORBIDDEN");
    }
}
