package io.metaplatform.registry.internal;

import io.metaplatform.core.StorableText;
import io.metaplatform.core.Violations;
import io.metaplatform.registry.Constraints;
import io.metaplatform.registry.EffectiveSchema;
import io.metaplatform.registry.FieldCapabilities;
import io.metaplatform.registry.FieldDefinition;
import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.Filter;
import io.metaplatform.registry.Filter.Operator;
import io.metaplatform.registry.ObjectDefinition;
import io.metaplatform.registry.SelectOption;
import io.metaplatform.registry.SortKey;
import io.metaplatform.registry.Storage;
import io.metaplatform.core.TenantId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.SortField;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns filters and orders from the API into jOOQ conditions and sort fields over an {@link ObjectTable}.
 * Every problem (unknown field, operator the type does not support, bad value) is collected, so a
 * query reports all of them at once. Values are always bind variables.
 */
final class QueryBuilder {

    /** Decimal places filter values on numbers keep (beyond the field's own scale). */
    private static final int FILTER_SCALE = 18;

    private final EffectiveSchema schema;
    private final ObjectTable table;
    private final TenantId tenant;
    private final int depth;
    /** Whether a condition built so far compares an index slot (here or in a relation filter). */
    private boolean comparesSlots;

    QueryBuilder(EffectiveSchema schema, ObjectTable table, TenantId tenant) {
        this(schema, table, tenant, 0);
    }

    private QueryBuilder(EffectiveSchema schema, ObjectTable table, TenantId tenant, int depth) {
        this.schema = schema;
        this.table = table;
        this.tenant = tenant;
        this.depth = depth;
    }

    /** Whether the first of {@code keys} sorts by an indexed custom field, so its slot's index gives the order. */
    boolean sortsBySlot(List<SortKey> keys) {
        return !keys.isEmpty() && SystemFields.resolve(table.object(), keys.getFirst().field())
                .map(field -> table.slot(field) != null).orElse(false);
    }

    Condition condition(Filter filter, String path, Violations violations) {
        if (filter == null) {
            return DSL.noCondition();
        }
        return switch (filter) {
            case Filter.And and -> DSL.and(children(and.filters(), path + ".and", violations));
            case Filter.Or or -> or.filters().isEmpty() ? DSL.noCondition() : DSL.or(children(or.filters(), path + ".or", violations));
            case Filter.Not not -> notTrue(condition(not.filter(), path + ".not", violations));
            case Filter.Compare compare -> compare(compare, path + "." + compare.field(), violations);
            case Filter.Related related -> related(related, path + "." + related.relation(), violations);
        };
    }

    private List<Condition> children(List<Filter> filters, String path, Violations violations) {
        List<Condition> conditions = new ArrayList<>();
        for (int i = 0; i < filters.size(); i++) {
            conditions.add(condition(filters.get(i), path + "[" + i + "]", violations));
        }
        return conditions;
    }

    private Condition compare(Filter.Compare compare, String path, Violations violations) {
        Optional<FieldDefinition> found = SystemFields.resolve(table.object(), compare.field());
        if (found.isEmpty()) {
            violations.add(path, "UNKNOWN_FIELD", "is not a field of " + table.object().apiName());
            return DSL.noCondition();
        }
        FieldDefinition field = found.get();
        Operator operator = compare.operator();
        if (!supports(field.type(), operator)) {
            violations.add(path, "UNSUPPORTED_OPERATOR", operator + " is not supported on " + field.type().kind() + " fields");
            return DSL.noCondition();
        }
        if (operator == Operator.IS_NULL) {
            return isNull(field, compare.value(), path, violations);
        }
        if (field.storage() instanceof Storage.Link) {
            return links(field, operator, values(field, compare.value(), path, violations));
        }
        if (field.type() instanceof FieldType.MultiSelect) {
            return multiSelect(field, operator, values(field, compare.value(), path, violations));
        }
        Field<Object> slot = table.slot(field);
        if (slot != null) {
            return indexed(field, slot, operator, compare.value(), path, violations);
        }
        return scalar(field, operator, compare.value(), path, violations);
    }

