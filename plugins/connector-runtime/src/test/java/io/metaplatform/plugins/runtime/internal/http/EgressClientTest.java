package io.metaplatform.plugins.runtime.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.metaplatform.core.SharedRedis;
import io.metaplatform.core.TenantId;
import io.metaplatform.plugins.api.ConfigSchema;
import io.metaplatform.plugins.api.Configuration;
import io.metaplatform.plugins.api.ConnectorDescriptor;
import io.metaplatform.plugins.api.ConnectorException;
import io.metaplatform.plugins.api.ConnectorHttp;
import io.metaplatform.plugins.api.ConnectorHttp.CallOptions;
import io.metaplatform.plugins.api.EgressDeniedException;
import io.metaplatform.plugins.api.RetriableException;
import io.metaplatform.plugins.api.StreamDescriptor;
import io.metaplatform.plugins.api.SyncMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

/**
 * The egress policy as connectors meet it, against servers listening on every local address (so any
 * loopback form would reach them if it were let through): what is refused is never received.
 */
class EgressClientTest {

    private static final ConnectorHttpSettings SETTINGS = new ConnectorHttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(2),
            Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(1), 50, 10, 20, Duration.ofSeconds(30),
            DataSize.ofKilobytes(64), Duration.ofSeconds(20));
    private static final SharedRedis NO_REDIS = Optional::empty;

    private final List<Local> servers = new ArrayList<>();
    private final List<EgressClient> clients = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        servers.forEach(Local::close);
        for (EgressClient client : clients) {
            client.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:%d/file.csv", "http://127.0.0.1:%d/file.csv", "http://[::1]:%d/file.csv",
            "http://[::ffff:127.0.0.1]:%d/file.csv", "http://127.0.0.2:%d/file.csv"})
    void loopbackInAnyFormIsRefusedAndNothingArrives(String url) {
        Local server = serve(exchange -> answer(exchange, 200, "a,b\n1,2\n"));
        ConnectorHttp http = connector(client(List.of()));

        assertThatThrownBy(() -> http.send(get(url.formatted(server.port())), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(EgressDeniedException.class)
                .hasMessageStartingWith("EGRESS_DENIED: connectors may not reach ");
        assertThat(server.received()).isZero();
    }

    @Test
    void anAllowedNameReachesItsFake() throws Exception {
        Local server = serve(exchange -> answer(exchange, 200, "a,b\n1,2\n"));
        ConnectorHttp http = connector(client(List.of("localhost")));

        var response = http.send(get("http://localhost:" + server.port() + "/file.csv"), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("a,b\n1,2\n");
        assertThat(response.headers().firstValue("content-type")).contains("text/csv");
        assertThat(server.received()).isOne();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:%d/secret", "http://169.254.169.254/latest/meta-data/", "http://[::1]:%d/secret",
            "http://127.1:%d/secret", "http://2130706433:%d/secret", "file:///etc/passwd"})
    void aRedirectFromAnAllowedHostToAnInternalOneIsRefusedBeforeItIsFollowed(String location) {
        Local internal = serve(exchange -> answer(exchange, 200, "internal"));
        Local allowed = serve(exchange -> {
            exchange.getResponseHeaders().add("Location", location.formatted(internal.port()));
            answer(exchange, 302, "");
        });
        ConnectorHttp http = connector(client(List.of("localhost")));

        assertThatThrownBy(() -> http.send(get("http://localhost:" + allowed.port() + "/file.csv"), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(EgressDeniedException.class);
        assertThat(allowed.received()).isOne();
        assertThat(internal.received()).isZero();
    }

    @Test
    void redirectsBetweenAllowedHostsAreFollowedWithoutCarryingCredentialsToAnotherOrigin() throws Exception {
        var authorisations = new ConcurrentLinkedQueue<String>();
        Local target = serve(exchange -> {
            authorisations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            answer(exchange, 200, "moved here");
        });
        Local first = serve(exchange -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + target.port() + "/new");
            answer(exchange, 301, "");
        });
        ConnectorHttp http = connector(client(List.of("localhost", "127.0.0.1")));

        var response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + first.port() + "/old"))
                .header("Authorization", "Bearer secret").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.body()).isEqualTo("moved here");
        assertThat(authorisations).containsExactly("null");
    }

    @Test
    void aNameThatResolvedToAPublicAddressWhenCheckedButToAnInternalOneWhenConnectingIsRefused() throws Exception {
        Local server = serve(exchange -> answer(exchange, 200, "internal"));
        var answers = new AtomicInteger();
        // DNS rebinding: the first answer is public, every later one loopback.
        EgressPolicy.Resolver rebinding = host -> {
            if (!host.equals("rebind.example.com")) {
                return InetAddress.getAllByName(host);
            }
            String address = answers.getAndIncrement() == 0 ? "93.184.216.34" : "127.0.0.1";
            return new InetAddress[] {InetAddress.getByName(address)};
        };
        var client = new EgressClient(EgressPolicy.allowing(List.of(), rebinding), SETTINGS, 5);
        clients.add(client);
        URI url = URI.create("http://rebind.example.com:" + server.port() + "/");

        assertThatCode(() -> client.policy().check(url)).doesNotThrowAnyException();
        assertThatThrownBy(() -> connector(client).send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(EgressDeniedException.class)
                .hasMessageContaining("rebind.example.com")
                .hasMessageNotContaining("127.0.0.1");
        assertThat(server.received()).isZero();
    }

    @Test
    void anAnswerLargerThanTheLimitIsRefusedAsItStreamsIn() throws Exception {
        // No Content-Length and no end: only a client that stops reading finishes.
        Local endless = serve(exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/csv");
            exchange.sendResponseHeaders(200, 0);
            byte[] row = "1,2,3,4,5,6,7,8,9\n".getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = exchange.getResponseBody()) {
                while (true) {
                    out.write(row);
                }
            }
        });
        ConnectorHttp http = connector(client(List.of("localhost")));
        URI url = URI.create("http://localhost:" + endless.port() + "/big.csv");

        assertThatThrownBy(() -> http.send(get(url.toString()), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("larger than the limit");
        HttpResponse<InputStream> streamed = http.send(get(url.toString()), HttpResponse.BodyHandlers.ofInputStream());
        assertThatThrownBy(() -> {
            try (InputStream in = streamed.body()) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        }).isInstanceOf(IOException.class).hasRootCauseInstanceOf(ConnectorException.class);
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeReading() {
        Local big = serve(exchange -> answer(exchange, 200, "x".repeat(100 * 1024)));
        ConnectorHttp http = connector(client(List.of("localhost")));

        assertThatThrownBy(() -> http.send(get("http://localhost:" + big.port() + "/"), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("larger than the limit of");
    }

    @Test
    void aClosedPortAndASilentOneLookTheSame() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (var silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ConnectorHttp http = connector(client(List.of("127.0.0.1")));
            var once = new CallOptions(true, 1);

            String closed = message(() -> http.send(get("http://127.0.0.1:" + closedPort + "/"), HttpResponse.BodyHandlers.ofString(), once));
            String quiet = message(() -> http.send(get("http://127.0.0.1:" + silent.getLocalPort() + "/"), HttpResponse.BodyHandlers.ofString(), once));

            assertThat(closed.replace(":" + closedPort, "")).isEqualTo(quiet.replace(":" + silent.getLocalPort(), ""));
            assertThat(closed).doesNotContain("Exception");
        }
    }

    @Test
    void anUnknownHostIsNoAnswerLikeAnyOther() {
        var client = new EgressClient(EgressPolicy.allowing(List.of(), host -> {
            throw new UnknownHostException(host);
        }), SETTINGS, 5);
        clients.add(client);

        assertThatThrownBy(() -> connector(client).send(get("https://nowhere.example.com/"), HttpResponse.BodyHandlers.ofString(),
                new CallOptions(true, 1)))
                .isInstanceOf(RetriableException.class)
                .hasMessageContaining("no answer")
                .hasMessageNotContaining("Exception");
    }

    private static String message(Runnable call) {
        try {
            call.run();
        } catch (RetriableException e) {
            return e.getMessage();
        }
        throw new AssertionError("the call did not fail");
    }

    private EgressClient client(List<String> allow) {
        var client = new EgressClient(EgressPolicy.allowing(allow), SETTINGS, 5);
        clients.add(client);
        return client;
    }

    private static ConnectorHttp connector(EgressClient client) {
        var descriptor = ConnectorDescriptor.builder("fetcher", "Fetcher", "1.0.0")
                .config(ConfigSchema.of())
                .stream(new StreamDescriptor("rows", Optional.empty(), "id", Optional.empty(), Set.of(SyncMode.FULL), false, List.of()))
                .build();
        return new DefaultConnectorHttpFactory(SETTINGS, NO_REDIS, null, client)
                .create(TenantId.random(), UUID.randomUUID(), descriptor, new Configuration(Map.of()));
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).GET().build();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/csv");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private Local serve(Handler handler) {
        var server = new Local(handler);
        servers.add(server);
        return server;
    }

    /** A server on the wildcard address, counting what reaches it. */
    private static final class Local {
        private final HttpServer server;
        private final AtomicInteger received = new AtomicInteger();

        Local(Handler handler) {
            try {
                server = HttpServer.create(new InetSocketAddress(0), 16);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/", exchange -> {
                received.incrementAndGet();
                try {
                    handler.handle(exchange);
                } catch (IOException e) {
                    // the client stopped reading
                } finally {
                    exchange.close();
                }
            });
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        int received() {
            return received.get();
        }

        void close() {
            server.stop(0);
        }
    }

}
