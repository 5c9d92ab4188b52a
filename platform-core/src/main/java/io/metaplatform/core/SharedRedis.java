package io.metaplatform.core;

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
}
