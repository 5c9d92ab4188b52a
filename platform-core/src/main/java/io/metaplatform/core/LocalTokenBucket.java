package io.metaplatform.core;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Buckets in this process: the budget when the server runs as a single instance (no Redis). */
final class LocalTokenBucket implements PermitBucket {

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    @Override
    public Duration take(String key, int permits, Duration period) {
        long now = System.nanoTime();
        return buckets.computeIfAbsent(key, ignored -> new Bucket(permits, now)).take(permits, period.toNanos(), now);
    }

    private static final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(int permits, long now) {
            this.tokens = permits;
            this.refilledAt = now;
        }

        synchronized Duration take(int permits, long periodNanos, long now) {
            if (now > refilledAt) {
                tokens = Math.min(permits, tokens + (double) (now - refilledAt) * permits / periodNanos);
                refilledAt = now;
            }
            if (tokens >= 1) {
                tokens -= 1;
                return Duration.ZERO;
            }
            return Duration.ofNanos((long) Math.ceil((1 - tokens) * periodNanos / permits));
        }
    }
}
