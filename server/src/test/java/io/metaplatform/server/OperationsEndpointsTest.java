package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import org.junit.jupiter.api.Test;

class OperationsEndpointsTest extends ApiTestSupport {

    @Test
    void healthProbesAreUpWithDatabaseAndRedis() {
        Api.Response health = api.get("/actuator/health", null);

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asString()).isEqualTo("UP");
        assertThat(health.json().path("components").path("db").path("status").asString()).isEqualTo("UP");
        assertThat(health.json().path("components").path("redis").path("status").asString()).isEqualTo("UP");
        assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(200);
        assertThat(api.get("/actuator/health/readiness", null).json().path("status").asString()).isEqualTo("UP");
    }

    @Test
    void prometheusMetricsAreExposed() {
        Api.Response metrics = api.get("/actuator/prometheus", null);

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes", "hikaricp_connections");
    }

    @Test
    void requestsAreMeasuredWithoutAnObservationPerSecurityFilter() {
        String user = TestPlatform.token(createTenant("Metrics"), Role.TENANT_USER);
        api.post("/graphql", user, "{\"query\":\"{ companies(first: 1) { totalCount } }\"}");

        String metrics = api.get("/actuator/prometheus", null).body();

        assertThat(metrics).contains("http_server_requests_seconds_count{").contains("uri=\"/graphql\"");
        assertThat(metrics).doesNotContain("spring_security_filterchains", "spring_security_authorizations",
                "spring_security_authentications");
    }

    @Test
    void everyResponseCarriesARequestIdThatProblemsRepeat() {
        TenantId tenant = TenantId.random();

        Api.Response response = api.get("/api/me", TestPlatform.token(tenant, Role.TENANT_USER));

        assertThat(response.json().path("requestId").asString()).isNotBlank();
    }

    @Test
    void graphiqlIsServedForTheDataApi() {
        Api.Response page = api.get("/graphiql?path=/graphql", null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<title>GraphiQL");
    }

    @Test
    void otherActuatorEndpointsAreNotOpen() {
        assertThat(api.get("/actuator/env", null).status()).isIn(401, 404);
        assertThat(api.get("/actuator/beans", null).status()).isIn(401, 404);
    }
}
