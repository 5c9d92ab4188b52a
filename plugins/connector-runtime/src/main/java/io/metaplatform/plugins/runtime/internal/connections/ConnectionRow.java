package io.metaplatform.plugins.runtime.internal.connections;

import io.metaplatform.core.TenantId;
import io.metaplatform.plugins.runtime.Connection;
import io.metaplatform.plugins.runtime.ConnectionStatus;
import io.metaplatform.plugins.runtime.StreamOverride;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A connection as stored: {@code sealedSecrets} are sealed values, never plaintext.
 *
 * @param config        non-secret property values by name
 * @param sealedSecrets secret property name to its sealed value
 * @param streams       the admin's overrides by stream name
 * @param serviceRole   the tenant role the connection's service principal holds; empty: it runs as the platform
 */
public record ConnectionRow(
        TenantId tenant,
        UUID id,
        String connectorId,
        String name,
        Map<String, String> config,
        Map<String, String> sealedSecrets,
        Map<String, StreamOverride> streams,
        Optional<Duration> schedule,
        ConnectionStatus status,
        Optional<Instant> nextRunAt,
        Optional<Connection.Check> lastCheck,
        Connection.Totals totals,
        Instant createdAt,
        Instant updatedAt,
        Optional<String> serviceRole) {

    public ConnectionRow {
        config = Map.copyOf(config);
        sealedSecrets = Map.copyOf(sealedSecrets);
        streams = Map.copyOf(streams);
        java.util.Objects.requireNonNull(serviceRole, "serviceRole");
    }

    /**
     * Who the connection's work (sync runs, webhooks, imports) runs as: its service principal holding its service role,
     * or, without one, the platform itself, which keeps the unrestricted access connections had before roles existed.
     */
    public io.metaplatform.core.Caller principal() {
        return serviceRole.map(role -> io.metaplatform.core.Caller.connector(id.toString(), java.util.Set.of(role)))
                .orElse(io.metaplatform.core.Caller.system());
    }
}
