package io.metaplatform.core.internal.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code platform.api.*}: how much one request to the APIs may carry and how often a caller may call them.
 * Checked at start-up: a value out of range stops the server with the property named.
 *
 * @param maxGraphqlBodySize the largest body of a request to {@code /graphql} or {@code /graphql/admin}
 * @param maxJsonBodySize    the largest JSON body of a REST request ({@code /api/**}; uploads and webhooks have their own limits)
 * @param rateLimit          request rate limits per token and per tenant
 */
@ConfigurationProperties("platform.api")
public record ApiProperties(DataSize maxGraphqlBodySize, DataSize maxJsonBodySize, RateLimit rateLimit) {

    public ApiProperties {
        maxGraphqlBodySize = positive("max-graphql-body-size", maxGraphqlBodySize == null ? DataSize.ofMegabytes(1) : maxGraphqlBodySize);
        maxJsonBodySize = positive("max-json-body-size", maxJsonBodySize == null ? DataSize.ofMegabytes(1) : maxJsonBodySize);
        rateLimit = rateLimit == null ? new RateLimit(null, null, null, null, null) : rateLimit;
    }

    /** The defaults, as a server without any {@code platform.api} setting runs. */
    public static ApiProperties defaults() {
        return new ApiProperties(null, null, null);
    }

    /**
     * Token buckets: each holds {@code burst} requests and refills at {@code rate} per second.
     *
     * @param enabled       false: no request rate limits at all
     * @param perTokenRate  requests per second one token may sustain
     * @param perTokenBurst requests one token may send at once after a quiet spell
     * @param perTenantRate requests per second all callers of one tenant may sustain together
     * @param perTenantBurst requests all callers of one tenant may send at once
     */
    public record RateLimit(Boolean enabled, Integer perTokenRate, Integer perTokenBurst, Integer perTenantRate, Integer perTenantBurst) {

        public RateLimit {
            enabled = enabled == null || enabled;
            perTokenRate = atLeastOne("per-token-rate", perTokenRate, 50);
            perTokenBurst = atLeastOne("per-token-burst", perTokenBurst, 200);
            perTenantRate = atLeastOne("per-tenant-rate", perTenantRate, 200);
            perTenantBurst = atLeastOne("per-tenant-burst", perTenantBurst, 400);
        }

        /** The bucket's refill period for {@code burst} tokens at {@code rate} per second: a bucket of the given size refilled at that rate. */
        static Duration period(int rate, int burst) {
            return Duration.ofNanos(burst * 1_000_000_000L / rate);
        }

        private static int atLeastOne(String name, Integer value, int fallback) {
            int effective = value == null ? fallback : value;
            if (effective < 1) {
                throw new IllegalArgumentException("platform.api.rate-limit." + name + " must be at least 1, not " + effective);
            }
            return effective;
        }
    }

    private static DataSize positive(String name, DataSize size) {
        if (size.toBytes() < 1 || size.toBytes() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("platform.api." + name + " must be between 1 byte and 2 GB, not " + size);
        }
        return size;
    }
}
