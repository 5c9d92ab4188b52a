package io.metaplatform.plugins.testkit;

import io.metaplatform.plugins.api.CancelledException;
import io.metaplatform.plugins.api.ConnectorHttp;
import io.metaplatform.plugins.api.RetriableException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ConnectorHttp} for tests, built on {@link HttpClient}. It mirrors the retry rules of the
 * platform's client, so a connector tested with it behaves the same in production:
 * <ul>
 *   <li>at most {@link CallOptions#maxAttempts()} attempts;</li>
 *   <li>429 and 503 are retried for every request; other 5xx answers, timeouts and connection
 *       errors only for {@link CallOptions#idempotent() idempotent} ones;</li>
 *   <li>between attempts it waits an exponential backoff with jitter, or the {@code Retry-After}
 *       the server sent when that is longer, but never more than {@code maxDelay} (the platform
 *       caps waits too, with a larger cap);</li>
 *   <li>after the last attempt the final answer is returned whatever its status; when no answer
 *       arrived it throws {@link RetriableException};</li>
 *   <li>a request without timeout gets {@code requestTimeout}.</li>
 * </ul>
 * It does not rate-limit, break circuits or add OAuth tokens: those are the platform's and need
 * nothing from the connector. Thread-safe.
 */
public final class TestConnectorHttp implements ConnectorHttp {

    private final HttpClient client;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Duration requestTimeout;
    private final AtomicInteger attempts = new AtomicInteger();

    /** Backoff from 5 ms, waits capped at 200 ms, 10 s request timeout: fast enough for tests. */
    public TestConnectorHttp() {
        this(Duration.ofMillis(5), Duration.ofMillis(200), Duration.ofSeconds(10));
    }

    public TestConnectorHttp(Duration baseDelay, Duration maxDelay, Duration requestTimeout) {
        this.client = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.requestTimeout = requestTimeout;
    }

    /** Attempts sent so far, retries included. */
    public int attempts() {
        return attempts.get();
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body, CallOptions options) {
        HttpRequest effective = request.timeout().isPresent()
                ? request : HttpRequest.newBuilder(request, (name, value) -> true).timeout(requestTimeout).build();
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt >= options.maxAttempts();
            HttpResponse<T> response;
            try {
                attempts.incrementAndGet();
                response = client.send(effective, body);
            } catch (HttpTimeoutException e) {
                if (last || !options.idempotent()) {
                    throw new RetriableException("request timed out after " + attempt + " attempt(s)", e);
                }
                pause(backoff(attempt));
                continue;
            } catch (IOException e) {
                if (last || !options.idempotent()) {
                    throw new RetriableException("no answer after " + attempt + " attempt(s): " + e.getClass().getSimpleName(), e);
                }
                pause(backoff(attempt));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException();
            }
            if (last || !retried(response.statusCode(), options)) {
                return response;
            }
            discard(response.body());
            pause(max(backoff(attempt), retryAfter(response)));
        }
    }

    private static boolean retried(int status, CallOptions options) {
        if (status == 429 || status == 503) {
            return true;
        }
        return status >= 500 && status <= 599 && options.idempotent();
    }

    private Duration backoff(int attempt) {
        long millis = baseDelay.toMillis() << Math.min(attempt - 1, 20);
        long jitter = ThreadLocalRandom.current().nextLong(millis / 2 + 1);
        return Duration.ofMillis(millis + jitter);
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("Retry-After");
        if (header.isEmpty()) {
            return Duration.ZERO;
        }
        String value = header.get().strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                var at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                var wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return Duration.ZERO;
            }
        }
    }

    private Duration max(Duration backoff, Duration retryAfter) {
        Duration wait = backoff.compareTo(retryAfter) >= 0 ? backoff : retryAfter;
        return wait.compareTo(maxDelay) > 0 ? maxDelay : wait;
    }

    private static void discard(Object body) {
        if (body instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // the body of an answer we retry is of no interest
            }
        }
    }

    private static void pause(Duration wait) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
    }
}
