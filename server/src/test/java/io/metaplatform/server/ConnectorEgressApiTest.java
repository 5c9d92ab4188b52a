package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A hostile tenant admin aims connections at the platform's own network through /graphql/admin: every
 * URL property refuses it with {@code EGRESS_DENIED}, redirects and runs cannot get around it, aliases
 * cannot multiply outbound calls, and a file larger than the upload limit is refused while it streams.
 * The operator allowed the name {@code localhost} (a named fake); its address 127.0.0.1 in any other
 * spelling stays refused. The servers here listen on every local address, so a refused URL that were
 * let through would reach them.
 */
@TestPropertySource(properties = {"platform.connectors.egress.allow=localhost", "platform.connectors.egress.calls-per-minute=12"})
class ConnectorEgressApiTest extends ConnectorApiTestSupport {

    private final List<HttpServer> servers = new ArrayList<>();
    private TenantId tenant;
    private String admin;

    @BeforeEach
    void tenant() {
        tenant = createTenant("Egress");
        admin = TestPlatform.token(tenant, Role.TENANT_ADMIN);
    }

    @AfterEach
    void stop() {
        servers.forEach(server -> server.stop(0));
    }

    @Test
    void everyUrlPropertyRefusesTheServersOwnNetworkInEverySpellingAndNothingIsFetched() {
        AtomicInteger received = new AtomicInteger();
        int port = serve(exchange -> {
            received.incrementAndGet();
            answer(exchange, 200, "number,name\n1,Leaked\n");
        });
        List<String> urls = List.of("http://127.0.0.1:%d/file.csv", "http://[::1]:%d/", "http://[::ffff:127.0.0.1]:%d/",
                "http://0x7f000001:%d/", "http://127.1:%d/", "http://2130706433:%d/", "http://0177.0.0.1:%d/",
                "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://192.168.1.1/", "http://[fd00::1]/",
                "http://100.64.0.1/", "ftp://localhost:%d/file.csv");

        for (String template : urls) {
            String url = template.formatted(port);
            assertThat(refusal(create("csv", Map.of("keyColumn", "number", "url", url)))).as(url).startsWith("input.config.url:EGRESS_DENIED:");
            assertThat(refusal(create("lexware", Map.of("baseUrl", url)))).as(url).startsWith("input.config.baseUrl:EGRESS_DENIED:");
            assertThat(refusal(create("oauth-echo", Map.of("clientId", "c", "clientSecret", "s", "tokenUrl", url))))
                    .as(url).startsWith("input.config.tokenUrl:EGRESS_DENIED:");
        }
        String refused = refusal(create("csv", Map.of("keyColumn", "number", "url", "http://169.254.169.254/latest/meta-data/")));
        assertThat(refused).contains("169.254.169.254");
        assertThat(received).hasValue(0);
        assertThat(data(admin, "{ connections { id } }").path("connections").isEmpty()).isTrue();
    }

    @Test
    void aRefusalNamesTheHostNotTheAddressItResolvedTo() {
        String id = csvConnection("http://localhost:1/file.csv");

        JsonNode changed = post(admin, "mutation { updateConnection(id: \"" + id + "\", input: {config: {url: \"http://10.1.2.3/x.csv\"}}) { id } }");

        assertThat(refusal(changed)).startsWith("input.config.url:EGRESS_DENIED:").contains("10.1.2.3");
    }

