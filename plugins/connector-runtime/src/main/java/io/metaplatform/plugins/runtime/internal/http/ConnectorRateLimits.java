package io.metaplatform.plugins.runtime.internal.http;

import io.metaplatform.plugins.api.RateLimit;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationStyle;

/**
 * {@code platform.connectors.rate-limits.<connector id>=<permits>/<period>}: an operator's replacement
 * for the request budget a connector declares, for example {@code lexware=20/1s} under a partner
 * contract with a higher limit, or in tests against a fake. It replaces permits and period only; the
 * budget keeps the scope the connector declares (per account or per egress), a connector that declares
 * several budgets gets the override in place of all of them, and one that declares none gets none. Checked at start-up: a malformed value stops the server with the property named.
 *
 * @param rateLimits connector id to {@code permits/period} ({@code 20/1s}, {@code 100/PT1M})
 */
@ConfigurationProperties("platform.connectors")
public record ConnectorRateLimits(Map<String, String> rateLimits) {

    private static final Pattern VALUE = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\S+)\\s*");

    public ConnectorRateLimits {
        rateLimits = rateLimits == null ? Map.of() : new TreeMap<>(rateLimits);
        rateLimits.forEach(ConnectorRateLimits::parse);
    }

    /** No overrides: every connector keeps its declared budget. */
    public static ConnectorRateLimits none() {
        return new ConnectorRateLimits(Map.of());
    }

    /** The given overrides, e.g. {@code Map.of("lexware", "20/1s")}. */
    public static ConnectorRateLimits of(Map<String, String> overrides) {
        return new ConnectorRateLimits(new LinkedHashMap<>(overrides));
    }

    /** The budget that applies to a connector that declares {@code declared}: the operator's override, else the declared one. */
    public RateLimit effective(String connectorId, RateLimit declared) {
        return Optional.ofNullable(rateLimits.get(connectorId))
                .map(value -> {
                    Budget budget = parse(connectorId, value);
                    return new RateLimit(budget.permits(), budget.period(), declared.accountProperty(), declared.scope());
                })
                .orElse(declared);
    }

    private record Budget(int permits, Duration period) {
    }

    /** An override that replaces every budget the connector declares with one. */
    public boolean overrides(String connectorId) {
        return rateLimits.containsKey(connectorId);
    }

    private static Budget parse(String connectorId, String value) {
        String property = "platform.connectors.rate-limits." + connectorId;
        var matcher = VALUE.matcher(value == null ? "" : value);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(property + " must be <permits>/<period> such as 20/1s, not: " + value);
        }
        int permits = Integer.parseInt(matcher.group(1));
        Duration period;
        try {
            period = DurationStyle.detectAndParse(matcher.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + " has a period that is not a duration such as 1s or PT1M: " + value);
        }
        if (permits < 1 || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException(property + " needs at least 1 permit and a positive period: " + value);
        }
        return new Budget(permits, period);
    }
}
