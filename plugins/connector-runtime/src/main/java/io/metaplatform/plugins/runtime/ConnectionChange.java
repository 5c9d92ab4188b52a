package io.metaplatform.plugins.runtime;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A change of a connection; what is left out stays as it is.
 *
 * @param name             a new name, or {@code null} to keep it
 * @param config           the properties to change: a value sets it, {@code null} or blank clears it;
 *                         properties not named keep their value (secrets included)
 * @param streams          overrides replacing those of the streams they name
 * @param scheduleInterval {@code null} keeps the schedule, an empty optional removes it, else an ISO-8601 duration
 * @param serviceRole      {@code null} keeps the service role, an empty optional removes it (the connection then runs
 *                         as the platform), else the tenant role its service principal holds
 */
public record ConnectionChange(
        String name,
        Map<String, String> config,
        List<StreamOverride> streams,
        Optional<String> scheduleInterval,
        Optional<String> serviceRole) {

    public ConnectionChange {
        config = config == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(config));
        streams = streams == null ? List.of() : List.copyOf(streams);
    }

    /** A change that keeps the service role. */
    public ConnectionChange(String name, Map<String, String> config, List<StreamOverride> streams, Optional<String> scheduleInterval) {
        this(name, config, streams, scheduleInterval, null);
    }
}