    @Test
    void theAllowedNamedFakeIsReachableButARedirectFromItToTheServersOwnAddressIsRefusedAtCheckAndRun() {
        AtomicInteger internal = new AtomicInteger();
        int internalPort = serve(exchange -> {
            internal.incrementAndGet();
            answer(exchange, 200, "number,name\n1,Leaked\n");
        });
        AtomicReference<String> redirectTo = new AtomicReference<>();
        int allowedPort = serve(exchange -> {
            if (redirectTo.get() == null) {
                answer(exchange, 200, exchange.getRequestMethod().equals("HEAD") ? "" : "number,name\n1,Fine\n");
                return;
            }
            exchange.getResponseHeaders().add("Location", redirectTo.get());
            answer(exchange, 302, "");
        });
        String id = csvConnection("http://localhost:" + allowedPort + "/file.csv");
        assertThat(check(id).path("data").path("checkConnection").path("passed").asBoolean()).isTrue();
        data(admin, "mutation { enableConnection(id: \"" + id + "\") { status } }");

        redirectTo.set("http://127.0.0.1:" + internalPort + "/secret");
        JsonNode check = check(id);
        JsonNode run = runNow(id);
        redirectTo.set("http://169.254.169.254/latest/meta-data/");
        JsonNode metadataRun = runNow(id);

        assertThat(code(check)).isEqualTo("EGRESS_DENIED");
        assertThat(check.path("errors").get(0).path("message").asString()).contains("127.0.0.1");
        assertThat(data(admin, "{ connection(id: \"" + id + "\") { lastCheck { passed message } } }").path("connection").path("lastCheck")
                .path("message").asString()).startsWith("EGRESS_DENIED");
        assertThat(run.path("status").asString()).isEqualTo("FAILED");
        assertThat(run.path("error").asString()).contains("EGRESS_DENIED");
        assertThat(run.path("errorCode").asString()).isEqualTo("EGRESS_DENIED");
        assertThat(metadataRun.path("errorCode").asString()).isEqualTo("EGRESS_DENIED");
        assertThat(metadataRun.path("error").asString()).contains("EGRESS_DENIED").contains("169.254.169.254");
        assertThat(internal).hasValue(0);
        assertThat(tenantData(TestPlatform.token(tenant, Role.TENANT_USER), "{ companies(first: 5) { totalCount } }")
                .path("companies").path("totalCount").asInt()).isZero();
    }

