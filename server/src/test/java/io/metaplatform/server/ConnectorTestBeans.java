package io.metaplatform.server;

import io.metaplatform.plugins.api.CheckResult;
import io.metaplatform.plugins.api.ConfigProperty;
import io.metaplatform.plugins.api.ConfigSchema;
import io.metaplatform.plugins.api.Connector;
import io.metaplatform.plugins.api.ConnectorContext;
import io.metaplatform.plugins.api.ConnectorDescriptor;
import io.metaplatform.plugins.api.ConnectorHttp;
import io.metaplatform.plugins.api.CredentialsException;
import io.metaplatform.plugins.api.FieldMapping;
import io.metaplatform.plugins.api.ReadContext;
import io.metaplatform.plugins.api.StreamDescriptor;
import io.metaplatform.plugins.runtime.ConnectorCatalog;
import io.metaplatform.plugins.runtime.LoadedConnector;
import io.metaplatform.plugins.runtime.RefusedPlugin;
import io.metaplatform.plugins.runtime.internal.sync.StreamRunner;
import io.metaplatform.plugins.runtime.internal.http.ConnectorHttpFactory;
import io.metaplatform.plugins.runtime.internal.sync.RunCounts;
import java.util.List;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The admin API tests need a connector whose check they control, so the server's tests get
 * a catalog with one in-test connector, an HTTP factory that never sends, and a stream runner that
 * reports fixed counts, in front of the real beans (which InstalledPluginsTest and the end-to-end tests use).
 */
@Configuration(proxyBeanMethods = false)
class ConnectorTestBeans {

    static final String GOOD_KEY = "good-key-0123456789";

    @Bean
    @Primary
    ConnectorCatalog serverTestCatalog() {
        Connector connector = new EchoConnector();
        LoadedConnector loaded = new LoadedConnector(connector.descriptor(), connector, ConnectorTestBeans.class.getClassLoader(), "classpath");
        RefusedPlugin refused = new RefusedPlugin("broken-1.0.jar", "broken", "built for connector API version 0");
        return new ConnectorCatalog() {
            @Override
            public Optional<LoadedConnector> find(String connectorId) {
                return loaded.id().equals(connectorId) ? Optional.of(loaded) : Optional.empty();
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
    ConnectorHttpFactory serverTestHttp() {
        return (tenant, connectionId, descriptor, configuration) -> new ConnectorHttp() {
            @Override
            public <T> java.net.http.HttpResponse<T> send(java.net.http.HttpRequest request, java.net.http.HttpResponse.BodyHandler<T> body,
                    CallOptions options) {
                throw new UnsupportedOperationException("the test connector sends no requests");
            }
        };
    }

    @Bean
    @Primary
    StreamRunner serverTestRunner() {
        return new StreamRunner() {
            @Override
            public RunCounts pull(io.metaplatform.plugins.runtime.internal.sync.SyncJob job, String stream) {
                return new RunCounts(5, 2, 1, 2, 0, 0);
            }

            @Override
            public RunCounts push(io.metaplatform.plugins.runtime.internal.sync.SyncJob job, String stream) {
                return RunCounts.ZERO;
            }
        };
    }

    /** Accepts the API key {@value #GOOD_KEY}; reads nothing (the runner stands in for the sync engine). */
    static final class EchoConnector implements Connector {

        @Override
        public ConnectorDescriptor descriptor() {
            return ConnectorDescriptor.builder("echo", "Echo CRM", "1.0.0")
                    .config(ConfigSchema.of(ConfigProperty.secret("apiKey", "The API key"),
                            ConfigProperty.choice("region", List.of("eu", "us"), "eu", "Data centre")))
                    .stream(StreamDescriptor.of("companies", "company", List.of(FieldMapping.read("companyName", "name"))))
                    .build();
        }

        @Override
        public CheckResult check(ConnectorContext context) {
            if (!GOOD_KEY.equals(context.configuration().string("apiKey"))) {
                throw new CredentialsException("the API key was refused");
            }
            return CheckResult.success();
        }

        @Override
        public void read(ReadContext context) {
            throw new UnsupportedOperationException("the stream runner stands in for reads");
        }
    }
}
