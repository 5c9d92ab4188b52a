package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import org.junit.jupiter.api.Test;

class SuspendedTenantTest extends ApiTestSupport {

    @Test
    void everyCallOfASuspendedTenantsUsersIsRejectedUntilReactivated() {
        TenantId tenant = createTenant("Suspended");
        String user = TestPlatform.token(tenant, Role.TENANT_USER);
        String admin = TestPlatform.token(tenant, Role.TENANT_ADMIN);

        api.post("/api/operator/tenants/" + tenant + "/suspend", TestPlatform.operatorToken(), "{\"reason\":\"unpaid\"}");

        for (Api.Response response : new Api.Response[] {
                api.get("/api/me", user), api.get("/api/tenant", user), api.patch("/api/tenant/settings", admin, "{\"locale\":\"de\"}")}) {
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.code()).isEqualTo("TENANT_SUSPENDED");
        }

        api.post("/api/operator/tenants/" + tenant + "/reactivate", TestPlatform.operatorToken(), "");
        assertThat(api.get("/api/tenant", user).status()).isEqualTo(200);
    }

    @Test
    void tokenOfAnUnknownTenantIsRejected() {
        Api.Response response = api.get("/api/me", TestPlatform.token(TenantId.random(), Role.TENANT_ADMIN));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.code()).isEqualTo("TENANT_UNKNOWN");
    }
}