    /**
     * Whether the conditions built so far compare an index slot. A statement that does should be planned for its values
     * ({@link RowStore#fetch(TenantId, ObjectTable, Condition, List, List, int, boolean)}): a slot holds many tenants'
     * fields, and a plan made for "some tenant" estimates a filter's matches so low that it sorts them instead of walking
     * the sort's index (bench/README.md, issue 16).
     */
    boolean comparesSlots() {
        return comparesSlots;
    }

    // An indexed custom field compares its slot with the slot form of the value: LEAKPROOF, so an index condition under RLS.
    private Condition indexed(FieldDefinition field, Field<Object> slot, Operator operator, Object raw, String path, Violations violations) {
        comparesSlots = true;
        return switch (operator) {
            case EQ -> slot.eq(key(field, value(field, raw, path, violations)));
            case NEQ -> DSL.not(slot.eq(key(field, value(field, raw, path, violations)))).or(slot.isNull());
            case IN -> slot.in(values(field, raw, path, violations).stream().map(value -> key(field, value)).toList());
            case NOT_IN -> slot.notIn(values(field, raw, path, violations).stream().map(value -> key(field, value)).toList())
                    .or(slot.isNull());
            case GT -> slot.gt(key(field, value(field, raw, path, violations)));
            case GTE -> slot.ge(key(field, value(field, raw, path, violations)));
            case LT -> slot.lt(key(field, value(field, raw, path, violations)));
            case LTE -> slot.le(key(field, value(field, raw, path, violations)));
            case BETWEEN -> raw instanceof List<?> bounds && bounds.size() == 2
                    ? slot.between(key(field, value(field, bounds.get(0), path + "[0]", violations)),
                            key(field, value(field, bounds.get(1), path + "[1]", violations)))
                    : between(field, slot, raw, path, violations);
            case LIKE -> slot.like(text(raw, path, violations));
            case ILIKE -> slot.likeIgnoreCase(text(raw, path, violations));
            case STARTS_WITH -> slot.startsWithIgnoreCase(text(raw, path, violations));
            case ENDS_WITH -> slot.endsWithIgnoreCase(text(raw, path, violations));
            case CONTAINS -> slot.containsIgnoreCase(text(raw, path, violations));
            case IS_NULL, CONTAINS_ANY, CONTAINS_ALL -> throw new IllegalStateException("handled elsewhere: " + operator);
        };
    }

    // A value that failed to parse is reported already; null keeps building the query until the violations are thrown.
    private static Field<Object> key(FieldDefinition field, Object stored) {
        return IndexSlots.literal(field.type(), stored);
    }

    private Condition scalar(FieldDefinition field, Operator operator, Object raw, String path, Violations violations) {
        Field<Object> value = table.value(field);
        return switch (operator) {
            case EQ -> equalTo(field, value(field, raw, path, violations));
            case NEQ -> DSL.not(equalTo(field, value(field, raw, path, violations))).or(value.isNull());
            case IN -> value.in(values(field, raw, path, violations));
            case NOT_IN -> value.notIn(values(field, raw, path, violations)).or(value.isNull());
            case GT -> value.gt(value(field, raw, path, violations));
            case GTE -> value.ge(value(field, raw, path, violations));
            case LT -> value.lt(value(field, raw, path, violations));
            case LTE -> value.le(value(field, raw, path, violations));
            case BETWEEN -> between(field, value, raw, path, violations);
            case LIKE -> value.cast(SQLDataType.VARCHAR).like(text(raw, path, violations));
            case ILIKE -> value.cast(SQLDataType.VARCHAR).likeIgnoreCase(text(raw, path, violations));
            case STARTS_WITH -> value.cast(SQLDataType.VARCHAR).startsWithIgnoreCase(text(raw, path, violations));
            case ENDS_WITH -> value.cast(SQLDataType.VARCHAR).endsWithIgnoreCase(text(raw, path, violations));
            case CONTAINS -> value.cast(SQLDataType.VARCHAR).containsIgnoreCase(text(raw, path, violations));
            case IS_NULL, CONTAINS_ANY, CONTAINS_ALL -> throw new IllegalStateException("handled elsewhere: " + operator);
        };
    }

