package io.metaplatform.plugins.runtime.internal.connections;

import io.metaplatform.core.TenantGate;
import io.metaplatform.plugins.runtime.ConnectorCatalog;
import io.metaplatform.plugins.runtime.LoadedConnector;
import io.metaplatform.plugins.runtime.RefusedPlugin;
import io.metaplatform.plugins.runtime.internal.http.ConnectorHttpFactory;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The platform core, the registry and this module, with the parts other branches provide (plugin
 * catalog, HTTP client, sync engine) replaced by test doubles: one in-test connector, a plain HTTP
 * client and a stream runner the tests script.
 */
// Other test packages of this module have test applications (and nested test configurations) of their own: never scan those in.
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(basePackages = "io.metaplatform", excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = ".*(TestApplication|Test\\$.*)"))
class ConnectionsTestApplication {

    @Bean
    TenantGate everyTenantActive() {
        return tenant -> TenantGate.TenantState.ACTIVE;
    }

    @Bean
    @Primary
    TestConnector testConnector() {
        return new TestConnector();
    }

    @Bean
    PackagedConnector packagedConnector() {
        return new PackagedConnector();
    }

    @Bean
    @Primary
    ConnectorCatalog testCatalog(TestConnector connector, PackagedConnector packaged) {
        LoadedConnector loaded = new LoadedConnector(connector.descriptor(), connector, ConnectionsTestApplication.class.getClassLoader(), "classpath");
        TestConnector completeConnector = new TestConnector(TestConnector.COMPLETE_ID, true);
        LoadedConnector complete = new LoadedConnector(completeConnector.descriptor(), completeConnector,
                ConnectionsTestApplication.class.getClassLoader(), "classpath");
        RefusedPlugin refused = new RefusedPlugin("broken-1.0.jar", null, "the jar has no connector");
        // The variant whose companies are reconciled is found by id but not listed, so listings stay as they were.
        return new ConnectorCatalog() {
            @Override
            public Optional<LoadedConnector> find(String connectorId) {
                if (PackagedConnector.ID.equals(connectorId)) {
                    // Built at each look-up, so a test can move the plugin to its next version.
                    return Optional.of(new LoadedConnector(packaged.descriptor(), packaged, ConnectionsTestApplication.class.getClassLoader(),
                            "classpath"));
                }
                return Optional.of(loaded).filter(one -> one.id().equals(connectorId))
                        .or(() -> Optional.of(complete).filter(one -> one.id().equals(connectorId)));
            }

            @Override
            public List<LoadedConnector> loaded() {
                return List.of(loaded);
            }

            @Override
            public List<RefusedPlugin> refused() {
                return List.of(refused);
            }
        };
    }

    @Bean
    @Primary
    ConnectorHttpFactory plainHttp() {
        return new PlainHttpFactory();
    }

    @Bean
    @Primary
    ScriptedRunner scriptedRunner() {
        return new ScriptedRunner();
    }
}
