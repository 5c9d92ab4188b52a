package io.metaplatform.plugins.api;

import java.time.Duration;
import java.util.Objects;

/**
 * The external system's request budget per account, which the platform enforces for every
 * request made through {@link ConnectorContext#http()}, shared by all server instances (a token
 * bucket: {@code permits} per {@code period}, bursts up to {@code permits}). Requests wait for a
 * permit rather than fail.
 *
 * @param permits         requests allowed per period, at least 1
 * @param period          the period, positive
 * @param accountProperty the configuration property that identifies the external account (for
 *                        example {@code apiKey}); connections with the same value share one budget.
 *                        The platform keys the budget by a hash of the value, never the value.
 */
public record RateLimit(int permits, Duration period, String accountProperty) {

    public RateLimit {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1");
        }
        Objects.requireNonNull(period, "period");
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period must be positive");
        }
        Objects.requireNonNull(accountProperty, "accountProperty");
    }

    public static RateLimit perSecond(int permits, String accountProperty) {
        return new RateLimit(permits, Duration.ofSeconds(1), accountProperty);
    }
}
