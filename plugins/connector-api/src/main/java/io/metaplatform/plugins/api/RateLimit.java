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
 *                        Empty for {@link Scope#EGRESS}.
 * @param scope           who shares the budget: the connections of one external account, or every
 *                        connection of the connector leaving through the platform's egress (for APIs
 *                        that limit requests per calling IP address, such as YCLIENTS)
 */
public record RateLimit(int permits, Duration period, String accountProperty, Scope scope) {

    /** Who shares a budget. */
    public enum Scope {
        /** The connections whose {@link #accountProperty()} has the same value. */
        ACCOUNT,
        /** Every connection of the connector, of every tenant, on every server instance (one egress address). */
        EGRESS
    }

    public RateLimit {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1");
        }
        Objects.requireNonNull(period, "period");
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period must be positive");
        }
        Objects.requireNonNull(accountProperty, "accountProperty");
        Objects.requireNonNull(scope, "scope");
        if (scope == Scope.ACCOUNT && accountProperty.isBlank()) {
            throw new IllegalArgumentException("an account budget needs its account property");
        }
    }

    /** A budget per external account (the form of this record before scopes existed). */
    public RateLimit(int permits, Duration period, String accountProperty) {
        this(permits, period, accountProperty, Scope.ACCOUNT);
    }

    /** A budget shared by every connection of the connector on the platform's egress (limits per calling IP). */
    public static RateLimit perEgress(int permits, Duration period) {
        return new RateLimit(permits, period, "", Scope.EGRESS);
    }

    public static RateLimit perSecond(int permits, String accountProperty) {
        return new RateLimit(permits, Duration.ofSeconds(1), accountProperty);
    }
}
