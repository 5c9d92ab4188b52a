package io.metaplatform.registry.packages;

import io.metaplatform.registry.BuiltInPacks;
import io.metaplatform.registry.EffectiveSchema;
import io.metaplatform.registry.FieldDefinition;
import io.metaplatform.registry.MetadataService;
import io.metaplatform.registry.ObjectDefinition;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Custom objects, custom fields (derived ones included) and the tenant's edits of built-in objects and fields
 * (labels, select options), keyed by API name in sorted order. Ids and storage keys stay out: packages match
 * by API name, and storage is the receiving tenant's business.
 */
@Component
final class ObjectsSection implements PackageSection {

    private final MetadataService metadata;
    private final JsonMapper json;

    ObjectsSection(MetadataService metadata, JsonMapper json) {
        this.metadata = metadata;
        this.json = json;
    }

    @Override
    public String name() {
        return "objects";
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public ObjectNode retrieve(JsonNodeFactory nodes) {
        EffectiveSchema schema = metadata.schema();
        Map<String, ObjectDefinition> packs = BuiltInPacks.objects().stream()
                .collect(Collectors.toMap(object -> object.apiName().value(), Function.identity()));
        ObjectNode objects = nodes.objectNode();
        schema.objects().stream().sorted(Comparator.comparing(ObjectDefinition::apiName)).forEach(object -> {
            ObjectNode node = object.builtIn() ? builtInEdits(nodes, object, packs.get(object.apiName().value())) : custom(nodes, object);
            if (node != null) {
                objects.set(object.apiName().value(), node);
            }
        });
        return objects;
    }

    private ObjectNode custom(JsonNodeFactory nodes, ObjectDefinition object) {
        ObjectNode node = nodes.objectNode();
        node.put("builtIn", false);
        node.put("labelSingular", object.labelSingular());
        node.put("labelPlural", object.labelPlural());
        putIfPresent(node, "description", object.description());
        node.set("fields", customFields(nodes, object));
        return node;
    }

    /** Only what differs from the pack; {@code null} for an untouched built-in object. */
    private ObjectNode builtInEdits(JsonNodeFactory nodes, ObjectDefinition object, ObjectDefinition pack) {
        ObjectNode node = nodes.objectNode();
        node.put("builtIn", true);
        boolean edited = false;
        if (!object.labelSingular().equals(pack.labelSingular())) {
            node.put("labelSingular", object.labelSingular());
            edited = true;
        }
        if (!object.labelPlural().equals(pack.labelPlural())) {
            node.put("labelPlural", object.labelPlural());
            edited = true;
        }
        ObjectNode fields = customFields(nodes, object);
        if (!fields.isEmpty()) {
            node.set("fields", fields);
            edited = true;
        }
        ObjectNode builtInFields = nodes.objectNode();
        object.fields().stream().filter(FieldDefinition::builtIn).sorted(Comparator.comparing(FieldDefinition::apiName)).forEach(field ->
                pack.field(field.apiName().value()).ifPresent(original -> {
                    ObjectNode edit = nodes.objectNode();
                    if (!Objects.equals(field.label(), original.label())) {
                        edit.put("label", field.label());
                    }
                    if (!field.type().equals(original.type())) {
                        edit.set("type", json.valueToTree(field.type()));
                    }
                    if (!edit.isEmpty()) {
                        builtInFields.set(field.apiName().value(), edit);
                    }
                }));
        if (!builtInFields.isEmpty()) {
            node.set("builtInFields", builtInFields);
            edited = true;
        }
        return edited ? node : null;
    }

    private ObjectNode customFields(JsonNodeFactory nodes, ObjectDefinition object) {
        ObjectNode fields = nodes.objectNode();
        object.fields().stream().filter(field -> !field.builtIn()).sorted(Comparator.comparing(FieldDefinition::apiName))
                .forEach(field -> fields.set(field.apiName().value(), field(nodes, field)));
        return fields;
    }

    private ObjectNode field(JsonNodeFactory nodes, FieldDefinition field) {
        ObjectNode node = nodes.objectNode();
        node.put("label", field.label());
        putIfPresent(node, "description", field.description());
        node.set("type", withoutNulls(json.valueToTree(field.type())));
        ObjectNode constraints = withoutNulls(json.valueToTree(field.constraints()));
        constraints.propertyNames().stream().filter(name -> constraints.get(name).isBoolean() && !constraints.get(name).booleanValue())
                .toList().forEach(constraints::remove);
        if (!constraints.isEmpty()) {
            node.set("constraints", constraints);
        }
        return node;
    }

    private static ObjectNode withoutNulls(JsonNode node) {
        ObjectNode copy = (ObjectNode) node.deepCopy();
        copy.propertyNames().stream().filter(name -> copy.get(name).isNull()).toList().forEach(copy::remove);
        return copy;
    }

    private static void putIfPresent(ObjectNode node, String name, String value) {
        if (value != null && !value.isBlank()) {
            node.put(name, value);
        }
    }
}
