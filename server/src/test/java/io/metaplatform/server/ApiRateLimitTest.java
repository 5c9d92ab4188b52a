package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Request rate limits per token and per tenant, with budgets small enough to exceed in a test (Redis-backed here). */
@TestPropertySource(properties = {"platform.api.rate-limit.per-token-rate=1", "platform.api.rate-limit.per-token-burst=3",
        "platform.api.rate-limit.per-tenant-rate=1", "platform.api.rate-limit.per-tenant-burst=5"})
class ApiRateLimitTest extends ApiTestSupport {

    private static final String QUERY = "{\"query\":\"{ __typename }\"}";

    @Test
    void aTokenAboveItsBurstGets429WithRetryAfterOnRest() {
        String token = TestPlatform.token(createTenant("Rest"), Role.TENANT_USER);
        for (int i = 0; i < 3; i++) {
            assertThat(api.get("/api/tenant", token).status()).isEqualTo(200);
        }

        Api.Response refused = api.get("/api/tenant", token);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.code()).isEqualTo("RATE_LIMITED");
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 2);
    }

    @Test
    void aTokenAboveItsBurstGets429OnGraphQlAndIsServedAgainAfterRetryAfter() throws InterruptedException {
        TenantId tenant = createTenant("GraphQL");
        // The tenant's first request builds its schema: slow enough on a busy machine for a token to refill.
        assertThat(api.post("/graphql", TestPlatform.token(tenant, Role.TENANT_USER), QUERY).status()).isEqualTo(200);
        String token = TestPlatform.token(tenant, Role.TENANT_ADMIN);
        for (int i = 0; i < 3; i++) {
            assertThat(api.post(i % 2 == 0 ? "/graphql" : "/graphql/admin", token, QUERY).status()).isEqualTo(200);
        }

        Api.Response refused = api.post("/graphql", token, QUERY);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.code()).isEqualTo("RATE_LIMITED");
        Thread.sleep(Integer.parseInt(refused.header("Retry-After")) * 1_000L);

        assertThat(api.post("/graphql", token, QUERY).status()).isEqualTo(200);
    }

    @Test
    void tokensOfOneTenantShareItsBudgetAndOtherTenantsKeepTheirs() {
        TenantId busy = createTenant("Busy");
        TenantId other = createTenant("Other");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(api.get("/api/tenant", TestPlatform.token(busy, Role.TENANT_USER)).status());
        }

        assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 429);
        assertThat(api.get("/api/tenant", TestPlatform.token(other, Role.TENANT_USER)).status()).isEqualTo(200);
        assertThat(api.post("/graphql", TestPlatform.token(other, Role.TENANT_USER), QUERY).status()).isEqualTo(200);
    }

    @Test
    void healthChecksAndUnauthenticatedCallsAreNotCounted() {
        for (int i = 0; i < 10; i++) {
            assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
            assertThat(api.get("/api/tenant", null).status()).isEqualTo(401);
        }
    }
}
