package io.metaplatform.plugins.lexware;

import io.metaplatform.plugins.api.CancelledException;
import io.metaplatform.plugins.api.ConnectorHttp;
import io.metaplatform.plugins.api.RetriableException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A stand-in for the platform's HTTP client, doing what {@link ConnectorHttp}'s contract promises:
 * the descriptor's budget and retries with backoff (idempotent calls on 429, 5xx and I/O errors;
 * others only on 429 and 503). The budget is spent evenly, without bursts (like the Lexware SDK's
 * throttle): a client bucket as large as the server's would meet 429s whenever network delays
 * bunch two requests together.
 */
final class TestHttp implements ConnectorHttp {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final double permitsPerSecond;
    private double tokens;
    private long last = System.nanoTime();

    /** @param permitsPerSecond the budget; 0 for none */
    TestHttp(double permitsPerSecond) {
        this.permitsPerSecond = permitsPerSecond;
        this.tokens = Math.min(1, permitsPerSecond);
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body, CallOptions options) {
        for (int attempt = 1; ; attempt++) {
            acquire();
            HttpResponse<T> response;
            try {
                response = client.send(request, body);
            } catch (IOException e) {
                if (!options.idempotent() || attempt == options.maxAttempts()) {
                    throw new RetriableException("no answer from " + request.uri().getHost(), e);
                }
                pause(attempt, null);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException();
            }
            int status = response.statusCode();
            boolean retry = status == 429 || status == 503 || options.idempotent() && status >= 500;
            if (!retry || attempt == options.maxAttempts()) {
                return response;
            }
            pause(attempt, response.headers().firstValue("Retry-After").orElse(null));
        }
    }

    private synchronized void acquire() {
        if (permitsPerSecond <= 0) {
            return;
        }
        while (true) {
            long now = System.nanoTime();
            tokens = Math.min(1, tokens + (now - last) / 1e9 * permitsPerSecond);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return;
            }
            sleep((long) Math.ceil((1 - tokens) / permitsPerSecond * 1000) + 5);
        }
    }

    private static void pause(int attempt, String retryAfter) {
        sleep(retryAfter != null ? Long.parseLong(retryAfter) * 1000 : 25L << attempt);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
    }
}
