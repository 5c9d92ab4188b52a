package io.metaplatform.graphql.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code platform.warmup.*}: the reads a starting instance runs on its own request path before it reports ready
 * (issue 20: a JVM right after start answered a tenth of what it answers warm). Unset values take the defaults below;
 * out-of-range values are refused at start-up.
 *
 * @param enabled whether to warm up at all
 * @param tenants how many active tenants to read (the most recently changed first)
 * @param schemas how many active tenants (the same order) to load what a first request of theirs would load: status,
 *                metadata and the GraphQL schemas of the built-in roles; the read tenants always are
 * @param reads how many reads to run in all, spread over the tenants' shapes
 * @param maxTime how long warming up may delay readiness at most; what is not run by then is left out
 */
@ConfigurationProperties("platform.warmup")
public record WarmUp(Boolean enabled, Integer tenants, Integer schemas, Integer reads, Duration maxTime) {

    public WarmUp {
        enabled = enabled == null || enabled;
        tenants = atLeast("tenants", tenants, 3, 1);
        schemas = atLeast("schemas", schemas, 100, 0);
        reads = atLeast("reads", reads, 4_000, 0);
        maxTime = maxTime == null ? Duration.ofSeconds(30) : maxTime;
        if (maxTime.isNegative()) {
            throw new IllegalArgumentException("platform.warmup.max-time must not be negative, was " + maxTime);
        }
    }

    private static int atLeast(String name, Integer value, int fallback, int minimum) {
        if (value == null) {
            return fallback;
        }
        if (value < minimum) {
            throw new IllegalArgumentException("platform.warmup." + name + " must be at least " + minimum + ", was " + value);
        }
        return value;
    }
}
