package io.metaplatform.plugins.runtime;

import io.metaplatform.plugins.runtime.internal.sync.StreamSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A tenant's connection to an external system as an admin sees it. It never holds a secret value:
 * secret properties appear only as {@link SecretState}s.
 *
 * @param id               the connection's id
 * @param connectorId      the connector plugin it uses
 * @param name             unique in the tenant
 * @param status           its lifecycle state
 * @param config           the non-secret properties set on it (defaults not applied), by name
 * @param secrets          for every secret property of the connector, whether it is set
 * @param streams          the effective settings of every stream of the connector (defaults with
 *                         the admin's overrides); empty when the connector is not loaded
 * @param scheduleInterval time between scheduled runs; empty: runs only on demand
 * @param nextRunAt        when the next scheduled run is due; empty when none is
 * @param lastCheck        the last check since the configuration last changed; empty when none
 * @param totals           what all its runs did
 * @param serviceRole      the tenant role its service principal holds for sync runs, webhooks and imports; empty: it
 *                         runs as the platform, unrestricted (the behaviour before roles existed)
 */
public record Connection(
        UUID id,
        String connectorId,
        String name,
        ConnectionStatus status,
        Map<String, String> config,
        List<SecretState> secrets,
        List<StreamSettings> streams,
        Optional<Duration> scheduleInterval,
        Optional<Instant> nextRunAt,
        Optional<Check> lastCheck,
        Totals totals,
        Instant createdAt,
        Instant updatedAt,
        Optional<String> serviceRole) {

    public Connection {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(connectorId, "connectorId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        config = Map.copyOf(config);
        secrets = List.copyOf(secrets);
        streams = List.copyOf(streams);
        Objects.requireNonNull(scheduleInterval, "scheduleInterval");
        Objects.requireNonNull(nextRunAt, "nextRunAt");
        Objects.requireNonNull(lastCheck, "lastCheck");
        Objects.requireNonNull(totals, "totals");
    }

    /** Whether a secret property holds a value; the value itself never leaves the platform. */
    public record SecretState(String name, boolean set) {
    }

    /** The outcome of a check: the message is the connector's, with any secret value masked. */
    public record Check(boolean passed, String message, Instant checkedAt) {
    }

    /**
     * @param recordsSynced records created, updated or deleted by all runs
     */
    public record Totals(long syncsTotal, long syncsSucceeded, long syncsFailed, long recordsSynced) {
    }
}
