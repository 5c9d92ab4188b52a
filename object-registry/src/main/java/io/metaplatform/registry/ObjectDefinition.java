package io.metaplatform.registry;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An object (built-in or custom) with its live fields in position order.
 *
 * @param version incremented by every change of the object itself, for optimistic locking
 */
public record ObjectDefinition(ObjectId id, ApiName apiName, String labelSingular, String labelPlural, String description,
        int position, ObjectStorage storage, boolean builtIn, List<FieldDefinition> fields, long version) {

    public ObjectDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(apiName, "apiName");
        Objects.requireNonNull(storage, "storage");
        labelSingular = labelSingular == null || labelSingular.isBlank() ? apiName.typeName() : labelSingular;
        labelPlural = labelPlural == null || labelPlural.isBlank() ? labelSingular + "s" : labelPlural;
        fields = List.copyOf(fields);
    }

    public Optional<FieldDefinition> field(String apiName) {
        return fields.stream().filter(field -> field.apiName().value().equals(apiName)).findFirst();
    }

    public Optional<FieldDefinition> field(FieldId id) {
        return fields.stream().filter(field -> field.id().equals(id)).findFirst();
    }

    public ObjectDefinition withFields(List<FieldDefinition> newFields) {
        return new ObjectDefinition(id, apiName, labelSingular, labelPlural, description, position, storage, builtIn, newFields, version);
    }
}
