package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Requests malformed at the HTTP or JSON level get a 4xx with a stable code, never a 500. */
class MalformedRequestTest extends ConnectorApiTestSupport {

    private RawHttp http;
    private TenantId tenant;
    private String admin;

    @BeforeEach
    void tenant() {
        http = new RawHttp(port);
        tenant = createTenant("Malformed");
        admin = TestPlatform.token(tenant, Role.TENANT_ADMIN);
    }

    @Test
    void wildcardAndUnsupportedContentTypesAre415OnRest() {
        for (String type : List.of("*/*", "application/*", "text/plain", "application/xml", "a/b/c")) {
            RawHttp.Response response = send("POST", "/api/operator/tenants", TestPlatform.operatorToken(), type, "{\"slug\":\"x\",\"name\":\"y\"}");

            assertThat(response.status()).as(type).isEqualTo(415);
            assertThat(problemCode(response)).as(type).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        }
    }

    @Test
    void wildcardAndUnsupportedContentTypesAre415OnGraphQl() {
        for (String path : List.of("/graphql", "/graphql/admin")) {
            for (String type : List.of("*/*", "application/*", "text/plain", "multipart/form-data", "application/x-www-form-urlencoded")) {
                RawHttp.Response response = send("POST", path, admin, type, "{\"query\":\"{ __typename }\"}");

                assertThat(response.status()).as(path + " " + type).isEqualTo(415);
                assertThat(problemCode(response)).as(path + " " + type).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
            }
        }
    }

