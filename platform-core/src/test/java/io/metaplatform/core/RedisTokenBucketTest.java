package io.metaplatform.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bucket script against the real Redis at 127.0.0.1:6379, each test on keys of its own. */
class RedisTokenBucketTest {

    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;

    @BeforeAll
    static void connect() {
        client = RedisClient.create("redis://127.0.0.1:6379");
        connection = client.connect();
    }

    @AfterAll
    static void disconnect() {
        connection.close();
        client.shutdown();
    }

    @Test
    void fullBucketGrantsItsCapacityAtOnceAndThenOnePermitPerRefillInterval() {
        var bucket = new RedisTokenBucket(connection);
        String key = "test:bucket:" + UUID.randomUUID();
        Duration period = Duration.ofSeconds(30);

        for (int i = 0; i < 3; i++) {
            assertThat(bucket.take(key, 3, period)).isZero();
        }

        assertThat(bucket.take(key, 3, period)).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(10));
    }

    @Test
    void refusedRequestsTakeNothing() {
        var bucket = new RedisTokenBucket(connection);
        String key = "test:bucket:" + UUID.randomUUID();
        Duration period = Duration.ofSeconds(60);
        assertThat(bucket.take(key, 1, period)).isZero();

        Duration first = bucket.take(key, 1, period);
        Duration second = bucket.take(key, 1, period);

        assertThat(second).isLessThanOrEqualTo(first).isGreaterThan(Duration.ofSeconds(59));
    }

    @Test
    void idleBucketsExpire() {
        var bucket = new RedisTokenBucket(connection);
        String key = "test:bucket:" + UUID.randomUUID();

        bucket.take(key, 2, Duration.ofSeconds(1));

        assertThat(connection.sync().pttl(key)).isBetween(1L, 3_000L);
    }

    @Test
    void instancesWithTheirOwnConnectionsDrawFromOneBucket() {
        var other = client.connect();
        try {
            String key = "test:bucket:" + UUID.randomUUID();
            Duration period = Duration.ofSeconds(30);
            assertThat(new RedisTokenBucket(connection).take(key, 2, period)).isZero();
            assertThat(new RedisTokenBucket(other).take(key, 2, period)).isZero();

            assertThat(new RedisTokenBucket(connection).take(key, 2, period)).isPositive();
        } finally {
            other.close();
        }
    }

    @Test
    void severalBucketsAreTakenAllOrNoneInOneCall() {
        var bucket = new RedisTokenBucket(connection);
        String wide = "test:bucket:" + UUID.randomUUID();
        String narrow = "test:bucket:" + UUID.randomUUID();
        var both = java.util.List.of(new TokenBuckets.Limit(wide, 5, Duration.ofSeconds(30)),
                new TokenBuckets.Limit(narrow, 1, Duration.ofSeconds(30)));

        assertThat(bucket.takeAll(both)).isZero();
        assertThat(bucket.takeAll(both)).as("the narrow bucket is empty").isGreaterThan(Duration.ofSeconds(29));

        for (int i = 0; i < 4; i++) {
            assertThat(bucket.takeAll(java.util.List.of(both.get(0))))
                    .as("the refused call took nothing from the wide bucket: token %d of 4 left", i + 1).isZero();
        }
        assertThat(bucket.takeAll(java.util.List.of(both.get(0)))).isPositive();
    }
}
