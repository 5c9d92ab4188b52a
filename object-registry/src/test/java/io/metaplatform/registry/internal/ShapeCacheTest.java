package io.metaplatform.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.TenantId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The statements kept per query shape stay bounded, and the shapes a server reads all the time stay in when many more
 * pass through than fit (many tenants, each with its own shapes): the cache used to start over from empty when full.
 */
class ShapeCacheTest {

    static final TenantId BUSY = TenantId.random();

    static ShapeKey shape(TenantId tenant, int n) {
        return new ShapeKey(tenant, null, null, List.of(n));
    }

    /*
     * A thousand tenants reading three shapes each, round after round: more shapes in use than the cache holds. Started
     * over from empty whenever full, it found almost none of them (every round filled it and emptied it again).
     */
    @Test
    void withMoreShapesInUseThanFitMostLookupsStillFindTheirs() {
        ShapeKey.Cache<String> cache = new ShapeKey.Cache<>();
        List<TenantId> tenants = java.util.stream.Stream.generate(TenantId::random).limit(1_000).toList();
        int hits = 0;
        int lookups = 0;
        for (int round = 0; round < 12; round++) {
            for (TenantId tenant : tenants) {
                for (int n = 0; n < 3; n++) {
                    ShapeKey key = shape(tenant, n);
                    if (cache.get(key) != null) {
                        hits += round >= 2 ? 1 : 0;
                    } else {
                        cache.put(key, "rendered");
                    }
                    lookups += round >= 2 ? 1 : 0;
                }
            }
        }

        assertThat(cache.size()).isLessThanOrEqualTo(ShapeKey.Cache.MAX_SHAPES);
        assertThat((double) hits / lookups).as("share of lookups that found their statement, after two rounds")
                .isGreaterThan(0.5);
    }

    @Test
    void aShapeIsFoundByEqualValuesOfTheSameTenant() {
        ShapeKey.Cache<String> cache = new ShapeKey.Cache<>();
        TenantId other = TenantId.random();
        cache.put(shape(BUSY, 1), "one");

        assertThat(cache.get(shape(BUSY, 1))).isEqualTo("one");
        assertThat(cache.get(shape(other, 1))).as("another tenant's shape is another shape").isNull();
        assertThat(cache.get(shape(BUSY, 2))).isNull();
    }
}
