package io.metaplatform.core.internal.web;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.Sha256;
import io.metaplatform.core.SharedRedis;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TokenBuckets;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Request rate limits on the APIs ({@code /graphql}, {@code /graphql/admin}, {@code /api/**} but the
 * webhooks of external systems): one token bucket per bearer token and one per tenant, in Redis when
 * the platform has one (shared by every instance), else in this process; both are taken in one call
 * (one Redis round trip per request), all or none. A request over either budget
 * is answered 429 {@code RATE_LIMITED} with {@code Retry-After} in seconds. Runs after authentication:
 * anonymous requests are refused before they cost anything, and the tenant is the token's.
 */
public final class ApiRateLimitFilter extends OncePerRequestFilter {

    private static final String KEY_PREFIX = "platform:api-rate:";

    private final TokenBuckets buckets;
    private final ProblemWriter problems;
    private final Budget perToken;
    private final Budget perTenant;

    private record Budget(int burst, Duration period) {
        TokenBuckets.Limit limit(String key) {
            return new TokenBuckets.Limit(key, burst, period);
        }
    }

    public ApiRateLimitFilter(ApiProperties.RateLimit limits, SharedRedis redis, ProblemWriter problems) {
        this.buckets = new TokenBuckets(redis, "API rate limits");
        this.problems = problems;
        this.perToken = new Budget(limits.perTokenBurst(), ApiProperties.RateLimit.period(limits.perTokenRate(), limits.perTokenBurst()));
        this.perTenant = new Budget(limits.perTenantBurst(), ApiProperties.RateLimit.period(limits.perTenantRate(), limits.perTenantBurst()));
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(path.equals("/graphql") || path.equals("/graphql/admin") || path.startsWith("/api/")) || path.startsWith("/api/webhooks/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof JwtAuthenticationToken token)) {
            chain.doFilter(request, response);
            return;
        }
        List<TokenBuckets.Limit> limits = new ArrayList<>(2);
        limits.add(perToken.limit(KEY_PREFIX + "token:" + sha256(token.getToken().getTokenValue())));
        TenantContext.current().ifPresent(tenant -> limits.add(perTenant.limit(KEY_PREFIX + "tenant:" + tenant)));
        Duration wait = buckets.takeAll(limits);
        if (!wait.isZero()) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            problems.write(request, response, ErrorCode.RATE_LIMITED,
                    "Too many requests; retry after " + seconds + " s.");
            return;
        }
        chain.doFilter(request, response);
    }

    // Half the digest is plenty to tell tokens apart in a bucket key.
    private static String sha256(String value) {
        return Sha256.hex(value).substring(0, 32);
    }
}
