package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Importing, syncing, pushing and linking single records of a connection through /graphql/admin. */
class RecordOperationsApiTest extends ConnectorApiTestSupport {

    TenantId tenant;
    String admin;
    String user;
    String connection;

    @BeforeEach
    void connection() {
        tenant = createTenant("Single records");
        admin = TestPlatform.token(tenant, Role.TENANT_ADMIN);
        user = TestPlatform.token(tenant, Role.TENANT_USER);
        connection = data(admin, "mutation { createConnection(input: {connector: \"echo\", name: \"Echo\", config: {apiKey: \""
                + ConnectorTestBeans.GOOD_KEY + "\"}}) { id } }").path("createConnection").path("id").asString();
        data(admin, "mutation { checkConnection(id: \"" + connection + "\") { passed } }");
        data(admin, "mutation { enableConnection(id: \"" + connection + "\") { status } }");
    }

    @Test
    void anAdminImportsAnExternalRecordAndSyncsItAgainAfterItChanged() {
        ConnectorTestBeans.EchoConnector.of(connection).put("r-1", Map.of("companyName", "Imported GmbH", "city", "Bonn"));

        String id = data(admin, "mutation { importExternalRecord(connection: \"" + connection + "\", stream: \"companies\", externalId: \"r-1\") }")
                .path("importExternalRecord").asString();
        JsonNode imported = company(id);
        ConnectorTestBeans.EchoConnector.of(connection).put("r-1", Map.of("companyName", "Imported GmbH", "city", "Berlin"));
        String synced = data(admin, "mutation { syncRecord(connection: \"" + connection + "\", object: \"company\", recordId: \"" + id + "\") }")
                .path("syncRecord").asString();
        JsonNode links = data(admin, "{ externalLinks(connection: \"" + connection + "\", recordId: \"" + id + "\") { stream externalId object recordId } }")
                .path("externalLinks");
        JsonNode missing = data(admin, "mutation { importExternalRecord(connection: \"" + connection + "\", stream: \"companies\", externalId: \"nope\") }");

        assertThat(imported.path("name").asString()).isEqualTo("Imported GmbH");
        assertThat(imported.path("city").asString()).isEqualTo("Bonn");
        assertThat(synced).isEqualTo(id);
        assertThat(company(id).path("city").asString()).isEqualTo("Berlin");
        assertThat(links).hasSize(1);
        assertThat(links.get(0).path("externalId").asString()).isEqualTo("r-1");
        assertThat(links.get(0).path("object").asString()).isEqualTo("company");
        assertThat(missing.path("importExternalRecord").isNull()).isTrue();
    }

    @Test
    void anAdminPushesARecordNowAndARefusalNamesTheExternalFields() {
        String local = createCompany("Local AG");
        String refused = createCompany("REJECT");

        JsonNode pushed = data(admin, "mutation { pushRecord(connection: \"" + connection + "\", stream: \"companies\", recordId: \"" + local
                + "\") { stream externalId recordId } }").path("pushRecord");
        JsonNode rejection = post(admin, "mutation { pushRecord(connection: \"" + connection + "\", stream: \"companies\", recordId: \"" + refused
                + "\") { externalId } }");

        assertThat(pushed.path("recordId").asString()).isEqualTo(local);
        assertThat(ConnectorTestBeans.EchoConnector.of(connection).get(pushed.path("externalId").asString()))
                .containsEntry("companyName", "Local AG");
        assertThat(code(rejection)).isEqualTo("VALIDATION_FAILED");
        assertThat(rejection.path("errors").get(0).path("extensions").path("details").findValuesAsString("field")).containsExactly("companyName");
        assertThat(data(admin, "{ externalLinks(connection: \"" + connection + "\", recordId: \"" + refused + "\") { externalId } }")
                .path("externalLinks").isEmpty()).isTrue();
    }

