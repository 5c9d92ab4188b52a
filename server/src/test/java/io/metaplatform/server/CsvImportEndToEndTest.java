package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A tenant admin imports CSV files into companies through HTTP, with the csv plugin loaded from the
 * plugins folder, the real sync engine and real tokens.
 */
class CsvImportEndToEndTest extends ConnectorApiTestSupport {

    TenantId tenant;
    String admin;

    @BeforeEach
    void tenant() {
        tenant = createTenant("CSV importer");
        admin = TestPlatform.token(tenant, Role.TENANT_ADMIN);
    }

    @Test
    void anUploadedFileBecomesCompaniesBadRowsBecomeDeadLettersAndAnOverlappingFileUpsertsWithoutDuplicates() {
        String connection = csvConnection();
        String first = """
                number,name,email
                K-1,Alpha,alpha@example.com
                K-2,Beta,beta@example.com
                K-3,Gamma,gamma@example.com
                K-4,"Delta, Inc.",delta@example.com
                K-5,Epsilon,not-an-email
                K-6,Zeta
                ,Eta,eta@example.com
                K-7,,theta@example.com
                """;
        String second = """
                number,name,email
                K-3,Gamma GmbH,gamma@example.com
                K-4,"Delta, Inc.",delta@example.com
                K-8,Iota,iota@example.com
                """;

        Api.Response accepted = upload(connection, first);
        JsonNode firstRun = awaitFinishedRun(admin, connection, Duration.ofSeconds(30));
        upload(connection, second);
        JsonNode secondRun = awaitFinishedRun(admin, connection, Duration.ofSeconds(30));

        assertThat(accepted.status()).isEqualTo(202);
        // A small file may be imported before the answer is written.
        assertThat(accepted.json().path("status").asString()).isIn("RUNNING", "SUCCEEDED");
        assertThat(firstRun.path("id").asString()).isEqualTo(accepted.json().path("id").asString());
        assertThat(counts(firstRun)).containsExactly(8L, 4L, 0L, 0L, 4L);
        assertThat(counts(secondRun)).containsExactly(3L, 1L, 1L, 1L, 0L);
        assertThat(secondRun.path("status").asString()).isEqualTo("SUCCEEDED");

        JsonNode companies = tenantData(TestPlatform.token(tenant, Role.TENANT_USER),
                "{ companies(orderBy: [{field: customerNumber, direction: ASC}], first: 20) { totalCount edges { node { customerNumber name email } } } }")
                .path("companies");
        assertThat(companies.path("totalCount").asInt()).isEqualTo(5);
        assertThat(companies.findValuesAsString("customerNumber")).containsExactly("K-1", "K-2", "K-3", "K-4", "K-8");
        assertThat(companies.findValuesAsString("name")).containsExactly("Alpha", "Beta", "Gamma GmbH", "Delta, Inc.", "Iota");

        JsonNode letters = data(admin, "{ deadLetters(connection: \"" + connection + "\", first: 10) { nodes { externalId reason"
                + " problems { field code } } } }").path("deadLetters").path("nodes");
        assertThat(letters.findValuesAsString("reason")).hasSize(4)
                .anySatisfy(reason -> assertThat(reason).startsWith("row 7: has 2 columns"))
                .anySatisfy(reason -> assertThat(reason).startsWith("row 8: has no value in key column number"));
        assertThat(problemsOf(letters, "K-5")).containsExactly("email");
        assertThat(problemsOf(letters, "K-7")).containsExactly("name");
    }

