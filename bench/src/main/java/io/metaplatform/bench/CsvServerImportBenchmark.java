package io.metaplatform.bench;

import io.metaplatform.core.DevIssuer;
import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tools.jackson.databind.JsonNode;

/**
 * The whole CSV import through the server, as a tenant admin does it: the real server on a fresh database
 * loads the csv plugin from the plugins folder, a CSV connection into {@code company} is created in
 * {@code /graphql/admin}, a generated file of {@code --rows} rows (every 500th with an invalid email, every
 * 997th with a column missing) is uploaded to {@code POST /api/connections/{id}/runs}, and the run is awaited.
 * Prints rows per second from the upload to the end of the run, then the same for uploading the same file
 * again (the connector's checkpoint recognises the file: nothing is read twice). Where the server runs
 * without autovacuum, {@link AutovacuumStandIn} keeps the planner's statistics as autovacuum would
 * ({@code --autoanalyze=auto|on|off}, {@code --naptime-ms}).
 */
public final class CsvServerImportBenchmark {

    private CsvServerImportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = option(args, "rows", "100000", Integer::parseInt);
        String adminUrl = option(args, "admin-url", "jdbc:postgresql://127.0.0.1:5432/postgres", text -> text);
        String adminUser = option(args, "admin-user", "postgres", text -> text);
        String adminPassword = option(args, "admin-password", "", text -> text);
        String autoanalyze = option(args, "autoanalyze", "auto", text -> text);
        long naptime = option(args, "naptime-ms", "10000", Long::parseLong);
        byte[] file = file(rows);
        System.out.println("== CSV import through the server ==");
        System.out.printf("machine     %d cores, JDK %s, 1-minute load average %.2f at the start%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf("file        %,d data rows, %,d bytes; every 500th row an invalid email, every 997th a column short%n", rows, file.length);
        try (BenchDatabase database = BenchDatabase.create(adminUrl, adminUser, adminPassword);
             ServerUnderTest server = ServerUnderTest.start(database, 10);
             AutovacuumStandIn statistics = AutovacuumStandIn.start(database, autoanalyze, naptime)) {
            GraphQlClient client = new GraphQlClient(server.port());
            TenantId tenant = new Tenants(client, server.issuer()).create("CSV bench");
            String admin = server.issuer().mint(DevIssuer.TokenRequest.of("bench-admin", tenant, Role.TENANT_ADMIN));
            String connection = connection(client, admin);
            System.out.println();
            System.out.println("  upload       seconds      rows/s       read    created    updated  unchanged     failed");
            run(server.port(), client, admin, connection, file, rows, "first");
            run(server.port(), client, admin, connection, file, rows, "again");
            System.out.printf("%nanalyzes    %d by the autovacuum stand-in%n", statistics.analyzes());
        }
        System.out.printf("%n1-minute load average %.2f at the end%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static String connection(GraphQlClient client, String admin) {
        JsonNode created = client.post("/graphql/admin", admin, query("""
                mutation { createConnection(input: {connector: "csv", name: "Bench", config: {keyColumn: "number"},
                    streams: [{name: "rows", targetObject: "company", upsertOn: "customerNumber", mappings: [
                        {externalField: "number", targetField: "customerNumber", direction: READ},
                        {externalField: "name", targetField: "name", direction: READ},
                        {externalField: "email", targetField: "email", direction: READ}]}]}) { id } }""")).json();
        String id = created.path("data").path("createConnection").path("id").asString();
        if (id.isEmpty()) {
            throw new IllegalStateException("connection not created: " + created);
        }
        client.post("/graphql/admin", admin, query("mutation { checkConnection(id: \"" + id + "\") { passed } }"));
        client.post("/graphql/admin", admin, query("mutation { enableConnection(id: \"" + id + "\") { status } }"));
        return id;
    }

    private static void run(int port, GraphQlClient client, String admin, String connection, byte[] file, int rows, String label)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<String> upload = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/connections/" + connection + "/runs"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(file)).build(), HttpResponse.BodyHandlers.ofString());
        if (upload.statusCode() != 202) {
            throw new IllegalStateException("upload refused (" + upload.statusCode() + "): " + upload.body());
        }
        JsonNode run;
        do {
            Thread.sleep(200);
            run = client.post("/graphql/admin", admin, query("{ connectionRuns(connection: \"" + connection + "\", first: 1) { runs { status"
                    + " read created updated unchanged failed error } } }")).json().path("data").path("connectionRuns").path("runs").get(0);
        } while ("RUNNING".equals(run.path("status").asString()));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!"SUCCEEDED".equals(run.path("status").asString())) {
            throw new IllegalStateException("the run ended " + run);
        }
        System.out.printf("  %-8s %11.1f %11s %10d %10d %10d %10d %10d%n", label, seconds, String.format("%,.0f", rows / seconds),
                run.path("read").asLong(), run.path("created").asLong(), run.path("updated").asLong(), run.path("unchanged").asLong(),
                run.path("failed").asLong());
    }

    private static byte[] file(int rows) {
        StringBuilder file = new StringBuilder("number,name,email\n");
        for (int i = 1; i <= rows; i++) {
            if (i % 997 == 0) {
                file.append("B-").append(i).append(",Short row\n");
            } else {
                file.append("B-").append(i).append(",Company ").append(i).append(',')
                        .append(i % 500 == 0 ? "not-an-email" : "c" + i + "@example.com").append('\n');
            }
        }
        return file.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String query(String query) {
        return "{\"query\":" + tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(query) + "}";
    }

    private static <T> T option(String[] args, String name, String fallback, java.util.function.Function<String, T> parse) {
        return parse.apply(Arrays.stream(args).filter(arg -> arg.startsWith("--" + name + "=")).map(arg -> arg.substring(name.length() + 3))
                .findFirst().orElse(fallback));
    }
}
