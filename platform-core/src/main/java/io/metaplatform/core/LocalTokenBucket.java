package io.metaplatform.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/** Buckets in this process: the budget when the server runs as a single instance (no Redis). */
final class LocalTokenBucket implements PermitBucket {

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    /** Held while several buckets are read and taken from, so all-or-none holds between threads. */
    private final ReentrantLock lock = new ReentrantLock();

    @Override
    public Duration takeAll(List<TokenBuckets.Limit> limits) {
        long now = System.nanoTime();
        lock.lock();
        try {
            long waitNanos = 0;
            for (TokenBuckets.Limit limit : limits) {
                Bucket bucket = buckets.computeIfAbsent(limit.key(), ignored -> new Bucket(limit.permits(), now));
                waitNanos = Math.max(waitNanos, bucket.refill(limit.permits(), limit.period().toNanos(), now));
            }
            if (waitNanos > 0) {
                return Duration.ofNanos(waitNanos);
            }
            for (TokenBuckets.Limit limit : limits) {
                buckets.get(limit.key()).tokens -= 1;
            }
            return Duration.ZERO;
        } finally {
            lock.unlock();
        }
    }

    private static final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(int permits, long now) {
            this.tokens = permits;
            this.refilledAt = now;
        }

        /** Refills up to {@code now}; returns 0 when a token is there, else nanoseconds until one is. */
        long refill(int permits, long periodNanos, long now) {
            if (now > refilledAt) {
                tokens = Math.min(permits, tokens + (double) (now - refilledAt) * permits / periodNanos);
                refilledAt = now;
            }
            return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) * periodNanos / permits);
        }
    }
}