    // Equality on a custom key is a jsonb containment, which the (tenant_id, custom) GIN index serves.
    private Condition equalTo(FieldDefinition field, Object stored) {
        if (stored == null) {
            return DSL.falseCondition();
        }
        if (field.storage() instanceof Storage.CustomKey key && containmentFriendly(field.type())) {
            ObjectNode probe = JsonNodeFactory.instance.objectNode();
            probe.set(key.key(), ValueCodec.toJson(field.type(), stored));
            return DSL.condition("{0} @> {1}", table.custom, DSL.val(ValueCodec.jsonb(probe)));
        }
        return table.value(field).eq(DSL.val(sqlValue(field, stored), table.value(field).getDataType()));
    }

    private static boolean containmentFriendly(FieldType type) {
        return switch (type) {
            case FieldType.Text t -> true;
            case FieldType.Email e -> true;
            case FieldType.Phone p -> true;
            case FieldType.Url u -> true;
            case FieldType.Select s -> true;
            case FieldType.Int i -> true;
            case FieldType.Bool b -> true;
            case FieldType.Relation r -> true;
            default -> false;
        };
    }

    private Condition between(FieldDefinition field, Field<Object> value, Object raw, String path, Violations violations) {
        if (!(raw instanceof List<?> bounds) || bounds.size() != 2) {
            violations.add(path, "INVALID_VALUE", "BETWEEN takes a list of two values");
            return DSL.noCondition();
        }
        return value.between(value(field, bounds.get(0), path + "[0]", violations), value(field, bounds.get(1), path + "[1]", violations));
    }

    private Condition isNull(FieldDefinition field, Object raw, String path, Violations violations) {
        if (!(raw instanceof Boolean wanted)) {
            violations.add(path, "INVALID_VALUE", "IS_NULL takes true or false");
            return DSL.noCondition();
        }
        Condition isNull = switch (field.storage()) {
            case Storage.Link link -> DSL.notExists(linkQuery(field, DSL.noCondition()));
            // Derived fields (formulas, rollups) are computed by table.value: null when the expression is.
            default -> table.slot(field) != null ? table.slot(field).isNull()
                    : field.type() instanceof FieldType.MultiSelect && field.storage() instanceof Storage.CustomKey
                    ? table.customJson(field).isNull().or(table.customJson(field).eq(DSL.val(org.jooq.JSONB.valueOf("[]"))))
                    : table.value(field).isNull();
        };
        return wanted ? isNull : DSL.not(isNull);
    }

    private Condition multiSelect(FieldDefinition field, Operator operator, List<Object> ids) {
        List<Condition> each = new ArrayList<>();
        for (Object id : ids) {
            if (field.storage() instanceof Storage.CustomKey key) {
                ObjectNode inArray = JsonNodeFactory.instance.objectNode();
                inArray.putArray(key.key()).add(id.toString());
                ObjectNode single = JsonNodeFactory.instance.objectNode();
                single.put(key.key(), id.toString());
                each.add(DSL.condition("{0} @> {1}", table.custom, DSL.val(ValueCodec.jsonb(inArray)))
                        .or(DSL.condition("{0} @> {1}", table.custom, DSL.val(ValueCodec.jsonb(single)))));
            } else {
                each.add(DSL.val(id.toString()).eq(DSL.any(table.value(field).cast(SQLDataType.VARCHAR.array()))));
            }
        }
        if (each.isEmpty()) {
            return operator == Operator.CONTAINS_ALL ? DSL.trueCondition() : DSL.falseCondition();
        }
        return operator == Operator.CONTAINS_ALL ? DSL.and(each) : DSL.or(each);
    }

