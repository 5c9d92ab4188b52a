package io.metaplatform.plugins.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.metaplatform.plugins.api.Json;
import io.metaplatform.plugins.api.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A small HTTP server on {@code 127.0.0.1} and a free port, for faking an external system in
 * connector tests: routes by method and exact path, JSON answers, injected faults and a request log.
 *
 * <pre>{@code
 * var server = FakeHttpServer.start()
 *         .route("GET", "/v1/contacts", request -> FakeHttpServer.Response.json(200, Map.of("content", contacts)));
 * server.failNext(2, 429);   // the next two requests get 429 with Retry-After: 0
 * }</pre>
 *
 * A request no route matches gets 404; a {@code HEAD} request without a route of its own is answered
 * by the {@code GET} route without the body. Thread-safe; close it after the test.
 */
public final class FakeHttpServer implements AutoCloseable {

    /**
     * A request as received.
     *
     * @param method  upper case
     * @param path    the decoded path, without query
     * @param query   decoded query parameters (the first value of each)
     * @param headers header names in lower case to their values
     * @param body    the body, empty when none
     */
    public record Request(String method, String path, Map<String, String> query, Map<String, List<String>> headers, byte[] body) {

        /** The first value of a header, case-insensitive. */
        public Optional<String> header(String name) {
            var values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /**
         * The body as JSON; {@link JsonValue.JsonNull} when empty.
         *
         * @throws io.metaplatform.plugins.api.JsonException when the body is not JSON
         */
        public JsonValue json() {
            return body.length == 0 ? JsonValue.JsonNull.INSTANCE : Json.parse(body);
        }
    }

    /**
     * An answer.
     *
     * @param status  HTTP status
     * @param headers headers to send
     * @param body    the body, may be empty
     */
    public record Response(int status, Map<String, String> headers, byte[] body) {

        /** A JSON answer of a {@link JsonValue} or of anything {@link Json#from} takes (maps, lists, ...). */
        public static Response json(int status, Object value) {
            return new Response(status, Map.of("Content-Type", "application/json"), Json.write(value).getBytes(StandardCharsets.UTF_8));
        }

        public static Response text(int status, String contentType, String body) {
            return new Response(status, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
        }

        public static Response status(int status) {
            return new Response(status, Map.of(), new byte[0]);
        }
    }

    private final HttpServer server;
    private final Map<String, Function<Request, Response>> routes = new ConcurrentHashMap<>();
    private volatile Function<Request, Response> fallback;
    private final Deque<Integer> faults = new ArrayDeque<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private FakeHttpServer(HttpServer server) {
        this.server = server;
    }

    /** Starts a server on 127.0.0.1 and a free port. */
    public static FakeHttpServer start() {
        try {
            var http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            var fake = new FakeHttpServer(http);
            http.createContext("/", fake::handle);
            http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            http.start();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, without trailing slash. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers {@code method path} (exact path, any query) with the handler; replaces an earlier route. */
    public FakeHttpServer route(String method, String path, Function<Request, Response> handler) {
        routes.put(method.toUpperCase(Locale.ROOT) + " " + path, handler);
        return this;
    }

    /**
     * Answers every request no {@link #route} matches with the handler (instead of 404), for fakes that
     * route by patterns themselves ({@code /client/{company}/{id}}); replaces an earlier fallback.
     */
    public FakeHttpServer fallback(Function<Request, Response> handler) {
        this.fallback = handler;
        return this;
    }

    /**
     * Answers the next {@code count} requests, whatever they are, with {@code status} instead of
     * serving them (a 429 or 503 carries {@code Retry-After: 0}). Faults queue up in call order.
     */
    public void failNext(int count, int status) {
        synchronized (faults) {
            for (int i = 0; i < count; i++) {
                faults.add(status);
            }
        }
    }

    /** Requests received so far, failed ones included. */
    public int requestCount() {
        return requests.size();
    }

    /** Every request received so far, in arrival order. */
    public List<Request> requests() {
        return Collections.unmodifiableList(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var request = new Request(exchange.getRequestMethod().toUpperCase(Locale.ROOT), exchange.getRequestURI().getPath(),
                    query(exchange.getRequestURI().getRawQuery()), headers(exchange), exchange.getRequestBody().readAllBytes());
            requests.add(request);
            respond(exchange, request.method().equals("HEAD"), answer(request));
        }
    }

    private Response answer(Request request) {
        Integer fault;
        synchronized (faults) {
            fault = faults.poll();
        }
        if (fault != null) {
            return fault == 429 || fault == 503
                    ? new Response(fault, Map.of("Retry-After", "0"), new byte[0]) : Response.status(fault);
        }
        var handler = routes.get(request.method() + " " + request.path());
        if (handler == null && request.method().equals("HEAD")) {
            handler = routes.get("GET " + request.path());
        }
        if (handler == null) {
            handler = fallback;
        }
        if (handler == null) {
            return Response.text(404, "text/plain", "no route for " + request.method() + " " + request.path());
        }
        try {
            return handler.apply(request);
        } catch (RuntimeException e) {
            return Response.text(500, "text/plain", "fake server failed: " + e);
        }
    }

    private static void respond(HttpExchange exchange, boolean head, Response response) throws IOException {
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        if (head || response.body().length == 0) {
            exchange.sendResponseHeaders(response.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(response.status(), response.body().length);
        exchange.getResponseBody().write(response.body());
    }

    private static Map<String, List<String>> headers(HttpExchange exchange) {
        var headers = new LinkedHashMap<String, List<String>>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        return headers;
    }

    private static Map<String, String> query(String raw) {
        var query = new LinkedHashMap<String, String>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            query.putIfAbsent(name, value);
        }
        return query;
    }
}
