package io.metaplatform.registry.internal;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.metaplatform.core.TenantId;
import io.metaplatform.registry.EffectiveSchema;
import io.metaplatform.registry.ObjectDefinition;
import java.util.List;
import java.util.function.Predicate;

/**
 * What makes two statements of a tenant the same text: the object and the effective schema by identity (a metadata
 * change brings new ones, so a changed schema never meets an old statement) and {@code values} (sorts, sizes, field
 * names, counts) by equality. The values must not change once the key is built.
 */
public final class ShapeKey {

    private final TenantId tenant;
    private final EffectiveSchema schema;
    private final ObjectDefinition object;
    private final List<Object> values;
    private final int hash;

    public ShapeKey(TenantId tenant, EffectiveSchema schema, ObjectDefinition object, List<Object> values) {
        this.tenant = tenant;
        this.schema = schema;
        this.object = object;
        this.values = values;
        this.hash = (tenant.hashCode() * 31 + System.identityHashCode(schema)) * 31 + System.identityHashCode(object) * 17 + values.hashCode();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ShapeKey that && schema == that.schema && object == that.object && tenant.equals(that.tenant)
                && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /**
     * Statements kept per shape: at most {@link #MAX_SHAPES}, the least worth keeping evicted one by one (Caffeine's
     * frequency-based policy), so the shapes in steady use stay when more tenants' shapes pass through than fit. (It
     * started over from empty when full: past 2,048 shapes across all tenants every request could meet an empty cache
     * and render its SQL again.) Thread-safe.
     */
    static final class Cache<V> {

        static final int MAX_SHAPES = 2_048;

        private final com.github.benmanes.caffeine.cache.Cache<ShapeKey, V> entries;

        Cache() {
            this(MAX_SHAPES);
        }

        Cache(int maximum) {
            // Upkeep on the writing thread: a put already rendered a statement, and nothing lands on the common pool.
            this.entries = Caffeine.newBuilder().maximumSize(maximum).executor(Runnable::run).build();
        }

        V get(ShapeKey key) {
            return entries.getIfPresent(key);
        }

        void put(ShapeKey key, V value) {
            entries.put(key, value);
        }

        /** Entries that meet {@code test} (for tests). */
        int count(Predicate<V> test) {
            return (int) entries.asMap().values().stream().filter(test).count();
        }

        /** Entries held (for tests). */
        long size() {
            entries.cleanUp();
            return entries.estimatedSize();
        }
    }
}
