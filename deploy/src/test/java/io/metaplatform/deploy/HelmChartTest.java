package io.metaplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The chart in helm/metaplatform as Helm itself lints and renders it (helm-java bundles Helm's code), for the
 * default values and the value sets an operator would write: what every rendering must hold, checked on the
 * manifests, and each manifest valid for its Kubernetes kind.
 */
class HelmChartTest {

    private static final Path CHART = Path.of(System.getProperty("chart.dir", "../helm/metaplatform"));
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|CREDENTIAL|KEYS|REDIS_URL).*");
    private static final String DEFAULTS = "defaults";

    private static KubernetesSchemas schemas;

    @BeforeAll
    static void loadSchemas() {
        schemas = new KubernetesSchemas();
    }

    @Test
    void chartPassesStrictLint() {
        LintResult lint = new Helm(CHART).lint().strict().call();

        assertThat(lint.isFailed()).as("helm lint: %s", lint.getMessages()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {DEFAULTS, "production", "single-instance", "oidc-from-secret"})
    void everyManifestIsAValidKubernetesResource(String values) {
        List<JsonNode> manifests = render(values);

        assertThat(manifests).isNotEmpty();
        for (JsonNode manifest : manifests) {
            assertThat(schemas.violations(manifest)).as("%s %s (%s values)", manifest.path("kind").asString(),
                    manifest.path("metadata").path("name").asString(), values).isEmpty();
        }
    }

    @Test
    void schemasRefuseMisspeltFieldsAndWrongTypes() {
        JsonNode deployment = one(render(DEFAULTS), "Deployment");
        ObjectNode misspelt = (ObjectNode) deployment.deepCopy();
        ((ObjectNode) misspelt.path("spec").path("template").path("spec").path("containers").get(0))
                .set("livenessProbes", misspelt.path("spec").path("template").path("spec").path("containers").get(0).path("livenessProbe"));
        ObjectNode wrongType = (ObjectNode) deployment.deepCopy();
        ((ObjectNode) wrongType.path("spec").path("template").path("spec")).put("terminationGracePeriodSeconds", "soon");

        assertThat(schemas.violations(deployment)).isEmpty();
        assertThat(schemas.violations(misspelt)).anyMatch(violation -> violation.contains("livenessProbes"));
        assertThat(schemas.violations(wrongType)).anyMatch(violation -> violation.contains("terminationGracePeriodSeconds"));
    }

    @ParameterizedTest
    @ValueSource(strings = {DEFAULTS, "production", "single-instance", "oidc-from-secret"})
    void theServerIsProbedOnTheActuatorGroupsAndRunsNonRootWithResources(String values) {
        JsonNode pod = one(render(values), "Deployment").path("spec").path("template").path("spec");
        JsonNode server = pod.path("containers").get(0);

        assertThat(server.path("startupProbe").path("httpGet").path("path").asString()).isEqualTo("/actuator/health/liveness");
        assertThat(server.path("livenessProbe").path("httpGet").path("path").asString()).isEqualTo("/actuator/health/liveness");
        assertThat(server.path("readinessProbe").path("httpGet").path("path").asString()).isEqualTo("/actuator/health/readiness");
        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("securityContext").path("runAsUser").asInt()).isPositive();
        assertThat(server.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(server.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(server.path("resources").path("requests").has("cpu")).isTrue();
        assertThat(server.path("resources").path("requests").has("memory")).isTrue();
        assertThat(server.path("resources").path("limits").has("memory")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {DEFAULTS, "production", "single-instance", "oidc-from-secret"})
    void secretsComeFromExistingSecretsAndNeverAppearInTheManifests(String values) {
        List<JsonNode> manifests = render(values);

        assertThat(manifests).noneMatch(manifest -> manifest.path("kind").asString().equals("Secret"));
        JsonNode server = one(manifests, "Deployment").path("spec").path("template").path("spec").path("containers").get(0);
        List<String> secretVariables = new ArrayList<>();
        for (JsonNode variable : server.path("env")) {
            String name = variable.path("name").asString();
            if (SECRET_NAME.matcher(name).matches()) {
                secretVariables.add(name);
                assertThat(variable.has("value")).as("%s is a plain value", name).isFalse();
                assertThat(variable.path("valueFrom").has("secretKeyRef")).as("%s from a Secret", name).isTrue();
            }
        }
        assertThat(secretVariables).contains("PLATFORM_DB_PASSWORD", "PLATFORM_DB_APP_PASSWORD", "PLATFORM_CREDENTIAL_KEYS");
        assertThat(one(manifests, "ConfigMap").path("data").propertyNames()).noneMatch(key -> SECRET_NAME.matcher(key).matches());
    }

    @Test
    void shutdownDrainsWithinTheTerminationGracePeriod() {
        JsonNode pod = one(render(DEFAULTS), "Deployment").path("spec").path("template").path("spec");
        JsonNode preStop = pod.path("containers").get(0).path("lifecycle").path("preStop").path("exec").path("command");
        int springShutdownSeconds = 20;

        assertThat(preStop.get(0).asString()).isEqualTo("sleep");
        assertThat(pod.path("terminationGracePeriodSeconds").asInt())
                .isGreaterThan(Integer.parseInt(preStop.get(1).asString()) + springShutdownSeconds);
    }

    @Test
    void instancesSpreadOverNodesScaleOnCpuAndKeepOneUpDuringDisruptions() {
        List<JsonNode> manifests = render(DEFAULTS);
        JsonNode deployment = one(manifests, "Deployment");

        assertThat(deployment.path("spec").has("replicas")).as("the HPA owns the replica count").isFalse();
        assertThat(deployment.path("spec").path("template").path("spec").path("affinity").path("podAntiAffinity")
                .path("preferredDuringSchedulingIgnoredDuringExecution").get(0).path("podAffinityTerm").path("topologyKey")
                .asString()).isEqualTo("kubernetes.io/hostname");
        assertThat(one(manifests, "HorizontalPodAutoscaler").path("spec").path("scaleTargetRef").path("name").asString())
                .isEqualTo(deployment.path("metadata").path("name").asString());
        assertThat(one(manifests, "PodDisruptionBudget").path("spec").path("maxUnavailable").asInt()).isEqualTo(1);
        assertThat(one(manifests, "ServiceAccount").path("automountServiceAccountToken").asBoolean(true)).isFalse();
        assertThat(kinds(manifests)).doesNotContain("Ingress", "ServiceMonitor");
    }

    @Test
    void productionValuesServeTlsAndAreScrapedByPrometheus() {
        List<JsonNode> manifests = render("production");

        JsonNode ingress = one(manifests, "Ingress");
        assertThat(ingress.path("spec").path("tls").get(0).path("secretName").asString()).isEqualTo("platform-example-com-tls");
        assertThat(one(manifests, "ServiceMonitor").path("spec").path("endpoints").get(0).path("path").asString())
                .isEqualTo("/actuator/prometheus");
        JsonNode pod = one(manifests, "Deployment").path("spec").path("template").path("spec");
        assertThat(pod.path("containers").get(0).path("image").asString()).contains("@sha256:");
        assertThat(pod.path("volumes").findValuesAsString("claimName")).contains("connector-plugins");
    }

    @Test
    void singleInstanceValuesRunOneReplicaWithoutAutoscaler() {
        List<JsonNode> manifests = render("single-instance");

        assertThat(one(manifests, "Deployment").path("spec").path("replicas").asInt()).isEqualTo(1);
        assertThat(kinds(manifests)).doesNotContain("HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy",
                "ServiceAccount");
    }

    @Test
    void networkPolicyAdmitsOnlyTheHttpPortAndKeepsConnectorsOffPrivateRanges() {
        JsonNode policy = one(render(DEFAULTS), "NetworkPolicy").path("spec");

        assertThat(policy.path("ingress").get(0).path("ports").get(0).path("port").asInt()).isEqualTo(8080);
        assertThat(policy.path("egress").findValuesAsString("cidr")).contains("0.0.0.0/0");
        assertThat(policy.path("egress").findValues("except").getFirst().values().stream().map(JsonNode::asString))
                .contains("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16");
    }

    @Test
    void aMissingSecretNameFailsWithTheValueNamed() {
        assertThatThrownBy(() -> render(DEFAULTS, template -> template.set("database.app.existingSecret", "")))
                .hasMessageContaining("database.app.existingSecret")
                .hasMessageContaining("values don't meet the specifications of the schema");
    }

    @Test
    void aValueOfTheWrongTypeFails() {
        assertThatThrownBy(() -> render(DEFAULTS, template -> template.set("autoscaling.enabled", "maybe")))
                .hasMessageContaining("autoscaling.enabled");
    }

    @Test
    void aSecretInThePlainConfigurationIsRefused() {
        assertThatThrownBy(() -> render(DEFAULTS, template -> template.set("config.PLATFORM_DB_PASSWORD", "hunter2")))
                .hasMessageContaining("config");
    }

    @Test
    void anIssuerIsRequired() {
        assertThatThrownBy(() -> render(DEFAULTS, template -> template.set("oidc.issuerUri", "")))
                .hasMessageContaining("oidc");
    }

    private static List<JsonNode> render(String values) {
        return render(values, UnaryOperator.identity());
    }

    private static List<JsonNode> render(String values, UnaryOperator<TemplateCommand> options) {
        TemplateCommand template = new Helm(CHART).template().withName("platform").withNamespace("metaplatform");
        if (!values.equals(DEFAULTS)) {
            template = template.withValuesFile(Path.of("src/test/resources/values", values + ".yaml"));
        }
        String rendered = options.apply(template).call();
        List<JsonNode> manifests = new ArrayList<>();
        try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(rendered)) {
            documents.forEachRemaining(document -> {
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    manifests.add(document);
                }
            });
        }
        return manifests;
    }

    private static JsonNode one(List<JsonNode> manifests, String kind) {
        List<JsonNode> ofKind = manifests.stream().filter(manifest -> manifest.path("kind").asString().equals(kind)).toList();
        assertThat(ofKind).as("%s manifests", kind).hasSize(1);
        return ofKind.getFirst();
    }

    private static List<String> kinds(List<JsonNode> manifests) {
        return manifests.stream().map(manifest -> manifest.path("kind").asString()).toList();
    }

}
