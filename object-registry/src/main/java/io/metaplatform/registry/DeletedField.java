package io.metaplatform.registry;

import java.time.Instant;

/** A custom field an admin deleted and has not purged: its values are still stored until {@code purgeField}. */
public record DeletedField(FieldId id, String apiName, String label, Instant deletedAt) {
}
