package io.metaplatform.core;

import java.util.function.Consumer;

import io.lettuce.core.api.StatefulRedisConnection;
import java.util.Optional;

/**
 * The Redis that server instances share for cross-instance state (rate limits, cache invalidation), or
 * none: then the server runs as a single instance and keeps such state in memory.
 */
public interface SharedRedis {

    /** A thread-safe connection, absent in single-instance mode. */
    Optional<StatefulRedisConnection<String, String>> connection();

    default boolean available() {
        return connection().isPresent();
    }

    /**
     * Sends {@code message} to every instance subscribed to {@code channel} (this one included),
     * at most once and without persistence: a listener that is not connected at that moment misses
     * it, so use it for hints such as cache invalidation, never for state. Does nothing in
     * single-instance mode; never throws for Redis trouble (it is logged).
     */
    default void publish(String channel, String message) {
        connection().ifPresent(connection -> connection.async().publish(channel, message));
    }

    /**
     * Calls {@code listener} with every message published to {@code channel} by any instance, on a
     * Redis I/O thread (keep it short, never block). Does nothing in single-instance mode.
     *
     * @return whether the subscription is in place (false without Redis)
     */
    default boolean subscribe(String channel, Consumer<String> listener) {
        return false;
    }
}
