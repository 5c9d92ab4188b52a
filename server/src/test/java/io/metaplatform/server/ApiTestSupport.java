package io.metaplatform.server;

import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The whole server on a random port, against the run's test database. */
// A small upload limit, so the tests can exceed it; Tomcat reads the rest of a refused body so the client gets the answer.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "platform.connectors.max-upload-size=2MB", "server.tomcat.max-swallow-size=16MB", "platform.public-url=https://platform.example/"})
abstract class ApiTestSupport {

    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    /** Creates a tenant through the operator API and returns its id. */
    TenantId createTenant(String name) {
        String slug = "s-" + UUID.randomUUID().toString().substring(0, 13);
        Api.Response response = api.post("/api/operator/tenants", TestPlatform.operatorToken(),
                "{\"slug\":\"" + slug + "\",\"name\":\"" + name + "\"}");
        if (response.status() != 201) {
            throw new IllegalStateException("tenant not created: " + response);
        }
        return TenantId.parse(response.json().path("id").asString()).orElseThrow();
    }

    /**
     * Grants the built-in standard-user role (what a tenant-user token holds) every operation and every field, also
     * custom ones, of {@code objects}: new custom objects and fields are the tenant admin's only until granted.
     */
    void grantAllFieldsToUsers(TenantId tenant, String... objects) {
        String admin = TestPlatform.token(tenant, io.metaplatform.core.Role.TENANT_ADMIN);
        tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
        String query = "{ role(name: \"standard-user\") { description grants { object operations fieldScope fields { field edit } readRule writeRule } } }";
        tools.jackson.databind.JsonNode role = json.readTree(api.post("/graphql/admin", admin,
                json.writeValueAsString(java.util.Map.of("query", query))).body()).path("data").path("role");
        java.util.Map<String, Object> grants = new java.util.TreeMap<>();
        role.path("grants").forEach(grant -> grants.put(grant.path("object").asString(), json.convertValue(grant, java.util.Map.class)));
        for (String object : objects) {
            grants.put(object, java.util.Map.of("object", object, "operations", java.util.List.of("CREATE", "READ", "UPDATE", "DELETE", "RESTORE",
                    "DESTROY"), "fieldScope", "ALL", "fields", java.util.List.of()));
        }
        java.util.Map<String, Object> input = new java.util.LinkedHashMap<>();
        input.put("name", "standard-user");
        input.put("description", role.path("description").asString());
        input.put("grants", java.util.List.copyOf(grants.values()));
        Api.Response saved = api.post("/graphql/admin", admin, json.writeValueAsString(java.util.Map.of(
                "query", "mutation($input: TenantRoleInput!) { saveRole(input: $input) { name } }", "variables", java.util.Map.of("input", input))));
        if (saved.status() != 200 || saved.body().contains("\"errors\"")) {
            throw new IllegalStateException("fields not granted: " + saved);
        }
    }
}
