package io.metaplatform.bench;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's own time per request, taken by a servlet filter ahead of every other (security included): from the
 * request reaching the application on its thread to its response completed (an asynchronous one at its completion).
 * Without the load driver's sending and receiving, the network stack and the container's hand-over to the request's
 * thread, which the driver's latencies hold. Recorded only between {@link #start()} and {@link #stop()}.
 */
final class ServerTimer implements Filter {

    /** Percentiles of the recorded requests, and of their SQL statements' executions, in milliseconds. */
    record Times(int requests, double p50, double p99, int statements, double statementP50, double statementP99) {

        double spread() {
            return p50 == 0 ? 0 : p99 / p50;
        }

        double statementSpread() {
            return statementP50 == 0 ? 0 : statementP99 / statementP50;
        }
    }

    private final Samples requests = new Samples();
    private final Samples statements = new Samples();
    private volatile boolean armed;

    void start() {
        requests.clear();
        statements.clear();
        armed = true;
    }

    Times stop() {
        armed = false;
        long[] byRequest = requests.sorted();
        long[] byStatement = statements.sorted();
        return new Times(byRequest.length, percentile(byRequest, 0.50), percentile(byRequest, 0.99), byStatement.length,
                percentile(byStatement, 0.50), percentile(byStatement, 0.99));
    }

    boolean armed() {
        return armed;
    }

    /** A statement's execution as jOOQ timed it (sending it and waiting for PostgreSQL's answer), while armed. */
    void statement(long nanos) {
        if (armed) {
            statements.add(nanos);
        }
    }

    private static final class Samples {

        private final long[] nanos = new long[1 << 21];
        private final AtomicInteger next = new AtomicInteger();

        void clear() {
            next.set(0);
        }

        void add(long value) {
            int slot = next.getAndIncrement();
            if (slot < nanos.length) {
                nanos[slot] = value;
            }
        }

        long[] sorted() {
            long[] sorted = Arrays.copyOf(nanos, Math.min(next.get(), nanos.length));
            Arrays.sort(sorted);
            return sorted;
        }
    }

    private static double percentile(long[] sorted, double share) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(share * sorted.length) - 1)] / 1_000_000.0;
    }

    private void record(long started) {
        requests.add(System.nanoTime() - started);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (!armed) {
            chain.doFilter(request, response);
            return;
        }
        long started = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new AsyncListener() {
                    @Override
                    public void onComplete(AsyncEvent event) {
                        record(started);
                    }

                    @Override
                    public void onTimeout(AsyncEvent event) {
                    }

                    @Override
                    public void onError(AsyncEvent event) {
                    }

                    @Override
                    public void onStartAsync(AsyncEvent event) {
                    }
                });
            } else {
                record(started);
            }
        }
    }
}
