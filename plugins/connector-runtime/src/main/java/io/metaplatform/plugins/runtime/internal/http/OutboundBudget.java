package io.metaplatform.plugins.runtime.internal.http;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.SharedRedis;
import io.metaplatform.core.TenantId;
import io.metaplatform.plugins.api.RateLimit;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The per-tenant budget of admin operations that make the platform call an external system on the
 * spot (a check, a search, a single-record import): a token bucket per tenant, shared through Redis
 * when the platform has one, like the connectors' own rate limits. An operation over the budget is
 * refused at once with {@link ErrorCode#LIMIT_EXCEEDED}, never queued. Thread-safe.
 */
@Component
public final class OutboundBudget {

    private static final String KEY_PREFIX = "platform:connector-admin-calls:";

    private final RateLimiter limiter;
    private final RateLimit perTenant;
    private final int perRequest;

    @Autowired
    public OutboundBudget(SharedRedis redis, EgressSettings settings) {
        this.limiter = new RateLimiter(redis);
        this.perTenant = new RateLimit(settings.callsPerMinute(), Duration.ofMinutes(1), "tenant");
        this.perRequest = settings.callsPerRequest();
    }

    /** How many such operations one API request may contain. */
    public int perRequest() {
        return perRequest;
    }

    /**
     * Takes one operation of the tenant's budget.
     *
     * @throws PlatformException {@code LIMIT_EXCEEDED} when the budget is spent, saying when to try again
     */
    public void take(TenantId tenant) {
        Duration wait = limiter.tryAcquire(KEY_PREFIX + tenant.value(), perTenant);
        if (!wait.isZero()) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            throw new PlatformException(ErrorCode.LIMIT_EXCEEDED, "Too many operations that call external systems: at most "
                    + perTenant.permits() + " a minute per tenant. Try again in " + seconds + " s.");
        }
    }
}
