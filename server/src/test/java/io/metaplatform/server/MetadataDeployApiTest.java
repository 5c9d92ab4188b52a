package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Moving a configuration from a staging tenant to production through /graphql/admin, as bin/metadata and a CI job do:
 * retrieve, plan, deploy; destructive steps only on request; tenant admins only; no tenant sees another's.
 */
class MetadataDeployApiTest extends ConnectorApiTestSupport {

    private static final String STEP = "{ action kind target pointer destructive records summary }";

    @Test
    void aStagingConfigurationIsPlannedAndDeployedToProductionAndASecondDeployChangesNothing() {
        String staging = TestPlatform.token(createTenant("Staging"), Role.TENANT_ADMIN);
        TenantId productionTenant = createTenant("Production");
        String production = TestPlatform.token(productionTenant, Role.TENANT_ADMIN);
        data(staging, "mutation { createObject(input: {apiName: \"studioBooking\", labelSingular: \"Studio booking\"}) { metadataVersion } }");
        data(staging, "mutation { createField(object: \"studioBooking\", input: {apiName: \"room\", label: \"Room\", type: {kind: \"TEXT\","
                + " maxLength: 40}}) { metadataVersion } }");
        data(staging, "mutation { createField(object: \"company\", input: {apiName: \"tier\", type: {kind: \"SELECT\", options: [{value: \"GOLD\","
                + " label: \"Gold\"}]}}) { metadataVersion } }");
        JsonNode document = data(staging, "mutation { retrieveMetadata }").path("retrieveMetadata");

        JsonNode plan = data(production, "mutation($p: JSON!) { planMetadataDeploy(package: $p) { steps " + STEP
                + " problems { pointer code message } destructive } }", Map.of("p", document)).path("planMetadataDeploy");
        assertThat(plan.path("problems")).isEmpty();
        assertThat(plan.path("destructive").asBoolean()).isFalse();
        assertThat(plan.path("steps").findValuesAsString("target")).containsExactly("company.tier", "studioBooking", "studioBooking.room");

        JsonNode deployed = data(production, "mutation($p: JSON!) { deployMetadata(package: $p) { applied metadataVersion steps " + STEP + " } }",
                Map.of("p", document)).path("deployMetadata");
        assertThat(deployed.path("applied").asBoolean()).isTrue();
        JsonNode production2 = data(production, "mutation { retrieveMetadata }").path("retrieveMetadata");
        assertThat(without(production2, "platformVersion")).isEqualTo(without(document, "platformVersion"));
        JsonNode again = data(production, "mutation($p: JSON!) { deployMetadata(package: $p) { applied metadataVersion } }",
                Map.of("p", document)).path("deployMetadata");
        assertThat(again.path("applied").asBoolean()).isFalse();
        assertThat(again.path("metadataVersion").asLong()).isEqualTo(deployed.path("metadataVersion").asLong());
        tenantData(production, "mutation { createStudioBooking(data: {room: \"A\"}) { id } }");
    }

    @Test
    void destructiveStepsNeedTheFlagAndProblemsComeWithPointers() {
        String admin = TestPlatform.token(createTenant("Destructive"), Role.TENANT_ADMIN);
        data(admin, "mutation { createField(object: \"company\", input: {apiName: \"legacy\", type: {kind: \"TEXT\", maxLength: 20}}) {"
                + " metadataVersion } }");
        tenantData(admin, "mutation { createCompany(data: {name: \"Acme\", legacy: \"L-1\"}) { id } }");
        ObjectNode empty = (ObjectNode) data(admin, "mutation { retrieveMetadata }").path("retrieveMetadata");
        empty.set("objects", empty.objectNode());

        JsonNode plan = data(admin, "mutation($p: JSON!) { planMetadataDeploy(package: $p) { steps " + STEP + " destructive } }",
                Map.of("p", empty)).path("planMetadataDeploy");
        assertThat(plan.path("destructive").asBoolean()).isTrue();
        assertThat(plan.path("steps").get(0).path("records").asLong()).isEqualTo(1);
        JsonNode refused = post("/graphql/admin", admin, "mutation($p: JSON!) { deployMetadata(package: $p) { applied } }", Map.of("p", empty));
        assertThat(code(refused)).isEqualTo("VALIDATION_FAILED");
        JsonNode detail = refused.path("errors").get(0).path("extensions").path("details").get(0);
        assertThat(detail.path("field").asString() + " " + detail.path("code").asString())
                .isEqualTo("/objects/company/fields/legacy DESTRUCTIVE_CHANGE");
        data(admin, "mutation($p: JSON!) { deployMetadata(package: $p, allowDestructive: true) { applied } }", Map.of("p", empty));
        assertThat(data(admin, "mutation { retrieveMetadata }").path("retrieveMetadata").path("objects")).isEmpty();

        empty.set("objects", empty.objectNode().set("desk", empty.objectNode().put("builtIn", false)));
        JsonNode invalid = data(admin, "mutation($p: JSON!) { planMetadataDeploy(package: $p) { problems { pointer code } } }",
                Map.of("p", empty)).path("planMetadataDeploy").path("problems");
        assertThat(invalid.findValuesAsString("code")).contains("SCHEMA_REQUIRED");
        assertThat(invalid.findValuesAsString("pointer")).contains("/objects/desk/labelSingular", "/objects/desk/fields");
    }

