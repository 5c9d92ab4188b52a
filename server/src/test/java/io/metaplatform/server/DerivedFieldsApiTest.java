package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Formulas and rollups through /graphql/admin and /graphql: typed, read-only, filterable, sortable, aggregatable, per tenant. */
class DerivedFieldsApiTest extends ConnectorApiTestSupport {

    TenantId tenant;
    String user;
    String admin;

    @BeforeEach
    void companiesWithDerivedFields() {
        tenant = createTenant("Derived");
        user = TestPlatform.token(tenant, Role.TENANT_USER);
        // The custom fields these tests add are for tenant users too (new fields are the admin's until granted).
        grantAllFieldsToUsers(tenant, "company");
        admin = TestPlatform.token(tenant, Role.TENANT_ADMIN);
        data(admin, "mutation { createField(object: \"company\", input: {apiName: \"seats\", type: {kind: \"INTEGER\"}}) { metadataVersion } }");
        data(admin, "mutation { createField(object: \"company\", input: {apiName: \"seatPrice\", type: {kind: \"DECIMAL\", scale: 2}}) { metadataVersion } }");
        data(admin, "mutation { createField(object: \"company\", input: {apiName: \"revenue\", type: {kind: \"FORMULA\","
                + " expression: \"seats * seatPrice\", resultKind: \"DECIMAL\", scale: 2}}) { metadataVersion } }");
        data(admin, "mutation { createField(object: \"company\", input: {apiName: \"people\", type: {kind: \"ROLLUP\","
                + " relation: \"contacts\", function: \"COUNT\"}}) { metadataVersion } }");
    }

    private String company(String name, int seats, String price, int contacts) {
        String id = tenantData(user, "mutation { createCompany(data: {name: \"" + name + "\", seats: " + seats + ", seatPrice: \"" + price
                + "\"}) { id } }").path("createCompany").path("id").asString();
        for (int i = 0; i < contacts; i++) {
            tenantData(user, "mutation { createContact(data: {lastName: \"C" + i + "\", company: \"" + id + "\"}) { id } }");
        }
        return id;
    }

    @Test
    void derivedFieldsReadWithTheirResultTypeAndFilterSortAndAggregate() {
        company("Small", 2, "10.5", 1);
        company("Big", 100, "9.99", 3);
        company("Mid", 10, "12", 0);

        JsonNode page = tenantData(user, "{ companies(filter: {revenue: {gte: \"100\"}}, orderBy: [{field: revenue, direction: DESC}]) {"
                + " totalCount edges { node { name revenue people } } } }").path("companies");
        List<String> rows = new ArrayList<>();
        page.path("edges").forEach(edge -> rows.add(edge.path("node").path("name").asString() + " " + edge.path("node").path("revenue").asString()
                + " " + edge.path("node").path("people").asLong()));
        assertThat(rows).containsExactly("Big 999.00 3", "Mid 120.00 0");

        JsonNode byPeople = tenantData(user, "{ companies(filter: {people: {gt: 0}}, orderBy: [{field: people}]) { edges { node { name } } } }");
        assertThat(byPeople.findValuesAsString("name")).containsExactly("Small", "Big");

        JsonNode sum = tenantData(user, "{ companiesAggregate { count sum { revenue people } } }").path("companiesAggregate").get(0);
        assertThat(new java.math.BigDecimal(sum.path("sum").path("revenue").asString())).isEqualByComparingTo("1140.00");
        assertThat(new java.math.BigDecimal(sum.path("sum").path("people").asString())).isEqualByComparingTo("4");
    }

    @Test
    void derivedFieldsAreDeprecatedInputsAndEveryWriteOfOneIsRefusedAsReadOnlyWithTheField() {
        JsonNode inputs = tenantData(user, "{ __type(name: \"CompanyCreateInput\") { inputFields { name } } }");
        assertThat(inputs.findValuesAsString("name")).as("default introspection leaves deprecated inputs out").contains("seats")
                .doesNotContain("revenue", "people");
        JsonNode all = tenantData(user, "{ __type(name: \"CompanyUpdateInput\") { inputFields(includeDeprecated: true) { name isDeprecated"
                + " deprecationReason } } }").path("__type").path("inputFields");
        List<String> deprecated = new ArrayList<>();
        all.forEach(field -> {
            if (field.path("isDeprecated").asBoolean()) {
                deprecated.add(field.path("name").asString() + ": " + field.path("deprecationReason").asString());
            }
        });
        assertThat(deprecated).containsExactlyInAnyOrder("revenue: Read-only (a formula): any value is refused with READ_ONLY.",
                "people: Read-only (a rollup): any value is refused with READ_ONLY.");

        JsonNode literal = post("/graphql", user, "mutation { createCompany(data: {name: \"X\", revenue: \"5\"}) { id } }", Map.of());
        assertThat(code(literal)).isEqualTo("VALIDATION_FAILED");
        assertThat(detail(literal)).isEqualTo("revenue READ_ONLY");
        JsonNode variables = post("/graphql", user, "mutation($data: CompanyCreateInput!) { createCompany(data: $data) { id } }",
                Map.of("data", Map.of("name", "Y", "people", 3)));
        assertThat(detail(variables)).isEqualTo("people READ_ONLY");
        String id = company("Z", 1, "1", 0);
        JsonNode update = post("/graphql", user, "mutation { updateCompany(id: \"" + id + "\", data: {revenue: null}) { id } }", Map.of());
        assertThat(detail(update)).isEqualTo("revenue READ_ONLY");
        assertThat(tenantData(user, "{ companies { totalCount } }").path("companies").path("totalCount").asInt()).isEqualTo(1);
    }

