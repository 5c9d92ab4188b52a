package io.metaplatform.plugins.runtime.internal.http;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.metaplatform.plugins.api.CancelledException;
import io.metaplatform.plugins.api.ConnectorHttp;
import io.metaplatform.plugins.api.RetriableException;
import io.metaplatform.plugins.runtime.internal.oauth.OAuthTokens.ConnectionTokens;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP client of one connection. Every attempt passes the circuit breaker, then takes a permit
 * of the account's budget, then goes out; see {@link ConnectorHttp} for the contract. Messages and
 * logs name the method, host and path of a request, never its query, headers or body, which may
 * carry credentials.
 */
final class ResilientHttp implements ConnectorHttp {

    private static final Logger LOG = LoggerFactory.getLogger(ResilientHttp.class);

    private final EgressClient client;
    private final Duration requestTimeout;
    private final RetryPolicy retries;
    private final CircuitBreaker breaker;
    private final List<RateLimiter.Budget> budgets;
    private final Optional<ConnectionTokens> tokens;
    private final BooleanSupplier cancelled;
    private final Clock clock = Clock.systemUTC();

    /**
     * @param budgets   the rate limits a request waits for, in order; empty for none
     * @param tokens    the connection's OAuth tokens, empty when the connector does not use OAuth
     * @param cancelled true once waits should end with {@link CancelledException}
     */
    ResilientHttp(EgressClient client, Duration requestTimeout, RetryPolicy retries, CircuitBreaker breaker,
            List<RateLimiter.Budget> budgets, Optional<ConnectionTokens> tokens, BooleanSupplier cancelled) {
        this.client = client;
        this.requestTimeout = requestTimeout;
        this.retries = retries;
        this.breaker = breaker;
        this.budgets = List.copyOf(budgets);
        this.tokens = tokens;
        this.cancelled = cancelled;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body, CallOptions options) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(options, "options");
        boolean reauthorised = false;
        int attempt = 1;
        while (true) {
            Optional<String> token = tokens.map(ConnectionTokens::accessToken);
            HttpResponse<T> response;
            try {
                response = exchange(prepare(request, token), body);
            } catch (IOException e) {
                Duration wait = retries.afterNoResponse(attempt, options).orElseThrow(() -> noResponse(request, e, options));
                LOG.debug("{} got no response ({}), attempt {} of {}; next in {}", describe(request),
                        e.getClass().getName(), attempt, options.maxAttempts(), wait);
                Pause.sleep(wait, cancelled);
                attempt++;
                continue;
            }
            // A 401 with our token: the token may have been revoked or renewed elsewhere. One new token, no attempt spent.
            if (response.statusCode() == 401 && token.isPresent() && !reauthorised) {
                reauthorised = true;
                LOG.debug("{} answered 401: renewing the connection's access token once", describe(request));
                discard(response);
                tokens.get().renewAfterRejection(token.get());
                continue;
            }
            Optional<Duration> wait = retries.afterResponse(response.statusCode(), response.headers(), attempt, options,
                    clock.instant());
            // The circuit opened on this call's own failures: its last answer says more than "circuit open".
            if (wait.isEmpty() || breaker.getState() == CircuitBreaker.State.OPEN) {
                return response;
            }
            LOG.debug("{} answered {}, attempt {} of {}; next in {}", describe(request), response.statusCode(), attempt,
                    options.maxAttempts(), wait.get());
            discard(response);
            Pause.sleep(wait.get(), cancelled);
            attempt++;
        }
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> body) throws IOException {
        Pause.throwIfCancelled(cancelled);
        if (!breaker.tryAcquirePermission()) {
            throw new RetriableException("Circuit open for this connection after repeated failures of " + request.uri().getHost()
                    + ": calls fail at once until it is tried again.");
        }
        try {
            budgets.forEach(account -> account.acquire(cancelled));
        } catch (RuntimeException e) {
            breaker.releasePermission();
            throw e;
        }
        long start = System.nanoTime();
        try {
            HttpResponse<T> response = client.send(request, body);
            if (response.statusCode() >= 500) {
                breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, new ServerError(response.statusCode()));
            } else {
                breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
            return response;
        } catch (IOException e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            throw e;
        } catch (InterruptedException e) {
            breaker.releasePermission();
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } catch (RuntimeException e) {
            breaker.releasePermission();
            throw e;
        }
    }

    /** The request with the bearer token (replacing the plugin's Authorization) and the default timeout if it has none. */
    private HttpRequest prepare(HttpRequest request, Optional<String> token) {
        if (token.isEmpty() && request.timeout().isPresent()) {
            return request;
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(request,
                (name, value) -> token.isEmpty() || !"authorization".equalsIgnoreCase(name));
        token.ifPresent(value -> builder.header("Authorization", "Bearer " + value));
        if (request.timeout().isEmpty()) {
            builder.timeout(requestTimeout);
        }
        return builder.build();
    }

    /**
     * One message for every way of getting no answer (refused, reset, timed out, unknown host), naming
     * no exception: an admin must not tell a closed port from a silent one through a connection's check.
     */
    private RetriableException noResponse(HttpRequest request, IOException cause, CallOptions options) {
        LOG.debug("{}: no response", describe(request), cause);
        String what = describe(request) + ": no answer (the host could not be reached or did not answer in time)";
        if (!options.idempotent()) {
            return new RetriableException(what
                    + "; not repeated, since the request may have been processed: re-read before trying again.");
        }
        return new RetriableException(what + " after " + options.maxAttempts() + " attempts.");
    }

    /** Method, host and path: never the query, which may carry an API key. */
    static String describe(HttpRequest request) {
        return request.method() + " " + request.uri().getHost() + Objects.requireNonNullElse(request.uri().getRawPath(), "");
    }

    /** Frees the connection of a response the plugin will not see. */
    private static void discard(HttpResponse<?> response) {
        if (response.body() instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("could not close a discarded response body", e);
            }
        }
    }

    /** A 5xx answer, as the circuit breaker counts it. */
    static final class ServerError extends Exception {
        ServerError(int status) {
            super("HTTP " + status, null, false, false);
        }
    }
}
