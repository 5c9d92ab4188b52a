package io.metaplatform.registry;

import io.metaplatform.registry.EffectiveSchema.InverseRelation;
import io.metaplatform.registry.RecordPolicy.ObjectAccess;
import io.metaplatform.registry.formula.CheckedFormula;
import io.metaplatform.registry.formula.DerivedFieldChecks;
import io.metaplatform.registry.formula.FormulaChecker;
import io.metaplatform.registry.formula.FormulaException;
import io.metaplatform.registry.formula.Node;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which formula and rollup fields a set of roles may read. A derived field the roles grant is readable only when
 * everything it is computed from is: every field it names, the relations it goes through, the related records not
 * limited by a read rule (the value of {@code company.margin} comes from a company the caller may not see), and for
 * a rollup the children's relation, field and filter, with no read rule on the children (a count of hidden children
 * would reveal them). Otherwise the derived value would tell what the roles hide, so the field is hidden like a field
 * that is not granted, and {@link #hidden()} says why.
 */
final class DerivedAccess {

    private final EffectiveSchema schema;
    private final Map<String, ObjectAccess> access;
    private final Map<FieldId, Optional<String>> known = new HashMap<>();
    private final Set<FieldId> visiting = new HashSet<>();
    private final Map<String, Map<String, String>> hidden = new TreeMap<>();

    private DerivedAccess(EffectiveSchema schema, Map<String, ObjectAccess> access) {
        this.schema = schema;
        this.access = access;
        for (ObjectDefinition object : schema.objects()) {
            ObjectAccess granted = access(object);
            for (FieldDefinition field : object.fields()) {
                if (computed(field) && granted.canRead(field.apiName().value())) {
                    blocker(object, field).ifPresent(reason -> hidden.computeIfAbsent(object.apiName().value(), name -> new TreeMap<>())
                            .put(field.apiName().value(), reason));
                }
            }
        }
    }

    /** The derived fields of {@code access} (with record rules, unresolved) its holder may not read after all. */
    static DerivedAccess of(EffectiveSchema schema, Map<String, ObjectAccess> access) {
        return new DerivedAccess(schema, access);
    }

    /** Per object, the granted derived fields that stay hidden and why ({@code reads company.margin, which is not readable}). */
    Map<String, Map<String, String>> hidden() {
        return hidden;
    }

    /** {@code granted} (the access to {@code object}) without the hidden derived fields. */
    ObjectAccess apply(ObjectDefinition object, ObjectAccess granted) {
        Map<String, String> fields = hidden.get(object.apiName().value());
        if (fields == null) {
            return granted;
        }
        Set<String> readable = new TreeSet<>();
        Set<String> editable = new TreeSet<>();
        if (granted.allFields()) {
            object.fields().forEach(field -> readable.add(field.apiName().value()));
            editable.addAll(readable);
        } else {
            readable.addAll(granted.readableFields());
            editable.addAll(granted.editableFields());
        }
        readable.removeAll(fields.keySet());
        editable.removeAll(fields.keySet());
        return new ObjectAccess(granted.operations(), false, readable, editable, granted.readRule(), granted.writeRules());
    }

    private static boolean computed(FieldDefinition field) {
        return field.type() instanceof FieldType.Formula || field.type() instanceof FieldType.Rollup;
    }

    private ObjectAccess access(ObjectDefinition object) {
        return access.getOrDefault(object.apiName().value(), ObjectAccess.none());
    }

    // Why the holder cannot know the value of field, or empty. Formulas that reference each other are refused when
    // saved, so a cycle met here is an inconsistency: the field is hidden rather than guessed.
    private Optional<String> blocker(ObjectDefinition object, FieldDefinition field) {
        String path = object.apiName() + "." + field.apiName();
        if (!access(object).canRead(field.apiName().value())) {
            return Optional.of("reads " + path + ", which is not readable");
        }
        if (!computed(field)) {
            return Optional.empty();
        }
        Optional<String> cached = known.get(field.id());
        if (cached != null) {
            return cached;
        }
        if (!visiting.add(field.id())) {
            return Optional.of(path + " refers to itself");
        }
        Optional<String> reason = switch (field.type()) {
            case FieldType.Formula formula -> formula(object, formula.expression());
            case FieldType.Rollup rollup -> rollup(object, rollup);
            default -> Optional.empty();
        };
        visiting.remove(field.id());
        known.put(field.id(), reason);
        return reason;
    }

    private Optional<String> formula(ObjectDefinition object, String expression) {
        CheckedFormula checked;
        try {
            checked = FormulaChecker.check(schema, object, expression);
        } catch (FormulaException e) {
            return Optional.of("its expression no longer compiles");
        }
        for (Node.FieldRef reference : checked.references()) {
            for (Node.Hop hop : reference.hops()) {
                Optional<String> through = blocker(hop.from(), hop.relation());
                if (through.isPresent()) {
                    return through;
                }
                if (access(hop.target()).readRule().isPresent()) {
                    return Optional.of("reads " + reference.path() + " of " + hop.target().apiName()
                            + " records, which a read rule limits");
                }
            }
            Optional<String> value = blocker(reference.owner(), reference.field());
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }

    private Optional<String> rollup(ObjectDefinition object, FieldType.Rollup rollup) {
        Optional<InverseRelation> children = rollup.relation() == null ? Optional.empty()
                : DerivedFieldChecks.toMany(schema, object, rollup.relation().value());
        if (children.isEmpty()) {
            return Optional.of("its relation no longer exists");
        }
        ObjectDefinition child = children.get().source();
        if (access(child).readRule().isPresent()) {
            return Optional.of("sums up " + child.apiName() + " records, which a read rule limits");
        }
        Optional<String> link = blocker(child, children.get().field());
        if (link.isPresent()) {
            return link;
        }
        // COUNT needs no field (it may name id); the system fields id, createdAt and updatedAt are always readable.
        Optional<FieldDefinition> summed = rollup.field() == null || rollup.function() == FieldType.RollupFunction.COUNT ? Optional.empty()
                : child.field(rollup.field().value());
        if (summed.isPresent()) {
            Optional<String> value = blocker(child, summed.get());
            if (value.isPresent()) {
                return value;
            }
        }
        return rollup.filter() == null || rollup.filter().isBlank() ? Optional.empty() : formula(child, rollup.filter());
    }
}
