package io.metaplatform.core;

import java.time.Duration;
import java.util.List;

/**
 * Token buckets by key: a bucket holds at most {@code permits} tokens (no burst above the budget)
 * and refills continuously at {@code permits} per {@code period}; an unknown or idle key starts full.
 */
sealed interface PermitBucket permits LocalTokenBucket, RedisTokenBucket {

    /**
     * Takes one token of every bucket named, all or none: {@link Duration#ZERO} when taken, else how long
     * until every one of them has a token again (nothing taken from any).
     */
    Duration takeAll(List<TokenBuckets.Limit> limits);

    /** Takes one token of one bucket: {@link Duration#ZERO} when taken, else how long until the next is due. */
    default Duration take(String key, int permits, Duration period) {
        return takeAll(List.of(new TokenBuckets.Limit(key, permits, period)));
    }
}
