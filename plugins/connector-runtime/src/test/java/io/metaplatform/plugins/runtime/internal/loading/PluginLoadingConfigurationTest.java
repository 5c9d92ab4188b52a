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

    @Test
    void severalFoldersLoadInTheOrderGivenAndAnEarlierFolderWinsAConnectorId(@TempDir Path own, @TempDir Path ownWork) {
        var built = new PluginJars(folder, work);
        built.jar("good-1.0.jar", "fixture.Good", Map.of("fixture.Good", PluginJars.connector("Good", "good")));
        var authors = new PluginJars(own, ownWork);
        authors.jar("mine.jar", "fixture.Mine", Map.of("fixture.Mine", PluginJars.connector("Mine", "mine")));
        authors.jar("a-good-copy.jar", "fixture.Good", Map.of("fixture.Good", PluginJars.connector("Good", "good")));

        context.withPropertyValues("platform.plugins.dir=" + folder + ", " + own + "," + folder.resolve("nowhere")).run(started -> {
            assertThat(started).hasNotFailed();
            var catalog = started.getBean(ConnectorCatalog.class);
            assertThat(catalog.loaded()).extracting(LoadedConnector::id).containsExactly("good", "mine");
            assertThat(catalog.loaded()).extracting(LoadedConnector::source).containsExactly("good-1.0.jar", "mine.jar");
            assertThat(catalog.refused()).extracting(RefusedPlugin::source, RefusedPlugin::reason)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("a-good-copy.jar",
                            "duplicate connector id good, already loaded from good-1.0.jar"));
        });
    }
}
