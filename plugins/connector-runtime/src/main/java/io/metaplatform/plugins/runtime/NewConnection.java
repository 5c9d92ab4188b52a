package io.metaplatform.plugins.runtime;

import java.util.List;
import java.util.Map;

/**
 * What creates a connection.
 *
 * @param connectorId      a loaded connector's id
 * @param name             unique in the tenant, 1 to 100 characters
 * @param config           property name to value, secret properties included; may hold {@code null}s
 * @param streams          overrides of stream defaults
 * @param scheduleInterval time between scheduled runs as an ISO-8601 duration ({@code PT1H}), at least the
 *                         configured minimum; {@code null}: on demand only
 */
public record NewConnection(
        String connectorId,
        String name,
        Map<String, String> config,
        List<StreamOverride> streams,
        String scheduleInterval) {

    public NewConnection {
        config = config == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(config));
        streams = streams == null ? List.of() : List.copyOf(streams);
    }
}
