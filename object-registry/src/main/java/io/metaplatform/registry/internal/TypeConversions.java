package io.metaplatform.registry.internal;

import io.metaplatform.core.Violations;
import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.SelectOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which type changes of a custom field are safe, and which need the stored values checked first.
 * Stored values are never rewritten: every target type reads the values of its allowed source types.
 */
public final class TypeConversions {

    private TypeConversions() {
    }

    /** The type after the change, or {@code null} with a violation when the change is not allowed. */
    public static FieldType apply(FieldType from, FieldType to, String path, Violations violations) {
        if (from.getClass() == to.getClass()) {
            return sameKind(from, to, path, violations);
        }
        boolean allowed = switch (to) {
            case FieldType.Email e -> isText(from);
            case FieldType.Phone p -> isText(from);
            case FieldType.Url u -> isText(from);
            case FieldType.Decimal d -> from instanceof FieldType.Int;
            case FieldType.MultiSelect m -> from instanceof FieldType.Select;
            case FieldType.Text t -> toText(from);
            case FieldType.LongText t -> toText(from);
            default -> false;
        };
        if (!allowed) {
            violations.add(path, "TYPE_CHANGE_NOT_SUPPORTED", "a " + from.kind() + " field cannot become " + to.kind()
                    + "; supported: text to email/phone/url, integer to decimal, select to multi-select, anything to text");
            return null;
        }
        if (from instanceof FieldType.Select select && to instanceof FieldType.MultiSelect multi) {
            List<SelectOption> options = multi.options().isEmpty() ? select.options() : multi.options();
            checkNoOptionRemoved(select.options(), options, path, violations);
            return new FieldType.MultiSelect(options);
        }
        return to;
    }

    /** Whether stored values must be checked before the change is applied. */
    public static boolean needsCheck(FieldType from, FieldType to) {
        if (to == null || from.equals(to)) {
            return false;
        }
        return switch (to) {
            case FieldType.Email e -> true;
            case FieldType.Phone p -> true;
            case FieldType.Url u -> true;
            case FieldType.Text t -> true;
            case FieldType.LongText t -> true;
            case FieldType.Decimal d -> true;
            default -> false;
        };
    }

    private static FieldType sameKind(FieldType from, FieldType to, String path, Violations violations) {
        if (from instanceof FieldType.WithOptions before && to instanceof FieldType.WithOptions after) {
            checkNoOptionRemoved(before.options(), after.options(), path, violations);
        }
        if (from instanceof FieldType.Relation before && to instanceof FieldType.Relation after
                && (!before.target().equals(after.target()) || before.cardinality() != after.cardinality())) {
            violations.add(path, "TYPE_CHANGE_NOT_SUPPORTED", "a relation's target and cardinality cannot change");
        }
        return to;
    }

    private static void checkNoOptionRemoved(List<SelectOption> before, List<SelectOption> after, String path, Violations violations) {
        Set<String> kept = new HashSet<>();
        after.forEach(option -> kept.add(option.id()));
        for (SelectOption option : before) {
            if (!kept.contains(option.id())) {
                violations.add(path + ".options", "OPTION_REMOVED", "option " + option.value() + " (" + option.id()
                        + ") is missing: stored values may use it, so retire it (retired: true) instead of removing it");
            }
        }
    }

    private static boolean isText(FieldType type) {
        return type instanceof FieldType.Text || type instanceof FieldType.LongText || type instanceof FieldType.Email
                || type instanceof FieldType.Phone || type instanceof FieldType.Url;
    }

    private static boolean toText(FieldType from) {
        return switch (from) {
            case FieldType.Relation relation -> relation.cardinality() == FieldType.Cardinality.MANY_TO_ONE;
            case FieldType.Formula f -> false;
            case FieldType.Rollup r -> false;
            case FieldType.MultiSelect m -> false;
            default -> true;
        };
    }
}
