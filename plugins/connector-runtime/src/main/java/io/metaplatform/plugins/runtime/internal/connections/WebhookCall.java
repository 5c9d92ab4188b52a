package io.metaplatform.plugins.runtime.internal.connections;

import io.metaplatform.plugins.api.Configuration;
import io.metaplatform.plugins.api.ConnectorHttp;
import io.metaplatform.plugins.api.WebhookContext;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The context of {@link io.metaplatform.plugins.api.Connector#webhook}: the request as received, and the connection. */
record WebhookCall(Configuration configuration, ConnectorHttp http, System.Logger logger, Clock clock, String connectionId,
        Optional<URI> webhookUrl, Map<String, String> query, Map<String, List<String>> headers, byte[] body, Optional<String> urlToken)
        implements WebhookContext {

    WebhookCall {
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
    }

    @Override
    public boolean cancelled() {
        return false;
    }
}
