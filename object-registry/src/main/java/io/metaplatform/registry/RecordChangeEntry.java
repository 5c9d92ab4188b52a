package io.metaplatform.registry;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One write in a record's history.
 *
 * @param operation {@code CREATE}, {@code UPDATE}, {@code DELETE}, {@code RESTORE} or {@code DESTROY}
 * @param changes per changed field (API name at the time of the change): {@code {"old": ..., "new": ...}}
 */
public record RecordChangeEntry(UUID id, UUID recordId, String operation, String actor, Instant changedAt,
        Map<String, Map<String, Object>> changes) {
}
