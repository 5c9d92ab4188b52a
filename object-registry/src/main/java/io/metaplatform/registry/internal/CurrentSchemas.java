package io.metaplatform.registry.internal;

import io.metaplatform.core.SharedRedis;
import io.metaplatform.core.TenantCache;
import io.metaplatform.core.TenantId;
import io.metaplatform.registry.EffectiveSchema;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Each tenant's latest effective schema as this instance knows it, so a request does not read the
 * metadata version from the database: a {@link TenantCache} on the channel
 * {@value #CHANNEL}. Writes never rely on it: the record service validates against the version it
 * reads in its own transaction.
 */
@Component
public final class CurrentSchemas {

    static final String CHANNEL = "platform:metadata-changed";
    private static final Logger log = LoggerFactory.getLogger(CurrentSchemas.class);

    private final TenantCache<EffectiveSchema> cache;

    public CurrentSchemas(SharedRedis redis, @Value("${platform.metadata.recheck-interval:10s}") Duration recheck,
            @Value("${platform.metadata.cached-tenants:10000}") int maxTenants) {
        this.cache = new TenantCache<>(redis, CHANNEL, recheck, maxTenants);
        log.debug("Metadata changes reach other instances {}", cache.shared() ? "through Redis pub/sub" : "only by the periodic recheck");
    }

    /** The tenant's schema, from memory when known and recently checked, else from {@code load}. */
    public EffectiveSchema get(TenantId tenant, Supplier<EffectiveSchema> load) {
        return cache.get(tenant, load);
    }

    /** A committed metadata change of {@code tenant}: forget it here and tell the other instances. */
    public void changed(TenantId tenant) {
        cache.changed(tenant);
    }
}