    @Test
    void anAdminSearchesTheExternalSystemBeforeLinkingAndSeesWhatIsLinkedAlready() {
        ConnectorTestBeans.EchoConnector.of(connection).put("s-1", Map.of("companyName", "Searchable GmbH", "city", "Ulm"));
        ConnectorTestBeans.EchoConnector.of(connection).put("s-2", Map.of("companyName", "Searchable AG"));
        ConnectorTestBeans.EchoConnector.of(connection).put("s-3", Map.of("companyName", "Other"));
        String record = createCompany("Searchable GmbH");
        data(admin, link(record, "s-1"));

        JsonNode hits = data(admin, "{ searchExternal(connection: \"" + connection + "\", stream: \"companies\", criteria: {name: \"Searchable\"})"
                + " { externalId fields linkedRecordId } }").path("searchExternal");
        JsonNode tooShort = post(admin, "{ searchExternal(connection: \"" + connection + "\", stream: \"companies\", criteria: {name: \"Se\"}) { externalId } }");
        JsonNode unknown = post(admin, "{ searchExternal(connection: \"" + connection + "\", stream: \"companies\", criteria: {color: \"red\"}) { externalId } }");

        assertThat(hits.findValuesAsString("externalId")).containsExactly("s-1", "s-2");
        assertThat(hits.get(0).path("fields").path("city").asString()).isEqualTo("Ulm");
        assertThat(hits.get(0).path("linkedRecordId").asString()).isEqualTo(record);
        assertThat(hits.get(1).path("linkedRecordId").isNull()).isTrue();
        assertThat(code(tooShort)).isEqualTo("VALIDATION_FAILED");
        assertThat(tooShort.path("errors").get(0).path("extensions").path("details").findValuesAsString("message"))
                .containsExactly("name needs at least 3 characters");
        assertThat(unknown.path("errors").get(0).path("extensions").path("details").findValuesAsString("field")).containsExactly("criteria.color");
    }

    @Test
    void linksAreEditedByHandAndARecordOrExternalIdLinkedTwiceIsAConflict() {
        String first = createCompany("First");
        String second = createCompany("Second");

        data(admin, link(first, "x-1"));
        JsonNode externalTaken = post(admin, link(second, "x-1"));
        JsonNode recordTaken = post(admin, link(first, "x-2"));
        boolean unlinked = data(admin, unlink(first)).path("unlinkRecord").asBoolean();
        boolean unlinkedAgain = data(admin, unlink(first)).path("unlinkRecord").asBoolean();
        JsonNode relinked = data(admin, link(second, "x-1")).path("linkRecord");

        assertThat(code(externalTaken)).isEqualTo("CONFLICT");
        assertThat(code(recordTaken)).isEqualTo("CONFLICT");
        assertThat(unlinked).isTrue();
        assertThat(unlinkedAgain).isFalse();
        assertThat(relinked.path("recordId").asString()).isEqualTo(second);
        assertThat(data(admin, "{ externalLinks(connection: \"" + connection + "\", recordId: \"" + first + "\") { externalId } }")
                .path("externalLinks").isEmpty()).isTrue();
    }

    @Test
    void anotherTenantsAdminCannotUseTheConnectionsRecordOperations() {
        ConnectorTestBeans.EchoConnector.of(connection).put("r-9", Map.of("companyName", "Not Yours"));
        String record = createCompany("Mine");
        data(admin, link(record, "x-9"));
        TenantId other = createTenant("Other");
        String otherAdmin = TestPlatform.token(other, Role.TENANT_ADMIN);

        for (String operation : new String[] {
                "mutation { importExternalRecord(connection: \"" + connection + "\", stream: \"companies\", externalId: \"r-9\") }",
                "mutation { syncRecord(connection: \"" + connection + "\", object: \"company\", recordId: \"" + record + "\") }",
                "mutation { pushRecord(connection: \"" + connection + "\", stream: \"companies\", recordId: \"" + record + "\") { externalId } }",
                link(record, "x-10"),
                unlink(record),
                "{ externalLinks(connection: \"" + connection + "\", recordId: \"" + record + "\") { externalId } }",
                "{ searchExternal(connection: \"" + connection + "\", stream: \"companies\", criteria: {name: \"Not Yours\"}) { externalId } }"}) {
            assertThat(code(post(otherAdmin, operation))).as(operation).isEqualTo("NOT_FOUND");
        }
        assertThat(tenantData(TestPlatform.token(other, Role.TENANT_USER), "{ companies(first: 1) { totalCount } }")
                .path("companies").path("totalCount").asInt()).isZero();
        assertThat(data(admin, "{ externalLinks(connection: \"" + connection + "\", recordId: \"" + record + "\") { externalId } }")
                .path("externalLinks").findValuesAsString("externalId")).containsExactly("x-9");
    }

    private String link(String record, String externalId) {
        return "mutation { linkRecord(connection: \"" + connection + "\", stream: \"companies\", recordId: \"" + record + "\", externalId: \""
                + externalId + "\") { stream externalId recordId } }";
    }

    private String unlink(String record) {
        return "mutation { unlinkRecord(connection: \"" + connection + "\", stream: \"companies\", recordId: \"" + record + "\") }";
    }

    private String createCompany(String name) {
        return tenantData(user, "mutation { createCompany(data: {name: \"" + name + "\"}) { id } }").path("createCompany").path("id").asString();
    }

    private JsonNode company(String id) {
        return tenantData(user, "{ company(id: \"" + id + "\") { name city } }").path("company");
    }
}
