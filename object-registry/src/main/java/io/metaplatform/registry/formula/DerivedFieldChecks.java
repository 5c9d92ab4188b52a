package io.metaplatform.registry.formula;

import io.metaplatform.core.Violations;
import io.metaplatform.registry.EffectiveSchema;
import io.metaplatform.registry.EffectiveSchema.InverseRelation;
import io.metaplatform.registry.FieldCapabilities;
import io.metaplatform.registry.FieldDefinition;
import io.metaplatform.registry.FieldId;
import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.ObjectDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the metadata service checks when an admin saves a derived field (formula, rollup, autonumber), and which derived
 * fields read a given field, so that field's deletion, rename or type change can be refused while they exist.
 */
public final class DerivedFieldChecks {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");
    private static final Pattern COUNTER = Pattern.compile("0{1,18}");

    private DerivedFieldChecks() {
    }

    /** Adds every problem of derived type {@code type} of field {@code self} (null when new) on {@code object} under {@code path}. */
    public static void check(EffectiveSchema schema, ObjectDefinition object, FieldType.Derived type, FieldId self, String path,
            Violations violations) {
        switch (type) {
            case FieldType.Formula formula -> formula(schema, object, formula, self, path, violations);
            case FieldType.Rollup rollup -> rollup(schema, object, rollup, path, violations);
            case FieldType.AutoNumber autoNumber -> autoNumber(autoNumber, path, violations);
        }
    }

    /** Adds a formula's problems as violations of {@code path}: {@code UNKNOWN_FIELD} "at 12: 'amout' is not a field of invoice". */
    public static void report(FormulaException e, String path, Violations violations) {
        e.errors().forEach(error -> violations.add(path, error.code(), "at " + error.position() + ": " + error.message()));
    }

    private static void formula(EffectiveSchema schema, ObjectDefinition object, FieldType.Formula formula, FieldId self, String path,
            Violations violations) {
        if (formula.resultKind() == null) {
            violations.add(path + ".resultKind", "REQUIRED", "is required: one of " + List.of(FieldType.ResultKind.values()));
        }
        if (formula.expression() == null || formula.expression().isBlank()) {
            violations.add(path + ".expression", "REQUIRED", "is required");
            return;
        }
        try {
            CheckedFormula checked = FormulaChecker.check(schema, object, formula.expression(), self);
            if (formula.resultKind() != null) {
                FormulaChecker.requireResult(checked, formula.resultKind());
            }
        } catch (FormulaException e) {
            report(e, path + ".expression", violations);
        }
    }

    /** The to-many relation {@code name} of {@code object}: a many-to-one relation of another object whose inverse name it is. */
    public static Optional<InverseRelation> toMany(EffectiveSchema schema, ObjectDefinition object, String name) {
        return schema.relationsTargeting(object.apiName()).stream()
                .filter(inverse -> inverse.relation().cardinality() == FieldType.Cardinality.MANY_TO_ONE
                        && inverse.relation().inverseName() != null && inverse.relation().inverseName().value().equals(name)
                        && !(inverse.field().storage() instanceof io.metaplatform.registry.Storage.Link))
                .findFirst();
    }

    private static void rollup(EffectiveSchema schema, ObjectDefinition object, FieldType.Rollup rollup, String path,
            Violations violations) {
        if (rollup.function() == null) {
            violations.add(path + ".function", "REQUIRED", "is required: one of " + List.of(FieldType.RollupFunction.values()));
        }
        if (rollup.relation() == null) {
            violations.add(path + ".relation", "REQUIRED", "is required: a to-many relation of " + object.apiName());
            return;
        }
        Optional<InverseRelation> children = toMany(schema, object, rollup.relation().value());
        if (children.isEmpty()) {
            violations.add(path + ".relation", "UNKNOWN_RELATION", "is not a to-many relation of " + object.apiName());
            return;
        }
        ObjectDefinition child = children.get().source();
        if (rollup.function() != null && rollup.function() != FieldType.RollupFunction.COUNT) {
            Optional<FieldDefinition> field = rollup.field() == null ? Optional.empty() : child.field(rollup.field().value());
            if (field.isEmpty()) {
                violations.add(path + ".field", "UNKNOWN_FIELD", "must name a field of " + child.apiName());
            } else if (!FieldCapabilities.numeric(field.get().type()) || field.get().type() instanceof FieldType.Rollup) {
                violations.add(path + ".field", "NOT_NUMERIC", rollup.function() + " needs a number field; "
                        + field.get().apiName() + " is " + field.get().type().kind());
            }
        }
        if (rollup.filter() != null && !rollup.filter().isBlank()) {
            try {
                CheckedFormula filter = FormulaChecker.check(schema, child, rollup.filter());
                if (!filter.kind().fits(ValueKind.BOOLEAN)) {
                    violations.add(path + ".filter", "TYPE_MISMATCH", "at 1: the filter yields " + filter.kind() + ", not BOOLEAN");
                }
                if (readsRollup(filter.root())) {
                    violations.add(path + ".filter", "NOT_SUPPORTED", "at 1: a rollup's filter cannot read other rollups");
                }
            } catch (FormulaException e) {
                report(e, path + ".filter", violations);
            }
        }
    }

