package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What a frontend needs to render and check a form, through the public API: payload schemas at /api/schemas/{object}
 * and as _jsonSchema, layouts defined on /graphql/admin and served as _layouts; each tenant sees only its own.
 */
class FrontendSchemasAndLayoutsApiTest extends ConnectorApiTestSupport {

    private static final String FORM = "mutation { defineLayout(object: \"company\", input: {name: \"main\", label: \"Main\", form: {sections: ["
            + "{label: \"Company\", columns: 2, fields: [{field: \"name\", helpText: \"Legal name\"}, {field: \"score\", readOnly: true}]}]}})"
            + " { name isDefault kind form { sections { label columns fields { field helpText readOnly } } } problems { path } } }";
    private static final String LIST = "mutation { defineLayout(object: \"company\", input: {name: \"top\", list: {columns: [{field: \"name\"},"
            + " {field: \"score\", width: 80}], sort: [{field: \"score\", descending: true}], filters: [{name: \"high\", label: \"High\","
            + " filter: {score: {gt: 10}}}], pageSize: 50}}) { name isDefault } }";

    TenantId tenant;
    String user;
    String admin;
    String otherUser;
    String otherAdmin;

    @BeforeEach
    void tenantsWithACustomField() {
        tenant = createTenant("Forms");
        user = TestPlatform.token(tenant, Role.TENANT_USER);
        // The custom fields these tests add are for tenant users too (new fields are the admin's until granted).
        grantAllFieldsToUsers(tenant, "company");
        admin = TestPlatform.token(tenant, Role.TENANT_ADMIN);
        TenantId other = createTenant("Other");
        otherUser = TestPlatform.token(other, Role.TENANT_USER);
        otherAdmin = TestPlatform.token(other, Role.TENANT_ADMIN);
        data(admin, "mutation { createField(object: \"company\", input: {apiName: \"score\", type: {kind: \"INTEGER\"},"
                + " constraints: {min: \"0\", max: \"100\", required: true}}) { metadataVersion } }");
    }