    private static String detail(JsonNode answer) {
        JsonNode detail = answer.path("errors").get(0).path("extensions").path("details").get(0);
        return detail.path("field").asString() + " " + detail.path("code").asString();
    }

    @Test
    void theAdminApiReportsFormulaErrorsWithTheirPositionAndBlocksFieldsInUse() {
        JsonNode bad = post(admin, "mutation { createField(object: \"company\", input: {apiName: \"bad\", type: {kind: \"FORMULA\","
                + " expression: \"seats * seatPrise\", resultKind: \"DECIMAL\"}}) { metadataVersion } }");
        assertThat(code(bad)).isEqualTo("VALIDATION_FAILED");
        JsonNode detail = bad.path("errors").get(0).path("extensions").path("details").get(0);
        assertThat(detail.path("field").asString()).isEqualTo("type.expression");
        assertThat(detail.path("code").asString()).isEqualTo("UNKNOWN_FIELD");
        assertThat(detail.path("message").asString()).isEqualTo("at 9: 'seatPrise' is not a field of company");

        JsonNode inUse = post(admin, "mutation { deleteField(object: \"company\", field: \"seats\") { metadataVersion } }");
        assertThat(code(inUse)).isEqualTo("CONFLICT");
        assertThat(inUse.path("errors").get(0).path("message").asString()).contains("company.revenue");
    }

    @Test
    void anotherTenantSeesNeitherTheFieldsNorTheValues() {
        String mine = company("Mine", 1, "1", 1);
        TenantId other = createTenant("Other");
        String otherUser = TestPlatform.token(other, Role.TENANT_USER);
        String otherAdmin = TestPlatform.token(other, Role.TENANT_ADMIN);

        JsonNode dryRun = post(otherAdmin, "{ dryRunFormula(object: \"company\", expression: \"name\", recordId: \"" + mine + "\") { value } }");
        assertThat(code(dryRun)).as("another tenant's record does not exist for a dry run").isEqualTo("NOT_FOUND");

        JsonNode refused = post("/graphql", otherUser, "{ companies { edges { node { revenue } } } }", Map.of());
        assertThat(refused.path("errors")).isNotEmpty();
        assertThat(tenantData(otherUser, "{ companies { totalCount } }").path("companies").path("totalCount").asInt()).isZero();
    }

    @Test
    void theAdminApiShowsDependenciesChecksFormulasAndDryRunsThemOnARecord() {
        String id = company("Dry", 3, "2.5", 2);

        JsonNode fields = data(admin, "{ object(apiName: \"company\") { fields { apiName dependencies } } }").path("object").path("fields");
        List<String> revenue = new ArrayList<>();
        fields.forEach(field -> {
            if (field.path("apiName").asString().equals("revenue")) {
                field.path("dependencies").forEach(dependency -> revenue.add(dependency.asString()));
            }
        });
        assertThat(revenue).containsExactly("seatPrice", "seats");

        JsonNode check = data(admin, "{ checkFormula(object: \"company\", expression: \"IF(people > 1, name & '!', name)\") { kind dependencies } }");
        assertThat(check.path("checkFormula").path("kind").asString()).isEqualTo("TEXT");
        assertThat(check.path("checkFormula").path("dependencies").toString()).isEqualTo("[\"name\",\"people\"]");

        JsonNode run = data(admin, "{ dryRunFormula(object: \"company\", expression: \"revenue / people\", recordId: \"" + id + "\") { kind value } }");
        assertThat(run.path("dryRunFormula").path("value").asString()).isEqualTo("3.7500000000000000");

        JsonNode wrong = post(admin, "{ checkFormula(object: \"company\", expression: \"seats +\") { kind } }");
        assertThat(code(wrong)).isEqualTo("VALIDATION_FAILED");
        assertThat(code(post("/graphql/admin", user, "{ checkFormula(object: \"company\", expression: \"1\") { kind } }", Map.of())))
                .isEqualTo("FORBIDDEN");
    }

    @Test
    void validationRulesAreManagedByAdminsAndRefuseDataApiWritesOfTheirTenantOnly() {
        data(admin, "mutation { createValidationRule(object: \"company\", input: {name: \"seatsPositive\", expression: \"seats > 0\","
                + " message: \"needs at least one seat\", field: \"seats\"}) { name dependencies } }");

        JsonNode refused = post("/graphql", user, "mutation { createCompany(data: {name: \"None\", seats: 0}) { id } }", Map.of());
        assertThat(code(refused)).isEqualTo("VALIDATION_FAILED");
        JsonNode detail = refused.path("errors").get(0).path("extensions").path("details").get(0);
        assertThat(detail.path("field").asString()).isEqualTo("seats");
        assertThat(detail.path("code").asString()).isEqualTo("RULE_VIOLATED");

        TenantId other = createTenant("Other");
        String otherAdmin = TestPlatform.token(other, Role.TENANT_ADMIN);
        assertThat(data(otherAdmin, "{ validationRules(object: \"company\") { name } }").path("validationRules")).isEmpty();
        assertThat(code(post("/graphql/admin", otherAdmin, "mutation { deleteValidationRule(object: \"company\", name: \"seatsPositive\") }",
                Map.of()))).isEqualTo("NOT_FOUND");

        data(admin, "mutation { updateValidationRule(object: \"company\", name: \"seatsPositive\", input: {active: false}) { active } }");
        tenantData(user, "mutation { createCompany(data: {name: \"None\", seats: 0}) { id } }");
        assertThat(data(admin, "{ validationRules(object: \"company\") { name active } }").path("validationRules").get(0).path("active")
                .asBoolean()).isFalse();
    }
}
