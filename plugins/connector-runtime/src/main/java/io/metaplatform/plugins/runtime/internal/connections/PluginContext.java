package io.metaplatform.plugins.runtime.internal.connections;

import io.metaplatform.plugins.api.Configuration;
import io.metaplatform.plugins.api.ConnectorContext;
import io.metaplatform.plugins.api.ConnectorHttp;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** The context of calls into a connector that are not reads or writes: check, enable, disable. */
record PluginContext(Configuration configuration, ConnectorHttp http, System.Logger logger, Clock clock,
        BooleanSupplier cancellation, String connectionId, Optional<URI> webhookUrl) implements ConnectorContext {

    @Override
    public boolean cancelled() {
        return cancellation.getAsBoolean();
    }
}
