package io.metaplatform.registry;

import java.time.Instant;
import java.util.UUID;

/**
 * One entry of a tenant's metadata change log.
 *
 * @param before the definition before the change as JSON, {@code null} on creation
 * @param after the definition after the change as JSON, {@code null} on deletion
 */
public record MetadataChangeEntry(long metadataVersion, String actor, Instant changedAt, String operation, String targetKind,
        UUID targetId, String before, String after) {
}
