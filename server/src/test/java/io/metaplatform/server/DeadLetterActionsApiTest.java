package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Dead letters an admin acts on through /graphql/admin: filter, mark resolved, retry one or all. */
class DeadLetterActionsApiTest extends ConnectorApiTestSupport {

    TenantId tenant;
    String admin;
    String user;
    String connection;

    @BeforeEach
    void connection() {
        tenant = createTenant("Dead letters");
        admin = TestPlatform.token(tenant, Role.TENANT_ADMIN);
        user = TestPlatform.token(tenant, Role.TENANT_USER);
        connection = data(admin, "mutation { createConnection(input: {connector: \"echo\", name: \"Echo\", config: {apiKey: \""
                + ConnectorTestBeans.GOOD_KEY + "\"}}) { id } }").path("createConnection").path("id").asString();
        data(admin, "mutation { checkConnection(id: \"" + connection + "\") { passed } }");
        data(admin, "mutation { enableConnection(id: \"" + connection + "\") { status } }");
    }

    @Test
    void aRetriedDeadLetterWhoseExternalRecordIsNowValidIsImportedAndResolved() {
        String letter = invalid("d-1");
        assertThat(letters("stream: \"companies\", code: INVALID_RECORD, unresolved: true").findValuesAsString("id")).containsExactly(letter);
        assertThat(letters("stream: \"contacts\"")).isEmpty();
        assertThat(letters("code: REJECTED")).isEmpty();

        JsonNode stillInvalid = data(admin, "mutation { retryDeadLetter(connection: \"" + connection + "\", id: \"" + letter
                + "\") { resolved failedAgain skipped } }").path("retryDeadLetter");
        assertThat(stillInvalid.path("failedAgain").asInt()).isEqualTo(1);
        JsonNode newest = letters("unresolved: true");
        assertThat(newest).hasSize(1);

        ConnectorTestBeans.EchoConnector.of(connection).put("d-1", Map.of("companyName", "Fixed GmbH"));
        JsonNode retried = data(admin, "mutation { retryDeadLetter(connection: \"" + connection + "\", id: \""
                + newest.get(0).path("id").asString() + "\") { resolved failedAgain skipped } }").path("retryDeadLetter");

        assertThat(retried.path("resolved").asInt()).isEqualTo(1);
        assertThat(letters("unresolved: true")).isEmpty();
        assertThat(letters("").findValuesAsString("resolvedAt")).hasSize(2).doesNotContainNull();
        assertThat(tenantData(user, "{ companies(first: 5) { edges { node { name } } } }").findValuesAsString("name")).containsExactly("Fixed GmbH");
    }

    @Test
    void retryAllTakesTheMatchingUnresolvedLettersAndResolveMarksWithoutRetrying() {
        invalid("a-1");
        invalid("a-2");
        String third = invalid("a-3");
        ConnectorTestBeans.EchoConnector.of(connection).put("a-1", Map.of("companyName", "One"));
        ConnectorTestBeans.EchoConnector.of(connection).put("a-2", Map.of("companyName", "Two"));

        int resolved = data(admin, "mutation { resolveDeadLetters(connection: \"" + connection + "\", ids: [\"" + third + "\"]) }")
                .path("resolveDeadLetters").asInt();
        JsonNode retried = data(admin, "mutation { retryDeadLetters(connection: \"" + connection + "\", stream: \"companies\") {"
                + " resolved failedAgain skipped } }").path("retryDeadLetters");

        assertThat(resolved).isEqualTo(1);
        assertThat(retried.path("resolved").asInt()).isEqualTo(2);
        assertThat(retried.path("failedAgain").asInt()).isZero();
        assertThat(letters("unresolved: true")).isEmpty();
        assertThat(tenantData(user, "{ companies(first: 5) { edges { node { name } } } }").findValuesAsString("name"))
                .containsExactlyInAnyOrder("One", "Two");
    }

    @Test
    void anotherTenantsAdminCannotSeeResolveOrRetryTheConnectionsDeadLetters() {
        String letter = invalid("x-1");
        ConnectorTestBeans.EchoConnector.of(connection).put("x-1", Map.of("companyName", "Not Yours"));
        TenantId other = createTenant("Other dead letters");
        String otherAdmin = TestPlatform.token(other, Role.TENANT_ADMIN);

        assertThat(code(post(otherAdmin, "mutation { retryDeadLetter(connection: \"" + connection + "\", id: \"" + letter
                + "\") { resolved } }"))).isEqualTo("NOT_FOUND");
        assertThat(code(post(otherAdmin, "mutation { retryDeadLetters(connection: \"" + connection + "\") { resolved } }"))).isEqualTo("NOT_FOUND");
        assertThat(data(otherAdmin, "mutation { resolveDeadLetters(connection: \"" + connection + "\") }").path("resolveDeadLetters").asInt()).isZero();
        assertThat(data(otherAdmin, "{ deadLetters(connection: \"" + connection + "\") { nodes { id } } }")
                .path("deadLetters").path("nodes")).isEmpty();

        assertThat(letters("unresolved: true").findValuesAsString("id")).containsExactly(letter);
        assertThat(tenantData(user, "{ companies(first: 1) { totalCount } }").path("companies").path("totalCount").asInt()).isZero();
    }

    /** Imports an external record without a name, which the platform refuses; returns the dead letter's id. */
    private String invalid(String externalId) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("city", "Bonn");
        ConnectorTestBeans.EchoConnector.of(connection).put(externalId, fields);
        post(admin, "mutation { importExternalRecord(connection: \"" + connection + "\", stream: \"companies\", externalId: \"" + externalId + "\") }");
        return letters("unresolved: true").get(0).path("id").asString();
    }

    private JsonNode letters(String filter) {
        JsonNode page = data(admin, "{ deadLetters(connection: \"" + connection + "\"" + (filter.isEmpty() ? "" : ", " + filter)
                + ") { edges { cursor node { id stream code externalId resolvedAt } } pageInfo { hasNextPage endCursor }"
                + " nodes { id } } }").path("deadLetters");
        tools.jackson.databind.node.ArrayNode nodes = tools.jackson.databind.json.JsonMapper.builder().build().createArrayNode();
        page.path("edges").forEach(edge -> nodes.add(edge.path("node")));
        // the deprecated list before Relay connections answers the same, for one release
        assertThat(page.path("nodes").findValuesAsString("id")).isEqualTo(nodes.findValuesAsString("id"));
        assertThat(page.path("pageInfo").path("hasNextPage").asBoolean()).isFalse();
        return nodes;
    }
}
