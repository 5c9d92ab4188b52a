package io.metaplatform.plugins.runtime.internal.http;

import io.metaplatform.core.TenantId;
import io.metaplatform.plugins.api.Configuration;
import io.metaplatform.plugins.api.ConnectorDescriptor;
import io.metaplatform.plugins.api.ConnectorHttp;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Creates the {@link ConnectorHttp} of one connection: rate limited by the descriptor's budget
 * for the configured account, retried, circuit-broken per connection, and authorised with the
 * connection's OAuth tokens when the descriptor declares OAuth.
 */
public interface ConnectorHttpFactory {

    ConnectorHttp create(TenantId tenant, UUID connectionId, ConnectorDescriptor descriptor, Configuration configuration);

    /**
     * Like {@link #create(TenantId, UUID, ConnectorDescriptor, Configuration)}, but waits for a
     * rate-limit permit or between retries end with a
     * {@link io.metaplatform.plugins.api.CancelledException} as soon as {@code cancelled} turns true
     * (pass the run's {@link io.metaplatform.plugins.runtime.internal.sync.SyncJob#cancelled()}).
     */
    default ConnectorHttp create(TenantId tenant, UUID connectionId, ConnectorDescriptor descriptor, Configuration configuration,
            BooleanSupplier cancelled) {
        return create(tenant, connectionId, descriptor, configuration);
    }
}
