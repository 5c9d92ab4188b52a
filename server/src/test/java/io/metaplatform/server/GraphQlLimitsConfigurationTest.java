package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.Role;
import io.metaplatform.core.testing.TestPlatform;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** An operator's platform.graphql.* settings replace the defaults on both endpoints. */
@TestPropertySource(properties = {"platform.graphql.max-aliases=2", "platform.graphql.max-filter-terms=3"})
class GraphQlLimitsConfigurationTest extends ApiTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void configuredLimitsApply() {
        String user = TestPlatform.token(createTenant("Configured"), Role.TENANT_ADMIN);

        assertThat(error("/graphql", user, "{ a: companies { totalCount } b: companies { totalCount } }").isMissingNode()).isTrue();
        assertThat(error("/graphql", user, "{ a: companies { totalCount } b: companies { totalCount } c: companies { totalCount } }")
                .path("extensions").path("maximum").asInt()).isEqualTo(2);
        assertThat(error("/graphql/admin", user, "{ a: metadataVersion b: metadataVersion c: metadataVersion }").path("extensions")
                .path("limit").asString()).isEqualTo("aliases");
        assertThat(error("/graphql", user, "{ companies(filter: {name: {in: [\"a\", \"b\", \"c\", \"d\"]}}) { totalCount } }")
                .path("extensions").path("limit").asString()).isEqualTo("filter-terms");
    }

    private JsonNode error(String path, String token, String query) {
        return JSON.readTree(api.post(path, token, JSON.writeValueAsString(Map.of("query", query))).body()).path("errors").path(0);
    }
}
