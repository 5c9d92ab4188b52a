package io.metaplatform.registry;

import java.util.List;
import java.util.Objects;

/** A condition on records, combined with {@link And}, {@link Or} and {@link Not}. */
public sealed interface Filter {

    record And(List<Filter> filters) implements Filter {
        public And {
            filters = List.copyOf(filters);
        }
    }

    record Or(List<Filter> filters) implements Filter {
        public Or {
            filters = List.copyOf(filters);
        }
    }

    record Not(Filter filter) implements Filter {
        public Not {
            Objects.requireNonNull(filter, "filter");
        }
    }

    /**
     * A comparison of a field with a value in API form ({@code BETWEEN}: a list of two; {@code IN},
     * {@code NOT_IN}, {@code CONTAINS_ANY}, {@code CONTAINS_ALL}: a list; {@code IS_NULL}: a boolean).
     * The system fields {@code id}, {@code createdAt} and {@code updatedAt} can be compared too.
     */
    record Compare(String field, Operator operator, Object value) implements Filter {
        public Compare {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(operator, "operator");
        }
    }

    /**
     * A condition on the records of a to-many relation: {@code relation} is the inverse name of a
     * many-to-one relation pointing at this object (e.g. {@code contacts} on {@code company}).
     */
    record Related(String relation, Quantifier quantifier, Filter filter) implements Filter {
        public Related {
            Objects.requireNonNull(relation, "relation");
            Objects.requireNonNull(quantifier, "quantifier");
        }
    }

    static Filter and(Filter... filters) {
        return new And(List.of(filters));
    }

    static Filter or(Filter... filters) {
        return new Or(List.of(filters));
    }

    static Filter not(Filter filter) {
        return new Not(filter);
    }

    static Filter compare(String field, Operator operator, Object value) {
        return new Compare(field, operator, value);
    }

    enum Operator {
        EQ, NEQ, IN, NOT_IN, GT, GTE, LT, LTE, BETWEEN, LIKE, ILIKE, STARTS_WITH, ENDS_WITH, CONTAINS, IS_NULL, CONTAINS_ANY, CONTAINS_ALL;

        private static final java.util.Map<String, Operator> BY_API_NAME = java.util.Arrays.stream(values())
                .collect(java.util.stream.Collectors.toUnmodifiableMap(Operator::apiName, operator -> operator));

        /** The operator's name in the data API's filter language: {@code eq}, {@code notIn}, {@code startsWith}, ... */
        public String apiName() {
            String[] words = name().toLowerCase(java.util.Locale.ROOT).split("_");
            StringBuilder name = new StringBuilder(words[0]);
            for (int i = 1; i < words.length; i++) {
                name.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
            }
            return name.toString();
        }

        /** Every operator by its {@link #apiName()}. */
        public static java.util.Map<String, Operator> byApiName() {
            return BY_API_NAME;
        }
    }

    /** How many related records must match: at least one, none, or all. */
    enum Quantifier {
        SOME, NONE, EVERY
    }
}
