package io.metaplatform.plugins.runtime.internal.http;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.metaplatform.core.SharedRedis;
import io.metaplatform.core.TenantId;
import io.metaplatform.plugins.api.Configuration;
import io.metaplatform.plugins.api.ConnectorDescriptor;
import io.metaplatform.plugins.api.ConnectorHttp;
import io.metaplatform.plugins.api.RateLimit;
import io.metaplatform.plugins.runtime.internal.oauth.OAuthTokens;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The platform's {@link ConnectorHttpFactory}: one {@link EgressClient} for every connection (so
 * every call is under the egress policy and the answer limits), one circuit breaker per connection id for the life of the
 * process, and rate-limit buckets keyed by connector id and a SHA-256 of the account value, so
 * connections of one external account share a budget and the key reveals nothing of it.
 */
@Component
@EnableConfigurationProperties({ConnectorHttpSettings.class, ConnectorRateLimits.class})
public final class DefaultConnectorHttpFactory implements ConnectorHttpFactory {

    private static final String KEY_PREFIX = "platform:connector-rate:";

    private final ConnectorHttpSettings settings;
    private final EgressClient client;
    private final RateLimiter limiter;
    private final RetryPolicy retries;
    private final CircuitBreakerRegistry breakers;
    private final OAuthTokens oauth;
    private final ConnectorRateLimits rateLimits;

    /** A factory that keeps every connector's declared rate limit. */
    public DefaultConnectorHttpFactory(ConnectorHttpSettings settings, SharedRedis redis, OAuthTokens oauth, EgressClient client) {
        this(settings, redis, oauth, ConnectorRateLimits.none(), client);
    }

    @Autowired
    public DefaultConnectorHttpFactory(ConnectorHttpSettings settings, SharedRedis redis, OAuthTokens oauth, ConnectorRateLimits rateLimits,
            EgressClient client) {
        this.settings = settings;
        this.rateLimits = rateLimits;
        this.client = client;
        this.limiter = new RateLimiter(redis);
        this.retries = new RetryPolicy(settings.retryBase(), settings.retryCap(), settings.maxRetryAfter());
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindow(settings.circuitWindow(), settings.circuitMinimumCalls(), SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(settings.circuitFailureRate())
                .waitDurationInOpenState(settings.circuitOpenFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordExceptions(Exception.class)
                .build());
        this.oauth = oauth;
    }

    /** Whether rate limits are shared through Redis (else they hold in this process only). */
    public boolean sharedRateLimits() {
        return limiter.shared();
    }

    @Override
    public ConnectorHttp create(TenantId tenant, UUID connectionId, ConnectorDescriptor descriptor, Configuration configuration) {
        return create(tenant, connectionId, descriptor, configuration, () -> false);
    }

    @Override
    public ConnectorHttp create(TenantId tenant, UUID connectionId, ConnectorDescriptor descriptor, Configuration configuration,
            BooleanSupplier cancelled) {
        // An operator's override is one budget in place of all the declared ones.
        var declaredLimits = rateLimits.overrides(descriptor.id()) ? descriptor.rateLimit().stream().toList() : descriptor.rateLimits();
        var budget = declaredLimits.stream()
                .map(declared -> rateLimits.effective(descriptor.id(), declared))
                .map(limit -> limiter.budget(accountKey(descriptor.id(), limit, configuration, connectionId), limit))
                .toList();
        var tokens = descriptor.oauth().map(spec -> oauth.forConnection(tenant, connectionId, spec, configuration));
        return new ResilientHttp(client, settings.requestTimeout(), retries, breakers.circuitBreaker(connectionId.toString()),
                budget, tokens, cancelled);
    }

    /**
     * Connector id and a hash of the account value; a connection without one has a budget of its own. An
     * egress budget is the connector's alone, one per window (5/s and 200/min are two buckets).
     */
    static String accountKey(String connectorId, RateLimit limit, Configuration configuration, UUID connectionId) {
        if (limit.scope() == RateLimit.Scope.EGRESS) {
            return KEY_PREFIX + connectorId + ":egress:" + limit.permits() + "/" + limit.period().toMillis();
        }
        String account = configuration.find(limit.accountProperty()).map(value -> "account:" + value)
                .orElse("connection:" + connectionId);
        return KEY_PREFIX + connectorId + ":" + sha256(account);
    }

    private static String sha256(String value) {
        return io.metaplatform.core.Sha256.hex(value);
    }
}
