package io.metaplatform.registry.internal;

import io.metaplatform.registry.ApiName;
import io.metaplatform.registry.FieldDefinition;
import io.metaplatform.registry.FieldId;
import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.ObjectDefinition;
import io.metaplatform.registry.Storage;
import java.util.Optional;

/** The system fields a filter or an order may name besides the object's own: id, createdAt, updatedAt. */
final class SystemFields {

    private SystemFields() {
    }

    static Optional<FieldDefinition> find(ObjectDefinition object, String name) {
        return switch (name) {
            case "id" -> Optional.of(system(object, "id", "id",
                    new FieldType.Relation(object.apiName(), FieldType.Cardinality.MANY_TO_ONE, null, null, null)));
            case "createdAt" -> Optional.of(system(object, "createdAt", "created_at", new FieldType.DateTime()));
            case "updatedAt" -> Optional.of(system(object, "updatedAt", "updated_at", new FieldType.DateTime()));
            default -> Optional.empty();
        };
    }

    /** A field of the object, or a system field, by API name. */
    static Optional<FieldDefinition> resolve(ObjectDefinition object, String name) {
        return object.field(name).or(() -> find(object, name));
    }

    private static FieldDefinition system(ObjectDefinition object, String apiName, String column, FieldType type) {
        return new FieldDefinition(FieldId.builtIn(object.apiName().value(), "$" + apiName), ApiName.of(apiName), apiName, null, -1, type,
                null, new Storage.Column(column), true, 0);
    }
}
