package io.metaplatform.plugins.runtime.internal.sync;

import io.metaplatform.plugins.api.FieldProblem;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A record a sync could not carry over, kept per connection for the tenant admin.
 *
 * @param direction  {@code PULL} (external to platform) or {@code PUSH} (platform to external)
 * @param externalId the external id when known, else {@code null}
 * @param recordId   the platform record when known (push, or an update on pull), else {@code null}
 * @param raw        a short excerpt of the offending data (no configuration, no secrets)
 * @param reason     one sentence for the admin
 * @param problems   per field, what was wrong (target field API names on pull, external names on push)
 * @param resolvedAt when an admin marked it resolved, else {@code null}
 */
public record DeadLetter(UUID id, UUID connectionId, UUID runId, String stream, Direction direction, String externalId, UUID recordId,
        String raw, String reason, List<FieldProblem> problems, Instant createdAt, Instant resolvedAt) {

    public DeadLetter {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(reason, "reason");
        problems = List.copyOf(problems);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Which way the record was travelling. */
    public enum Direction {
        PULL, PUSH
    }
}
