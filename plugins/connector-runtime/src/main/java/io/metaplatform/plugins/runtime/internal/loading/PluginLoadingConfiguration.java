package io.metaplatform.plugins.runtime.internal.loading;

import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PluginLoadingConfiguration {

    /**
     * Where the build installs this repository's connectors, relative to the repository root (the
     * working directory of {@code spring-boot:run}); operators set {@code PLATFORM_PLUGINS_DIR}.
     */
    static final String DEFAULT_FOLDER = "plugins/distribution/target/plugins";

    @Bean(destroyMethod = "close")
    PluginCatalog connectorCatalog(@Value("${platform.plugins.dir:" + DEFAULT_FOLDER + "}") String folder) {
        return PluginLoader.forPlatform().load(Path.of(folder));
    }
}
