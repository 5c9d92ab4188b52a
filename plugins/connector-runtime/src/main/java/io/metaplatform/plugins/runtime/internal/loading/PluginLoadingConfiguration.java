package io.metaplatform.plugins.runtime.internal.loading;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PluginLoadingConfiguration {

    /**
     * Where the build installs this repository's connectors, and then a folder of plugin authors' own jars
     * that no build touches (git ignores it), both relative to the repository root (the working directory
     * of {@code spring-boot:run}); operators set {@code PLATFORM_PLUGINS_DIR} (one folder or several,
     * comma-separated).
     */
    static final String DEFAULT_FOLDERS = "plugins/distribution/target/plugins,plugins/local";

    @Bean(destroyMethod = "close")
    PluginCatalog connectorCatalog(@Value("${platform.plugins.dir:" + DEFAULT_FOLDERS + "}") String folders) {
        List<Path> paths = Arrays.stream(folders.split(",")).map(String::strip).filter(folder -> !folder.isEmpty())
                .map(Path::of).toList();
        return PluginLoader.forPlatform().load(paths);
    }
}
