package io.metaplatform.plugins.runtime.internal.http;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code platform.connectors.http.*}: timeouts, retries, the circuit breaker and the answer limits of the HTTP client
 * connectors get. Every value has a default; environment variables follow Spring's relaxed names
 * ({@code PLATFORM_CONNECTORS_HTTP_REQUEST_TIMEOUT=45s}).
 *
 * @param connectTimeout      TCP and TLS connect timeout
 * @param requestTimeout      timeout of a request that sets none itself
 * @param retryBase           backoff before the second attempt; doubles per attempt, with jitter
 * @param retryCap            the longest backoff between two attempts
 * @param maxRetryAfter       the longest {@code Retry-After} the client waits for; a longer one ends the retries
 * @param circuitFailureRate  percentage of failed attempts (no response or 5xx) that opens a connection's circuit
 * @param circuitMinimumCalls attempts the circuit needs to have seen before it may open
 * @param circuitWindow       the number of last attempts the failure rate is computed over
 * @param circuitOpenFor      how long an open circuit refuses calls before it lets one through to try
 * @param maxResponseSize     the largest answer a call reads; a larger one fails the call as it streams in
 * @param maxCallDuration     the longest a call may take from sending the request to reading the answer's last byte
 */
@ConfigurationProperties("platform.connectors.http")
public record ConnectorHttpSettings(
        Duration connectTimeout,
        Duration requestTimeout,
        Duration retryBase,
        Duration retryCap,
        Duration maxRetryAfter,
        Integer circuitFailureRate,
        Integer circuitMinimumCalls,
        Integer circuitWindow,
        Duration circuitOpenFor,
        DataSize maxResponseSize,
        Duration maxCallDuration) {

    public ConnectorHttpSettings {
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
        retryBase = retryBase == null ? Duration.ofMillis(500) : retryBase;
        retryCap = retryCap == null ? Duration.ofSeconds(30) : retryCap;
        maxRetryAfter = maxRetryAfter == null ? Duration.ofSeconds(60) : maxRetryAfter;
        circuitFailureRate = circuitFailureRate == null ? 50 : circuitFailureRate;
        circuitMinimumCalls = circuitMinimumCalls == null ? 10 : circuitMinimumCalls;
        circuitWindow = circuitWindow == null ? 20 : circuitWindow;
        circuitOpenFor = circuitOpenFor == null ? Duration.ofSeconds(30) : circuitOpenFor;
        maxResponseSize = maxResponseSize == null ? DataSize.ofMegabytes(50) : maxResponseSize;
        maxCallDuration = maxCallDuration == null ? Duration.ofMinutes(30) : maxCallDuration;
        if (circuitMinimumCalls > circuitWindow) {
            throw new IllegalArgumentException("platform.connectors.http.circuit-minimum-calls must not exceed circuit-window");
        }
    }

    /** Every default. */
    public static ConnectorHttpSettings defaults() {
        return new ConnectorHttpSettings(null, null, null, null, null, null, null, null, null, null, null);
    }
}