    private Condition links(FieldDefinition field, Operator operator, List<Object> ids) {
        var link = io.metaplatform.registry.internal.jooq.Tables.RECORD_LINK.as("l" + depth);
        return switch (operator) {
            case CONTAINS_ANY -> DSL.exists(linkQuery(field, link.TARGET_ID.in(ids)));
            case CONTAINS_ALL -> DSL.and(ids.stream().map(id -> DSL.exists(linkQuery(field, link.TARGET_ID.eq((UUID) id)))).toList());
            default -> DSL.noCondition();
        };
    }

    private org.jooq.Select<?> linkQuery(FieldDefinition field, Condition extra) {
        var link = io.metaplatform.registry.internal.jooq.Tables.RECORD_LINK.as("l" + depth);
        return DSL.selectOne().from(link).where(link.TENANT_ID.eq(tenant.value()), link.FIELD_ID.eq(field.id().value()),
                link.SOURCE_ID.eq(table.id), extra);
    }

    private Condition related(Filter.Related related, String path, Violations violations) {
        Optional<io.metaplatform.registry.EffectiveSchema.InverseRelation> inverse = schema.relationsTargeting(table.object().apiName())
                .stream()
                .filter(candidate -> candidate.relation().inverseName() != null
                        && candidate.relation().inverseName().value().equals(related.relation())
                        && candidate.relation().cardinality() == FieldType.Cardinality.MANY_TO_ONE)
                .findFirst();
        if (inverse.isEmpty()) {
            violations.add(path, "UNKNOWN_RELATION", "is not a to-many relation of " + table.object().apiName());
            return DSL.noCondition();
        }
        if (depth >= 3) {
            violations.add(path, "TOO_DEEP", "relation filters nest at most 3 levels");
            return DSL.noCondition();
        }
        ObjectDefinition source = inverse.get().source();
        ObjectTable sourceTable = new ObjectTable(source, "q" + (depth + 1), table.schema());
        QueryBuilder inner = new QueryBuilder(schema, sourceTable, tenant, depth + 1);
        Condition matches = inner.condition(related.filter(), path, violations);
        comparesSlots |= inner.comparesSlots;
        Condition base = sourceTable.scope(tenant).and(sourceTable.live())
                .and(sourceTable.value(inverse.get().field()).eq(table.id.cast(sourceTable.value(inverse.get().field()).getDataType())));
        return switch (related.quantifier()) {
            case SOME -> DSL.exists(DSL.selectOne().from(sourceTable.table()).where(base, matches));
            case NONE -> DSL.notExists(DSL.selectOne().from(sourceTable.table()).where(base, matches));
            case EVERY -> DSL.notExists(DSL.selectOne().from(sourceTable.table()).where(base, notTrue(matches)));
        };
    }

    /**
     * The negation in two-valued logic: a comparison with a missing value is false (as {@code NEQ} and
     * {@code NOT_IN} treat it), so its negation is true. SQL's {@code NOT} of an unknown would drop the
     * record instead, and do so for typed columns and jsonb containment differently.
     */
    private static Condition notTrue(Condition condition) {
        return DSL.condition("({0}) is not true", condition);
    }

