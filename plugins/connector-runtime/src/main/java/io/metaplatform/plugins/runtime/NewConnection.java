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
 * @param serviceRole      the tenant role the connection's service principal holds for its sync runs, webhooks and
 *                         imports; {@code null}: the connection runs as the platform, unrestricted
 */
public record NewConnection(
        String connectorId,
        String name,
        Map<String, String> config,
        List<StreamOverride> streams,
        String scheduleInterval,
        String serviceRole) {

    public NewConnection {
        config = config == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(config));
        streams = streams == null ? List.of() : List.copyOf(streams);
    }

    /** A connection without a service role. */
    public NewConnection(String connectorId, String name, Map<String, String> config, List<StreamOverride> streams, String scheduleInterval) {
        this(connectorId, name, config, streams, scheduleInterval, null);
    }
}
