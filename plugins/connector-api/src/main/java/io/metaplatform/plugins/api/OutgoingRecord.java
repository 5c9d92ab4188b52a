package io.metaplatform.plugins.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A platform record to write to the external system, already mapped to external field names
 * through the stream's {@link FieldMapping}s that write. Values have the types listed on
 * {@link ExternalRecord}; links to other records arrive as {@link ExternalRef} when the linked
 * record is synced with this connection, else they are left out.
 *
 * @param operation       create or update
 * @param recordId        the platform record's id (for logs and idempotency keys)
 * @param externalId      the linked external id; present for {@link WriteOperation#UPDATE}
 * @param externalVersion the external version last seen; present when known
 * @param fields          external field name to value
 */
public record OutgoingRecord(
        WriteOperation operation,
        String recordId,
        Optional<String> externalId,
        Optional<String> externalVersion,
        Map<String, Object> fields) {

    public OutgoingRecord {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(externalVersion, "externalVersion");
        if (operation == WriteOperation.UPDATE && externalId.isEmpty()) {
            throw new IllegalArgumentException("an update needs the external id");
        }
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
