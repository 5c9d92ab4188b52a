package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.DevIssuer;
import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Tenant roles through /graphql/admin, claims mapped to roles on every request, and explanations of access. */
class PermissionsApiTest extends ConnectorApiTestSupport {

    TenantId tenant;
    String admin;

    @BeforeEach
    void tenantWithASalesRole() {
        tenant = createTenant("Permissions");
        admin = TestPlatform.token(tenant, Role.TENANT_ADMIN);
        JsonNode saved = post("/graphql/admin", admin, """
                mutation($input: TenantRoleInput!) { saveRole(input: $input) { name builtIn grants { object operations fieldScope
                  fields { field edit } readRule } } }""", Map.of("input", Map.of("name", "sales", "description", "Own companies",
                "grants", List.of(Map.of("object", "company", "operations", List.of("READ", "UPDATE"), "fieldScope", "LISTED",
                        "fields", List.of(Map.of("field", "name", "edit", true)), "readRule", Map.of("createdBy", Map.of("eq", "$user")))))));
        assertThat(saved.path("errors").isMissingNode()).as("%s", saved).isTrue();
        assertThat(saved.path("data").path("saveRole").path("grants").get(0).path("readRule").toString())
                .isEqualTo("{\"createdBy\":{\"eq\":\"$user\"}}");
        JsonNode mapped = post("/graphql/admin", admin, "mutation { setRoleClaimMapping(claim: \"groups\", mappings: [{value: \"emea-sales\","
                + " roles: [\"sales\"]}]) { claim mappings { value roles } } }", Map.of());
        assertThat(mapped.path("errors").isMissingNode()).as("%s", mapped).isTrue();
    }

    private static String tokenWithGroups(TenantId tenant, List<String> groups, Role... roles) {
        DevIssuer issuer = TestPlatform.issuer();
        return issuer.sign(issuer.claims(DevIssuer.TokenRequest.of("alice", tenant, roles), Clock.systemUTC()).claim("groups", groups).build());
    }

    private List<String> tenantRolesOf(String token) {
        Api.Response me = api.get("/api/me", token);
        assertThat(me.status()).as("%s", me).isEqualTo(200);
        return me.json().path("tenantRoles").valueStream().map(JsonNode::asString).toList();
    }

    @Test
    void everyRequestCarriesTheTenantRolesItsClaimsMapTo() {
        assertThat(tenantRolesOf(tokenWithGroups(tenant, List.of("emea-sales", "unmapped"), Role.TENANT_USER))).containsExactly("sales");
        assertThat(tenantRolesOf(tokenWithGroups(tenant, List.of("unmapped"), Role.TENANT_USER))).containsExactly("standard-user");
        assertThat(tenantRolesOf(TestPlatform.token(tenant, Role.TENANT_ADMIN))).containsExactly("tenant-admin");
    }

    @Test
    void rolesAndMappingsOfOneTenantHaveNoEffectInAnother() {
        TenantId other = createTenant("Other");

        assertThat(tenantRolesOf(tokenWithGroups(other, List.of("emea-sales"), Role.TENANT_USER))).containsExactly("standard-user");
        JsonNode roles = data(TestPlatform.token(other, Role.TENANT_ADMIN), "{ roles { name } }").path("roles");
        assertThat(roles.findValuesAsString("name")).containsExactly("read-only", "standard-user", "tenant-admin");
    }

