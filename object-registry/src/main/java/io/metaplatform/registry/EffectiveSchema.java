package io.metaplatform.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tenant's effective metadata at one version: the built-in packs plus the tenant's overlay (custom
 * objects, custom fields, label and option changes), deleted definitions left out. Immutable; shared by
 * every request of the tenant until the next metadata change.
 */
public final class EffectiveSchema {

    private final long version;
    private final Map<String, ObjectDefinition> objects = new LinkedHashMap<>();

    public EffectiveSchema(long version, List<ObjectDefinition> objects) {
        this.version = version;
        objects.forEach(object -> this.objects.put(object.apiName().value(), object));
    }

    /** The tenant's metadata version this schema was built from ({@code 0}: no change ever). */
    public long version() {
        return version;
    }

    public List<ObjectDefinition> objects() {
        return List.copyOf(objects.values());
    }

    public Optional<ObjectDefinition> object(String apiName) {
        return Optional.ofNullable(objects.get(apiName));
    }

    public Optional<ObjectDefinition> object(ObjectId id) {
        return objects.values().stream().filter(object -> object.id().equals(id)).findFirst();
    }

    /** Every relation field, on any object, whose target is {@code target}: the reverse relations of it. */
    public List<InverseRelation> relationsTargeting(ApiName target) {
        List<InverseRelation> inverse = new ArrayList<>();
        for (ObjectDefinition source : objects.values()) {
            for (FieldDefinition field : source.fields()) {
                if (field.type() instanceof FieldType.Relation relation && relation.target().equals(target)) {
                    inverse.add(new InverseRelation(source, field, relation));
                }
            }
        }
        return inverse;
    }

    /** A relation seen from its target: {@code source.field} points at the target. */
    public record InverseRelation(ObjectDefinition source, FieldDefinition field, FieldType.Relation relation) {
    }
}
