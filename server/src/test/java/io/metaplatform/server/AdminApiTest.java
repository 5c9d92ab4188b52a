package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The metadata API at /graphql/admin, and its effect on the data API at the next request. */
class AdminApiTest extends ApiTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    TenantId tenant;
    String admin;
    String user;

    @BeforeEach
    void tenant() {
        tenant = createTenant("Admin");
        admin = TestPlatform.token(tenant, Role.TENANT_ADMIN);
        user = TestPlatform.token(tenant, Role.TENANT_USER);
    }

    @Test
    void aFieldAddedThroughTheAdminApiIsUsableAtTheNextRequest() {
        JsonNode created = data("/graphql/admin", admin, """
                mutation { createField(object: "company", input: {apiName: "tier", label: "Tier",
                    type: {kind: "SELECT", options: [{id: "gold", value: "GOLD", label: "Gold", position: 0},
                                                     {id: "silver", value: "SILVER", label: "Silver", position: 1}]}}) {
                  metadataVersion field { id apiName kind version } } }""").path("createField");
        data("/graphql/admin", admin, """
                mutation { createField(object: "company", input: {apiName: "seats", type: {kind: "INTEGER"}}) { metadataVersion } }""");
        // New fields are the admin's until granted to tenant users.
        grantAllFieldsToUsers(tenant, "company");

        assertThat(created.path("metadataVersion").asLong()).isEqualTo(1);
        assertThat(created.path("field").path("kind").asString()).isEqualTo("SELECT");
        data("/graphql", user, "mutation { createCompanies(data: [{name: \"A\", tier: GOLD, seats: 10}, {name: \"B\", tier: SILVER, seats: 3},"
                + " {name: \"C\", tier: GOLD, seats: 7}]) { id } }");
        JsonNode page = data("/graphql", user,
                "{ companies(filter: {tier: {eq: GOLD}}, orderBy: [{field: seats, direction: DESC}]) { edges { node { name tier seats } } } }");
        JsonNode groups = data("/graphql", user, "{ companiesAggregate(groupBy: [{field: tier}]) { group count sum { seats } } }");

        assertThat(page.path("companies").path("edges").findValuesAsString("name")).containsExactly("A", "C");
        assertThat(groups.path("companiesAggregate").get(0).path("group").path("tier").asString()).isEqualTo("GOLD");
        assertThat(groups.path("companiesAggregate").get(0).path("sum").path("seats").asString()).isEqualTo("17");
    }

    @Test
    void renameIsVisibleAndADeletedFieldIsGoneFromTheDataApi() {
        data("/graphql/admin", admin, "mutation { createField(object: \"company\", input: {apiName: \"industry\", type: {kind: \"TEXT\", maxLength: 80}}) { metadataVersion } }");
        grantAllFieldsToUsers(tenant, "company");
        data("/graphql", user, "mutation { createCompany(data: {name: \"ACME\", industry: \"Robotics\"}) { id } }");

        data("/graphql/admin", admin, "mutation { updateField(object: \"company\", field: \"industry\", input: {apiName: \"sector\"}, expectedVersion: 1) { metadataVersion } }");
        assertThat(data("/graphql", user, "{ companies { edges { node { sector } } } }").path("companies").path("edges").findValuesAsString("sector"))
                .containsExactly("Robotics");

        data("/graphql/admin", admin, "mutation { deleteField(object: \"company\", field: \"sector\") { metadataVersion } }");
        JsonNode gone = post("/graphql", user, "{ companies { edges { node { sector } } } }");
        assertThat(gone.path("errors").get(0).path("extensions").path("code").asString()).isEqualTo("VALIDATION_FAILED");
        JsonNode changes = data("/graphql/admin", admin, "{ metadataChanges { metadataVersion operation actor } }").path("metadataChanges");
        assertThat(changes.findValuesAsString("operation")).filteredOn(operation -> operation.endsWith("_FIELD"))
                .containsExactly("CREATE_FIELD", "UPDATE_FIELD", "DELETE_FIELD");
    }

    @Test
    void theChangeLogPagesAsARelayConnectionAndShowsNothingOfAnotherTenant() {
        for (String name : new String[] {"a1", "a2", "a3"}) {
            data("/graphql/admin", admin, "mutation { createField(object: \"company\", input: {apiName: \"" + name
                    + "\", type: {kind: \"TEXT\", maxLength: 20}}) { metadataVersion } }");
        }
        String otherAdmin = TestPlatform.token(createTenant("Other"), Role.TENANT_ADMIN);
        data("/graphql/admin", otherAdmin, "mutation { createField(object: \"company\", input: {apiName: \"theirs\", type: {kind: \"TEXT\","
                + " maxLength: 20}}) { metadataVersion } }");
        String query = "query($after: String) { metadataChangeLog(first: 2, after: $after) { edges { cursor node { metadataVersion after } }"
                + " pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }";

        JsonNode first = data("/graphql/admin", admin, query, Map.of()).path("metadataChangeLog");
        JsonNode second = data("/graphql/admin", admin, query, Map.of("after", first.path("pageInfo").path("endCursor").asString()))
                .path("metadataChangeLog");
        JsonNode badFirst = post("/graphql/admin", admin, "{ metadataChangeLog(first: 501) { pageInfo { hasNextPage } } }");
        JsonNode badCursor = post("/graphql/admin", admin, "{ metadataChangeLog(after: \"nope\") { pageInfo { hasNextPage } } }");

        assertThat(first.path("edges").findValues("metadataVersion")).extracting(JsonNode::asLong).containsExactly(1L, 2L);
        assertThat(first.path("pageInfo").path("hasNextPage").asBoolean()).isTrue();
        assertThat(first.path("pageInfo").path("hasPreviousPage").asBoolean()).isFalse();
        assertThat(first.path("pageInfo").path("startCursor").asString()).isEqualTo(first.path("edges").get(0).path("cursor").asString());
        assertThat(second.path("edges").findValues("metadataVersion")).extracting(JsonNode::asLong).containsExactly(3L);
        assertThat(second.path("pageInfo").path("hasNextPage").asBoolean()).isFalse();
        assertThat(first.toString() + second).contains("a1", "a2", "a3").doesNotContain("theirs");
        assertThat(badFirst.path("errors").get(0).path("extensions").path("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(badFirst.path("errors").get(0).path("extensions").path("details").findValuesAsString("field")).containsExactly("first");
        assertThat(badCursor.path("errors").get(0).path("extensions").path("details").findValuesAsString("code"))
                .containsExactly("INVALID_CURSOR");
        // the deprecated list still answers for one release
        assertThat(data("/graphql/admin", admin, "{ metadataChanges { metadataVersion } }").path("metadataChanges")).hasSize(3);
    }

    @Test
    void typedFieldTypeAndConstraintsInputsWorkLikeTheirJsonTwinsAndToolsCanCheckThem() {
        JsonNode created = data("/graphql/admin", admin, """
                mutation { createField(object: "company", input: {apiName: "tier",
                    fieldType: {kind: "SELECT", options: [{value: "GOLD", label: "Gold", position: 0}, {value: "SILVER", position: 1}]},
                    fieldConstraints: {required: false, defaultValue: "GOLD"}}) {
                  field { kind type constraints } } }""").path("createField").path("field");
        JsonNode decimal = data("/graphql/admin", admin, """
                mutation { createField(object: "company", input: {apiName: "margin", fieldType: {kind: "DECIMAL", precision: 10, scale: 3},
                    fieldConstraints: {min: "0.001", max: 100}}) { field { type constraints } } }""").path("createField").path("field");
        JsonNode unknownSetting = post("/graphql/admin", admin, """
                mutation { createField(object: "company", input: {apiName: "x", fieldType: {kind: "TEXT", maxLenght: 5}}) { metadataVersion } }""");
        JsonNode both = post("/graphql/admin", admin, """
                mutation { createField(object: "company", input: {apiName: "y", fieldType: {kind: "TEXT"}, type: {kind: "TEXT"}}) { metadataVersion } }""");
        JsonNode neither = post("/graphql/admin", admin, """
                mutation { createField(object: "company", input: {apiName: "z"}) { metadataVersion } }""");
        JsonNode retyped = data("/graphql/admin", admin, """
                mutation { updateField(object: "company", field: "margin", input: {fieldType: {kind: "DECIMAL", precision: 12, scale: 3}}) {
                  field { type } } }""").path("updateField").path("field");

        assertThat(created.path("kind").asString()).isEqualTo("SELECT");
        assertThat(created.path("type").path("options").findValuesAsString("id")).containsExactly("gold", "silver");
        assertThat(created.path("constraints").path("defaultValue").asString()).isEqualTo("GOLD");
        assertThat(decimal.path("type").path("scale").asInt()).isEqualTo(3);
        assertThat(decimal.path("constraints").path("min").decimalValue()).isEqualByComparingTo("0.001");
        assertThat(unknownSetting.path("errors").get(0).path("message").asString()).contains("maxLenght");
        assertThat(both.path("errors").get(0).path("extensions").path("details").findValuesAsString("code")).containsExactly("AMBIGUOUS");
        assertThat(neither.path("errors").get(0).path("extensions").path("details").findValuesAsString("field"))
                .containsExactly("input.fieldType");
        assertThat(retyped.path("type").path("precision").asInt()).isEqualTo(12);
    }

    @Test
    void staleExpectedVersionIsAConflictAndBadTypesAreValidationErrors() {
        data("/graphql/admin", admin, "mutation { createField(object: \"company\", input: {apiName: \"region\", type: {kind: \"TEXT\", maxLength: 50}}) { metadataVersion } }");
        data("/graphql/admin", admin, "mutation { updateField(object: \"company\", field: \"region\", input: {label: \"Region\"}, expectedVersion: 1) { metadataVersion } }");

        JsonNode stale = post("/graphql/admin", admin, "mutation { updateField(object: \"company\", field: \"region\", input: {label: \"Gebiet\"}, expectedVersion: 1) { metadataVersion } }");
        JsonNode badType = post("/graphql/admin", admin, "mutation { createField(object: \"company\", input: {apiName: \"x\", type: {kind: \"COLOUR\"}}) { metadataVersion } }");

        assertThat(stale.path("errors").get(0).path("extensions").path("code").asString()).isEqualTo("CONFLICT");
        assertThat(badType.path("errors").get(0).path("extensions").path("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(badType.path("errors").get(0).path("extensions").path("details").get(0).path("field").asString()).isEqualTo("input.type");
    }

    @Test
    void onlyTenantAdminsUseTheAdminApiAndOtherTenantsNeverSeeTheirFields() {
        JsonNode asUser = post("/graphql/admin", user, "{ metadataVersion }");
        data("/graphql/admin", admin, "mutation { createField(object: \"company\", input: {apiName: \"secret\", type: {kind: \"TEXT\", maxLength: 9}}) { metadataVersion } }");
        String otherAdmin = TestPlatform.token(createTenant("Other"), Role.TENANT_ADMIN);
        JsonNode otherCompany = data("/graphql/admin", otherAdmin, "{ object(apiName: \"company\") { fields { apiName } } }");

        assertThat(asUser.path("errors").get(0).path("extensions").path("code").asString()).isEqualTo("FORBIDDEN");
        assertThat(otherCompany.path("object").path("fields").findValuesAsString("apiName")).contains("name").doesNotContain("secret");
        assertThat(post("/graphql", TestPlatform.token(createTenant("Third"), Role.TENANT_USER), "{ companies { edges { node { secret } } } }")
                .path("errors").get(0).path("extensions").path("code").asString()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void constraintsTakeWhatIsGivenAndNameEveryUnknownOrMistypedProperty() {
        JsonNode partial = data("/graphql/admin", admin, """
                mutation { createField(object: "company", input: {apiName: "code", type: {kind: "TEXT"},
                    constraints: {maxLength: 12, required: false}}) { field { constraints } } }""").path("createField");
        JsonNode refused = post("/graphql/admin", admin, """
                mutation { createField(object: "company", input: {apiName: "odd", type: {kind: "TEXT"},
                    constraints: {requird: true, unique: "yes", maxLength: -1, min: "abc"}}) { field { id } } }""");
        JsonNode deleted = data("/graphql/admin", admin, """
                mutation { deleteField(object: "company", field: "code") { metadataVersion } }""");
        JsonNode listed = data("/graphql/admin", admin, "{ object(apiName: \"company\") { deletedFields { id apiName deletedAt } } }");

        JsonNode constraints = partial.path("field").path("constraints");
        assertThat(constraints.path("maxLength").asInt()).isEqualTo(12);
        assertThat(constraints.path("required").asBoolean()).isFalse();
        assertThat(constraints.path("unique").asBoolean()).as("left out: the default").isFalse();
        assertThat(refused.path("errors").get(0).path("extensions").path("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(refused.path("errors").get(0).path("extensions").path("details").findValuesAsString("field")).containsExactlyInAnyOrder(
                "input.constraints.requird", "input.constraints.unique", "input.constraints.maxLength", "input.constraints.min");
        assertThat(deleted.path("deleteField").path("metadataVersion").asLong()).isPositive();
        assertThat(listed.path("object").path("deletedFields").findValuesAsString("apiName")).containsExactly("code");
        assertThat(data("/graphql/admin", admin, "{ object(apiName: \"company\") { fields { apiName } } }").findValuesAsString("apiName"))
                .as("nothing of the refused field was written").doesNotContain("odd");
    }

    @Test
    void adminsSwitchTheIndexOfTheirOwnFieldsOnly() {
        JsonNode created = data("/graphql/admin", admin, """
                mutation { createField(object: "company", input: {apiName: "region", type: {kind: "TEXT", maxLength: 40}}) {
                  field { indexState } } }""").path("createField").path("field");
        JsonNode unindexed = data("/graphql/admin", admin, """
                mutation { createField(object: "company", input: {apiName: "note", indexed: false, type: {kind: "TEXT", maxLength: 40}}) {
                  field { indexState } } }""").path("createField").path("field");
        String otherAdmin = TestPlatform.token(createTenant("Other"), Role.TENANT_ADMIN);
        JsonNode fromOtherTenant = post("/graphql/admin", otherAdmin,
                "mutation { setFieldIndexed(object: \"company\", field: \"region\", indexed: false) { field { indexState } } }");
        JsonNode off = data("/graphql/admin", admin,
                "mutation { setFieldIndexed(object: \"company\", field: \"region\", indexed: false) { field { indexState } } }");
        JsonNode unknownKind = post("/graphql/admin", admin, """
                mutation { createField(object: "company", input: {apiName: "flag", indexed: true, type: {kind: "BOOLEAN"}}) {
                  field { indexState } } }""");

        assertThat(created.path("indexState").asString()).isEqualTo("READY");
        assertThat(unindexed.path("indexState").asString()).isEqualTo("OFF");
        assertThat(fromOtherTenant.path("errors").get(0).path("extensions").path("code").asString()).isEqualTo("NOT_FOUND");
        assertThat(off.path("setFieldIndexed").path("field").path("indexState").asString()).isEqualTo("OFF");
        assertThat(unknownKind.path("errors").get(0).path("extensions").path("code").asString()).isEqualTo("VALIDATION_FAILED");
    }

    private JsonNode data(String path, String token, String query) {
        JsonNode response = post(path, token, query);
        assertThat(response.path("errors").isMissingNode() || response.path("errors").isEmpty())
                .as("errors: %s", response.path("errors")).isTrue();
        return response.path("data");
    }

    private JsonNode post(String path, String token, String query) {
        return JSON.readTree(api.post(path, token, JSON.writeValueAsString(Map.of("query", query))).body());
    }

    private JsonNode data(String path, String token, String query, Map<String, Object> variables) {
        JsonNode response = JSON.readTree(api.post(path, token, JSON.writeValueAsString(Map.of("query", query, "variables", variables))).body());
        assertThat(response.path("errors").isMissingNode() || response.path("errors").isEmpty())
                .as("errors: %s", response.path("errors")).isTrue();
        return response.path("data");
    }
}
