package io.metaplatform.plugins.api;

import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/**
 * Everything a call into a connector may use, for one connection. New methods are added as
 * {@code default} methods, so a plugin built against an older version keeps working.
 * A context is valid only during the call it was passed to; it is not thread-safe unless a
 * method says so.
 */
public interface ConnectorContext {

    /** The connection's resolved configuration, secrets decrypted. Never log it. */
    Configuration configuration();

    /**
     * The HTTP client to use for every request to the external system: it applies the
     * descriptor's {@link RateLimit}, retries and the circuit breaker, timeouts and OAuth tokens.
     * Thread-safe.
     */
    ConnectorHttp http();

    /** A logger for the plugin; the platform adds tenant, connection and run to every line. */
    System.Logger logger();

    /** The clock to read the time from (tests move it). */
    Clock clock();

    /** Whether the run was cancelled (platform shutdown, admin, time budget): stop at the next page. */
    boolean cancelled();

    /** Throws {@link CancelledException} when {@link #cancelled()}. */
    default void throwIfCancelled() {
        if (cancelled()) {
            throw new CancelledException();
        }
    }

    /**
     * An opaque, stable identifier of this connection (not the tenant's id), for example to
     * name webhook subscriptions.
     */
    String connectionId();

    /** The public URL the external system should call for webhooks of this connection, if the platform has one. */
    default Optional<URI> webhookUrl() {
        return Optional.empty();
    }
}
