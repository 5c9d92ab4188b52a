package io.metaplatform.bench;

import io.metaplatform.core.DevIssuer;
import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gives a filled tenant two indexed custom text fields on company, {@code cityCopy} and {@code nameCopy}, holding the
 * built-in {@code city} and {@code name} of each company, the way a tenant gets them (issue 16's GraphQL shape): created
 * through the admin API with indexing off, their values written into the records' {@code custom} document with bulk SQL
 * as the owner (not measured), then indexing switched on, so the platform's own background fill copies them into
 * their index slots; the run waits until both are READY. Finally the standard-user role (what the bench's tenant-user
 * tokens hold) is granted every field of company, as a tenant admin would for custom fields.
 */
final class CustomFieldCopies {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CustomFieldCopies() {
    }

    static void add(GraphQlClient client, DevIssuer issuer, BenchDatabase database, TenantId tenant) throws SQLException, InterruptedException {
        String admin = issuer.mint(DevIssuer.TokenRequest.of("bench-admin", tenant, Role.TENANT_ADMIN));
        String city = key(client.data("/graphql/admin", admin, "mutation { createField(object: \"company\", input: {apiName: \"cityCopy\","
                + " type: {kind: \"TEXT\"}, indexed: false}) { field { id } } }"));
        String name = key(client.data("/graphql/admin", admin, "mutation { createField(object: \"company\", input: {apiName: \"nameCopy\","
                + " type: {kind: \"TEXT\"}, indexed: false}) { field { id } } }"));
        try (Connection owner = database.owner()) {
            owner.setAutoCommit(false);
            try (PreparedStatement bind = owner.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
                bind.setString(1, tenant.toString());
                bind.execute();
            }
            try (PreparedStatement copy = owner.prepareStatement("update company set custom = coalesce(custom, '{}'::jsonb)"
                    + " || jsonb_build_object(?::text, city, ?::text, name) where tenant_id = ?::uuid")) {
                copy.setString(1, city);
                copy.setString(2, name);
                copy.setString(3, tenant.toString());
                copy.executeUpdate();
            }
            owner.commit();
        }
        for (String field : List.of("cityCopy", "nameCopy")) {
            client.data("/graphql/admin", admin, "mutation { setFieldIndexed(object: \"company\", field: \"" + field
                    + "\", indexed: true) { metadataVersion } }");
        }
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (!ready(client, admin)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the index fill of cityCopy and nameCopy did not finish in 10 minutes");
            }
            Thread.sleep(200);
        }
        grantCompanyFields(client, admin);
    }

    // The custom document's key of a field: "f_" and the first 12 hex digits of its id (MetadataService's storage).
    private static String key(JsonNode created) {
        return "f_" + created.path("createField").path("field").path("id").asString().replace("-", "").substring(0, 12);
    }

    private static boolean ready(GraphQlClient client, String admin) {
        JsonNode fields = client.data("/graphql/admin", admin, "{ object(apiName: \"company\") { fields { apiName indexState } } }")
                .path("object").path("fields");
        List<String> states = new ArrayList<>();
        fields.forEach(field -> {
            String apiName = field.path("apiName").asString();
            if (apiName.equals("cityCopy") || apiName.equals("nameCopy")) {
                states.add(field.path("indexState").asString());
            }
        });
        return states.size() == 2 && states.stream().allMatch("READY"::equals);
    }

    @SuppressWarnings("unchecked")
    private static void grantCompanyFields(GraphQlClient client, String admin) {
        JsonNode role = client.data("/graphql/admin", admin, "{ role(name: \"standard-user\") { description grants { object operations"
                + " fieldScope fields { field edit } readRule writeRule } } }").path("role");
        Map<String, Object> grants = new TreeMap<>();
        role.path("grants").forEach(grant -> grants.put(grant.path("object").asString(), JSON.convertValue(grant, Map.class)));
        grants.put("company", Map.of("object", "company", "operations", List.of("CREATE", "READ", "UPDATE", "DELETE", "RESTORE", "DESTROY"),
                "fieldScope", "ALL", "fields", List.of()));
        Map<String, Object> input = new java.util.LinkedHashMap<>();
        input.put("name", "standard-user");
        input.put("description", role.path("description").asString());
        input.put("grants", List.copyOf(grants.values()));
        GraphQlClient.Reply saved = client.post("/graphql/admin", admin, JSON.writeValueAsString(Map.of("query",
                "mutation($input: TenantRoleInput!) { saveRole(input: $input) { name } }", "variables", Map.of("input", input))));
        if (!saved.ok()) {
            throw new IllegalStateException("company's fields not granted: " + saved.body());
        }
    }
}
