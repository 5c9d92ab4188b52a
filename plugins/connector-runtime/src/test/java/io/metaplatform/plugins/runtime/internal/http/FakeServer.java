package io.metaplatform.plugins.runtime.internal.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An external system on the loopback interface: answers with a scripted {@link Behaviour} and
 * records every request it received (arrival time, method, headers).
 */
public final class FakeServer implements AutoCloseable {

    /** What the server answers to the n-th request (1-based). */
    @FunctionalInterface
    public interface Behaviour {
        Answer answer(int number, Request request) throws Exception;
    }

    /** A request as received. */
    public record Request(String method, String path, Headers headers, String body) {
    }

    public record Answer(int status, String body, List<String[]> headers) {
        public static Answer of(int status) {
            return new Answer(status, "{}", List.of());
        }

        public static Answer json(int status, String body) {
            return new Answer(status, body, List.of());
        }

        public Answer header(String name, String value) {
            var copy = new ArrayList<>(headers);
            copy.add(new String[] {name, value});
            return new Answer(status, body, copy);
        }
    }

    public record Received(long nanoTime, String method, String authorization, String apiKey, int status) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(16);
    private final AtomicInteger count = new AtomicInteger();
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();

    public FakeServer(Behaviour behaviour) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(behaviour, exchange));
        server.start();
    }

    private void handle(Behaviour behaviour, HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        try (exchange) {
            String requestBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var headers = exchange.getRequestHeaders();
            var request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, requestBody);
            Answer answer;
            try {
                answer = behaviour.answer(count.incrementAndGet(), request);
            } catch (Exception e) {
                answer = Answer.of(599);
            }
            received.add(new Received(arrived, request.method(), headers.getFirst("Authorization"), headers.getFirst("X-Api-Key"),
                    answer.status()));
            for (String[] header : answer.headers()) {
                exchange.getResponseHeaders().add(header[0], header[1]);
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        } catch (IOException e) {
            // the client gave up (a timeout under test): nothing to answer
        }
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    public int requests() {
        return count.get();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The most requests that arrived within any window of {@code windowNanos}. */
    int maxInWindow(long windowNanos) {
        long[] times = received.stream().mapToLong(Received::nanoTime).sorted().toArray();
        int max = 0;
        int start = 0;
        for (int end = 0; end < times.length; end++) {
            while (times[end] - times[start] >= windowNanos) {
                start++;
            }
            max = Math.max(max, end - start + 1);
        }
        return max;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