    @Test
    void aTenantMemberGetsTheObjectsPayloadSchemasOverRest() {
        Api.Response create = api.get("/api/schemas/company", user);
        assertThat(create.status()).isEqualTo(200);
        assertThat(create.contentType()).startsWith("application/schema+json");
        JsonNode schema = create.json();
        assertThat(schema.path("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("properties").path("score").path("type").asString()).isEqualTo("integer");
        assertThat(schema.path("properties").path("score").path("maximum").asInt()).isEqualTo(100);
        assertThat(schema.path("required").toString()).contains("\"score\"");

        JsonNode update = api.get("/api/schemas/company?operation=update", user).json();
        assertThat(update.path("required").isMissingNode()).isTrue();

        Api.Response unknown = api.get("/api/schemas/nothing", user);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("NOT_FOUND");
        assertThat(unknown.json().path("errors").get(0).path("field").asString()).isEqualTo("object");
        Api.Response badOperation = api.get("/api/schemas/company?operation=delete", user);
        assertThat(badOperation.status()).isEqualTo(400);
        assertThat(badOperation.json().path("errors").get(0).path("field").asString()).isEqualTo("operation");
        assertThat(api.get("/api/schemas/company", null).status()).isEqualTo(401);
    }

    @Test
    void anotherTenantsSchemaHasNoneOfThisTenantsFields() {
        JsonNode theirs = api.get("/api/schemas/company", otherUser).json();
        assertThat(theirs.path("properties").has("name")).isTrue();
        assertThat(theirs.path("properties").has("score")).isFalse();
        JsonNode viaGraphQl = tenantData(otherUser, "{ _jsonSchema(object: \"company\") }").path("_jsonSchema");
        assertThat(viaGraphQl.path("properties").has("score")).isFalse();
    }

    @Test
    void theDataApiServesTheSameSchemaAsJson() {
        JsonNode schema = tenantData(user, "{ _jsonSchema(object: \"company\", operation: UPDATE) }").path("_jsonSchema");
        assertThat(schema).isEqualTo(api.get("/api/schemas/company?operation=update", user).json());
        JsonNode unknown = post("/graphql", user, "{ _jsonSchema(object: \"nothing\") }", Map.of());
        assertThat(code(unknown)).isEqualTo("NOT_FOUND");
    }

    @Test
    void layoutsDefinedByAnAdminAreServedToFrontendsOfTheTenantOnly() {
        JsonNode form = data(admin, FORM).path("defineLayout");
        assertThat(form.path("isDefault").asBoolean()).isTrue();
        assertThat(form.path("form").path("sections").get(0).path("fields").get(1).path("readOnly").asBoolean()).isTrue();
        data(admin, LIST);

        JsonNode served = tenantData(user, "{ _layouts(object: \"company\") { name kind isDefault form { sections { columns fields { field helpText } } }"
                + " list { columns { field width } sort { field descending } filters { name filter } pageSize } problems { path field code } } }")
                .path("_layouts");
        assertThat(served).hasSize(2);
        assertThat(served.get(0).path("kind").asString()).isEqualTo("FORM");
        assertThat(served.get(0).path("form").path("sections").get(0).path("fields").get(0).path("helpText").asString()).isEqualTo("Legal name");
        assertThat(served.get(1).path("list").path("filters").get(0).path("filter").path("score").path("gt").asInt()).isEqualTo(10);
        assertThat(served.get(1).path("list").path("pageSize").asInt()).isEqualTo(50);

        assertThat(tenantData(otherUser, "{ _layouts(object: \"company\") { name } }").path("_layouts")).isEmpty();
        assertThat(data(otherAdmin, "{ layouts(object: \"company\") { name } }").path("layouts")).isEmpty();
        JsonNode foreignDelete = post(otherAdmin, "mutation { deleteLayout(object: \"company\", kind: FORM, name: \"main\") }");
        assertThat(code(foreignDelete)).isEqualTo("NOT_FOUND");
        assertThat(data(admin, "{ layouts(object: \"company\", kind: FORM) { name } }").path("layouts")).hasSize(1);
    }

    @Test
    void aBadLayoutIsRefusedWithEveryProblemAndOnlyAdminsDefineLayouts() {
        JsonNode refused = post(admin, "mutation { defineLayout(object: \"company\", input: {name: \"x\", list: {columns: [{field: \"nope\"}],"
                + " pageSize: 0}}) { name } }");
        assertThat(code(refused)).isEqualTo("VALIDATION_FAILED");
        assertThat(refused.path("errors").get(0).path("extensions").path("details").toString())
                .contains("input.list.columns[0].field", "UNKNOWN_FIELD", "input.list.pageSize", "OUT_OF_RANGE");
        JsonNode neither = post(admin, "mutation { defineLayout(object: \"company\", input: {name: \"x\"}) { name } }");
        assertThat(neither.path("errors").get(0).path("extensions").path("details").get(0).path("field").asString()).isEqualTo("input.form");
        JsonNode unknownObject = post(admin, "mutation { defineLayout(object: \"nothing\", input: {name: \"x\", form: {sections: []}}) { name } }");
        assertThat(code(unknownObject)).isEqualTo("NOT_FOUND");

        assertThat(code(post("/graphql/admin", user, FORM, Map.of()))).isEqualTo("FORBIDDEN");
    }

    @Test
    void aFieldDeletedAfterTheLayoutWasSavedIsSkippedAndReportedNeverAnError() {
        data(admin, "mutation { createField(object: \"company\", input: {apiName: \"note\", type: {kind: \"TEXT\"}}) { metadataVersion } }");
        data(admin, "mutation { defineLayout(object: \"company\", input: {name: \"withNote\", form: {sections: [{fields: [{field: \"name\"},"
                + " {field: \"note\"}]}]}}) { name } }");
        data(admin, "mutation { deleteField(object: \"company\", field: \"note\") { metadataVersion } }");

        JsonNode layout = tenantData(user, "{ _layouts(object: \"company\", kind: FORM) { form { sections { fields { field } } }"
                + " problems { path field code } } }").path("_layouts").get(0);
        assertThat(layout.path("form").path("sections").get(0).path("fields")).hasSize(1);
        assertThat(layout.path("problems").get(0).path("field").asString()).isEqualTo("note");
        assertThat(layout.path("problems").get(0).path("code").asString()).isEqualTo("FIELD_DELETED");
        assertThat(layout.path("problems").get(0).path("path").asString()).isEqualTo("sections[0].fields[1]");
    }
}
