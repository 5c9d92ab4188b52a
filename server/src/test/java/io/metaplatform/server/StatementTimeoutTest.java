package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestDatabase;
import io.metaplatform.core.testing.TestPlatform;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A query stopped at the statement timeout (here 1 s; the company table held under an exclusive lock by another session
 * meanwhile) answers {@code QUERY_TIMEOUT} on its field, through the compiled executor and through graphql-java alike,
 * and a compiled read that timed out is not read a second time.
 */
@TestPropertySource(properties = "platform.db.statement-timeout=1s")
class StatementTimeoutTest extends ApiTestSupport {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aTimedOutReadAnswersQueryTimeoutOnItsFieldAndIsNotReadAgain() throws Exception {
        TenantId tenant = createTenant("Slow");
        String user = TestPlatform.token(tenant, Role.TENANT_USER);
        String id = JSON.readTree(api.post("/graphql", user, "{\"query\":\"mutation { createCompany(data: {name: \\\"ACME\\\"}) { id } }\"}")
                .body()).path("data").path("createCompany").path("id").asString();
        String byId = JSON.writeValueAsString(Map.of("query", "{ company(id: \"" + id + "\") { name } }"));

        double timeoutsBefore = timeoutsCounted();
        Api.Response unlocked = api.post("/graphql", user, byId);
        assertThat(unlocked.header("X-Graphql-Execution")).isEqualTo("compiled");
        assertThat(unlocked.body()).contains("ACME");

        Api.Response compiled = whileCompanyIsLocked(() -> api.post("/graphql", user, byId));
        Api.Response general = whileCompanyIsLocked(() -> api.post("/graphql", user, "application/json",
                byId.getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of("X-Graphql-Execution", "general")));

        for (Api.Response response : java.util.List.of(compiled, general)) {
            JsonNode body = JSON.readTree(response.body());
            assertThat(response.status()).isEqualTo(200);
            assertThat(body.path("data").path("company").isNull()).as(response.body()).isTrue();
            JsonNode error = body.path("errors").path(0);
            assertThat(error.path("extensions").path("code").asString()).as(response.body()).isEqualTo("QUERY_TIMEOUT");
            assertThat(error.path("path").toString()).isEqualTo("[\"company\"]");
            assertThat(error.path("message").asString()).contains("statement timeout (1000 ms)").doesNotContain("select", "canceling");
        }
        assertThat(compiled.header("X-Sql-Statements")).as("the compiled attempt's statements, none read again")
                .isEqualTo(unlocked.header("X-Sql-Statements"));
        assertThat(api.post("/graphql", user, byId).body()).as("served as before once the lock is gone").contains("ACME");
        assertThat(timeoutsCounted() - timeoutsBefore).as("operators count each stopped statement").isEqualTo(2.0);
    }

    /** {@code platform_db_statement_timeouts_total} as Prometheus reads it. */
    private double timeoutsCounted() {
        String metrics = api.get("/actuator/prometheus", null).body();
        java.util.regex.Matcher counter = java.util.regex.Pattern.compile("(?m)^platform_db_statement_timeouts_total(?:\\{[^}]*\\})? (\\S+)$")
                .matcher(metrics);
        assertThat(counter.find()).as("the counter is exported").isTrue();
        return Double.parseDouble(counter.group(1));
    }

    /** {@code request} while another session holds the company table in ACCESS EXCLUSIVE mode, which blocks every read of it. */
    private static Api.Response whileCompanyIsLocked(Supplier<Api.Response> request) throws SQLException {
        TestDatabase database = TestDatabase.get();
        try (Connection owner = DriverManager.getConnection(database.url(), database.ownerUser(), database.ownerPassword());
                Statement statement = owner.createStatement()) {
            owner.setAutoCommit(false);
            statement.execute("lock table company in access exclusive mode");
            try {
                return request.get();
            } finally {
                owner.rollback();
            }
        }
    }
}
