package io.metaplatform.core;

import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token buckets by key, shared through Redis by every server instance when the platform has one, else
 * kept in this process. A bucket holds at most {@code permits} tokens and refills continuously at
 * {@code permits} per {@code period}; an unknown or idle key starts full. When Redis fails mid-way,
 * tokens come from this process until it answers again (said once per outage), so callers get one
 * instance's budget instead of an error. Thread-safe; one instance per purpose (connector egress, API
 * requests), each with keys of its own prefix.
 */
public final class TokenBuckets {

    private static final Logger LOG = LoggerFactory.getLogger(TokenBuckets.class);

    private final String purpose;
    private final Optional<RedisTokenBucket> shared;
    private final LocalTokenBucket local = new LocalTokenBucket();
    private final AtomicBoolean sharedFailing = new AtomicBoolean();

    /**
     * @param purpose what the buckets limit, for log lines, e.g. {@code "connector rate limits"}
     */
    public TokenBuckets(SharedRedis redis, String purpose) {
        this.purpose = purpose;
        this.shared = redis.connection().map(RedisTokenBucket::new);
        if (shared.isEmpty()) {
            LOG.info("No Redis: {} hold in this process only; with more than one instance, configure Redis", purpose);
        }
    }

    /** One bucket and its budget: at most {@code permits} tokens, refilled at {@code permits} per {@code period}. */
    public record Limit(String key, int permits, Duration period) {
        public Limit {
            Objects.requireNonNull(key, "key");
            if (permits < 1 || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("A bucket needs at least one permit per positive period: " + key);
            }
        }
    }

    /** Whether the buckets live in Redis (else in this process only). */
    public boolean shared() {
        return shared.isPresent();
    }

    /**
     * Takes one token of {@code key}'s bucket.
     *
     * @return {@link Duration#ZERO} when taken, else how long until the next token is due (nothing taken)
     */
    public Duration take(String key, int permits, Duration period) {
        return takeAll(List.of(new Limit(key, permits, period)));
    }

    /**
     * Takes one token of each bucket, all or none, in one Redis round trip: a request that is over one of
     * its budgets spends none of the others.
     *
     * @return {@link Duration#ZERO} when taken, else how long until every bucket has a token (nothing taken)
     */
    public Duration takeAll(List<Limit> limits) {
        if (shared.isPresent()) {
            try {
                Duration wait = shared.get().takeAll(limits);
                if (sharedFailing.compareAndSet(true, false)) {
                    LOG.info("Redis answers again: {} are shared between instances again", purpose);
                }
                return wait;
            } catch (RedisException e) {
                if (sharedFailing.compareAndSet(false, true)) {
                    LOG.warn("Redis failed ({}): {} are kept in this process until it answers again", e.getClass().getSimpleName(), purpose);
                }
            }
        }
        return local.takeAll(limits);
    }
}
