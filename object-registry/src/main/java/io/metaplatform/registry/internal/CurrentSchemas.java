package io.metaplatform.registry.internal;

import io.metaplatform.core.SharedRedis;
import io.metaplatform.core.TenantId;
import io.metaplatform.registry.EffectiveSchema;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Each tenant's latest effective schema as this instance knows it, so a request does not read the
 * metadata version from the database. A metadata change drops the entry here at once and, through
 * Redis pub/sub, on every other instance; an entry older than the recheck interval is checked against
 * the database again (one cheap read), the backstop for a missed message or a change made behind the
 * service's back. Writes never rely on it: the record service validates against the version it reads
 * in its own transaction.
 */
@Component
public final class CurrentSchemas {

    static final String CHANNEL = "platform:metadata-changed";
    private static final Logger log = LoggerFactory.getLogger(CurrentSchemas.class);

    private final SharedRedis redis;
    private final long recheckNanos;
    private final Map<TenantId, Known> entries;
    // Bumped by every invalidation: a load that started before one must not store what it read.
    private final AtomicLong invalidations = new AtomicLong();

    public CurrentSchemas(SharedRedis redis, @Value("${platform.metadata.recheck-interval:10s}") Duration recheck,
            @Value("${platform.metadata.cached-tenants:10000}") int maxTenants) {
        this.redis = redis;
        this.recheckNanos = recheck.toNanos();
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<TenantId, Known> eldest) {
                return size() > maxTenants;
            }
        };
        boolean shared = redis.subscribe(CHANNEL, message -> TenantId.parse(message).ifPresent(this::forget));
        log.debug("Metadata changes reach other instances {}", shared ? "through Redis pub/sub" : "only by the periodic recheck");
    }

    /** The tenant's schema, from memory when known and recently checked, else from {@code load}. */
    public EffectiveSchema get(TenantId tenant, Supplier<EffectiveSchema> load) {
        long now = System.nanoTime();
        synchronized (entries) {
            Known entry = entries.get(tenant);
            if (entry != null && now - entry.checkedAt() < recheckNanos) {
                return entry.schema();
            }
        }
        long generation = invalidations.get();
        EffectiveSchema schema = load.get();
        synchronized (entries) {
            if (invalidations.get() == generation) {
                entries.put(tenant, new Known(schema, now));
            }
        }
        return schema;
    }

    /** A committed metadata change of {@code tenant}: forget it here and tell the other instances. */
    public void changed(TenantId tenant) {
        forget(tenant);
        redis.publish(CHANNEL, tenant.value().toString());
    }

    private void forget(TenantId tenant) {
        synchronized (entries) {
            invalidations.incrementAndGet();
            entries.remove(tenant);
        }
    }

    private record Known(EffectiveSchema schema, long checkedAt) {
    }
}
