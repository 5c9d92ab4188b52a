package io.metaplatform.registry;

/**
 * A custom field a tenant admin adds.
 *
 * @param position where the field goes among the object's fields; {@code null} appends it
 * @param constraints {@code null} for none
 * @param indexed whether filters and sorts on the field go through an index slot: {@code null} indexes a type
 *     that can be indexed while the object has a free slot of its kind; {@code true} fails with
 *     {@code LIMIT_EXCEEDED} when none is free; {@code false} does not index
 */
public record NewField(String apiName, String label, String description, FieldType type, Constraints constraints, Integer position,
        Boolean indexed) {

    public NewField(String apiName, String label, String description, FieldType type, Constraints constraints, Integer position) {
        this(apiName, label, description, type, constraints, position, null);
    }
}
