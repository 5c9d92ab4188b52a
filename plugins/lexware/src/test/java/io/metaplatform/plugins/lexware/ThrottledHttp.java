package io.metaplatform.plugins.lexware;

import io.metaplatform.plugins.api.CancelledException;
import io.metaplatform.plugins.api.ConnectorHttp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The connector test kit's HTTP client with the descriptor's request budget in front, as the
 * platform applies it. The budget is spent evenly, without bursts (like the Lexware SDK's
 * throttle): a client bucket as large as Lexware's would meet 429s whenever network delays bunch
 * two requests together.
 */
final class ThrottledHttp implements ConnectorHttp {

    private final ConnectorHttp delegate;
    private final double permitsPerSecond;
    private double tokens = 1;
    private long last = System.nanoTime();

    /** @param permitsPerSecond the budget; 0 for none */
    ThrottledHttp(ConnectorHttp delegate, double permitsPerSecond) {
        this.delegate = delegate;
        this.permitsPerSecond = permitsPerSecond;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body, CallOptions options) {
        acquire();
        return delegate.send(request, body, options);
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
            try {
                Thread.sleep((long) Math.ceil((1 - tokens) / permitsPerSecond * 1000) + 5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException();
            }
        }
    }
}
