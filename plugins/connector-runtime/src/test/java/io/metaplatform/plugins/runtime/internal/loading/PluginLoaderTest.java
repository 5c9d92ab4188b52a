package io.metaplatform.plugins.runtime.internal.loading;

import static io.metaplatform.plugins.runtime.internal.loading.PluginJars.connector;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.plugins.api.CheckResult;
import io.metaplatform.plugins.api.Connector;
import io.metaplatform.plugins.runtime.LoadedConnector;
import io.metaplatform.plugins.runtime.RefusedPlugin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;

@ExtendWith(OutputCaptureExtension.class)
class PluginLoaderTest {

    /** A check that reports, for each class name, whether the plugin's own loader and the context loader find it. */
    private static final String PROBE = """
            var report = new StringBuilder();
            for (String name : new String[] {
                    "io.metaplatform.plugins.api.Connector", "java.net.http.HttpClient", "java.sql.Connection",
                    "org.springframework.context.ApplicationContext", "org.jooq.DSLContext",
                    "tools.jackson.databind.ObjectMapper", "io.metaplatform.core.TenantId",
                    "io.metaplatform.plugins.runtime.ConnectorCatalog"}) {
                report.append(name).append('=').append(visible(name, getClass().getClassLoader()))
                        .append('/').append(visible(name, Thread.currentThread().getContextClassLoader())).append(';');
            }
            return new CheckResult(true, report.toString());
            }
            private static String visible(String name, ClassLoader loader) {
                try {
                    Class.forName(name, false, loader);
                    return "visible";
                } catch (ClassNotFoundException e) {
                    return "hidden";
                }
            """;

    @TempDir
    Path folder;
    @TempDir
    Path work;
    private PluginJars jars;

    @BeforeEach
    void setUp() {
        jars = new PluginJars(folder, work);
    }

    @Test
    void loadsAGoodPluginInItsOwnClassLoaderAndCallsItWithThatContextLoader() throws Exception {
        jars.jar("good-connector-1.0.0.jar", "fixture.Good", Map.of("fixture.Good", connector("Good", "good", 1, "",
                "return new CheckResult(true, String.valueOf(Thread.currentThread().getContextClassLoader() == getClass().getClassLoader()));")));

        var catalog = PluginLoader.forPlatform().load(folder);

        assertThat(catalog.refused()).isEmpty();
        LoadedConnector good = catalog.find("good").orElseThrow();
        assertThat(good.source()).isEqualTo("good-connector-1.0.0.jar");
        assertThat(good.descriptor().name()).isEqualTo("Fixture good");
        assertThat(good.classLoader()).isInstanceOf(PluginClassLoader.class).isSameAs(good.connector().getClass().getClassLoader());
        assertThat(good.connector()).isInstanceOf(Connector.class);
        assertThat(good.call(() -> good.connector().check(null)).message()).isEqualTo("true");
        assertThat(catalog.loaded()).extracting(LoadedConnector::id).containsExactly("good");
    }

    @Test
    void pluginSeesTheSpiAndTheJdkButNoApplicationClass() throws Exception {
        jars.jar("probe.jar", "fixture.Probe", Map.of("fixture.Probe", connector("Probe", "probe", 1, "", PROBE)));
        assertThat(Class.forName("org.springframework.context.ApplicationContext")).isSameAs(ApplicationContext.class);

        var probe = PluginLoader.forPlatform().load(folder).find("probe").orElseThrow();
        CheckResult report = probe.call(() -> probe.connector().check(null));

        assertThat(report.message().split(";")).containsExactly(
                "io.metaplatform.plugins.api.Connector=visible/visible",
                "java.net.http.HttpClient=visible/visible",
                "java.sql.Connection=visible/visible",
                "org.springframework.context.ApplicationContext=hidden/hidden",
                "org.jooq.DSLContext=hidden/hidden",
                "tools.jackson.databind.ObjectMapper=hidden/hidden",
                "io.metaplatform.core.TenantId=hidden/hidden",
                "io.metaplatform.plugins.runtime.ConnectorCatalog=hidden/hidden");
        assertThat(probe.classLoader().loadClass(Connector.class.getName())).isSameAs(Connector.class);
    }

    @Test
    void libraryBundledInThePluginWinsOverTheApplicationsCopy() throws Exception {
        jars.jar("bundling.jar", "fixture.Bundling", Map.of(
                "fixture.Bundling", connector("Bundling", "bundling", 1, "", "return new CheckResult(true, org.slf4j.LoggerFactory.origin());"),
                "org.slf4j.LoggerFactory", "package org.slf4j; public final class LoggerFactory { public static String origin() { return \"bundled\"; } }"));

        var bundling = PluginLoader.forPlatform().load(folder).find("bundling").orElseThrow();

        assertThat(bundling.call(() -> bundling.connector().check(null)).message()).isEqualTo("bundled");
        Class<?> bundled = bundling.classLoader().loadClass("org.slf4j.LoggerFactory");
        assertThat(bundled).isNotSameAs(org.slf4j.LoggerFactory.class);
        assertThat(bundled.getClassLoader()).isSameAs(bundling.classLoader());
    }

    @Test
    void refusesABrokenJarAndStillLoadsTheOthers() {
        jars.corrupt("a-truncated.jar");
        jars.jar("b-good.jar", "fixture.Good", Map.of("fixture.Good", connector("Good", "good")));

        var catalog = PluginLoader.forPlatform().load(folder);

        assertThat(catalog.loaded()).extracting(LoadedConnector::id).containsExactly("good");
        assertThat(catalog.refused()).singleElement().satisfies(refused -> {
            assertThat(refused.source()).isEqualTo("a-truncated.jar");
            assertThat(refused.connectorId()).isNull();
            assertThat(refused.reason()).startsWith("not a readable jar");
        });
    }

