package io.metaplatform.registry;

import io.metaplatform.core.Caller;
import io.metaplatform.core.Violations;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Record rules: filters in the data API's filter language in JSON form ({@code {"owner": {"eq": "$user"}}},
 * {@code {"or": [...]}}), checked against the object when saved and turned into the registry's {@link Filter} with
 * {@code $user} ({@link Caller#subject()}) and {@code $user.<attribute>} ({@link Caller#attributes()}) resolved.
 * A rule naming an attribute the caller's token does not carry matches no record (fails closed).
 */
final class RecordRules {

    static final String USER = "$user";
    private static final Map<String, Filter.Operator> OPERATORS = Filter.Operator.byApiName();
    private static final List<String> SYSTEM_FIELDS = List.of("id", "createdAt", "updatedAt", "createdBy", "updatedBy");
    /** Matches no record: {@code id} is never null. */
    static final Filter NOTHING = Filter.compare("id", Filter.Operator.IS_NULL, true);

    private RecordRules() {
    }

    /** The rule as a filter with {@code $user} references left in place; every problem is added to {@code violations}. */
    @SuppressWarnings("unchecked")
    static Filter parse(EffectiveSchema schema, ObjectDefinition object, Map<String, Object> rule, String path, Violations violations) {
        List<Filter> parts = new ArrayList<>();
        for (Map.Entry<String, Object> entry : rule.entrySet()) {
            String key = entry.getKey();
            String at = path + "." + key;
            Object value = entry.getValue();
            switch (key) {
                case "and", "or" -> {
                    if (!(value instanceof List<?> list) || !list.stream().allMatch(Map.class::isInstance)) {
                        violations.add(at, "INVALID_RULE", "must be a list of filters");
                        continue;
                    }
                    List<Filter> children = new ArrayList<>();
                    for (int i = 0; i < list.size(); i++) {
                        children.add(parse(schema, object, (Map<String, Object>) list.get(i), at + "[" + i + "]", violations));
                    }
                    parts.add(key.equals("and") ? new Filter.And(children) : new Filter.Or(children));
                }
                case "not" -> {
                    if (value instanceof Map<?, ?> inner) {
                        parts.add(Filter.not(parse(schema, object, (Map<String, Object>) inner, at, violations)));
                    } else {
                        violations.add(at, "INVALID_RULE", "must be a filter");
                    }
                }
                default -> parts.addAll(field(schema, object, key, value, at, violations));
            }
        }
        return parts.size() == 1 ? parts.getFirst() : new Filter.And(parts);
    }

    @SuppressWarnings("unchecked")
    private static List<Filter> field(EffectiveSchema schema, ObjectDefinition object, String name, Object comparator, String at,
            Violations violations) {
        if (!(comparator instanceof Map<?, ?> map) || map.isEmpty()) {
            violations.add(at, "INVALID_RULE", "must be a comparison such as {\"eq\": \"$user\"}");
            return List.of();
        }
        Optional<EffectiveSchema.InverseRelation> inverse = schema.relationsTargeting(object.apiName()).stream()
                .filter(candidate -> candidate.relation().inverseName() != null && candidate.relation().inverseName().value().equals(name)
                        && candidate.relation().cardinality() == FieldType.Cardinality.MANY_TO_ONE)
                .findFirst();
        List<Filter> parts = new ArrayList<>();
        if (inverse.isPresent()) {
            for (Map.Entry<String, Object> entry : ((Map<String, Object>) map).entrySet()) {
                Filter.Quantifier quantifier = quantifier(entry.getKey());
                if (quantifier == null || !(entry.getValue() instanceof Map<?, ?> inner)) {
                    violations.add(at + "." + entry.getKey(), "INVALID_RULE", "must be some, none or every with a filter");
                    continue;
                }
                parts.add(new Filter.Related(name, quantifier, parse(schema, inverse.get().source(), (Map<String, Object>) inner,
                        at + "." + entry.getKey(), violations)));
            }
            return parts;
        }
        if (object.field(name).isEmpty() && !SYSTEM_FIELDS.contains(name)) {
            violations.add(at, "UNKNOWN_FIELD", "is not a field of " + object.apiName());
            return parts;
        }
        for (Map.Entry<String, Object> entry : ((Map<String, Object>) map).entrySet()) {
            Filter.Operator operator = OPERATORS.get(entry.getKey());
            if (operator == null) {
                violations.add(at + "." + entry.getKey(), "UNKNOWN_OPERATOR", "is not one of " + new java.util.TreeSet<>(OPERATORS.keySet()));
                continue;
            }
            parts.add(new Filter.Compare(name, operator, entry.getValue()));
        }
        return parts;
    }

    private static Filter.Quantifier quantifier(String name) {
        for (Filter.Quantifier quantifier : Filter.Quantifier.values()) {
            if (quantifier.name().toLowerCase(Locale.ROOT).equals(name)) {
                return quantifier;
            }
        }
        return null;
    }

    /** {@code rule} with the caller's values in place of {@code $user} references. */
    static Filter resolve(Filter rule, Caller caller) {
        return switch (rule) {
            case Filter.And and -> new Filter.And(and.filters().stream().map(child -> resolve(child, caller)).toList());
            case Filter.Or or -> new Filter.Or(or.filters().stream().map(child -> resolve(child, caller)).toList());
            case Filter.Not not -> new Filter.Not(resolve(not.filter(), caller));
            case Filter.Related related -> new Filter.Related(related.relation(), related.quantifier(), resolve(related.filter(), caller));
            case Filter.Compare compare when !mentionsUser(compare.value()) -> compare;
            case Filter.Compare compare -> {
                Optional<Object> value = value(compare.value(), caller);
                yield value.isEmpty() ? NOTHING : new Filter.Compare(compare.field(), compare.operator(), value.get());
            }
        };
    }

    /** Whether {@code rule} refers to the caller at all (a rule without {@code $user} is the same for everyone). */
    static boolean refersToUser(Filter rule) {
        return switch (rule) {
            case Filter.And and -> and.filters().stream().anyMatch(RecordRules::refersToUser);
            case Filter.Or or -> or.filters().stream().anyMatch(RecordRules::refersToUser);
            case Filter.Not not -> refersToUser(not.filter());
            case Filter.Related related -> refersToUser(related.filter());
            case Filter.Compare compare -> mentionsUser(compare.value());
        };
    }

    private static boolean mentionsUser(Object value) {
        if (value instanceof String text) {
            return text.equals(USER) || text.startsWith(USER + ".");
        }
        return value instanceof List<?> list && list.stream().anyMatch(RecordRules::mentionsUser);
    }

    private static Optional<Object> value(Object value, Caller caller) {
        if (value instanceof List<?> list) {
            List<Object> resolved = new ArrayList<>();
            for (Object item : list) {
                Optional<Object> one = value(item, caller);
                if (one.isEmpty()) {
                    return Optional.empty();
                }
                resolved.add(one.get());
            }
            return Optional.of(resolved);
        }
        if (!(value instanceof String text) || !mentionsUser(text)) {
            return Optional.ofNullable(value);
        }
        if (text.equals(USER)) {
            return Optional.of(caller.subject());
        }
        return Optional.ofNullable(caller.attributes().get(text.substring(USER.length() + 1)));
    }
}
