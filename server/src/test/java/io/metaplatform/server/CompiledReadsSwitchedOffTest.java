package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** {@code PLATFORM_GRAPHQL_COMPILED_READS=false}: the operators' switch sends every query through graphql-java. */
@TestPropertySource(properties = "platform.graphql.compiled-reads=false")
class CompiledReadsSwitchedOffTest extends ApiTestSupport {

    @Test
    void everyQueryGoesThroughGraphQlJava() {
        TenantId tenant = createTenant("Switched off");
        String user = TestPlatform.token(tenant, Role.TENANT_USER);
        api.post("/graphql", user, "{\"query\":\"mutation { createCompany(data: {name: \\\"ACME\\\"}) { id } }\"}");

        Api.Response read = api.post("/graphql", user, "{\"query\":\"{ companies(first: 5) { edges { node { name } } } }\"}");

        assertThat(read.body()).contains("\"name\":\"ACME\"").doesNotContain("\"errors\"");
        assertThat(read.header("X-Graphql-Execution")).isNull();
    }
}
