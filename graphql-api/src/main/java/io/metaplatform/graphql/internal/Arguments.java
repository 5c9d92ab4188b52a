package io.metaplatform.graphql.internal;

import io.metaplatform.registry.EffectiveSchema;
import io.metaplatform.registry.Filter;
import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.ObjectDefinition;
import io.metaplatform.registry.SortKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** GraphQL arguments (already coerced by graphql-java) to the registry's filters and orders. */
final class Arguments {

    private static final Map<String, Filter.Operator> OPERATORS = Filter.Operator.byApiName();

    private Arguments() {
    }

    @SuppressWarnings("unchecked")
    static Filter filter(EffectiveSchema schema, ObjectDefinition object, Map<String, Object> input) {
        if (input == null || input.isEmpty()) {
            return null;
        }
        List<Filter> parts = new ArrayList<>();
        for (Map.Entry<String, Object> entry : input.entrySet()) {
            Object value = entry.getValue();
            switch (entry.getKey()) {
                case "and" -> parts.add(new Filter.And(children(schema, object, (List<Map<String, Object>>) value)));
                case "or" -> parts.add(new Filter.Or(children(schema, object, (List<Map<String, Object>>) value)));
                case "not" -> {
                    Filter inner = filter(schema, object, (Map<String, Object>) value);
                    if (inner != null) {
                        parts.add(new Filter.Not(inner));
                    }
                }
                default -> parts.addAll(field(schema, object, entry.getKey(), (Map<String, Object>) value));
            }
        }
        return parts.size() == 1 ? parts.getFirst() : new Filter.And(parts);
    }

    private static List<Filter> children(EffectiveSchema schema, ObjectDefinition object, List<Map<String, Object>> inputs) {
        List<Filter> children = new ArrayList<>();
        if (inputs != null) {
            inputs.forEach(input -> {
                Filter child = filter(schema, object, input);
                children.add(child == null ? new Filter.And(List.of()) : child);
            });
        }
        return children;
    }

    @SuppressWarnings("unchecked")
    private static List<Filter> field(EffectiveSchema schema, ObjectDefinition object, String name, Map<String, Object> comparator) {
        List<Filter> parts = new ArrayList<>();
        if (comparator == null) {
            return parts;
        }
        for (EffectiveSchema.InverseRelation inverse : schema.relationsTargeting(object.apiName())) {
            if (inverse.relation().inverseName() != null && inverse.relation().inverseName().value().equals(name)
                    && inverse.relation().cardinality() == FieldType.Cardinality.MANY_TO_ONE) {
                for (Map.Entry<String, Object> entry : comparator.entrySet()) {
                    Filter inner = filter(schema, inverse.source(), (Map<String, Object>) entry.getValue());
                    parts.add(new Filter.Related(name, Filter.Quantifier.valueOf(entry.getKey().toUpperCase()),
                            inner == null ? new Filter.And(List.of()) : inner));
                }
                return parts;
            }
        }
        for (Map.Entry<String, Object> entry : comparator.entrySet()) {
            parts.add(new Filter.Compare(name, OPERATORS.get(entry.getKey()), entry.getValue()));
        }
        return parts;
    }

    static List<SortKey> orderBy(List<Map<String, Object>> input) {
        List<SortKey> keys = new ArrayList<>();
        if (input != null) {
            for (Map<String, Object> key : input) {
                Object nulls = key.get("nulls");
                keys.add(new SortKey((String) key.get("field"), "DESC".equals(key.get("direction")),
                        nulls == null ? null : "FIRST".equals(nulls)));
            }
        }
        return keys;
    }
}
