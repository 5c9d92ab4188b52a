package io.metaplatform.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The buckets without Redis: a single instance keeps them in its own memory. */
class TokenBucketsTest {

    private final TokenBuckets buckets = new TokenBuckets(Optional::empty, "test limits");

    @Test
    void withoutRedisTheBucketsLiveInThisProcess() {
        assertThat(buckets.shared()).isFalse();
    }

    @Test
    void aKeyGrantsItsBurstThenSaysHowLongUntilTheNextToken() {
        String key = "test:" + UUID.randomUUID();
        Duration period = Duration.ofSeconds(30);
        for (int i = 0; i < 3; i++) {
            assertThat(buckets.take(key, 3, period)).isZero();
        }

        assertThat(buckets.take(key, 3, period)).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(10));
        assertThat(buckets.take("test:" + UUID.randomUUID(), 3, period)).as("another key has its own bucket").isZero();
    }

    @Test
    void severalBucketsAreTakenAllOrNone() {
        var tenant = new TokenBuckets.Limit("test:" + UUID.randomUUID(), 3, Duration.ofSeconds(30));
        var token = new TokenBuckets.Limit("test:" + UUID.randomUUID(), 1, Duration.ofSeconds(30));

        assertThat(buckets.takeAll(java.util.List.of(tenant, token))).isZero();
        assertThat(buckets.takeAll(java.util.List.of(tenant, token))).as("the token's bucket is empty")
                .isGreaterThan(Duration.ofSeconds(29));

        assertThat(buckets.takeAll(java.util.List.of(tenant))).as("the refused request spent none of the tenant's budget").isZero();
        assertThat(buckets.takeAll(java.util.List.of(tenant))).isZero();
        assertThat(buckets.takeAll(java.util.List.of(tenant))).isPositive();
    }
}
