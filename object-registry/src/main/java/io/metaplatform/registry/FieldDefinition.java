package io.metaplatform.registry;

import java.util.Objects;

/**
 * One field of an object.
 *
 * @param builtIn shipped in a definition pack (its storage and type cannot change)
 * @param version incremented by every change, for optimistic locking of concurrent edits
 */
public record FieldDefinition(FieldId id, ApiName apiName, String label, String description, int position, FieldType type,
        Constraints constraints, Storage storage, boolean builtIn, long version) {

    public FieldDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(apiName, "apiName");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(storage, "storage");
        label = label == null || label.isBlank() ? apiName.value() : label;
        constraints = constraints == null ? Constraints.NONE : constraints;
    }

    public boolean required() {
        return constraints.required();
    }

    public boolean unique() {
        return constraints.unique();
    }
}