    static boolean supports(FieldType type, Operator operator) {
        return switch (type) {
            case FieldType.Text t -> textOperator(operator);
            case FieldType.LongText t -> textOperator(operator);
            case FieldType.Email e -> textOperator(operator);
            case FieldType.Phone p -> textOperator(operator);
            case FieldType.Url u -> textOperator(operator);
            case FieldType.Int i -> orderedOperator(operator);
            case FieldType.Decimal d -> orderedOperator(operator);
            case FieldType.Percent p -> orderedOperator(operator);
            case FieldType.Currency c -> orderedOperator(operator);
            case FieldType.Date d -> orderedOperator(operator);
            case FieldType.DateTime d -> orderedOperator(operator);
            case FieldType.Bool b -> operator == Operator.EQ || operator == Operator.NEQ || operator == Operator.IS_NULL;
            case FieldType.Select s -> equalityOperator(operator);
            case FieldType.MultiSelect m -> setOperator(operator);
            case FieldType.Relation r -> r.cardinality() == FieldType.Cardinality.MANY_TO_ONE ? equalityOperator(operator) : setOperator(operator);
            case FieldType.Json j -> operator == Operator.IS_NULL;
            case FieldType.AutoNumber a -> textOperator(operator);
            case FieldType.Formula f -> supports(f.valueType(), operator);
            case FieldType.Rollup r -> supports(r.valueType(), operator);
        };
    }

    private static boolean equalityOperator(Operator operator) {
        return switch (operator) {
            case EQ, NEQ, IN, NOT_IN, IS_NULL -> true;
            default -> false;
        };
    }

    private static boolean orderedOperator(Operator operator) {
        return switch (operator) {
            case EQ, NEQ, IN, NOT_IN, GT, GTE, LT, LTE, BETWEEN, IS_NULL -> true;
            default -> false;
        };
    }

    private static boolean textOperator(Operator operator) {
        return operator != Operator.BETWEEN && operator != Operator.CONTAINS_ANY && operator != Operator.CONTAINS_ALL;
    }

    private static boolean setOperator(Operator operator) {
        return operator == Operator.CONTAINS_ANY || operator == Operator.CONTAINS_ALL || operator == Operator.IS_NULL;
    }

    // ---- values ----

    /** A filter value in stored form. Constraints do not apply to filter values, and retired options stay searchable. */
    private Object value(FieldDefinition field, Object raw, String path, Violations violations) {
        if (field.type() instanceof FieldType.WithOptions options && raw instanceof String text) {
            Optional<SelectOption> option = options.optionByValue(text);
            if (option.isEmpty()) {
                violations.add(path, "INVALID_OPTION", "is not an option of " + field.apiName());
                return null;
            }
            return option.get().id();
        }
        FieldDefinition lenient = new FieldDefinition(field.id(), field.apiName(), field.label(), null, 0, filterType(field.type().valueType()),
                Constraints.NONE, field.storage(), field.builtIn(), 0);
        return sqlValue(field, FieldValues.parse(lenient, raw, path, "EUR", violations));
    }

    /**
     * The type a filter value is read as: text of any length, and numbers at a finer scale than the field's, because a
     * bound rounded to the field's scale changes what GT, LT and EQ match (10.12499 is not 10.125).
     */
    private static FieldType filterType(FieldType type) {
        return switch (type) {
            case FieldType.Text t -> new FieldType.LongText(FieldType.LongText.DEFAULT_MAX);
            case FieldType.LongText t -> new FieldType.LongText(FieldType.LongText.DEFAULT_MAX);
            case FieldType.Decimal d -> new FieldType.Decimal(38,
                    Math.max(d.scale(), Math.min(FILTER_SCALE, 38 - d.precision() + d.scale())));
            case FieldType.Percent p -> new FieldType.Decimal(38, FILTER_SCALE);
            case FieldType.Currency c -> new FieldType.Currency(6);
            default -> type;
        };
    }

