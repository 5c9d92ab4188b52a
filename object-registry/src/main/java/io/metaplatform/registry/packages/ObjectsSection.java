package io.metaplatform.registry.packages;

import io.metaplatform.core.Violations;
import io.metaplatform.registry.BuiltInPacks;
import io.metaplatform.registry.Constraints;
import io.metaplatform.registry.FieldChange;
import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.Filter;
import io.metaplatform.registry.NewField;
import io.metaplatform.registry.NewObject;
import io.metaplatform.registry.ObjectChange;
import io.metaplatform.registry.RecordQuery;
import io.metaplatform.registry.RecordService;
import io.metaplatform.registry.EffectiveSchema;
import io.metaplatform.registry.FieldDefinition;
import io.metaplatform.registry.MetadataService;
import io.metaplatform.registry.ObjectDefinition;
import io.metaplatform.registry.SelectOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
    private final RecordService records;
    private final JsonMapper json;

    ObjectsSection(MetadataService metadata, RecordService records, JsonMapper json) {
        this.metadata = metadata;
        this.records = records;
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

    // ---- deploy ----

    @Override
    public List<DeployStep> steps(JsonNode section, String pointer, Violations problems) {
        EffectiveSchema schema = metadata.schema();
        JsonNode wanted = section == null ? JsonNodeFactory.instance.objectNode() : section;
        Map<String, ObjectDefinition> packs = BuiltInPacks.objects().stream()
                .collect(Collectors.toMap(object -> object.apiName().value(), Function.identity()));
        List<DeployStep> steps = new ArrayList<>();
        Set<String> kept = new HashSet<>();
        for (Map.Entry<String, JsonNode> entry : wanted.properties()) {
            String name = entry.getKey();
            JsonNode node = entry.getValue();
            String at = pointer + "/" + name;
            if (node.path("builtIn").asBoolean()) {
                ObjectDefinition object = schema.object(name).filter(ObjectDefinition::builtIn).orElse(null);
                if (object == null) {
                    problems.add(at, "UNKNOWN_OBJECT", "is no built-in object of this platform version");
                    continue;
                }
                kept.add(name);
                builtInSteps(object, packs.get(name), node, at, steps, problems);
                continue;
            }
            String renamedFrom = Sections.text(node, "renamedFrom");
            ObjectDefinition existing = schema.object(name).orElse(null);
            if (existing == null && renamedFrom != null) {
                existing = schema.object(renamedFrom).filter(object -> !object.builtIn()).orElse(null);
            }
            if (existing != null && existing.builtIn()) {
                problems.add(at, "NAME_CLASH", "is the API name of a built-in object; a custom object needs another");
                continue;
            }
            if (existing == null) {
                NewObject created = new NewObject(name, Sections.text(node, "labelSingular"), Sections.text(node, "labelPlural"), Sections.text(node, "description"));
                steps.add(new DeployStep(DeployStep.Action.CREATE, "OBJECT", name, at, false, null, "create custom object " + name,
                        () -> metadata.createObject(created, Sections.actor())));
                fieldSteps(name, null, node.path("fields"), at + "/fields", steps, problems);
                kept.add(name);
                continue;
            }
            kept.add(existing.apiName().value());
            if (!existing.apiName().value().equals(name)) {
                String from = existing.apiName().value();
                steps.add(new DeployStep(DeployStep.Action.RENAME, "OBJECT", name, at, false, null, "rename object " + from + " to " + name,
                        () -> metadata.updateObject(from, new ObjectChange(name, null, null, null), null, Sections.actor())));
            }
            String singular = Sections.text(node, "labelSingular");
            String plural = Sections.text(node, "labelPlural");
            String description = Sections.text(node, "description");
            if (!Objects.equals(singular, existing.labelSingular()) || !Objects.equals(plural, existing.labelPlural())
                    || !Objects.equals(blankToNull(description), blankToNull(existing.description()))) {
                steps.add(new DeployStep(DeployStep.Action.UPDATE, "OBJECT", name, at, false, null, "change labels of object " + name,
                        () -> metadata.updateObject(name, new ObjectChange(null, singular, plural, description == null ? "" : description), null,
                                Sections.actor())));
            }
            fieldSteps(name, existing, node.path("fields"), at + "/fields", steps, problems);
        }
        for (ObjectDefinition object : schema.objects()) {
            String name = object.apiName().value();
            if (kept.contains(name)) {
                continue;
            }
            if (!object.builtIn()) {
                long held = count(name, null);
                steps.add(new DeployStep(DeployStep.Action.DELETE, "OBJECT", name, pointer + "/" + name, true, held,
                        "delete custom object " + name + " and its " + held + " records", () -> metadata.deleteObject(name, null, Sections.actor())));
            } else {
                // Not in the package: the built-in object as the platform ships it, without custom fields.
                builtInSteps(object, packs.get(name), JsonNodeFactory.instance.objectNode().put("builtIn", true), pointer + "/" + name, steps,
                        problems);
            }
        }
        return steps;
    }

    private void builtInSteps(ObjectDefinition object, ObjectDefinition pack, JsonNode node, String at, List<DeployStep> steps,
            Violations problems) {
        String name = object.apiName().value();
        String singular = node.has("labelSingular") ? Sections.text(node, "labelSingular") : pack.labelSingular();
        String plural = node.has("labelPlural") ? Sections.text(node, "labelPlural") : pack.labelPlural();
        if (!singular.equals(object.labelSingular()) || !plural.equals(object.labelPlural())) {
            steps.add(new DeployStep(DeployStep.Action.UPDATE, "OBJECT", name, at, false, null, "change labels of built-in object " + name,
                    () -> metadata.updateObject(name, new ObjectChange(null, singular, plural, null), null, Sections.actor())));
        }
        fieldSteps(name, object, node.path("fields"), at + "/fields", steps, problems);
        JsonNode edits = node.path("builtInFields");
        for (FieldDefinition field : object.fields()) {
            if (!field.builtIn()) {
                continue;
            }
            FieldDefinition original = pack.field(field.apiName().value()).orElse(null);
            if (original == null) {
                continue;
            }
            JsonNode edit = edits.path(field.apiName().value());
            String label = edit.has("label") ? Sections.text(edit, "label") : original.label();
            FieldType type = edit.has("type") ? fieldType(edit.path("type"), at + "/builtInFields/" + field.apiName() + "/type", problems)
                    : original.type();
            if (type == null) {
                continue;
            }
            type = keepingOmittedOptions(field.type(), type);
            boolean relabel = !Objects.equals(label, field.label());
            boolean retype = !type.equals(field.type());
            if (relabel || retype) {
                String target = name + "." + field.apiName();
                FieldChange change = new FieldChange(null, relabel ? label : null, null, null, retype ? type : null, null);
                steps.add(new DeployStep(retype && retires(field.type(), type) ? DeployStep.Action.RETIRE : DeployStep.Action.UPDATE, "FIELD",
                        target, at + "/builtInFields/" + field.apiName(), false, null, "change built-in field " + target,
                        () -> metadata.updateField(name, field.apiName().value(), change, null, Sections.actor())));
            }
        }
    }

    private void fieldSteps(String object, ObjectDefinition existing, JsonNode fields, String at, List<DeployStep> steps, Violations problems) {
        Set<String> kept = new HashSet<>();
        for (Map.Entry<String, JsonNode> entry : fields.properties()) {
            String name = entry.getKey();
            JsonNode node = entry.getValue();
            String fieldAt = at + "/" + name;
            FieldType type = fieldType(node.path("type"), fieldAt + "/type", problems);
            Constraints constraints = node.has("constraints") ? constraints(node.path("constraints"), fieldAt + "/constraints", problems)
                    : Constraints.NONE;
            if (type == null || constraints == null) {
                continue;
            }
            String renamedFrom = Sections.text(node, "renamedFrom");
            FieldDefinition current = existing == null ? null : existing.field(name).orElse(null);
            if (current == null && renamedFrom != null && existing != null) {
                current = existing.field(renamedFrom).orElse(null);
            }
            String target = object + "." + name;
            if (current != null && current.builtIn()) {
                problems.add(fieldAt, "NAME_CLASH", "is the API name of a built-in field of " + object + "; a custom field needs another");
                continue;
            }
            String label = Sections.text(node, "label");
            String description = Sections.text(node, "description");
            if (current == null) {
                NewField created = new NewField(name, label, description, type, constraints, null);
                steps.add(new DeployStep(DeployStep.Action.CREATE, "FIELD", target, fieldAt, false, null, "create field " + target,
                        () -> metadata.createField(object, created, Sections.actor())));
                continue;
            }
            kept.add(current.apiName().value());
            if (!current.apiName().value().equals(name)) {
                String from = current.apiName().value();
                steps.add(new DeployStep(DeployStep.Action.RENAME, "FIELD", target, fieldAt, false, null,
                        "rename field " + object + "." + from + " to " + name,
                        () -> metadata.updateField(object, from, new FieldChange(name, null, null, null, null, null), null, Sections.actor())));
            }
            type = keepingOmittedOptions(current.type(), type);
            boolean relabel = !Objects.equals(label, current.label()) || !Objects.equals(blankToNull(description), blankToNull(current.description()));
            boolean retype = !type.equals(current.type());
            boolean reconstrain = !constraints.equals(current.constraints());
            if (relabel || retype || reconstrain) {
                FieldDefinition before = current;
                FieldChange change = new FieldChange(null, relabel ? label : null, relabel ? (description == null ? "" : description) : null, null,
                        retype ? type : null, reconstrain ? constraints : null);
                steps.add(new DeployStep(retype && retires(before.type(), type) ? DeployStep.Action.RETIRE : DeployStep.Action.UPDATE, "FIELD",
                        target, fieldAt, false, null, "change field " + target + (retype ? " (type " + before.type().kind() + " to " + type.kind() + ")" : ""),
                        () -> metadata.updateField(object, name, change, null, Sections.actor())));
            }
        }
        if (existing == null) {
            return;
        }
        for (FieldDefinition field : existing.fields()) {
            if (field.builtIn() || kept.contains(field.apiName().value())) {
                continue;
            }
            String name = field.apiName().value();
            // A derived field stores no value: deleting it loses nothing.
            Long held = field.type() instanceof FieldType.Derived ? null : count(object, name);
            steps.add(new DeployStep(DeployStep.Action.DELETE, "FIELD", object + "." + name, at + "/" + name, held != null, held,
                    "delete field " + object + "." + name + (held == null ? "" : ", a value in " + held + " records"),
                    () -> metadata.deleteField(object, name, null, Sections.actor())));
        }
    }

    private FieldType fieldType(JsonNode node, String at, Violations problems) {
        try {
            return json.treeToValue(node, FieldType.class);
        } catch (RuntimeException e) {
            problems.add(at, "INVALID_TYPE", "is not a field type this platform knows: " + Sections.firstLine(e));
            return null;
        }
    }

    private Constraints constraints(JsonNode node, String at, Violations problems) {
        try {
            // A package leaves constraints that are off out: they are the defaults.
            ObjectNode complete = json.valueToTree(Constraints.NONE);
            node.properties().forEach(entry -> complete.set(entry.getKey(), entry.getValue()));
            return json.treeToValue(complete, Constraints.class);
        } catch (RuntimeException e) {
            problems.add(at, "INVALID_CONSTRAINTS", Sections.firstLine(e));
            return null;
        }
    }

    // Records of the object, or those holding a value in the field: what a destructive step loses.
    private long count(String object, String field) {
        RecordQuery query = RecordQuery.firstPage(1).counted();
        if (field != null) {
            query = query.where(Filter.compare(field, Filter.Operator.IS_NULL, false));
        }
        Long total = records.list(object, query).totalCount();
        return total == null ? 0 : total;
    }

    /**
     * {@code wanted} with the select options of {@code current} it leaves out added back as retired: an option missing
     * from a package is retired (its stored values stay readable), never refused as a removal.
     */
    private static FieldType keepingOmittedOptions(FieldType current, FieldType wanted) {
        if (!(current instanceof FieldType.WithOptions before && wanted instanceof FieldType.WithOptions after)
                || current.getClass() != wanted.getClass()) {
            return wanted;
        }
        Set<String> named = new HashSet<>();
        after.options().forEach(option -> named.add(option.id()));
        List<SelectOption> options = new ArrayList<>(after.options());
        before.options().stream().filter(option -> !named.contains(option.id())).forEach(option -> options.add(
                new SelectOption(option.id(), option.value(), option.label(), option.position(), option.color(), true)));
        if (options.size() == after.options().size()) {
            return wanted;
        }
        return wanted instanceof FieldType.Select ? new FieldType.Select(options) : new FieldType.MultiSelect(options);
    }

    private static boolean retires(FieldType before, FieldType after) {
        if (before instanceof FieldType.WithOptions old && after instanceof FieldType.WithOptions now && before.getClass() == after.getClass()) {
            Set<String> active = new HashSet<>();
            now.options().stream().filter(option -> !option.retired()).forEach(option -> active.add(option.value()));
            return old.options().stream().anyMatch(option -> !option.retired() && !active.contains(option.value()));
        }
        return false;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
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