    @Test
    void onlyTenantAdminsDeployAndADeployReachesNoOtherTenant() {
        TenantId tenant = createTenant("Mine");
        String admin = TestPlatform.token(tenant, Role.TENANT_ADMIN);
        String user = TestPlatform.token(tenant, Role.TENANT_USER);
        String other = TestPlatform.token(createTenant("Other"), Role.TENANT_ADMIN);
        data(other, "mutation { createField(object: \"company\", input: {apiName: \"othersField\", type: {kind: \"TEXT\", maxLength: 20}}) {"
                + " metadataVersion } }");
        JsonNode othersBefore = data(other, "mutation { retrieveMetadata }").path("retrieveMetadata");
        ObjectNode document = (ObjectNode) data(admin, "mutation { retrieveMetadata }").path("retrieveMetadata");

        assertThat(code(post("/graphql/admin", user, "mutation($p: JSON!) { deployMetadata(package: $p) { applied } }",
                Map.of("p", document)))).isEqualTo("FORBIDDEN");
        assertThat(code(post("/graphql/admin", user, "mutation($p: JSON!) { planMetadataDeploy(package: $p) { destructive } }",
                Map.of("p", document)))).isEqualTo("FORBIDDEN");
        data(admin, "mutation($p: JSON!) { deployMetadata(package: $p, allowDestructive: true) { applied } }", Map.of("p", document));

        assertThat(data(other, "mutation { retrieveMetadata }").path("retrieveMetadata")).isEqualTo(othersBefore);
    }

    @Test
    void binMetadataRetrievesPlansAndDeploysAsACiJobWould(@org.junit.jupiter.api.io.TempDir java.nio.file.Path work) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(onPath("jq") && onPath("curl"), "bin/metadata needs jq and curl");
        String staging = TestPlatform.token(createTenant("CLI staging"), Role.TENANT_ADMIN);
        String production = TestPlatform.token(createTenant("CLI production"), Role.TENANT_ADMIN);
        data(staging, "mutation { createField(object: \"company\", input: {apiName: \"segment\", type: {kind: \"TEXT\", maxLength: 30}}) {"
                + " metadataVersion } }");
        java.nio.file.Path file = work.resolve("package.json");

        assertThat(metadata(0, "retrieve", staging, "--file", file.toString())).isEmpty();
        assertThat(java.nio.file.Files.readString(file)).contains("\"segment\"");
        assertThat(metadata(0, "plan", production, "--file", file.toString())).contains("CREATE\tcompany.segment");
        assertThat(metadata(0, "deploy", production, "--file", file.toString())).contains("deployed: metadata version");
        assertThat(metadata(0, "deploy", production, "--file", file.toString())).contains("no changes");

        java.nio.file.Files.writeString(file, "{\"packageVersion\": \"1.0\", \"objects\": {\"desk\": {\"builtIn\": false}}}");
        assertThat(metadata(2, "plan", production, "--file", file.toString())).contains("problem: /objects/desk/labelSingular SCHEMA_REQUIRED");
    }

    private String metadata(int expectedExit, String command, String token, String... arguments) throws Exception {
        java.util.List<String> line = new java.util.ArrayList<>(java.util.List.of("bash", "../bin/metadata", command, "--server",
                "http://127.0.0.1:" + port, "--token", token));
        line.addAll(java.util.List.of(arguments));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isEqualTo(expectedExit);
        return output;
    }

    private static boolean onPath(String program) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(directory -> java.nio.file.Files.isExecutable(java.nio.file.Path.of(directory, program)));
    }

    private static JsonNode without(JsonNode node, String property) {
        ObjectNode copy = (ObjectNode) node.deepCopy();
        copy.remove(property);
        return copy;
    }
}