    private List<Object> values(FieldDefinition field, Object raw, String path, Violations violations) {
        if (!(raw instanceof Collection<?> list)) {
            violations.add(path, "INVALID_VALUE", "takes a list of values");
            return List.of();
        }
        List<Object> values = new ArrayList<>();
        int index = 0;
        for (Object element : list) {
            Object value = field.type() instanceof FieldType.Relation
                    ? uuid(element, path + "[" + index + "]", violations)
                    : value(field.type() instanceof FieldType.MultiSelect multi ? asSelect(field, multi) : field, element,
                            path + "[" + index + "]", violations);
            index++;
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    private static FieldDefinition asSelect(FieldDefinition field, FieldType.MultiSelect multi) {
        return new FieldDefinition(field.id(), field.apiName(), field.label(), null, 0, new FieldType.Select(multi.options()), null,
                field.storage(), field.builtIn(), 0);
    }

    private static UUID uuid(Object raw, String path, Violations violations) {
        try {
            return raw instanceof UUID id ? id : UUID.fromString(String.valueOf(raw));
        } catch (IllegalArgumentException e) {
            violations.add(path, "INVALID_ID", "must be a record id");
            return null;
        }
    }

    // Pattern values are bounded like the longest text a field holds; a NUL would reach PostgreSQL, which refuses it.
    private static String text(Object raw, String path, Violations violations) {
        if (!(raw instanceof String text)) {
            violations.add(path, "INVALID_VALUE", "must be a string");
            return "";
        }
        if (StorableText.refuseNul(text, path, violations)) {
            return "";
        }
        if (text.length() > FieldType.LongText.DEFAULT_MAX) {
            violations.add(path, "TOO_LONG", "must be at most " + FieldType.LongText.DEFAULT_MAX + " characters");
            return "";
        }
        return text;
    }

    private static Object sqlValue(FieldDefinition field, Object stored) {
        return stored instanceof io.metaplatform.registry.Money money ? money.amount() : stored;
    }

    // ---- order and keyset ----

    /** A sort key resolved to its SQL expression. */
    record Sort(String field, Field<?> expression, boolean descending, boolean nullsFirst) {

        SortField<?> sortField(boolean reversed) {
            boolean desc = descending != reversed;
            boolean first = nullsFirst != reversed;
            SortField<?> sort = desc ? expression.desc() : expression.asc();
            return first ? sort.nullsFirst() : sort.nullsLast();
        }
    }

    List<Sort> sort(List<SortKey> keys, Violations violations) {
        List<Sort> sorts = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            SortKey key = keys.get(i);
            Optional<FieldDefinition> field = SystemFields.resolve(table.object(), key.field());
            String path = "orderBy[" + i + "]." + key.field();
            if (field.isEmpty()) {
                violations.add(path, "UNKNOWN_FIELD", "is not a field of " + table.object().apiName());
            } else if (!FieldCapabilities.sortable(field.get())) {
                violations.add(path, "NOT_SORTABLE", field.get().type().kind() + " fields cannot be sorted");
            } else {
                sorts.add(new Sort(key.field(), table.sortValue(field.get()), key.descending(),
                        key.nullsFirst() == null ? key.descending() : key.nullsFirst()));
            }
        }
        return sorts;
    }

    /**
     * Rows strictly after the cursor position in the order {@code sorts} (then id ascending), or strictly
     * before it when {@code reversed}. Nulls are ordered explicitly, so the seek is exact with them too.
     */
    Condition seek(List<Sort> sorts, List<Object> cursorValues, UUID cursorId, boolean reversed) {
        Condition tail = reversed ? table.id.lt(cursorId) : table.id.gt(cursorId);
        for (int i = sorts.size() - 1; i >= 0; i--) {
            Sort sort = sorts.get(i);
            @SuppressWarnings("unchecked")
            Field<Object> expression = (Field<Object>) sort.expression();
            Object value = cursorValues.get(i) == null ? null : expression.getDataType().convert(cursorValues.get(i));
            boolean descending = sort.descending() != reversed;
            boolean nullsFirst = sort.nullsFirst() != reversed;
            Condition strictlyAfter;
            Condition equal;
            if (value == null) {
                strictlyAfter = nullsFirst ? expression.isNotNull() : DSL.falseCondition();
                equal = expression.isNull();
            } else {
                Condition beyond = descending ? expression.lt(value) : expression.gt(value);
                strictlyAfter = nullsFirst ? beyond : beyond.or(expression.isNull());
                equal = expression.eq(value);
            }
            tail = strictlyAfter.or(equal.and(tail));
        }
        return tail;
    }
}