    @Test
    void missingContentTypeIs415() {
        assertThat(send("POST", "/graphql", admin, null, "{\"query\":\"{ __typename }\"}").status()).isEqualTo(415);
        RawHttp.Response rest = send("POST", "/api/operator/tenants", TestPlatform.operatorToken(), null, "{}");
        assertThat(rest.status()).isEqualTo(415);
        assertThat(problemCode(rest)).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void uploadsWithoutOrWithAWrongContentTypeAre415() {
        String connection = "/api/connections/" + data(admin, """
                mutation { createConnection(input: {connector: "csv", name: "File", config: {keyColumn: "number"},
                    streams: [{name: "rows", targetObject: "company", upsertOn: "customerNumber", mappings: [
                        {externalField: "number", targetField: "customerNumber", direction: READ}]}]}) { id } }""")
                .path("createConnection").path("id").asString() + "/runs";
        for (String type : new String[] {null, "*/*", "multipart/form-data", "application/json"}) {
            RawHttp.Response response = send("POST", connection, admin, type, "number,name\n1,a\n");

            assertThat(response.status()).as(String.valueOf(type)).isEqualTo(415);
            assertThat(problemCode(response)).as(String.valueOf(type)).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        }
    }

    @Test
    void webhooksTakeWhateverConcreteContentTypeTheExternalSystemSends() {
        for (String type : new String[] {null, "application/x-www-form-urlencoded", "text/xml; charset=latin1"}) {
            RawHttp.Response response = send("POST", "/api/webhooks/" + java.util.UUID.randomUUID(), null, type, "event=1");

            assertThat(response.status()).as(String.valueOf(type)).isEqualTo(404);
            assertThat(problemCode(response)).as(String.valueOf(type)).isEqualTo("NOT_FOUND");
        }
    }

    @Test
    void aWildcardOrUnparsableContentTypeIs415OnAnyPath() {
        for (String path : List.of("/api/webhooks/" + java.util.UUID.randomUUID(), "/actuator/health", "/api/me")) {
            for (String type : List.of("*/*", "text/*", "json", "application/json; charset=nonsense")) {
                RawHttp.Response response = send(path.startsWith("/actuator") ? "GET" : "POST", path, path.equals("/api/me") ? admin : null, type, "{}");

                assertThat(response.status()).as(path + " " + type).isEqualTo(415);
                assertThat(problemCode(response)).as(path + " " + type).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
            }
        }
    }

    @Test
    void multipartWithoutBoundaryIsAClientError() {
        for (String path : List.of("/api/operator/tenants", "/api/connections/" + java.util.UUID.randomUUID() + "/runs")) {
            RawHttp.Response response = send("POST", path, path.contains("operator") ? TestPlatform.operatorToken() : admin,
                    "multipart/form-data", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--\r\n");

            assertThat(response.status()).as(path).isEqualTo(415);
            assertThat(problemCode(response)).as(path).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        }
    }

    @Test
    void graphQlMembersOfTheWrongTypeAreNamed() {
        RawHttp.Response response = send("POST", "/graphql", admin, "application/json",
                "{\"query\":1,\"variables\":[],\"operationName\":{},\"extensions\":\"x\"}");

        assertThat(response.status()).isEqualTo(400);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(problem.path("errors").findValuesAsString("field")).containsExactly("extensions", "operationName", "query", "variables");
        assertThat(problem.path("errors").findValuesAsString("code")).containsOnly("INVALID_TYPE");
    }

    @Test
    void bodiesAboveTheirFamilysLimitAre413() {
        String query = "{\"query\":\"{ __typename }\",\"variables\":{\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}}";
        for (String path : List.of("/graphql", "/graphql/admin")) {
            RawHttp.Response response = send("POST", path, admin, "application/json", query);

            assertThat(response.status()).as(path).isEqualTo(413);
            assertThat(problemCode(response)).as(path).isEqualTo("PAYLOAD_TOO_LARGE");
        }
        RawHttp.Response chunked = http.send(new RawHttp.Request("POST", "/graphql", List.of(Map.entry("Authorization", "Bearer " + admin),
                Map.entry("Content-Type", "application/json"), Map.entry("Transfer-Encoding", "chunked")), query.getBytes(StandardCharsets.UTF_8)));
        assertThat(chunked.status()).isEqualTo(413);
        RawHttp.Response rest = send("POST", "/api/operator/tenants", TestPlatform.operatorToken(), "application/json",
                "{\"slug\":\"big\",\"name\":\"" + "x".repeat(1024 * 1024) + "\"}");
        assertThat(rest.status()).isEqualTo(413);
        assertThat(problemCode(rest)).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void graphQlBodiesThatAreNoRequestObjectAre400() {
        List<String> bodies = List.of("null", "[]", "[{\"query\":\"{ __typename }\"}]", "1", "\"{ __typename }\"", "true", "", "{", "{}",
                "{\"query\":null}", "{\"query\":1}", "{\"query\":[]}", "{\"query\":\"{ __typename }\",\"variables\":\"x\"}",
                "{\"query\":\"{ __typename }\",\"variables\":[]}", "{\"query\":\"{ __typename }\",\"operationName\":1}",
                "{\"query\":\"{ __typename }\",\"extensions\":\"x\"}", "{\"query\":\"{ __typename }\"} trailing",
                "[".repeat(5_000) + "]".repeat(5_000));
        List<String> wrong = new ArrayList<>();
        for (String path : List.of("/graphql", "/graphql/admin")) {
            for (String body : bodies) {
                RawHttp.Response response = send("POST", path, admin, "application/json", body);
                if (response.status() != 400 || !List.of("BAD_REQUEST", "VALIDATION_FAILED").contains(problemCode(response))) {
                    wrong.add(path + " " + abbreviate(body) + " -> " + response.status() + " " + abbreviate(response.body()));
                }
            }
        }

        assertThat(wrong).isEmpty();
    }

    @Test
    void soundGraphQlRequestsStillWork() {
        RawHttp.Response response = send("POST", "/graphql", admin, "application/json; charset=UTF-8",
                "{\"query\":\"query Q { __typename }\",\"variables\":null,\"operationName\":\"Q\",\"extensions\":{}}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("data").path("__typename").asString()).isEqualTo("Query");
    }

    @Test
    void restBodiesOfTheWrongShapeAre400() {
        for (String body : List.of("null", "[]", "1", "\"x\"", "", "{", "{\"slug\":1e999999}", "[".repeat(5_000) + "]".repeat(5_000))) {
            RawHttp.Response response = send("POST", "/api/operator/tenants", TestPlatform.operatorToken(), "application/json", body);

            assertThat(response.status()).as(abbreviate(body)).isEqualTo(400);
            assertThat(problemCode(response)).as(abbreviate(body)).isEqualTo("VALIDATION_FAILED");
        }
    }

    @Test
    void wrongMethodsAre405WithACode() {
        for (String[] call : new String[][] {{"DELETE", "/graphql"}, {"PUT", "/graphql/admin"}, {"DELETE", "/api/tenant"},
                {"PUT", "/api/operator/tenants"}}) {
            String token = call[1].startsWith("/api/operator") ? TestPlatform.operatorToken() : admin;
            RawHttp.Response response = send(call[0], call[1], token, null, null);

            assertThat(response.status()).as(String.join(" ", call)).isEqualTo(405);
            assertThat(response.body()).as(String.join(" ", call)).contains("METHOD_NOT_ALLOWED");
        }
    }

    @Test
    void requestsTheFirewallRefusesAre400WithACode() {
        for (String[] call : new String[][] {{"PROPFIND", "/graphql"}, {"GET", "/api/%2e%2e/tenant"}, {"GET", "/api//tenant"},
                {"GET", "/api/tenant;x=1"}}) {
            RawHttp.Response response = send(call[0], call[1], admin, null, null);

            assertThat(response.status()).as(String.join(" ", call)).isEqualTo(400);
            assertThat(problemCode(response)).as(String.join(" ", call)).isEqualTo("BAD_REQUEST");
        }
    }

    @Test
    void requestsTomcatCannotDecodeAre400() {
        // Refused by Tomcat before the application sees them, with its own (body-less) 400 page.
        for (String path : List.of("/api/tenant%00", "/api/%zz", "/api/operator/tenants/%E0%A4%A", "/api/tenant%2Fsettings")) {
            assertThat(send("GET", path, admin, null, null).status()).as(path).isEqualTo(400);
        }
    }

    private RawHttp.Response send(String method, String path, String token, String contentType, String body) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        if (token != null) {
            headers.add(Map.entry("Authorization", "Bearer " + token));
        }
        if (contentType != null) {
            headers.add(Map.entry("Content-Type", contentType));
        }
        return http.send(new RawHttp.Request(method, path, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String problemCode(RawHttp.Response response) {
        return JSON.readTree(response.body()).path("code").asString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
