package io.metaplatform.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls the server over HTTP as an API client would: JSON bodies, a bearer token, one shared HTTP/1.1 client. */
final class GraphQlClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final int port;

    GraphQlClient(int port) {
        this.base = "http://127.0.0.1:" + port;
        this.port = port;
    }

    /**
     * A response: its status, body, the {@code X-Sql-Statements} and {@code X-Sql-Transactions} headers (-1 when absent), the
     * time it took and the executor that answered ({@code X-Graphql-Execution}, {@code graphql-java} when absent).
     */
    record Reply(int status, String body, int statements, int transactions, long nanos, String execution) {

        JsonNode json() {
            return JSON.readTree(body);
        }

        /** Whether it is a 2xx answer without GraphQL errors. */
        boolean ok() {
            return status / 100 == 2 && !body.contains("\"errors\"");
        }
    }

    /** A GraphQL request to {@code path} ({@code /graphql} or {@code /graphql/admin}). */
    Reply graphQl(String path, String token, String query) {
        return post(path, token, call(path, token, query).body());
    }

    /** The same request, described for a {@link LoadDriver}. */
    LoadDriver.Call call(String path, String token, String query) {
        return new LoadDriver.Call(port, path, token, JSON.writeValueAsString(Map.of("query", query)));
    }

    /** GraphQL data of a request that must succeed. */
    JsonNode data(String path, String token, String query) {
        Reply reply = graphQl(path, token, query);
        if (!reply.ok()) {
            throw new IllegalStateException(path + " failed (" + reply.status() + "): " + reply.body() + "\nquery: " + query);
        }
        return reply.json().path("data");
    }

    Reply post(String path, String token, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long nanos = System.nanoTime() - started;
            int statements = response.headers().firstValue("X-Sql-Statements").map(Integer::parseInt).orElse(-1);
            int transactions = response.headers().firstValue("X-Sql-Transactions").map(Integer::parseInt).orElse(-1);
            return new Reply(response.statusCode(), response.body(), statements, transactions, nanos,
                    response.headers().firstValue("X-Graphql-Execution").orElse("graphql-java"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
