package io.metaplatform.plugins.runtime.internal.http;

import io.metaplatform.core.SharedRedis;
import io.metaplatform.core.TokenBuckets;
import io.metaplatform.plugins.api.RateLimit;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Makes callers wait for a permit of an account's budget: shared through Redis when the platform
 * has one, else in this process. When Redis fails mid-way, permits come from this process until it
 * answers again (said once per outage), so syncs slow down to one instance's budget instead of failing.
 * Buckets keep the declared rate but one permit less of burst ({@link #withReserve}).
 */
final class RateLimiter {

    private final TokenBuckets buckets;

    RateLimiter(SharedRedis redis) {
        this.buckets = new TokenBuckets(redis, "connector rate limits");
    }

    /** One account's budget. */
    record Budget(RateLimiter limiter, String account, RateLimit limit) {

        /** Returns once a permit is taken; see {@link RateLimiter#acquire}. */
        void acquire(BooleanSupplier cancelled) {
            limiter.acquire(account, limit, cancelled);
        }
    }

    Budget budget(String account, RateLimit limit) {
        return new Budget(this, account, limit);
    }

    boolean shared() {
        return buckets.shared();
    }

    /**
     * Returns once a permit of {@code account}'s budget is taken.
     *
     * @throws io.metaplatform.plugins.api.CancelledException when cancelled while waiting
     */
    void acquire(String account, RateLimit limit, BooleanSupplier cancelled) {
        while (true) {
            Pause.throwIfCancelled(cancelled);
            Duration wait = take(account, limit);
            if (wait.isZero()) {
                return;
            }
            Pause.sleep(wait, cancelled);
        }
    }

    /** Takes a permit if one is there: {@link Duration#ZERO} when taken, else how long until one is due (nothing taken). */
    Duration tryAcquire(String account, RateLimit limit) {
        return takeExactly(account, limit);
    }

    private Duration take(String account, RateLimit declared) {
        return takeExactly(account, withReserve(declared));
    }

    private Duration takeExactly(String account, RateLimit limit) {
        return buckets.take(account, limit.permits(), limit.period());
    }

    /**
     * The declared budget with one permit of its burst held back and its rate unchanged: {@code p}
     * per period becomes {@code p - 1} per {@code (p - 1)/p} of it. A permit is granted here before the
     * request reaches the external system, and requests do not all take equally long to arrive (the
     * first one of a connection opens it); the external bucket, counting arrivals, would otherwise see
     * a late request and a prompt one as a burst above the budget and answer 429. The reserve absorbs
     * up to one refill interval of such jitter (500 ms at Lexware's 2 per second).
     */
    static RateLimit withReserve(RateLimit limit) {
        int permits = limit.permits();
        if (permits < 2) {
            return limit;
        }
        return new RateLimit(permits - 1, limit.period().multipliedBy(permits - 1).dividedBy(permits), limit.accountProperty(),
                limit.scope());
    }
}
