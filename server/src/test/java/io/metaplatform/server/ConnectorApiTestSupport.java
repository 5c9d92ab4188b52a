package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls of /graphql/admin and /graphql as the connector tests make them, and waiting for runs. */
abstract class ConnectorApiTestSupport extends ApiTestSupport {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** The data of an admin API call that must succeed. */
    JsonNode data(String token, String query) {
        return data(token, query, Map.of());
    }

    JsonNode data(String token, String query, Map<String, Object> variables) {
        JsonNode response = post("/graphql/admin", token, query, variables);
        assertThat(response.path("errors").isMissingNode() || response.path("errors").isEmpty())
                .as("errors: %s", response.path("errors")).isTrue();
        return response.path("data");
    }

    /** The data of a tenant API (/graphql) call that must succeed. */
    JsonNode tenantData(String token, String query) {
        JsonNode response = post("/graphql", token, query, Map.of());
        assertThat(response.path("errors").isMissingNode() || response.path("errors").isEmpty())
                .as("errors: %s", response.path("errors")).isTrue();
        return response.path("data");
    }

    JsonNode post(String token, String query) {
        return post("/graphql/admin", token, query, Map.of());
    }

    JsonNode post(String path, String token, String query, Map<String, Object> variables) {
        return JSON.readTree(api.post(path, token, body(query, variables)).body());
    }

    static String body(String query, Map<String, Object> variables) {
        return JSON.writeValueAsString(Map.of("query", query, "variables", variables));
    }

    static String code(JsonNode response) {
        return response.path("errors").get(0).path("extensions").path("code").asString();
    }

    /** Waits for the connection's newest run to end (within {@code timeout}) and returns it. */
    JsonNode awaitFinishedRun(String token, String connection, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode runs = data(token, "{ connectionRuns(connection: \"" + connection + "\", first: 5) { runs { id trigger status read created updated"
                    + " unchanged deleted failed errorCode error } } }").path("connectionRuns").path("runs");
            if (!runs.isEmpty() && !"RUNNING".equals(runs.get(0).path("status").asString())) {
                return runs.get(0);
            }
            pause(50);
        }
        throw new AssertionError("the run did not finish within " + timeout);
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
