package io.metaplatform.core;

import java.time.Duration;

/**
 * Token buckets by key: a bucket holds at most {@code permits} tokens (no burst above the budget)
 * and refills continuously at {@code permits} per {@code period}; an unknown or idle key starts full.
 */
sealed interface PermitBucket permits LocalTokenBucket, RedisTokenBucket {

    /** Takes one token: {@link Duration#ZERO} when taken, else how long until the next token is due (nothing taken). */
    Duration take(String key, int permits, Duration period);
}
