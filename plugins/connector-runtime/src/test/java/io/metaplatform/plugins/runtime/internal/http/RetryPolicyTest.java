package io.metaplatform.plugins.runtime.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.plugins.api.ConnectorHttp.CallOptions;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-21T08:00:00Z");
    private static final RetryPolicy POLICY =
            new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(60));
    private static final CallOptions GET = CallOptions.defaults("GET");
    private static final CallOptions POST = CallOptions.defaults("POST");

    @Test
    void retryAfterInSecondsIsWaitedFor() {
        assertThat(POLICY.afterResponse(429, headers("Retry-After", "7"), 1, GET, NOW)).contains(Duration.ofSeconds(7));
    }

    @Test
    void retryAfterAsHttpDateIsWaitedForUntilThatTime() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(12).atOffset(ZoneOffset.UTC));

        assertThat(POLICY.afterResponse(503, headers("Retry-After", date), 1, POST, NOW)).contains(Duration.ofSeconds(12));
    }

    @Test
    void retryAfterInThePastMeansAtOnce() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.minusSeconds(5).atOffset(ZoneOffset.UTC));

        assertThat(POLICY.afterResponse(429, headers("Retry-After", date), 1, GET, NOW)).contains(Duration.ZERO);
    }

    @Test
    void retryAfterLongerThanTheMaximumEndsTheRetries() {
        assertThat(POLICY.afterResponse(429, headers("Retry-After", "3600"), 1, GET, NOW)).isEmpty();
    }

    @Test
    void unreadableRetryAfterFallsBackToBackoff() {
        assertThat(POLICY.afterResponse(503, headers("Retry-After", "soon"), 1, GET, NOW).orElseThrow())
                .isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
    }

    @Test
    void a429WithoutUsableRetryAfterWaitsAtLeastASecond() {
        assertThat(POLICY.afterResponse(429, headers("Retry-After", "soon"), 1, GET, NOW)).contains(Duration.ofSeconds(1));
    }

    @Test
    void backoffDoublesPerAttemptWithJitterUpToTheCap() {
        for (int i = 0; i < 50; i++) {
            assertThat(POLICY.backoff(1)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
            assertThat(POLICY.backoff(3)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(2000));
            assertThat(POLICY.backoff(40)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
        }
    }

    @Test
    void nonIdempotentCallsAreRepeatedOnlyOnTooManyRequestsAndServiceUnavailable() {
        assertThat(List.of(400, 404, 409, 429, 500, 502, 503, 504))
                .filteredOn(status -> POLICY.afterResponse(status, headers(), 1, POST, NOW).isPresent())
                .containsExactly(429, 503);
        assertThat(POLICY.afterNoResponse(1, POST)).isEmpty();
    }

    @Test
    void idempotentCallsAreRepeatedOnEveryServerErrorAndLostResponse() {
        assertThat(List.of(400, 404, 409, 429, 500, 502, 503, 504))
                .filteredOn(status -> POLICY.afterResponse(status, headers(), 1, GET, NOW).isPresent())
                .containsExactly(429, 500, 502, 503, 504);
        assertThat(POLICY.afterNoResponse(1, GET)).isPresent();
    }

    @Test
    void theLastAttemptIsNeverFollowedByAnother() {
        assertThat(POLICY.afterResponse(429, headers(), 3, GET, NOW)).isEmpty();
        assertThat(POLICY.afterNoResponse(3, GET)).isEmpty();
    }

    private static HttpHeaders headers(String... nameValue) {
        return nameValue.length == 0
                ? HttpHeaders.of(Map.of(), (name, value) -> true)
                : HttpHeaders.of(Map.of(nameValue[0], List.of(nameValue[1])), (name, value) -> true);
    }
}