    @Test
    void anUploadOfNulBytesEndsWithARecordedFailureAndTheNextUploadIsAccepted() {
        String connection = csvConnection();

        upload(connection, "\u0000".repeat(4096));
        JsonNode failed = awaitFinishedRun(admin, connection, Duration.ofSeconds(30));
        Api.Response next = upload(connection, "number,name\nK-1,Alpha\n");
        JsonNode succeeded = awaitFinishedRun(admin, connection, Duration.ofSeconds(30));

        assertThat(failed.path("status").asString()).isEqualTo("FAILED");
        JsonNode recorded = data(admin, "{ connectionRuns(connection: \"" + connection + "\", first: 5) { runs { id errorCode error } } }")
                .path("connectionRuns").path("runs").get(1);
        assertThat(recorded.path("id").asString()).isEqualTo(failed.path("id").asString());
        assertThat(recorded.path("errorCode").asString()).isEqualTo("CONNECTOR_FAILED");
        assertThat(recorded.path("error").asString()).contains("key column number").doesNotContain("Exception", "SQL", "\u0000");
        assertThat(next.status()).isEqualTo(202);
        assertThat(succeeded.path("id").asString()).isEqualTo(next.json().path("id").asString());
        assertThat(succeeded.path("status").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aNulInsideOneValueDeadLettersThatRowWithAPlainReasonAndImportsTheOthers() {
        String connection = csvConnection();

        upload(connection, "number,name,email\nK-1,Alpha,a@example.com\nK-2,Be\u0000ta,b@example.com\nK-3,Gamma,c@example.com\n");
        JsonNode run = awaitFinishedRun(admin, connection, Duration.ofSeconds(30));

        assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(counts(run)).containsExactly(3L, 2L, 0L, 0L, 1L);
        JsonNode letter = data(admin, "{ deadLetters(connection: \"" + connection + "\", first: 10) { nodes { externalId source code reason raw"
                + " problems { field code message } } } }").path("deadLetters").path("nodes").get(0);
        assertThat(letter.path("externalId").asString()).isEqualTo("K-2");
        assertThat(letter.path("source").asString()).as("the header is row 1").isEqualTo("row 3");
        assertThat(letter.path("code").asString()).isEqualTo("INVALID_RECORD");
        assertThat(letter.path("reason").asString()).isEqualTo("the company record is not valid");
        assertThat(letter.path("problems").findValuesAsString("code")).containsExactly("INVALID_CHARACTERS");
        assertThat(letter.path("problems").findValuesAsString("field")).containsExactly("name");
        assertThat(letter.toString()).doesNotContain("Exception", "SQL", "jooq", "\\u0000");
        assertThat(tenantData(TestPlatform.token(tenant, Role.TENANT_USER), "{ companies { totalCount } }")
                .path("companies").path("totalCount").asInt()).isEqualTo(2);
    }

    @Test
    void twentyThousandRowsWithSomeBadOnesImportInOneRun() {
        String connection = csvConnection();
        int rows = 20_000;
        StringBuilder file = new StringBuilder("number,name,email\n");
        for (int i = 1; i <= rows; i++) {
            if (i % 997 == 0) {
                file.append("B-").append(i).append(",Short row\n");
            } else {
                file.append("B-").append(i).append(",Company ").append(i).append(',')
                        .append(i % 500 == 0 ? "not-an-email" : "c" + i + "@example.com").append('\n');
            }
        }
        long started = System.nanoTime();

        upload(connection, file.toString());
        JsonNode run = awaitFinishedRun(admin, connection, Duration.ofSeconds(120));

        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        System.out.printf("CSV import of %,d rows through HTTP: %,d ms, %,d rows/s%n", rows, millis, rows * 1000L / Math.max(1, millis));
        assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(counts(run)).containsExactly(20_000L, 19_940L, 0L, 0L, 60L);
        assertThat(tenantData(TestPlatform.token(tenant, Role.TENANT_USER), "{ companies(first: 1) { totalCount } }")
                .path("companies").path("totalCount").asInt()).isEqualTo(19_940);
    }

    @Test
    void uploadsAreForTenantAdminsOfTheConnectionsTenantAndLimitedInSize() {
        String connection = csvConnection();
        String user = TestPlatform.token(tenant, Role.TENANT_USER);
        String otherAdmin = TestPlatform.token(createTenant("Other"), Role.TENANT_ADMIN);
        byte[] tooLarge = new byte[2 * 1024 * 1024 + 1];

        Api.Response byUser = api.post("/api/connections/" + connection + "/runs", user, "text/csv", "number,name\n".getBytes(), Map.of());
        Api.Response byOtherTenant = api.post("/api/connections/" + connection + "/runs", otherAdmin, "text/csv",
                "number,name\nX-1,Mine\n".getBytes(), Map.of());
        Api.Response anonymous = api.post("/api/connections/" + connection + "/runs", null, "text/csv", "number,name\n".getBytes(), Map.of());
        Api.Response large = api.post("/api/connections/" + connection + "/runs", admin, "text/csv", tooLarge, Map.of());
        Api.Response json = api.post("/api/connections/" + connection + "/runs", admin, "application/json", "{}".getBytes(), Map.of());

        assertThat(byUser.status()).isEqualTo(403);
        assertThat(byOtherTenant.status()).isEqualTo(404);
        assertThat(byOtherTenant.code()).isEqualTo("NOT_FOUND");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(large.status()).isEqualTo(413);
        assertThat(large.code()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(large.contentType()).startsWith("application/problem+json");
        assertThat(json.status()).isEqualTo(415);
        assertThat(data(admin, "{ connectionRuns(connection: \"" + connection + "\") { runs { id } } }")
                .path("connectionRuns").path("runs").isEmpty()).isTrue();
    }

    private String csvConnection() {
        String id = data(admin, """
                mutation { createConnection(input: {connector: "csv", name: "Customers file", config: {keyColumn: "number"},
                    streams: [{name: "rows", targetObject: "company", upsertOn: "customerNumber", mappings: [
                        {externalField: "number", targetField: "customerNumber", direction: READ},
                        {externalField: "name", targetField: "name", direction: READ},
                        {externalField: "email", targetField: "email", direction: READ}]}]}) { id } }""")
                .path("createConnection").path("id").asString();
        assertThat(data(admin, "mutation { checkConnection(id: \"" + id + "\") { passed } }").path("checkConnection").path("passed").asBoolean()).isTrue();
        data(admin, "mutation { enableConnection(id: \"" + id + "\") { status } }");
        return id;
    }

    Api.Response upload(String connection, String csv) {
        Api.Response response = api.post("/api/connections/" + connection + "/runs", admin, "text/csv", csv.getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response;
    }

    /** read, created, updated, unchanged, failed */
    static List<Long> counts(JsonNode run) {
        return List.of(run.path("read").asLong(), run.path("created").asLong(), run.path("updated").asLong(),
                run.path("unchanged").asLong(), run.path("failed").asLong());
    }

    private static List<String> problemsOf(JsonNode letters, String externalId) {
        for (JsonNode letter : letters) {
            if (externalId.equals(letter.path("externalId").asString())) {
                return letter.path("problems").findValuesAsString("field");
            }
        }
        throw new AssertionError("no dead letter of " + externalId + " in " + letters);
    }
}
