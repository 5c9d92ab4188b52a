package io.metaplatform.registry;

/**
 * What the record store can do with a field: sort by it, group by it, sum it. The one source of these
 * rules, for the store and for every API generated over it.
 */
public final class FieldCapabilities {

    private FieldCapabilities() {
    }

    public static boolean sortable(FieldDefinition field) {
        if (field.storage() instanceof Storage.Link) {
            return false;
        }
        return switch (field.type()) {
            case FieldType.MultiSelect m -> false;
            case FieldType.Json j -> false;
            case FieldType.Relation r -> r.cardinality() == FieldType.Cardinality.MANY_TO_ONE;
            case FieldType.Formula f -> true;
            case FieldType.Rollup r -> true;
            case FieldType.AutoNumber a -> true;
            default -> true;
        };
    }

    /** Whether records can be grouped by the field; date and date-time fields also by a date bucket. */
    public static boolean groupable(FieldDefinition field, boolean bucketed) {
        if (field.storage() instanceof Storage.Link || field.storage() instanceof Storage.Computed) {
            return false;
        }
        return switch (field.type()) {
            case FieldType.Date d -> true;
            case FieldType.DateTime d -> true;
            case FieldType.Select s -> !bucketed;
            case FieldType.Relation r -> !bucketed && r.cardinality() == FieldType.Cardinality.MANY_TO_ONE;
            case FieldType.Bool b -> !bucketed;
            case FieldType.Text t -> !bucketed;
            case FieldType.Email e -> !bucketed;
            case FieldType.Int i -> !bucketed;
            // by its currency code: so sums and averages of amounts can be asked per currency
            case FieldType.Currency c -> !bucketed;
            default -> false;
        };
    }

    /** Whether sum and average are defined (for currency: of the amounts). */
    public static boolean numeric(FieldType type) {
        return switch (type.valueType()) {
            case FieldType.Int i -> true;
            case FieldType.Decimal d -> true;
            case FieldType.Percent p -> true;
            case FieldType.Currency c -> true;
            default -> false;
        };
    }
}
