package io.metaplatform.plugins.runtime.internal.connections;

import io.metaplatform.plugins.api.CheckResult;
import io.metaplatform.plugins.api.Configuration;
import io.metaplatform.plugins.api.ConnectorContext;
import io.metaplatform.plugins.api.ConnectorException;
import io.metaplatform.plugins.api.ConnectorHttp;
import io.metaplatform.plugins.api.CredentialsException;
import io.metaplatform.plugins.api.EgressDeniedException;
import io.metaplatform.plugins.runtime.LoadedConnector;
import io.metaplatform.plugins.runtime.internal.http.ConnectorHttpFactory;
import io.metaplatform.plugins.runtime.internal.sync.WebhookUrl;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Calls into a connector outside runs (check, enable, disable) with the plugin's class loader, and
 * turns whatever it throws into a message for the admin with every secret value masked. A request the
 * egress policy refused surfaces as {@link EgressDeniedException} even when the connector caught it.
 */
@Component
public final class ConnectorCalls {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorCalls.class);

    private final ConnectionSecrets secrets;
    private final ConnectorHttpFactory http;
    private final Clock clock;
    private final String publicUrl;

    ConnectorCalls(ConnectionSecrets secrets, ConnectorHttpFactory http, @Value("${platform.public-url:}") String publicUrl) {
        this.publicUrl = publicUrl;
        this.secrets = secrets;
        this.http = http;
        this.clock = Clock.systemUTC();
    }

    /**
     * Runs the connector's check; never throws for what the connector does, except for a refused host.
     *
     * @throws EgressDeniedException when the connector's request aimed at a host the egress policy refuses
     */
    public CheckResult check(ConnectionRow row, LoadedConnector connector) {
        Configuration configuration;
        try {
            configuration = secrets.configuration(row, connector.descriptor().config());
        } catch (CredentialsException e) {
            return CheckResult.failed(e.getMessage());
        }
        AtomicReference<EgressDeniedException> denied = new AtomicReference<>();
        CheckResult result = check(row, connector, configuration, new DenialWatch(http(row, connector, configuration), denied));
        if (denied.get() != null) {
            throw denied.get();
        }
        return result;
    }

    private CheckResult check(ConnectionRow row, LoadedConnector connector, Configuration configuration, ConnectorHttp watched) {
        try {
            CheckResult result = connector.call(() -> connector.connector().check(context(row, connector, configuration, watched)));
            return new CheckResult(result.passed(), mask(result.message(), connector, configuration));
        } catch (CredentialsException e) {
            return CheckResult.failed("The credentials were refused: " + mask(e.getMessage(), connector, configuration));
        } catch (ConnectorException e) {
            return CheckResult.failed(mask(e.getMessage(), connector, configuration));
        } catch (Exception e) {
            LOG.warn("Check of connection {} ({}) failed unexpectedly: {}: {}", row.id(), connector.id(), e.getClass().getName(),
                    mask(e.getMessage(), connector, configuration));
            return CheckResult.failed("The connector failed unexpectedly; the server's log has the details.");
        }
    }

    /** The HTTP client of a check, remembering a refusal of the egress policy however the connector handles it. */
    private record DenialWatch(ConnectorHttp http, AtomicReference<EgressDeniedException> denied) implements ConnectorHttp {
        @Override
        public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body, CallOptions options) {
            try {
                return http.send(request, body, options);
            } catch (EgressDeniedException e) {
                denied.compareAndSet(null, e);
                throw e;
            }
        }
    }

    /**
     * Runs {@link io.metaplatform.plugins.api.Connector#onEnable}.
     *
     * @return empty when it succeeded, else the reason for the admin
     * @throws EgressDeniedException when the connector's request aimed at a host the egress policy refuses
     */
    public Optional<String> onEnable(ConnectionRow row, LoadedConnector connector) {
        Configuration configuration = null;
        try {
            configuration = secrets.configuration(row, connector.descriptor().config());
            call(row, connector, configuration, context -> connector.connector().onEnable(context));
            return Optional.empty();
        } catch (EgressDeniedException e) {
            throw e;
        } catch (Exception e) {
            String reason = configuration == null ? e.getMessage() : mask(e.getMessage(), connector, configuration);
            LOG.warn("Enabling connection {} ({}) failed: {}", row.id(), connector.id(), reason);
            return Optional.of(reason == null ? e.getClass().getSimpleName() : reason);
        }
    }

    /** Runs {@link io.metaplatform.plugins.api.Connector#onDisable}; failures are logged and ignored. */
    public void onDisable(ConnectionRow row, LoadedConnector connector) {
        try {
            Configuration configuration = secrets.configuration(row, connector.descriptor().config());
            try {
                call(row, connector, configuration, context -> connector.connector().onDisable(context));
            } catch (Exception e) {
                LOG.warn("Disabling connection {} ({}) failed, ignored: {}", row.id(), connector.id(),
                        mask(e.getMessage(), connector, configuration));
            }
        } catch (RuntimeException e) {
            LOG.warn("Disabling connection {} ({}): its configuration does not open, onDisable skipped", row.id(), connector.id());
        }
    }

    private void call(ConnectionRow row, LoadedConnector connector, Configuration configuration, Consumer<ConnectorContext> hook) throws Exception {
        ConnectorContext context = context(row, connector, configuration);
        connector.call(() -> {
            hook.accept(context);
            return null;
        });
    }

    private ConnectorContext context(ConnectionRow row, LoadedConnector connector, Configuration configuration) {
        return context(row, connector, configuration, http(row, connector, configuration));
    }

    private ConnectorContext context(ConnectionRow row, LoadedConnector connector, Configuration configuration, ConnectorHttp client) {
        return new PluginContext(configuration, client, System.getLogger("connector." + connector.id()), clock, () -> false,
                row.id().toString(), WebhookUrl.of(publicUrl, row.id()));
    }

    private ConnectorHttp http(ConnectionRow row, LoadedConnector connector, Configuration configuration) {
        return http.create(row.tenant(), row.id(), connector.descriptor(), configuration);
    }

    private static String mask(String text, LoadedConnector connector, Configuration configuration) {
        return ConnectionSecrets.mask(text, connector.descriptor().config(), configuration);
    }
}
