package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The introspection results of the data and admin APIs, read through HTTP with real tokens, are valid schemas for
 * graphql-js (an implementation independent of the server's graphql-java), as GraphiQL and code generators read them.
 * Needs {@code node} and {@code npm} on the PATH; the test installs graphql-js from the committed lock file into
 * {@code target/introspection-node} and fails, rather than skips, without them.
 */
class IntrospectionCompatibilityTest extends ApiTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path SOURCES = Path.of("src/test/node");
    private static final Path WORK = Path.of("target/introspection-node");
    private static final String SCRIPT = "validate-introspection.mjs";
    /** A custom field of every kind on company (also used by {@link CompiledReadsTest}). */
    static final List<String> CUSTOM_FIELDS = List.of(
            "{apiName: \"note\", type: {kind: \"TEXT\", maxLength: 80}}",
            "{apiName: \"story\", type: {kind: \"LONG_TEXT\"}}",
            "{apiName: \"billingEmail\", type: {kind: \"EMAIL\"}}",
            "{apiName: \"hotline\", type: {kind: \"PHONE\"}}",
            "{apiName: \"portal\", type: {kind: \"URL\"}}",
            "{apiName: \"seats\", type: {kind: \"INTEGER\"}}",
            "{apiName: \"score\", type: {kind: \"DECIMAL\", precision: 12, scale: 4}}",
            "{apiName: \"budget\", type: {kind: \"CURRENCY\"}}",
            "{apiName: \"discount\", type: {kind: \"PERCENT\"}}",
            "{apiName: \"vip\", type: {kind: \"BOOLEAN\"}}",
            "{apiName: \"foundedOn\", type: {kind: \"DATE\"}}",
            "{apiName: \"lastAudit\", type: {kind: \"DATETIME\"}}",
            "{apiName: \"tier\", type: {kind: \"SELECT\", options: [{value: \"GOLD\", label: \"Gold\"}, {value: \"SILVER\", label: \"Silver\"}]}}",
            "{apiName: \"channels\", type: {kind: \"MULTI_SELECT\", options: [{value: \"EMAIL\", label: \"E-mail\"}, {value: \"PHONE\", label: \"Phone\"}]}}",
            "{apiName: \"labels\", type: {kind: \"MULTI_SELECT\", options: []}}",
            "{apiName: \"ticketNo\", type: {kind: \"AUTONUMBER\", prefix: \"T-\", padding: 5}}",
            "{apiName: \"scoreLabel\", type: {kind: \"FORMULA\", expression: \"score * 2\", resultKind: \"DECIMAL\"}}",
            "{apiName: \"contactCount\", type: {kind: \"ROLLUP\", relation: \"contacts\", field: \"id\", function: \"COUNT\"}}",
            "{apiName: \"extra\", type: {kind: \"JSON\"}}",
            "{apiName: \"partners\", type: {kind: \"RELATION\", target: \"company\", cardinality: \"MANY_TO_MANY\"}}");
    private static final List<String> VEHICLE_FIELDS = List.of(
            "{apiName: \"plate\", type: {kind: \"TEXT\"}, constraints: {required: true, unique: true}}",
            "{apiName: \"mileage\", type: {kind: \"INTEGER\"}}",
            "{apiName: \"fuel\", type: {kind: \"SELECT\", options: [{value: \"DIESEL\", label: \"Diesel\"}, {value: \"ELECTRIC\", label: \"Electric\"}]}}",
            "{apiName: \"owner\", type: {kind: \"RELATION\", target: \"company\", cardinality: \"MANY_TO_ONE\", inverseName: \"vehicles\"}}");

    @BeforeAll
    static void installGraphqlJs() {
        requireOnPath("node");
        requireOnPath("npm");
        copy("package.json", "package-lock.json", SCRIPT);
        if (!Files.isDirectory(WORK.resolve("node_modules/graphql"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"), 180);
        }
    }

    @Test
    void theDataSchemaOfATenantWithOnlyBuiltInObjectsIsValidForGraphqlJs() {
        TenantId tenant = createTenant("Built-ins only");

        String sdl = validatedSdl("/graphql", TestPlatform.token(tenant, Role.TENANT_USER), "built-in");

        assertThat(sdl).contains("type Company ", "type Query", "type Mutation", "scalar Decimal", "type Money",
                "companies(", "createCompany(", "input CompanyFilter", "enum CompanyStatusOption");
    }

    @Test
    void theDataSchemaWithCustomFieldsOfEveryTypeAndACustomObjectIsValidForGraphqlJs() {
        TenantId tenant = createTenant("Customised");
        String admin = TestPlatform.token(tenant, Role.TENANT_ADMIN);
        CUSTOM_FIELDS.forEach(field -> admin(admin, "mutation { createField(object: \"company\", input: " + field + ") { metadataVersion } }"));
        admin(admin, "mutation { createObject(input: {apiName: \"vehicle\", labelSingular: \"Vehicle\", labelPlural: \"Vehicles\"}) { metadataVersion } }");
        VEHICLE_FIELDS.forEach(field -> admin(admin, "mutation { createField(object: \"vehicle\", input: " + field + ") { metadataVersion } }"));

        grantAllFieldsToUsers(tenant, "company", "vehicle");
        String sdl = validatedSdl("/graphql", TestPlatform.token(tenant, Role.TENANT_USER), "customised");

        assertThat(sdl).contains("type Vehicle ", "vehicles(", "createVehicle(", "input VehicleFilter", "enum VehicleFuelOption",
                "enum CompanyTierOption", "enum CompanyChannelsOption", "partners: [Company!]!", "input MoneyInput");
        assertThat(sdl).containsPattern("note: String").containsPattern("seats: Long").containsPattern("score: Decimal")
                .containsPattern("budget: Money").containsPattern("foundedOn: Date").containsPattern("lastAudit: DateTime")
                .containsPattern("extra: JSON").containsPattern("tier: CompanyTierOption").containsPattern("channels: \\[CompanyChannelsOption!\\]")
                .containsPattern("owner: Company").containsPattern("scoreLabel: Decimal").containsPattern("contactCount: Long")
                .containsPattern("ticketNo: String").containsPattern("vip: Boolean")
                .as("a multi-select without options yet (learned from synced data) still has an enum").containsPattern("labels: \\[CompanyLabelsOption!\\]");
    }

    @Test
    void theAdminSchemaIsValidForGraphqlJs() {
        TenantId tenant = createTenant("Admin schema");

        String sdl = validatedSdl("/graphql/admin", TestPlatform.token(tenant, Role.TENANT_ADMIN), "admin");

        assertThat(sdl).contains("metadataVersion", "createField(", "createObject(", "metadataChanges(");
    }

    /** Runs graphql-js's own introspection query against the endpoint and returns the schema graphql-js printed from it. */
    private String validatedSdl(String path, String token, String name) {
        String query = run(List.of("node", SCRIPT, "--query"), 30);
        Api.Response response = api.post(path, token, JSON.writeValueAsString(Map.of("query", query)));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Path result = WORK.resolve("introspection-" + name + ".json");
        write(result, response.body());
        String sdl = run(List.of("node", SCRIPT, result.getFileName().toString()), 30);
        write(WORK.resolve("introspection-" + name + ".graphql"), sdl);
        return sdl;
    }

    private void admin(String token, String mutation) {
        JsonNode response = JSON.readTree(api.post("/graphql/admin", token, JSON.writeValueAsString(Map.of("query", mutation))).body());
        assertThat(response.path("errors").isMissingNode() || response.path("errors").isEmpty())
                .as("%s: %s", mutation, response.path("errors")).isTrue();
    }

    private static void requireOnPath(String command) {
        boolean found = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, command)));
        if (!found) {
            fail("'" + command + "' is not on the PATH: this test checks the GraphQL schemas with graphql-js and needs Node.js 18+ and npm"
                    + " (see README.md, prerequisites)");
        }
    }

    private static void copy(String... names) {
        try {
            Files.createDirectories(WORK);
            for (String name : names) {
                Files.copy(SOURCES.resolve(name), WORK.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command in the work folder and returns its standard output; fails with its error output unless it exits 0. */
    private static String run(List<String> command, int timeoutSeconds) {
        try {
            Path output = Files.createTempFile(WORK.toAbsolutePath(), "stdout", ".txt");
            Path errors = Files.createTempFile(WORK.toAbsolutePath(), "stderr", ".txt");
            Process process = new ProcessBuilder(new ArrayList<>(command)).directory(WORK.toFile())
                    .redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
            }
            String out = Files.readString(output);
            String error = Files.readString(errors);
            Files.delete(output);
            Files.delete(errors);
            if (process.exitValue() != 0) {
                fail(String.join(" ", command) + " exited with " + process.exitValue() + ":\n" + error + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
