package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.DevIssuer;
import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The permission matrix, generated from the tenant's schema rather than written by hand: for every object of the admin's
 * schema and every role (the built-in standard-user and read-only, a custom one), what effectivePermissions says a holder
 * of the role may do is exactly what that holder's GraphQL schema offers (the list query, create, update, delete), and
 * an object the role may read answers a list query without error.
 */
class PermissionMatrixApiTest extends ConnectorApiTestSupport {

    private static final List<String> OPERATIONS = List.of("READ", "CREATE", "UPDATE", "DELETE");

    @Test
    void whatEffectivePermissionsSaysIsWhatEachRolesSchemaAndAnswersOffer() {
        TenantId tenant = createTenant("Matrix");
        String admin = TestPlatform.token(tenant, Role.TENANT_ADMIN);
        data(admin, "mutation { createObject(input: {apiName: \"studioBooking\", labelSingular: \"Studio booking\"}) { metadataVersion } }");
        data(admin, """
                mutation { saveRole(input: {name: "dispatch", grants: [
                  {object: "deal", operations: [READ, UPDATE], fieldScope: BUILT_IN},
                  {object: "studioBooking", operations: [READ, CREATE, DELETE], fieldScope: ALL}]}) { name } }""");
        data(admin, "mutation { setRoleClaimMapping(claim: \"groups\", mappings: [{value: \"readers\", roles: [\"read-only\"]},"
                + " {value: \"dispatchers\", roles: [\"dispatch\"]}]) { claim } }");
        Map<String, String> listQueries = listQueries(admin);
        assertThat(listQueries).containsKeys("company", "deal", "invoice", "studioBooking").hasSizeGreaterThan(15);

        Map<String, String> holders = new LinkedHashMap<>();
        holders.put("standard-user", TestPlatform.token(tenant, Role.TENANT_USER));
        holders.put("read-only", withGroups(tenant, "readers"));
        holders.put("dispatch", withGroups(tenant, "dispatchers"));
        List<String> checked = new ArrayList<>();
        holders.forEach((role, token) -> {
            JsonNode explained = data(admin, "{ effectivePermissions(user: {roles: [\"" + role + "\"]}) { objects { object visible operations } } }")
                    .path("effectivePermissions").path("objects");
            Map<String, Set<String>> granted = new LinkedHashMap<>();
            explained.forEach(object -> {
                Set<String> operations = new TreeSet<>();
                object.path("operations").forEach(operation -> operations.add(operation.asString()));
                granted.put(object.path("object").asString(), operations);
            });
            Set<String> offered = rootFields(token);
            listQueries.forEach((object, list) -> {
                String type = Character.toUpperCase(object.charAt(0)) + object.substring(1);
                Set<String> may = granted.getOrDefault(object, Set.of());
                Map<String, String> rootField = Map.of("READ", list, "CREATE", "create" + type, "UPDATE", "update" + type, "DELETE", "delete" + type);
                for (String operation : OPERATIONS) {
                    assertThat(offered.contains(rootField.get(operation))).as("%s %s %s (%s)", role, operation, object, rootField.get(operation))
                            .isEqualTo(may.contains(operation));
                    checked.add(role + " " + operation + " " + object);
                }
                if (may.contains("READ")) {
                    JsonNode answer = post("/graphql", token, "{ " + list + "(first: 1) { totalCount } }", Map.of());
                    assertThat(answer.path("errors").isMissingNode()).as("%s reads %s: %s", role, object, answer).isTrue();
                }
            });
        });

        assertThat(checked).hasSize(3 * OPERATIONS.size() * listQueries.size());
        assertThat(checked).contains("dispatch UPDATE deal", "read-only READ company", "standard-user CREATE invoice");
    }

    /** Each object's list query in the admin's schema (which holds every object): the query field returning its Connection. */
    private Map<String, String> listQueries(String admin) {
        Set<String> objects = new TreeSet<>(data(admin, "{ objects { apiName } }").path("objects").findValuesAsString("apiName"));
        Map<String, String> lists = new LinkedHashMap<>();
        JsonNode fields = post("/graphql", admin, "{ __schema { queryType { fields { name type { name ofType { name } } } } } }", Map.of())
                .path("data").path("__schema").path("queryType").path("fields");
        fields.forEach(field -> {
            String type = field.path("type").path("ofType").path("name").asString(field.path("type").path("name").asString(""));
            if (type != null && type.endsWith("Connection") && !type.startsWith("_")) {
                String objectType = type.substring(0, type.length() - "Connection".length());
                String object = Character.toLowerCase(objectType.charAt(0)) + objectType.substring(1);
                if (objects.contains(object)) {
                    lists.put(object, field.path("name").asString());
                }
            }
        });
        return lists;
    }

    // Introspection asked in good faith, one root type per request.
    private Set<String> rootFields(String token) {
        Set<String> names = new TreeSet<>();
        for (String root : List.of("queryType", "mutationType")) {
            JsonNode answer = post("/graphql", token, "{ __schema { " + root + " { fields { name } } } }", Map.of());
            assertThat(answer.path("errors").isMissingNode()).as("%s", answer).isTrue();
            names.addAll(answer.path("data").path("__schema").path(root).findValuesAsString("name"));
        }
        return names;
    }

    private static String withGroups(TenantId tenant, String group) {
        DevIssuer issuer = TestPlatform.issuer();
        return issuer.sign(issuer.claims(DevIssuer.TokenRequest.of("user-" + group, tenant, Role.TENANT_USER), Clock.systemUTC())
                .claim("groups", List.of(group)).build());
    }
}
