package io.metaplatform.plugins.runtime.internal.http;

import io.metaplatform.plugins.api.CancelledException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits that end early, with {@link CancelledException}, when the run is cancelled or the thread interrupted. */
final class Pause {

    private static final long SLICE_NANOS = Duration.ofMillis(50).toNanos();

    private Pause() {
    }

    static void sleep(Duration duration, BooleanSupplier cancelled) {
        long deadline = System.nanoTime() + duration.toNanos();
        for (long left = duration.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            throwIfCancelled(cancelled);
            try {
                Thread.sleep(Duration.ofNanos(Math.min(left, SLICE_NANOS)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException();
            }
        }
        throwIfCancelled(cancelled);
    }

    static void throwIfCancelled(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
            throw new CancelledException();
        }
    }
}
