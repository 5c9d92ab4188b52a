package io.metaplatform.plugins.api;

import java.util.Objects;

/**
 * Maps a field of an external record to a field of the target object. A connector declares
 * defaults; a tenant admin may override them per connection (for example to map an external
 * custom field into a tenant's custom field).
 *
 * @param externalField the key in {@link ExternalRecord#fields()} / {@link OutgoingRecord#fields()}
 * @param targetField   the API name of the platform field on the stream's target object
 * @param direction     which way values flow
 */
public record FieldMapping(String externalField, String targetField, MappingDirection direction) {

    public FieldMapping {
        Objects.requireNonNull(externalField, "externalField");
        Objects.requireNonNull(targetField, "targetField");
        Objects.requireNonNull(direction, "direction");
        if (externalField.isBlank() || targetField.isBlank()) {
            throw new IllegalArgumentException("mapping fields must not be blank");
        }
    }

    /** A mapping both ways. */
    public static FieldMapping both(String externalField, String targetField) {
        return new FieldMapping(externalField, targetField, MappingDirection.BOTH);
    }

    /** A mapping from the external system only. */
    public static FieldMapping read(String externalField, String targetField) {
        return new FieldMapping(externalField, targetField, MappingDirection.READ);
    }
}
