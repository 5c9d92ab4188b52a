package io.metaplatform.registry;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One link of a many-to-many relation, seen from its source record.
 *
 * @param id       the linked (target) record
 * @param linkedAt when the link was made; a later write that keeps the link keeps this time
 * @param linkedBy who made it (the subject of the writing principal), {@code null} when unknown
 */
public record RecordLink(UUID id, Instant linkedAt, String linkedBy) {

    public RecordLink {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(linkedAt, "linkedAt");
    }
}
