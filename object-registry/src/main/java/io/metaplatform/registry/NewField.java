package io.metaplatform.registry;

/**
 * A custom field a tenant admin adds.
 *
 * @param position where the field goes among the object's fields; {@code null} appends it
 * @param constraints {@code null} for none
 */
public record NewField(String apiName, String label, String description, FieldType type, Constraints constraints, Integer position) {
}