    @Test
    void effectivePermissionsExplainWhyAFieldIsHidden() {
        JsonNode field = post(admin, "mutation { createField(object: \"company\", input: {apiName: \"margin\", type: {kind: \"DECIMAL\","
                + " precision: 10, scale: 2}}) { metadataVersion } }");
        assertThat(field.path("errors").isMissingNode()).as("%s", field).isTrue();

        JsonNode explained = data(admin, "query($claims: JSON) { effectivePermissions(user: {roles: [\"standard-user\", \"root\"], claims: $claims})"
                + " { roles unknownRoles objects { object visible operations grantedBy { role operations } fields { field readBy editBy } } } }",
                Map.of("claims", Map.of("groups", List.of("emea-sales")))).path("effectivePermissions");

        assertThat(explained.path("roles").valueStream().map(JsonNode::asString).toList()).containsExactly("root", "sales", "standard-user");
        assertThat(explained.path("unknownRoles").valueStream().map(JsonNode::asString).toList()).containsExactly("root");
        JsonNode company = explained.path("objects").valueStream().filter(node -> node.path("object").asString().equals("company"))
                .findFirst().orElseThrow();
        assertThat(company.path("visible").asBoolean()).isTrue();
        assertThat(company.path("grantedBy").findValuesAsString("role")).containsExactly("sales", "standard-user");
        JsonNode margin = company.path("fields").valueStream().filter(node -> node.path("field").asString().equals("margin")).findFirst()
                .orElseThrow();
        assertThat(margin.path("readBy").isEmpty()).as("a new custom field is the tenant admin's only: %s", margin).isTrue();
        JsonNode name = company.path("fields").valueStream().filter(node -> node.path("field").asString().equals("name")).findFirst().orElseThrow();
        assertThat(name.path("readBy").valueStream().map(JsonNode::asString).toList()).containsExactly("sales", "standard-user");
    }

