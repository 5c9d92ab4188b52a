package io.metaplatform.plugins.runtime.internal.loading;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.plugins.runtime.ConnectorCatalog;
import io.metaplatform.plugins.runtime.LoadedConnector;
import io.metaplatform.plugins.runtime.RefusedPlugin;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class PluginLoadingConfigurationTest {

    @TempDir
    Path folder;
    @TempDir
    Path work;

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(PluginLoadingConfiguration.class);

    @Test
    void theApplicationStartsWithTheGoodPluginsOfTheConfiguredFolderAndListsTheRefusedOnes() {
        var jars = new PluginJars(folder, work);
        jars.jar("csv-like.jar", "fixture.Good", Map.of("fixture.Good", PluginJars.connector("Good", "good")));
        jars.corrupt("half-downloaded.jar");

        context.withPropertyValues("platform.plugins.dir=" + folder).run(started -> {
            assertThat(started).hasNotFailed();
            var catalog = started.getBean(ConnectorCatalog.class);
            assertThat(catalog.loaded()).extracting(LoadedConnector::id).containsExactly("good");
            assertThat(catalog.refused()).extracting(RefusedPlugin::source).containsExactly("half-downloaded.jar");
        });
    }

    @Test
    void theApplicationStartsWithoutPluginsFolder() {
        context.withPropertyValues("platform.plugins.dir=" + folder.resolve("nowhere")).run(started -> {
            assertThat(started).hasNotFailed();
            assertThat(started.getBean(ConnectorCatalog.class).loaded()).isEmpty();
        });
    }
}