    @Test
    void refusesAJarWithoutAConnector() {
        jars.jar("library.jar", null, Map.of("fixture.Util", "package fixture; public class Util {}"));

        var catalog = PluginLoader.forPlatform().load(folder);

        assertThat(catalog.loaded()).isEmpty();
        assertThat(catalog.refused()).extracting(RefusedPlugin::reason)
                .containsExactly("declares no connector (META-INF/services/io.metaplatform.plugins.api.Connector is missing)");
    }

    @Test
    void refusesAPluginWhoseConstructorThrows() {
        jars.jar("throwing.jar", "fixture.Throwing", Map.of("fixture.Throwing",
                connector("Throwing", "throwing", 1, "if (true) throw new IllegalStateException(\"licence file missing\");", "return CheckResult.success();")));

        var refused = PluginLoader.forPlatform().load(folder).refused();

        assertThat(refused).singleElement().extracting(RefusedPlugin::reason).asString()
                .startsWith("its connector could not be created")
                .contains("java.lang.IllegalStateException: licence file missing");
    }

    @Test
    void refusesAPluginThatNeedsAnApplicationClass() {
        var springContext = PluginJars.locationOf(ApplicationContext.class);
        jars.jar("spring-user.jar", "fixture.SpringUser", Map.of("fixture.SpringUser", connector("SpringUser", "spring-user", 1,
                "org.springframework.context.ApplicationContext unused = new org.springframework.context.support.GenericApplicationContext();",
                "return CheckResult.success();")), springContext, PluginJars.locationOf(org.springframework.core.io.ResourceLoader.class));

        var refused = PluginLoader.forPlatform().load(folder).refused();

        assertThat(refused).singleElement().extracting(RefusedPlugin::reason).asString()
                .startsWith("its connector could not be created")
                .contains("ClassNotFoundException: org.springframework.context.");
    }

    @Test
    void refusesAPluginWhoseDescriptorIsInvalid() {
        jars.jar("invalid.jar", "fixture.Invalid", Map.of("fixture.Invalid", connector("Invalid", "Not An Id", 1, "", "return CheckResult.success();")));

        var refused = PluginLoader.forPlatform().load(folder).refused();

        assertThat(refused).singleElement().extracting(RefusedPlugin::reason).asString()
                .startsWith("its descriptor() failed")
                .contains("connector id must match");
    }

    @Test
    void refusesAPluginBuiltForAnotherSpiVersion() {
        jars.jar("future.jar", "fixture.Future", Map.of("fixture.Future", connector("Future", "future", 2, "", "return CheckResult.success();")));

        var catalog = PluginLoader.forPlatform().load(folder);

        assertThat(catalog.find("future")).isEmpty();
        assertThat(catalog.refused()).containsExactly(new RefusedPlugin("future.jar", "future",
                "built for connector SPI version 2, this platform implements version 1"));
    }

    @Test
    void refusesTheLaterOfTwoPluginsWithTheSameIdByFileName() throws IOException {
        jars.jar("b-copy.jar", "fixture.Copy", Map.of("fixture.Copy", connector("Copy", "same")));
        jars.jar("a-original.jar", "fixture.Original", Map.of("fixture.Original", connector("Original", "same")));

        var catalog = PluginLoader.forPlatform().load(folder);

        assertThat(catalog.find("same").orElseThrow().source()).isEqualTo("a-original.jar");
        assertThat(catalog.find("same").orElseThrow().connector().getClass().getName()).isEqualTo("fixture.Original");
        assertThat(catalog.refused()).containsExactly(new RefusedPlugin("b-copy.jar", "same",
                "duplicate connector id same, already loaded from a-original.jar"));
        assertThat(Files.list(folder).count()).isEqualTo(2);
    }

    @Test
    void logsOneWarningLinePerRefusedPluginWithoutAStackTrace(CapturedOutput output) {
        jars.corrupt("broken.jar");
        jars.jar("future.jar", "fixture.Future", Map.of("fixture.Future", connector("Future", "future", 2, "", "return CheckResult.success();")));
        jars.jar("throwing.jar", "fixture.Throwing", Map.of("fixture.Throwing",
                connector("Throwing", "throwing", 1, "if (true) throw new IllegalStateException(\"boom\");", "return CheckResult.success();")));

        PluginLoader.forPlatform().load(folder);

        var refusals = output.getOut().lines().filter(line -> line.contains("Refused connector plugin")).toList();
        assertThat(refusals).hasSize(3);
        assertThat(refusals).allSatisfy(line -> assertThat(line).contains("WARN"));
        assertThat(refusals.get(1)).contains("future.jar (id future): built for connector SPI version 2");
        assertThat(output.getOut()).doesNotContain("\tat fixture.").doesNotContain("\tat java.");
    }

    @Test
    void aMissingFolderMeansNoPlugins() {
        var catalog = PluginLoader.forPlatform().load(folder.resolve("absent"));

        assertThat(catalog.loaded()).isEmpty();
        assertThat(catalog.refused()).isEmpty();
    }

    @Test
    void closingTheCatalogClosesEveryConnector() throws Exception {
        Path marker = work.resolve("closed.txt");
        String source = connector("Closing", "closing").replace("public void read(ReadContext context) {",
                "public void close() { try { java.nio.file.Files.writeString(java.nio.file.Path.of(\""
                        + marker.toString().replace("\\", "\\\\") + "\"), \"closed\"); } catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); } }\n"
                        + "public void read(ReadContext context) {");
        jars.jar("closing.jar", "fixture.Closing", Map.of("fixture.Closing", source));

        PluginLoader.forPlatform().load(folder).close();

        assertThat(marker).hasContent("closed");
    }
}