    private static boolean readsRollup(Node node) {
        return switch (node) {
            case Node.FieldRef ref -> ref.field().type() instanceof FieldType.Rollup;
            case Node.Constant constant -> false;
            case Node.Negate negate -> readsRollup(negate.operand());
            case Node.Not not -> readsRollup(not.operand());
            case Node.Arithmetic arithmetic -> readsRollup(arithmetic.left()) || readsRollup(arithmetic.right());
            case Node.Comparison comparison -> readsRollup(comparison.left()) || readsRollup(comparison.right());
            case Node.Logic logic -> readsRollup(logic.left()) || readsRollup(logic.right());
            case Node.Call call -> call.arguments().stream().anyMatch(DerivedFieldChecks::readsRollup);
        };
    }

    private static void autoNumber(FieldType.AutoNumber autoNumber, String path, Violations violations) {
        String format = autoNumber.effectiveFormat();
        Matcher placeholders = PLACEHOLDER.matcher(format);
        int counters = 0;
        while (placeholders.find()) {
            String inside = placeholders.group(1);
            if (COUNTER.matcher(inside).matches()) {
                counters++;
            } else if (!inside.equals("YYYY")) {
                violations.add(path + ".format", "INVALID_FORMAT", "{" + inside + "} is neither {YYYY} nor a counter such as {0000}");
            }
        }
        if (counters != 1) {
            violations.add(path + ".format", "INVALID_FORMAT", "must hold exactly one counter such as {0000}, as in RE-{YYYY}-{0000}");
        }
        if (format.length() > 100) {
            violations.add(path + ".format", "TOO_LONG", "must be at most 100 characters");
        }
    }

    /**
     * The derived fields (as {@code object.field}) that read {@code target}: formulas naming it or going through it, rollups
     * over it or through it, rollup filters reading it. Sorted.
     */
    public static List<String> dependents(EffectiveSchema schema, FieldId target) {
        List<String> found = new ArrayList<>();
        for (ObjectDefinition object : schema.objects()) {
            for (FieldDefinition field : object.fields()) {
                if (!field.id().equals(target) && reads(schema, object, field, target)) {
                    found.add(object.apiName() + "." + field.apiName());
                }
            }
        }
        return found.stream().sorted().toList();
    }

    private static boolean reads(EffectiveSchema schema, ObjectDefinition object, FieldDefinition field, FieldId target) {
        return switch (field.type()) {
            case FieldType.Formula formula -> formulaReads(schema, object, formula.expression(), target);
            case FieldType.Rollup rollup -> {
                Optional<InverseRelation> children = rollup.relation() == null ? Optional.empty()
                        : toMany(schema, object, rollup.relation().value());
                if (children.isEmpty()) {
                    yield false;
                }
                ObjectDefinition child = children.get().source();
                boolean direct = children.get().field().id().equals(target)
                        || rollup.field() != null && child.field(rollup.field().value()).map(f -> f.id().equals(target)).orElse(false);
                yield direct || rollup.filter() != null && formulaReads(schema, child, rollup.filter(), target);
            }
            default -> false;
        };
    }

    private static boolean formulaReads(EffectiveSchema schema, ObjectDefinition object, String expression, FieldId target) {
        try {
            return FormulaChecker.check(schema, object, expression).fieldIds().contains(target);
        } catch (FormulaException e) {
            return false;
        }
    }
}
