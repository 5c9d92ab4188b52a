package io.metaplatform.plugins.runtime.internal.http;

import io.metaplatform.plugins.api.ConnectorHttp.CallOptions;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When an attempt is repeated and after how long. 429 always is; 503 too (both promise the request
 * was not processed); other 5xx and lost responses only for idempotent calls, since a POST that
 * timed out may have been processed: the plugin re-reads before trying again.
 */
final class RetryPolicy {

    static final Duration MIN_AFTER_TOO_MANY = Duration.ofSeconds(1);

    private final Duration base;
    private final Duration cap;
    private final Duration maxRetryAfter;

    RetryPolicy(Duration base, Duration cap, Duration maxRetryAfter) {
        this.base = base;
        this.cap = cap;
        this.maxRetryAfter = maxRetryAfter;
    }

    /** The wait before the next attempt after a response, or empty when this response is final. */
    Optional<Duration> afterResponse(int status, HttpHeaders headers, int attempt, CallOptions options, Instant now) {
        if (attempt >= options.maxAttempts() || !retriable(status, options.idempotent())) {
            return Optional.empty();
        }
        if (status == 429 || status == 503) {
            Optional<Duration> asked = retryAfter(headers, now);
            if (asked.isPresent()) {
                return asked.get().compareTo(maxRetryAfter) > 0 ? Optional.empty() : asked;
            }
        }
        // A 429 without Retry-After: at least a second, the window of per-second limits (amoCRM asks for it).
        Duration wait = backoff(attempt);
        return Optional.of(status == 429 && wait.compareTo(MIN_AFTER_TOO_MANY) < 0 ? MIN_AFTER_TOO_MANY : wait);
    }

    /** The wait before the next attempt after no response arrived, or empty when the call gives up. */
    Optional<Duration> afterNoResponse(int attempt, CallOptions options) {
        if (attempt >= options.maxAttempts() || !options.idempotent()) {
            return Optional.empty();
        }
        return Optional.of(backoff(attempt));
    }

    static boolean retriable(int status, boolean idempotent) {
        return status == 429 || status == 503 || (status >= 500 && status <= 599 && idempotent);
    }

    /** Exponential from {@code base}, capped, with "equal jitter": between half and all of it. */
    Duration backoff(int attempt) {
        long ceiling = base.toNanos() << Math.min(attempt - 1, 30);
        long full = Math.min(cap.toNanos(), ceiling < 0 ? Long.MAX_VALUE : ceiling);
        long half = full / 2;
        return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    /** {@code Retry-After} as delay-seconds or an HTTP date; empty when absent or unreadable. */
    static Optional<Duration> retryAfter(HttpHeaders headers, Instant now) {
        return headers.firstValue("Retry-After").map(String::strip).flatMap(value -> parseRetryAfter(value, now));
    }

    private static Optional<Duration> parseRetryAfter(String value, Instant now) {
        if (value.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration delay = Duration.between(now, at);
            return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
