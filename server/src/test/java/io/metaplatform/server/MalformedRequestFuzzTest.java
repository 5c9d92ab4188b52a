package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Five hundred generated malformed requests across the REST and GraphQL endpoints: wrong methods,
 * content types, bodies, headers, paths and JSON shapes. None may answer 5xx or drop the connection
 * without an answer. Seeded: {@code -Dfuzz.seed=...} replays a run (the seed is printed), and
 * {@code -Dfuzz.requests=...} sets how many requests are sent.
 *
 * <p>Some requests carry a NUL character in a GraphQL text value or filter: PostgreSQL refuses it in
 * text, and refusing it before SQL ({@code INVALID_CHARACTERS} on the field) is the value-validation
 * work of issue 19, on its own branch. Until both are merged those requests answer {@code INTERNAL}
 * and their failures say so; {@code -Dfuzz.nulValues=false} leaves them out.
 */
class MalformedRequestFuzzTest extends ConnectorApiTestSupport {

    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE", "PROPFIND", "FOO");
    private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json", "application/json; charset=UTF-8",
            "*/*", "application/*", "text/plain", "text/csv", "multipart/form-data", "multipart/form-data; boundary=xyz",
            "application/x-www-form-urlencoded", "application/graphql", "application/graphql+json", "application/graphql-response+json",
            "application/xml", "application/json; charset=nonsense", "application/json; charset=UTF-16", "a/b/c", "json", ";", "",
            "application/octet-stream", "application/problem+json", "text/html; q=x", "application/json;;;", "ünïcödé/type");
    private static final List<String> ACCEPTS = List.of("application/json", "*/*", "application/xml", "text/html", "image/png",
            "application/graphql-response+json", "application/json;q=0", "a/b/c", ";;;", "text/event-stream", "");

    /** A JSON-escaped NUL character, as a client writes it in a string value. */
    private static final String NUL_MARK = "\\u0000";

    private static final boolean NUL_VALUES = Boolean.parseBoolean(System.getProperty("fuzz.nulValues", "true"));

    private final Random random = new Random();
    private TenantId tenant;
    /** A tenant of its own for the operator calls that suspend, so the fuzzed tenant stays active. */
    private TenantId bystander;
    private String admin;
    private String connection;

    @Test
    void noMalformedRequestGetsA5xx() {
        long seed = Long.getLong("fuzz.seed", 19L);
        int requests = Integer.getInteger("fuzz.requests", 500);
        System.out.println("MalformedRequestFuzzTest seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
        random.setSeed(seed);
        tenant = createTenant("Fuzz");
        bystander = createTenant("Bystander");
        admin = TestPlatform.token(tenant, Role.TENANT_ADMIN);
        connection = data(admin, """
                mutation { createConnection(input: {connector: "csv", name: "Fuzzed file", config: {keyColumn: "number"},
                    streams: [{name: "rows", targetObject: "company", upsertOn: "customerNumber", mappings: [
                        {externalField: "number", targetField: "customerNumber", direction: READ}]}]}) { id } }""")
                .path("createConnection").path("id").asString();
        RawHttp http = new RawHttp(port);
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        java.util.Map<Integer, Integer> statuses = new java.util.TreeMap<>();

        for (int i = 0; i < requests; i++) {
            RawHttp.Request request = next();
            RawHttp.Response response = http.send(request);
            statuses.merge(response.status(), 1, Integer::sum);
            String fault = fault(response);
            if (fault != null) {
                failures.add("#" + i + " " + fault + ": " + abbreviate(response.body()) + "\n" + request
                        + (nulValue(request) ? "\n(a NUL character in a GraphQL text value: refused as INVALID_CHARACTERS on the"
                        + " value-validation branch; fails here until that is merged)" : ""));
            }
        }

        System.out.printf("MalformedRequestFuzzTest: %d requests in %d ms, answers by status %s%n", requests,
                (System.nanoTime() - started) / 1_000_000, statuses);
        assertThat(failures).as("seed %d", seed).isEmpty();
    }

    /**
     * What is wrong with an answer to a malformed request, or null: a 5xx, no answer, an {@code INTERNAL} code, or a
     * JSON 4xx without a code (Tomcat answers requests it cannot decode itself, in HTML, before the application).
     */
    private static String fault(RawHttp.Response response) {
        if (response.status() == 0) {
            return "got no answer";
        }
        if (response.status() >= 500) {
            return "answered " + response.status();
        }
        if (response.body().contains("\"INTERNAL\"")) {
            return "answered " + response.status() + " with code INTERNAL";
        }
        String type = String.valueOf(response.header("Content-Type")) + (response.body().startsWith("{") ? " json" : "");
        if (response.status() >= 400 && type.contains("json") && !response.body().isEmpty() && !response.body().contains("\"code\"")) {
            return "answered " + response.status() + " without a code";
        }
        return null;
    }

    private static boolean nulValue(RawHttp.Request request) {
        return request.target().startsWith("/graphql") && request.body() != null
                && new String(request.body(), StandardCharsets.UTF_8).contains(NUL_MARK);
    }

    private RawHttp.Request next() {
        List<Supplier<RawHttp.Request>> kinds = List.of(this::graphQlBody, this::graphQlBody, this::graphQlBody, this::graphQlContentType,
                this::graphQlValues, this::graphQlValues, this::restBody, this::restBody, this::restQuery, this::upload, this::anyMethod,
                this::oddPath, this::oddHeaders);
        return kinds.get(random.nextInt(kinds.size())).get();
    }

    /** A JSON-ish body of any shape on either GraphQL endpoint. */
    private RawHttp.Request graphQlBody() {
        return request("POST", pick(List.of("/graphql", "/graphql/admin")), token(), pickContentType(0.8), graphQlPayload());
    }

    /** A well-formed GraphQL request whose argument values are odd: huge numbers, unicode, NUL, wrong types, deep filters. */
    private RawHttp.Request graphQlValues() {
        String value = pick(List.of("\"ü𝄞 ✓\"", "\"\"", "\"" + "x".repeat(10_000) + "\"", "1e999999", "123456789012345678901234567890",
                "-0", "NaN", "null", "[]", "{}", "[[[[1]]]]", "true", "\"\\ud800\"", NUL_VALUES ? "\"a" + NUL_MARK + "b\"" : "\"ab\"", "\"%00\"",
                "\"'; drop table company; --\""));
        String query = switch (random.nextInt(6)) {
            case 0 -> "query($v: String) { companies(first: 2, filter: {name: {eq: $v}}) { edges { node { id } } } }";
            case 1 -> "mutation($v: String) { createCompany(data: {name: $v}) { id } }";
            case 2 -> "query($v: Int) { companies(first: $v) { edges { node { id } } } }";
            case 3 -> "query($v: String) { companies(first: 2, filter: {or: [" + "{name: {contains: $v}},".repeat(1 + random.nextInt(50))
                    + "]}) { edges { node { id } } } }";
            case 4 -> "query($v: ID!) { company(id: $v) { id name } }";
            default -> "query($v: JSON) { companies(first: 1) { edges { node { id } } } }";
        };
        String body = "{\"query\":" + quote(query) + ",\"variables\":{\"v\":" + value + "}}";
        return request("POST", "/graphql", token(), "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    /** REST reads with odd query parameters. */
    private RawHttp.Request restQuery() {
        String query = pick(List.of("limit=-1", "limit=0", "limit=abc", "limit=99999999999999999999", "status=gone", "status=",
                "cursor=%ZZ", "cursor=" + "a".repeat(3_000), "after=ü", "limit=1&limit=2", "unknown=1", "%=%", "=&=&", "status=ACTIVE%00"));
        return request("GET", pick(List.of("/api/operator/tenants", "/api/tenant", "/api/me")) + "?" + query,
                random.nextBoolean() ? TestPlatform.operatorToken() : token(), null, null);
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private RawHttp.Request graphQlContentType() {
        return request("POST", pick(List.of("/graphql", "/graphql/admin")), token(), pickContentType(0.1),
                "{\"query\":\"{ __typename }\"}".getBytes(StandardCharsets.UTF_8));
    }

    private RawHttp.Request restBody() {
        String path = pick(List.of("/api/operator/tenants", "/api/tenant/settings", "/api/operator/tenants/" + bystander + "/suspend",
                "/api/webhooks/" + connection, "/api/webhooks/" + UUID.randomUUID(), "/api/webhooks/not-a-uuid"));
        String method = path.endsWith("/settings") ? "PATCH" : "POST";
        String token = path.startsWith("/api/operator") && random.nextBoolean() ? TestPlatform.operatorToken() : token();
        return request(method, path, token, pickContentType(0.7), json());
    }

    private RawHttp.Request upload() {
        String path = "/api/connections/" + pick(List.of(connection, connection, UUID.randomUUID().toString(), "x", "%zz")) + "/runs";
        byte[] body = random.nextInt(4) == 0 ? json() : bytes();
        return request("POST", path, token(), pickContentType(0.2), body);
    }

    private RawHttp.Request anyMethod() {
        String path = pick(List.of("/graphql", "/graphql/admin", "/api/me", "/api/tenant", "/api/tenant/settings", "/api/operator/tenants",
                "/api/operator/tenants/" + tenant, "/api/connections/" + connection + "/runs", "/api/webhooks/" + connection,
                "/actuator/health", "/graphiql"));
        String method = pick(METHODS);
        byte[] body = method.equals("GET") || method.equals("HEAD") || random.nextBoolean() ? null : json();
        return request(method, path, token(), body == null ? null : pickContentType(0.5), body);
    }

    private RawHttp.Request oddPath() {
        String path = pick(List.of("/api/%zz", "/api/tenant%00", "/api/tenant/%", "/graphql%2Fadmin", "/api/operator/tenants/%E0%A4%A",
                "/api/operator/tenants/%C0%AE%C0%AE", "/api/operator/tenants/..%2F..%2Fetc", "/api/tenant?x=%%&y", "/api/tenant?limit=-1&limit=999999999999999999999",
                "/api/tenant?" + "a=1&".repeat(2_000), "/api/" + "x".repeat(9_000), "/graphql?query=%7B__typename%7D", "/graphql?query={",
                "/api/operator/tenants/" + "ü".repeat(50), "/api//tenant", "/api/./tenant", "/api/tenant;jsessionid=1", "/API/TENANT",
                "/api/connections/" + connection + "/runs?x=\u00e9", "/api/me#frag", "*", "http://evil.example/api/me", "/graphql/admin/extra",
                "/api/operator/tenants/%00", "/api/operator/tenants/%2e%2e"));
        String method = pick(List.of("GET", "GET", "POST", "DELETE"));
        byte[] body = method.equals("POST") ? json() : null;
        return request(method, path, path.startsWith("/api/operator") ? TestPlatform.operatorToken() : token(), body == null ? null : "application/json", body);
    }

    private RawHttp.Request oddHeaders() {
        String path = pick(List.of("/graphql", "/graphql/admin", "/api/tenant", "/api/operator/tenants", "/api/me"));
        boolean post = path.startsWith("/graphql") || random.nextBoolean();
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        String token = token();
        if (token != null) {
            headers.add(Map.entry("Authorization", pick(List.of("Bearer " + token, "Bearer " + token, "bearer " + token, "Bearer  " + token,
                    "Basic dXNlcjpwYXNz", "Bearer " + token + "x", "Bearer", "Bearer " + "a".repeat(5_000), "Bearer ü"))));
        }
        headers.add(Map.entry("Accept", pick(ACCEPTS)));
        switch (random.nextInt(7)) {
            case 0 -> headers.add(Map.entry("X-Huge", "h".repeat(4_000 + random.nextInt(30_000))));
            case 1 -> headers.add(Map.entry("X-Request-Id", pick(List.of("", "ü", "../../x", "a".repeat(500), "id\u0000x"))));
            case 2 -> headers.add(Map.entry("Content-Length", pick(List.of("-1", "abc", "99999999999999999999", "10"))));
            // Only chunked: an unknown transfer coding is answered 501 by Tomcat, as RFC 9112 asks.
            case 3 -> headers.add(Map.entry("Transfer-Encoding", "chunked"));
            case 4 -> headers.add(Map.entry("Content-Encoding", pick(List.of("gzip", "br", "deflate"))));
            case 5 -> headers.add(Map.entry("Accept-Charset", pick(List.of("nonsense", "utf-16", "*;q=0"))));
            default -> headers.add(Map.entry("Origin", pick(List.of("null", "http://evil.example", "ü"))));
        }
        String contentType = pickContentType(0.8);
        if (post && contentType != null) {
            headers.add(Map.entry("Content-Type", contentType));
        }
        byte[] body = post ? (path.startsWith("/graphql") ? graphQlPayload() : json()) : null;
        return new RawHttp.Request(post ? "POST" : "GET", path, headers, body);
    }

    private RawHttp.Request request(String method, String target, String token, String contentType, byte[] body) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        if (token != null) {
            headers.add(Map.entry("Authorization", "Bearer " + token));
        }
        if (contentType != null) {
            headers.add(Map.entry("Content-Type", contentType));
        }
        if (random.nextInt(5) == 0) {
            headers.add(Map.entry("Accept", pick(ACCEPTS)));
        }
        return new RawHttp.Request(method, target, headers, body);
    }

    /** Mostly a tenant admin's token, so requests get past authentication into the handlers. */
    private String token() {
        return switch (random.nextInt(10)) {
            case 0 -> null;
            case 1 -> TestPlatform.token(tenant, Role.TENANT_USER);
            case 2 -> "not.a.token";
            default -> admin;
        };
    }

    /** A content type, {@code application/json} with probability {@code json}, else any of the odd ones or none. */
    private String pickContentType(double json) {
        if (random.nextDouble() < json) {
            return "application/json";
        }
        return random.nextInt(8) == 0 ? null : pick(CONTENT_TYPES);
    }

    /** A GraphQL request body: sometimes sound, mostly with a wrong shape or wrong member types. */
    private byte[] graphQlPayload() {
        String query = pick(List.of("\"{ __typename }\"", "\"{ companies(first: 2) { edges { node { id name } } } }\"",
                "\"{ objects { apiName } }\"", "\"query Q { __typename }\"", "\"\"", "\"{\"", "\"mutation { x }\"", "null", "123", "true", "[]",
                "{}", "[\"{ __typename }\"]", "\"" + "{ a ".repeat(200) + "\"", "\"{ __typename }" + NUL_MARK + "\"", "\"\\ud800\"",
                "\"{ companies(first: 99999999999999999999) { edges { node { id } } } }\"", "\"" + "é".repeat(1_000) + "\""));
        String variables = pick(List.of("null", "{}", "[]", "\"x\"", "1", "{\"a\":null}", "{\"first\":1e999999}", "{\"x\":\"" + NUL_MARK + "\"}",
                nested(random.nextInt(3_000)), "{\"first\":-1}", "{\"" + "k".repeat(300) + "\":1}"));
        String operationName = pick(List.of("null", "\"Q\"", "\"\"", "1", "[]", "{}", "\"Unknown\""));
        String extensions = pick(List.of("null", "{}", "[]", "\"x\"", "{\"persistedQuery\":{\"version\":1,\"sha256Hash\":\"abc\"}}"));
        List<String> members = new ArrayList<>();
        if (random.nextInt(6) > 0) {
            members.add("\"query\":" + query);
        }
        if (random.nextBoolean()) {
            members.add("\"variables\":" + variables);
        }
        if (random.nextInt(3) == 0) {
            members.add("\"operationName\":" + operationName);
        }
        if (random.nextInt(4) == 0) {
            members.add("\"extensions\":" + extensions);
        }
        if (random.nextInt(8) == 0) {
            members.add("\"unknown\":" + variables);
        }
        String object = "{" + String.join(",", members) + "}";
        return random.nextInt(3) == 0 ? json() : object.getBytes(StandardCharsets.UTF_8);
    }

    /** A body of any JSON shape, or almost JSON. */
    private byte[] json() {
        String text = switch (random.nextInt(18)) {
            case 0 -> "null";
            case 1 -> "[]";
            case 2 -> "[{\"query\":\"{ __typename }\"}]";
            case 3 -> Long.toString(random.nextLong());
            case 4 -> "\"just a string\"";
            case 5 -> "";
            case 6 -> "{";
            case 7 -> "{\"slug\":\"x\",}";
            case 8 -> nested(1_000 + random.nextInt(20_000));
            case 9 -> "{\"slug\":\"a\u0000b\",\"name\":\"nul\"}";
            case 10 -> "{\"slug\":123456789012345678901234567890,\"name\":1e999999}";
            case 11 -> "{\"name\":\"" + "ünïcödé ✓ 𝄞".repeat(50) + "\",\"slug\":\"s-" + random.nextInt(1_000_000) + "\"}";
            case 12 -> "\uFEFF{\"query\":\"{ __typename }\"}";
            case 13 -> "{\"settings\":{\"defaultCurrency\":[],\"locale\":{},\"timeZone\":\"Mars/Olympus\"}}";
            case 14 -> random.nextBoolean() ? "{\"a\":1,\"a\":2}" : "{\"slug\":\"s-" + random.nextInt(1_000_000) + "\",\"name\":\"a" + NUL_MARK + "b\"}";
            case 15 -> "true";
            case 16 -> "{\"query\":\"{ __typename }\"}garbage";
            default -> "{\"slug\":null,\"name\":null,\"settings\":null}";
        };
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Arbitrary bytes: invalid UTF-8, NUL bytes, control characters. */
    private byte[] bytes() {
        byte[] bytes = new byte[random.nextInt(200)];
        random.nextBytes(bytes);
        return bytes;
    }

    private String nested(int depth) {
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        return open.repeat(depth) + "1" + close.repeat(depth);
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