    @Test
    void anOAuthTokenEndpointThatRedirectsToTheServersOwnAddressIsRefusedWhenTheGrantIsCompleted() {
        AtomicInteger internal = new AtomicInteger();
        int internalPort = serve(exchange -> {
            internal.incrementAndGet();
            answer(exchange, 200, "{\"access_token\":\"stolen\"}");
        });
        int tokenPort = serve(exchange -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + internalPort + "/token");
            answer(exchange, 303, "");
        });
        String redirect = "https://app.example/oauth/callback";
        String id = data(admin, "mutation($config: JSON) { createConnection(input: {connector: \"oauth-echo\", name: \"CRM\", config: $config,"
                + " streams: [{name: \"companies\", targetObject: \"company\"}]}) { id } }",
                Map.of("config", Map.of("clientId", "c", "clientSecret", "s", "tokenUrl", "http://localhost:" + tokenPort + "/token")))
                .path("createConnection").path("id").asString();
        String state = data(admin, "{ connectionAuthorization(connection: \"" + id + "\", redirectUri: \"" + redirect + "\") { state } }")
                .path("connectionAuthorization").path("state").asString();

        JsonNode completed = post(admin, "mutation { authorizeConnection(connection: \"" + id + "\", code: \"code-1\", state: \"" + state
                + "\", redirectUri: \"" + redirect + "\") }");

        assertThat(code(completed)).isEqualTo("EGRESS_DENIED");
        assertThat(completed.path("errors").get(0).path("message").asString()).contains("127.0.0.1");
        assertThat(internal).hasValue(0);
    }

    @Test
    void aliasedChecksInOneRequestMakeFiveCallsAndTheTenantsBudgetHoldsAcrossRequests() {
        AtomicInteger received = new AtomicInteger();
        int port = serve(exchange -> {
            received.incrementAndGet();
            answer(exchange, 200, "");
        });
        String id = csvConnection("http://localhost:" + port + "/file.csv");

        // 20 is as many root fields as the admin API takes in one operation.
        // The sixth is refused (and, its result being non-null, ends the mutation): five calls went out.
        JsonNode twenty = post(admin, aliasedChecks(id, 20));
        assertThat(twenty.path("errors").findValuesAsString("code")).isNotEmpty().containsOnly("LIMIT_EXCEEDED");
        assertThat(twenty.path("errors").get(0).path("path").get(0).asString()).isEqualTo("c5");
        assertThat(received).hasValue(5);
        JsonNode hundred = post(admin, aliasedChecks(id, 100));
        assertThat(hundred.path("errors").findValuesAsString("code")).contains("LIMIT_EXCEEDED");
        assertThat(received.get()).isLessThanOrEqualTo(10);

        // 12 a minute per tenant here (one more every 5 s): the budget runs out whatever the requests look like.
        JsonNode last;
        int requests = 0;
        do {
            last = post(admin, aliasedChecks(id, 1));
            requests++;
        } while (last.path("errors").isEmpty() && requests < 20);
        assertThat(code(last)).isEqualTo("LIMIT_EXCEEDED");
        assertThat(last.path("errors").get(0).path("message").asString()).contains("a minute");
        assertThat(received.get()).isBetween(12, 14);
    }

    private static String aliasedChecks(String id, int count) {
        return IntStream.range(0, count).mapToObj(i -> "c" + i + ": checkConnection(id: \"" + id + "\") { passed }")
                .collect(Collectors.joining(" ", "mutation { ", " }"));
    }

    @Test
    void aFileLargerThanTheUploadLimitIsRefusedWhileItStreams() {
        // An endless file: only a client that stops reading ends the run.
        int port = serve(exchange -> {
            if (exchange.getRequestMethod().equals("HEAD")) {
                answer(exchange, 200, "");
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "text/csv");
            exchange.sendResponseHeaders(200, 0);
            // Long rows, so that 2 MB are a few hundred records.
            String notes = "n".repeat(4_000);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("number,name,notes\n".getBytes(StandardCharsets.UTF_8));
                for (long row = 0; ; row++) {
                    out.write(("N-" + row + ",Company " + row + "," + notes + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
        });
        String id = csvConnection("http://localhost:" + port + "/big.csv");
        assertThat(check(id).path("data").path("checkConnection").path("passed").asBoolean()).isTrue();
        data(admin, "mutation { enableConnection(id: \"" + id + "\") { status } }");

        JsonNode run = runNow(id);

        assertThat(run.path("status").asString()).isEqualTo("FAILED");
        assertThat(run.path("error").asString()).contains("larger than the limit of 2 MB");
    }

    private JsonNode runNow(String id) {
        data(admin, "mutation { runConnectionNow(id: \"" + id + "\") { id } }");
        return awaitFinishedRun(admin, id, Duration.ofSeconds(60));
    }

    private JsonNode check(String id) {
        return post(admin, "mutation { checkConnection(id: \"" + id + "\") { passed message } }");
    }

    private String csvConnection(String url) {
        return data(admin, "mutation($config: JSON) { createConnection(input: {connector: \"csv\", name: \"File " + System.nanoTime()
                + "\", config: $config, streams: [{name: \"rows\", targetObject: \"company\", upsertOn: \"customerNumber\", mappings: ["
                + "{externalField: \"number\", targetField: \"customerNumber\", direction: READ},"
                + "{externalField: \"name\", targetField: \"name\", direction: READ}]}]}) { id } }",
                Map.of("config", Map.of("keyColumn", "number", "url", url))).path("createConnection").path("id").asString();
    }

    private JsonNode create(String connector, Map<String, String> config) {
        return post("/graphql/admin", admin, "mutation($config: JSON) { createConnection(input: {connector: \"" + connector
                + "\", name: \"Refused\", config: $config}) { id } }", Map.of("config", config));
    }

    /** {@code field:code:message} of the one configuration violation of a refused call. */
    private static String refusal(JsonNode response) {
        JsonNode error = response.path("errors").get(0);
        assertThat(error.path("extensions").path("code").asString()).as(response.toString()).isEqualTo("VALIDATION_FAILED");
        List<JsonNode> config = new ArrayList<>();
        error.path("extensions").path("details").forEach(detail -> {
            if (detail.path("field").asString().startsWith("input.config")) {
                config.add(detail);
            }
        });
        assertThat(config).as(response.toString()).hasSize(1);
        return config.get(0).path("field").asString() + ":" + config.get(0).path("code").asString() + ":" + config.get(0).path("message").asString();
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    /** A server on the wildcard address (every local address, IPv4 and IPv6); returns its port. */
    private int serve(Handler handler) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(0), 16);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                handler.handle(exchange);
            } catch (IOException e) {
                // the client stopped reading
            }
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        servers.add(server);
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/csv");
        exchange.sendResponseHeaders(status, bytes.length == 0 || exchange.getRequestMethod().equals("HEAD") ? -1 : bytes.length);
        if (bytes.length > 0 && !exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseBody().write(bytes);
        }
    }
}