    @Test
    void aFormulaOverAFieldTheRoleHidesIsHiddenTooAndTheExplanationSaysWhy() {
        JsonNode fields = post(admin, "mutation { a: createField(object: \"company\", input: {apiName: \"margin\", type: {kind: \"DECIMAL\","
                + " precision: 10, scale: 2}}) { metadataVersion } b: createField(object: \"company\", input: {apiName: \"marginText\","
                + " type: {kind: \"FORMULA\", expression: \"TEXT(margin)\", resultKind: \"TEXT\"}}) { metadataVersion } }");
        assertThat(fields.path("errors").isMissingNode()).as("%s", fields).isTrue();
        saveSalesRole(List.of("name", "marginText"));
        String sales = tokenWithGroups(tenant, List.of("emea-sales"), Role.TENANT_USER);
        String query = "{ companies { edges { node { name marginText } } } }";

        JsonNode explained = data(admin, "{ effectivePermissions(user: {roles: [\"sales\"]}) { objects { object fields { field readBy"
                + " hiddenBecause } } } }").path("effectivePermissions").path("objects").valueStream()
                .filter(node -> node.path("object").asString().equals("company")).findFirst().orElseThrow();
        JsonNode marginText = explained.path("fields").valueStream().filter(node -> node.path("field").asString().equals("marginText"))
                .findFirst().orElseThrow();
        assertThat(marginText.path("readBy").valueStream().map(JsonNode::asString).toList()).containsExactly("sales");
        assertThat(marginText.path("hiddenBecause").asString()).isEqualTo("reads company.margin, which is not readable");
        JsonNode refused = post("/graphql", sales, query, Map.of());
        assertThat(refused.path("errors").get(0).path("extensions").path("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(refused.toString()).contains("marginText");

        saveSalesRole(List.of("name", "margin", "marginText"));
        JsonNode answered = post("/graphql", sales, query, Map.of());
        assertThat(answered.path("errors").isMissingNode()).as("with margin granted the formula is readable: %s", answered).isTrue();
    }

    private void saveSalesRole(List<String> readable) {
        JsonNode saved = post("/graphql/admin", admin, "mutation($input: TenantRoleInput!) { saveRole(input: $input) { name } }",
                Map.of("input", Map.of("name", "sales", "grants", List.of(Map.of("object", "company", "operations", List.of("READ"),
                        "fieldScope", "LISTED", "fields", readable.stream().map(field -> Map.of("field", field, "edit", false)).toList())))));
        assertThat(saved.path("errors").isMissingNode()).as("%s", saved).isTrue();
    }

    @Test
    void badGrantsAnswerAValidationErrorNamingTheField() {
        JsonNode refused = post("/graphql/admin", admin, "mutation($input: TenantRoleInput!) { saveRole(input: $input) { name } }",
                Map.of("input", Map.of("name", "broken", "grants", List.of(Map.of("object", "company", "operations", List.of("READ"),
                        "readRule", Map.of("salary", Map.of("eq", "$user")))))));
        JsonNode admins = post(admin, "mutation { deleteRole(name: \"tenant-admin\") }");

        assertThat(code(refused)).isEqualTo("VALIDATION_FAILED");
        assertThat(refused.path("errors").get(0).toString()).contains("role.grants[0].readRule.salary").contains("UNKNOWN_FIELD");
        assertThat(code(admins)).isEqualTo("CONFLICT");
        JsonNode log = data(admin, "{ metadataChangeLog(first: 50) { edges { node { operation } } } }");
        assertThat(log.findValuesAsString("operation")).contains("CREATE_ROLE", "UPDATE_ROLE_MAPPING");
    }

    @Test
    void grantingEveryFieldToUsersMakesNewCustomFieldsVisibleToThem() {
        post(admin, "mutation { createField(object: \"company\", input: {apiName: \"tier\", type: {kind: \"TEXT\"}}) { metadataVersion } }");

        grantAllFieldsToUsers(tenant, "company");

        JsonNode company = data(admin, "{ effectivePermissions(user: {roles: [\"standard-user\"]}) { objects { object fields { field readBy editBy } } } }")
                .path("effectivePermissions").path("objects").valueStream().filter(node -> node.path("object").asString().equals("company"))
                .findFirst().orElseThrow();
        JsonNode tier = company.path("fields").valueStream().filter(node -> node.path("field").asString().equals("tier")).findFirst().orElseThrow();
        assertThat(tier.path("editBy").valueStream().map(JsonNode::asString).toList()).containsExactly("standard-user");
    }
    @Test
    void theSchemaOfARoleHasOnlyWhatItMayReadAndTheMutationsItMayDo() {
        post(admin, "mutation { createField(object: \"company\", input: {apiName: \"margin\", type: {kind: \"TEXT\"}}) { metadataVersion } }");
        String sales = tokenWithGroups(tenant, List.of("emea-sales"), Role.TENANT_USER);
        String standard = TestPlatform.token(tenant, Role.TENANT_USER);
        JsonNode ofSales = schemaSeenBy(sales);
        JsonNode ofStandard = schemaSeenBy(standard);
        JsonNode ofAdmin = schemaSeenBy(admin);
        JsonNode hidden = post("/graphql", sales, "{ companies { edges { node { name margin } } } }", Map.of());

        assertThat(ofSales.path("company").path("fields").findValuesAsString("name")).contains("id", "name").doesNotContain("margin", "city");
        assertThat(ofSales.path("contact").isNull()).as("an object the role cannot read is not in its schema").isTrue();
        assertThat(ofSales.path("mutation").path("mutationType").path("fields").findValuesAsString("name"))
                .contains("updateCompany", "updateCompanies").doesNotContain("createCompany", "deleteCompany", "createContact");
        assertThat(ofStandard.path("company").path("fields").findValuesAsString("name")).contains("city").doesNotContain("margin");
        assertThat(ofStandard.path("mutation").path("mutationType").path("fields").findValuesAsString("name")).contains("createCompany");
        assertThat(ofAdmin.path("company").path("fields").findValuesAsString("name")).contains("margin", "city");
        assertThat(hidden.path("errors").get(0).path("extensions").path("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(hidden.toString()).contains("margin");
    }

    // Introspection asked in good faith: one list of fields per request.
    private JsonNode schemaSeenBy(String token) {
        JsonNode company = post("/graphql", token, "{ __type(name: \"Company\") { fields { name } } }", Map.of()).path("data").path("__type");
        JsonNode contact = post("/graphql", token, "{ __type(name: \"Contact\") { name } }", Map.of()).path("data").path("__type");
        JsonNode mutations = post("/graphql", token, "{ __schema { mutationType { fields { name } } } }", Map.of()).path("data");
        return JSON.createObjectNode().setAll(Map.of("company", company, "contact", contact,
                "mutation", mutations.path("__schema")));
    }
}
