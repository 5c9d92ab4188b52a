package io.metaplatform.core;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A per-tenant value that every server instance keeps in memory and that all of them drop when it
 * changes anywhere: {@link #changed} forgets it here at once and, through Redis pub/sub on
 * {@code channel}, on the other instances; an entry older than {@code recheck} is loaded again, the
 * backstop for a lost message (Redis away, a change made behind the application's back). Without
 * Redis the recheck interval is how long another instance may keep an old value: use it only for
 * values where that is acceptable, and read the database where it is not. Bounded to
 * {@code maxTenants} entries, least recently used first out. Thread-safe.
 *
 * @param <V> the cached value, never {@code null}
 */
public final class TenantCache<V> {

    private final SharedRedis redis;
    private final String channel;
    private final long recheckNanos;
    private final Map<TenantId, Known<V>> entries;
    // Bumped by every invalidation: a load that started before one must not store what it read.
    private final AtomicLong invalidations = new AtomicLong();

    public TenantCache(SharedRedis redis, String channel, Duration recheck, int maxTenants) {
        this.redis = redis;
        this.channel = channel;
        this.recheckNanos = recheck.toNanos();
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<TenantId, Known<V>> eldest) {
                return size() > maxTenants;
            }
        };
        redis.subscribe(channel, message -> TenantId.parse(message).ifPresent(this::forget));
    }

    /** Whether changes made on other instances arrive by message (Redis) rather than by the recheck only. */
    public boolean shared() {
        return redis.available();
    }

    /** The tenant's value: from memory when known and checked within the interval, else from {@code load}. */
    public V get(TenantId tenant, Supplier<V> load) {
        long now = System.nanoTime();
        synchronized (entries) {
            Known<V> known = entries.get(tenant);
            if (known != null && now - known.checkedAt() < recheckNanos) {
                return known.value();
            }
        }
        long generation = invalidations.get();
        V value = load.get();
        synchronized (entries) {
            if (invalidations.get() == generation) {
                entries.put(tenant, new Known<>(value, now));
            }
        }
        return value;
    }

    /** The tenant's value changed (call after the change committed): forget it here and on every other instance. */
    public void changed(TenantId tenant) {
        forget(tenant);
        redis.publish(channel, tenant.value().toString());
    }

    /** Forgets the tenant's value on this instance only. */
    public void forget(TenantId tenant) {
        synchronized (entries) {
            invalidations.incrementAndGet();
            entries.remove(tenant);
        }
    }

    private record Known<V>(V value, long checkedAt) {
    }
}
