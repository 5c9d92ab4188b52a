package io.metaplatform.plugins.runtime.internal.sync;

import io.metaplatform.core.StorableText;
import io.metaplatform.plugins.api.FieldProblem;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A record a sync could not carry over, kept per connection for the tenant admin. Its texts come from
 * external data and connectors, so they are made storable here: NUL characters (which PostgreSQL
 * refuses) become U+FFFD and each text is cut to its column.
 *
 * @param direction  {@code PULL} (external to platform) or {@code PUSH} (platform to external)
 * @param externalId the external id when known, else {@code null}
 * @param source     where the record is in its source (a CSV file's {@code row 17}), when the connector said, else {@code null}
 * @param recordId   the platform record when known (push, or an update on pull), else {@code null}
 * @param raw        a short excerpt of the offending data (no configuration, no secrets)
 * @param code       what kind of failure it is, stable for scripts
 * @param reason     one plain sentence for the admin; never an exception class name or SQL
 * @param problems   per field, what was wrong (target field API names on pull, external names on push)
 * @param resolvedAt when an admin marked it resolved, else {@code null}
 */
public record DeadLetter(UUID id, UUID connectionId, UUID runId, String stream, Direction direction, String externalId, String source,
        UUID recordId,
        String raw, Code code, String reason, List<FieldProblem> problems, Instant createdAt, Instant resolvedAt) {

    public DeadLetter {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(code, "code");
        stream = storable(Objects.requireNonNull(stream, "stream"), 63);
        externalId = externalId == null ? null : storable(externalId, 255);
        source = source == null ? null : storable(source, 100);
        raw = storable(Objects.requireNonNull(raw, "raw"), 2000);
        reason = storable(Objects.requireNonNull(reason, "reason"), 2000);
        problems = problems.stream().map(problem -> new FieldProblem(storable(problem.field(), 500), storable(problem.code(), 100),
                storable(problem.message(), 2000))).toList();
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Which way the record was travelling. */
    public enum Direction {
        PULL, PUSH
    }

    /** Why a record became a dead letter. */
    public enum Code {
        /** The connector refused the external record itself (a malformed CSV row, say); the reason says why. */
        REJECTED,
        /** The platform refused the record's values; {@code problems} names each field with its violation code. */
        INVALID_RECORD,
        /** The external id or version cannot be kept: too long, or holding a NUL character. */
        INVALID_EXTERNAL_ID,
        /** The record came in a stream this connection has no settings for. */
        STREAM_NOT_CONFIGURED,
        /** Push: the external system refused the record. */
        REFUSED_BY_EXTERNAL_SYSTEM,
        /** Push: the external record kept changing while it was written. */
        EXTERNAL_CONFLICT,
        /** Push: the external record no longer exists. */
        EXTERNAL_RECORD_GONE
    }

    private static String storable(String text, int max) {
        String storable = StorableText.storable(text);
        return storable.length() <= max ? storable : storable.substring(0, max - 1) + "…";
    }
}
