package io.metaplatform.registry.internal;

import io.metaplatform.core.TenantId;
import io.metaplatform.core.Violations;
import io.metaplatform.registry.Aggregation;
import io.metaplatform.registry.DataRecord;
import io.metaplatform.registry.EffectiveSchema;
import io.metaplatform.registry.FieldCapabilities;
import io.metaplatform.registry.FieldDefinition;
import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.ObjectDefinition;
import io.metaplatform.registry.RecordPage;
import io.metaplatform.registry.RecordQuery;
import io.metaplatform.registry.Storage;
import io.metaplatform.registry.internal.QueryBuilder.Sort;
import io.metaplatform.registry.internal.RowStore.StoredRecord;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SortField;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Component;

/** Pages of records (filter, order, keyset cursors both ways, optional count) and aggregates. */
@Component
public class RecordQueries {

    public static final int DEFAULT_PAGE = 50;
    public static final int MAX_PAGE = 500;

    private final RowStore store;
    private final DSLContext db;
    private final ChangeLogStore changeLog;
    private final LinkStore links;

    RecordQueries(RowStore store, DSLContext db, ChangeLogStore changeLog, LinkStore links) {
        this.store = store;
        this.db = db;
        this.changeLog = changeLog;
        this.links = links;
    }

    // Record rules (a caller's read or write rule, concrete values) compiled into the statement that reads or checks the
    // records: a rule never filters rows in Java afterwards. A null rule is no restriction.

    /**
     * Records among {@code ids} that meet {@code rule}, in id order, in one statement, with the fields named in
     * {@code selected} ({@code null}: every field; empty: none, for their ids).
     */
    public List<StoredRecord> byIds(TenantId tenant, EffectiveSchema schema, ObjectDefinition object, java.util.Collection<java.util.UUID> ids,
            boolean withDeleted, io.metaplatform.registry.Filter rule, java.util.Set<String> selected) {
        if (ids.isEmpty()) {
            return List.of();
        }
        ObjectTable table = new ObjectTable(object, null, schema);
        Condition where = table.id.in(ids).and(withDeleted ? DSL.noCondition() : table.live()).and(rule(tenant, schema, table, rule));
        return store.fetch(tenant, table, where, List.of(table.id.asc()), List.of(), 0, false, selected);
    }

    /**
     * Of the records among {@code ids} that meet {@code readRule}: whether each also meets {@code writeRule}. Locks them
     * for the rest of the transaction, so the answer holds for the write that follows. One statement.
     */
    public Map<java.util.UUID, Boolean> writable(TenantId tenant, EffectiveSchema schema, ObjectDefinition object,
            java.util.Collection<java.util.UUID> ids, boolean withDeleted, io.metaplatform.registry.Filter readRule,
            io.metaplatform.registry.Filter writeRule) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        ObjectTable table = new ObjectTable(object, null, schema);
        Field<Boolean> meets = DSL.field(rule(tenant, schema, table, writeRule));
        Map<java.util.UUID, Boolean> result = new LinkedHashMap<>();
        db.select(table.id, DSL.coalesce(meets, DSL.inline(false))).from(table.table())
                .where(table.scope(tenant), table.id.in(ids), withDeleted ? DSL.noCondition() : table.live(), rule(tenant, schema, table, readRule))
                .orderBy(table.id).forUpdate()
                .forEach(row -> result.put(row.value1(), row.value2()));
        return result;
    }

    /** The change feed of {@code object} ({@link ChangeLogStore#changesAfter}) limited to records meeting {@code rule}. */
    public List<io.metaplatform.registry.PositionedChange> changesAfter(TenantId tenant, EffectiveSchema schema, ObjectDefinition object,
            io.metaplatform.registry.ChangePosition after, int limit, io.metaplatform.registry.Filter rule) {
        return changeLog.changesAfter(tenant, object.id().value(), after, limit, idsMeeting(tenant, schema, object, rule));
    }

    /** Histories ({@link ChangeLogStore#histories}) of the records among {@code ids} that meet {@code rule}. */
    public Map<java.util.UUID, List<io.metaplatform.registry.RecordChangeEntry>> histories(TenantId tenant, EffectiveSchema schema,
            ObjectDefinition object, java.util.Collection<java.util.UUID> ids, int limit, io.metaplatform.registry.Filter rule) {
        return changeLog.histories(tenant, ids, limit, idsMeeting(tenant, schema, object, rule));
    }

    /** A record's history ({@link ChangeLogStore#history}); empty unless it meets {@code rule}. */
    public List<io.metaplatform.registry.RecordChangeEntry> history(TenantId tenant, EffectiveSchema schema, ObjectDefinition object,
            java.util.UUID id, int limit, io.metaplatform.registry.Filter rule) {
        return changeLog.history(tenant, id, limit, idsMeeting(tenant, schema, object, rule));
    }


    /**
     * How many rows of the sort order a page may walk per row it needs: a filter that matches at least one row in 30 of
     * the tenant's is served by walking the sort slot's index; a rarer one by fetching its matches through its own index
     * and sorting them.
     */
    private static final int WALK_PER_ROW = 30;

    /** Many-to-many links ({@link LinkStore#links}) to targets of {@code target} that meet {@code targetRule}. */
    public Map<java.util.UUID, List<io.metaplatform.registry.RecordLink>> links(TenantId tenant, EffectiveSchema schema, FieldDefinition field,
            ObjectDefinition target, java.util.Collection<java.util.UUID> ids, io.metaplatform.registry.Filter targetRule) {
        ObjectTable table = new ObjectTable(target, "t", schema);
        return links.links(tenant, field, table, ids, rule(tenant, schema, table, targetRule));
    }

    private org.jooq.Select<org.jooq.Record1<java.util.UUID>> idsMeeting(TenantId tenant, EffectiveSchema schema, ObjectDefinition object,
            io.metaplatform.registry.Filter rule) {
        if (rule == null) {
            return null;
        }
        ObjectTable table = new ObjectTable(object, "v", schema);
        return DSL.select(table.id).from(table.table()).where(table.scope(tenant), rule(tenant, schema, table, rule));
    }

    private static Condition rule(TenantId tenant, EffectiveSchema schema, ObjectTable table, io.metaplatform.registry.Filter rule) {
        if (rule == null) {
            return DSL.noCondition();
        }
        Violations violations = new Violations();
        Condition condition = new QueryBuilder(schema, table, tenant).condition(rule, "rule", violations);
        violations.throwIfAny();
        return condition;
    }

    public RecordPage page(TenantId tenant, EffectiveSchema schema, ObjectDefinition object, RecordQuery query) {
        ObjectTable table = new ObjectTable(object, "r", schema);
        QueryBuilder builder = new QueryBuilder(schema, table, tenant);
        Violations violations = new Violations();
        Condition filter = builder.condition(query.filter(), "filter", violations);
        List<Sort> sorts = builder.sort(query.sort(), violations);
        boolean backward = query.last() != null;
        int size = pageSize(query, violations);
        String signature = signature(sorts);
        List<Class<?>> types = sorts.stream().<Class<?>>map(sort -> sort.expression().getType()).toList();
        String cursor = backward ? query.before() : query.after();
        Cursors.Position position = null;
        if (cursor != null) {
            position = Cursors.decode(cursor, signature, types);
            if (position == null) {
                violations.add(backward ? "before" : "after", "INVALID_CURSOR", "is not a cursor of this query's order");
            }
        }
        violations.throwIfAny();
        Condition where = filter.and(query.withDeleted() ? DSL.noCondition() : table.live());
        Condition seek = position == null ? DSL.noCondition() : builder.seek(sorts, position.values(), position.id(), backward);
        Condition page = where.and(seek);
        List<SortField<?>> order = new ArrayList<>();
        sorts.forEach(sort -> order.add(sort.sortField(backward)));
        order.add(backward ? table.id.desc() : table.id.asc());
        List<Field<?>> expressions = sorts.stream().<Field<?>>map(Sort::expression).toList();
        // Only for an order the slot's index gives as it is (ascending with nulls last, or descending with nulls first).
        List<StoredRecord> rows = null;
        if (builder.comparesSlots() && builder.sortsBySlot(query.sort()) && sorts.getFirst().nullsFirst() == sorts.getFirst().descending()) {
            // Walk the sort slot's index and filter along, as PostgreSQL does for a built-in column; it would not choose
            // to itself, as a slot's statistics mix every tenant's fields (bench/README.md). Bounded: when the first rows
            // of the walk do not hold a page, the filter is rare and its own index serves it better.
            rows = store.fetchAlongOrder(tenant, table, filter, seek.and(query.withDeleted() ? DSL.noCondition() : table.live()), order,
                    sorts, backward, WALK_PER_ROW * (size + 1), size + 1, query.fields()).orElse(null);
        }
        if (rows == null) {
            rows = store.fetch(tenant, table, page, order, expressions, size + 1, builder.comparesSlots(), query.fields());
        }
        boolean more = rows.size() > size;
        List<StoredRecord> kept = new ArrayList<>(rows.subList(0, Math.min(size, rows.size())));
        if (backward) {
            java.util.Collections.reverse(kept);
        }
        List<RecordPage.Edge> edges = kept.stream()
                .map(row -> RecordPage.Edge.encodedOnDemand(present(object, row), () -> Cursors.encode(signature, row.sortValues(), row.id())))
                .toList();
        Long total = query.totalCount() ? store.count(tenant, table, where) : null;
        return backward
                ? new RecordPage(edges, cursor != null, more, total)
                : new RecordPage(edges, more, cursor != null, total);
    }

    /**
     * A page of {@code object}'s records per parent, the parents being the values of its many-to-one
     * {@code relation} (the to-many side of the relation): one statement for all parents.
     */
    public Map<java.util.UUID, RecordPage> pageByParents(TenantId tenant, EffectiveSchema schema, ObjectDefinition object,
            FieldDefinition relation, java.util.Collection<java.util.UUID> parents, RecordQuery query) {
        ObjectTable table = new ObjectTable(object, "r", schema);
        QueryBuilder builder = new QueryBuilder(schema, table, tenant);
        Violations violations = new Violations();
        Condition filter = builder.condition(query.filter(), "filter", violations);
        List<Sort> sorts = builder.sort(query.sort(), violations);
        int size = pageSize(query, violations);
        String signature = signature(sorts);
        Cursors.Position position = null;
        if (query.after() != null) {
            position = Cursors.decode(query.after(), signature, sorts.stream().<Class<?>>map(sort -> sort.expression().getType()).toList());
            if (position == null) {
                violations.add("after", "INVALID_CURSOR", "is not a cursor of this query's order");
            }
        }
        violations.throwIfAny();
        // Many-to-one: the records' own column points at the parent. Many-to-many (the inverse side of a link field):
        // the records reach the parent through record_link, joined once for all parents.
        boolean linked = relation.storage() instanceof Storage.Link;
        var link = io.metaplatform.registry.internal.jooq.Tables.RECORD_LINK.as("l");
        org.jooq.Table<?> from = linked ? table.table().join(link).on(link.TENANT_ID.eq(tenant.value()),
                link.FIELD_ID.eq(relation.id().value()), link.SOURCE_ID.eq(table.id)) : table.table();
        @SuppressWarnings("unchecked")
        Field<Object> parent = linked ? (Field<Object>) (Field<?>) link.TARGET_ID : table.value(relation);
        // Pages of children without a filter or cursor (the common nested connection) keep their statement per shape:
        // it is built with markers where the parents go (RowStore.fetchPartitioned).
        List<java.util.UUID> parentIds = List.copyOf(parents);
        RowStore.PartitionShape shape = null;
        if (query.filter() == null && position == null) {
            List<java.util.UUID> markers = BoundText.markers(parentIds.size());
            shape = new RowStore.PartitionShape(new ShapeKey(tenant, schema, object, java.util.Arrays.asList(relation.id(), query.sort(),
                    size, query.fields() == null ? null : java.util.Set.copyOf(query.fields()), parentIds.size())), markers, parentIds);
        }
        List<java.util.UUID> inList = shape == null ? parentIds : shape.markers();
        Condition where = filter.and(table.live()).and(parent.in(inList.stream().map(id -> (Object) id).toList()));
        if (position != null) {
            where = where.and(builder.seek(sorts, position.values(), position.id(), false));
        }
        List<SortField<?>> order = new ArrayList<>();
        sorts.forEach(sort -> order.add(sort.sortField(false)));
        order.add(table.id.asc());
        Map<Object, List<StoredRecord>> rows = store.fetchPartitioned(tenant, table, from, where, order,
                sorts.stream().<Field<?>>map(Sort::expression).toList(), parent, size + 1, query.fields(), shape);
        // totalCount of every parent's connection: one grouped count for all parents, only when selected.
        Map<Object, Integer> totals = null;
        if (query.totalCount()) {
            Field<Integer> count = DSL.count();
            totals = db.select(parent, count).from(from)
                    .where(table.scope(tenant), filter.and(table.live()).and(parent.in(parents.stream().map(id -> (Object) id).toList())))
                    .groupBy(parent).fetchMap(parent, count);
        }
        Map<java.util.UUID, RecordPage> pages = new LinkedHashMap<>();
        for (java.util.UUID id : parents) {
            List<StoredRecord> found = rows.getOrDefault(id, List.of());
            List<RecordPage.Edge> edges = found.stream().limit(size)
                    .map(row -> RecordPage.Edge.encodedOnDemand(present(object, row), () -> Cursors.encode(signature, row.sortValues(), row.id()))).toList();
            Long total = totals == null ? null : totals.getOrDefault(id, 0).longValue();
            pages.put(id, new RecordPage(edges, found.size() > size, query.after() != null, total));
        }
        return pages;
    }

    /** Ids of the live records matching {@code filter}, at most {@code limit}. */
    public List<java.util.UUID> matchingIds(TenantId tenant, EffectiveSchema schema, ObjectDefinition object,
            io.metaplatform.registry.Filter filter, int limit) {
        ObjectTable table = new ObjectTable(object, "r", schema);
        Violations violations = new Violations();
        Condition condition = new QueryBuilder(schema, table, tenant).condition(filter, "filter", violations);
        violations.throwIfAny();
        return db.select(table.id).from(table.table()).where(table.scope(tenant), table.live(), condition).orderBy(table.id)
                .limit(limit).fetch(table.id);
    }

    // A sort through an index slot keeps its position in the slot's form (a number as its key), so a cursor taken
    // before the field's index was ready does not fit it and is refused rather than misread.
    private static String signature(List<Sort> sorts) {
        return sorts.stream().map(sort -> sort.field() + (sort.descending() ? "-" : "+") + (sort.nullsFirst() ? "f" : "l")
                        + (sort.expression().getName().startsWith("ix_") ? "i" : ""))
                .collect(Collectors.joining(","));
    }

    private static int pageSize(RecordQuery query, Violations violations) {
        if (query.first() != null && query.last() != null) {
            violations.add("last", "CONFLICTING_ARGUMENTS", "give first (with after) or last (with before), not both");
        }
        Integer requested = query.last() != null ? query.last() : query.first();
        int size = requested == null ? DEFAULT_PAGE : requested;
        if (size < 0 || size > MAX_PAGE) {
            violations.add(query.last() != null ? "last" : "first", "OUT_OF_RANGE", "must be between 0 and " + MAX_PAGE);
        }
        return Math.max(0, Math.min(size, MAX_PAGE));
    }

    public List<Aggregation.Row> aggregate(TenantId tenant, EffectiveSchema schema, ObjectDefinition object, Aggregation.Query query) {
        ObjectTable table = new ObjectTable(object, "r", schema);
        QueryBuilder builder = new QueryBuilder(schema, table, tenant);
        Violations violations = new Violations();
        Condition filter = builder.condition(query.filter(), "filter", violations);
        Map<String, Field<?>> groups = new LinkedHashMap<>();
        Map<String, FieldDefinition> groupFields = new LinkedHashMap<>();
        for (int i = 0; i < query.groupBy().size(); i++) {
            Aggregation.GroupKey key = query.groupBy().get(i);
            String path = "groupBy[" + i + "]";
            Optional<FieldDefinition> field = SystemFields.resolve(object, key.field());
            if (field.isEmpty()) {
                violations.add(path, "UNKNOWN_FIELD", "is not a field of " + object.apiName());
            } else if (!FieldCapabilities.groupable(field.get(), key.bucket() != null)) {
                violations.add(path, "NOT_GROUPABLE", field.get().type().kind() + " fields cannot be grouped"
                        + (key.bucket() != null ? " by a date bucket" : ""));
            } else {
                Field<?> value = field.get().type() instanceof FieldType.Currency ? table.currencyCode(field.get()) : table.value(field.get());
                // A date-time falls into the period of its UTC wall time, whatever the session's time zone.
                Field<?> local = field.get().type() instanceof FieldType.DateTime
                        ? DSL.field("({0} at time zone {1})", SQLDataType.LOCALDATETIME, value, DSL.inline("UTC")) : value;
                groups.put(key.field(), key.bucket() == null ? value : DSL.field("cast(date_trunc({0}, {1}) as date)",
                        SQLDataType.LOCALDATE, DSL.inline(key.bucket().name().toLowerCase()), local));
                groupFields.put(key.field(), field.get());
            }
        }
        Map<String, Field<?>> metrics = new LinkedHashMap<>();
        // Per currency sum or average, how many currencies its group adds up: more than one is refused, not added.
        Map<String, Field<Integer>> currencies = new LinkedHashMap<>();
        for (int i = 0; i < query.metrics().size(); i++) {
            Aggregation.Metric metric = query.metrics().get(i);
            String path = "metrics[" + i + "]";
            Field<?> computed = metric(object, table, metric, path, violations);
            if (computed != null) {
                metrics.put(metric.key(), computed);
                currencyField(object, metric).ifPresent(field -> currencies.put(path + ".field", DSL.countDistinct(table.currencyCode(field))));
            }
        }
        violations.throwIfAny();
        List<Field<?>> select = new ArrayList<>();
        int g = 0;
        for (Field<?> group : groups.values()) {
            select.add(group.as("g" + g++));
        }
        int m = 0;
        for (Field<?> metric : metrics.values()) {
            select.add(metric.as("m" + m++));
        }
        int c = 0;
        for (Field<Integer> count : currencies.values()) {
            select.add(count.as("c" + c++));
        }
        List<Field<?>> groupAliases = new ArrayList<>(groups.values());
        List<org.jooq.SortField<?>> order = new ArrayList<>();
        for (Map.Entry<String, Field<?>> group : groups.entrySet()) {
            FieldDefinition field = groupFields.get(group.getKey());
            @SuppressWarnings("unchecked")
            Field<Object> value = (Field<Object>) group.getValue();
            order.add(ObjectTable.inOptionOrder(field, value).asc().nullsLast());
        }
        var rows = db.select(select).from(table.table())
                .where(table.scope(tenant), table.live(), filter)
                .groupBy(groupAliases)
                .orderBy(order)
                .limit(10_000)
                .fetch();
        refuseMixedCurrencies(rows, currencies.keySet());
        List<Aggregation.Row> result = new ArrayList<>();
        for (var row : rows) {
            Map<String, Object> group = new LinkedHashMap<>();
            int index = 0;
            for (Map.Entry<String, FieldDefinition> entry : groupFields.entrySet()) {
                Object value = row.get("g" + index++);
                group.put(entry.getKey(), value instanceof LocalDate || entry.getValue().type() instanceof FieldType.Currency ? value
                        : FieldValues.present(entry.getValue(), value));
            }
            Map<String, Object> values = new LinkedHashMap<>();
            index = 0;
            for (String key : metrics.keySet()) {
                values.put(key, row.get("m" + index++));
            }
            result.add(new Aggregation.Row(group, values));
        }
        return result;
    }

    private static Field<?> metric(ObjectDefinition object, ObjectTable table, Aggregation.Metric metric, String path, Violations violations) {
        if (metric.function() == Aggregation.Function.COUNT && metric.field() == null) {
            return DSL.count();
        }
        Optional<FieldDefinition> field = metric.field() == null ? Optional.empty() : SystemFields.resolve(object, metric.field());
        if (field.isEmpty() || field.get().storage() instanceof Storage.Link) {
            violations.add(path + ".field", "UNKNOWN_FIELD", "names no aggregatable field of " + object.apiName());
            return null;
        }
        Field<Object> value = table.value(field.get());
        boolean numeric = FieldCapabilities.numeric(field.get().type());
        boolean ordered = numeric || field.get().type().valueType() instanceof FieldType.Date
                || field.get().type().valueType() instanceof FieldType.DateTime;
        return switch (metric.function()) {
            case COUNT -> DSL.count(value);
            case COUNT_DISTINCT -> DSL.countDistinct(value);
            case SUM -> numeric ? DSL.sum(value.cast(SQLDataType.NUMERIC)) : unsupported(metric, field.get(), path, violations);
            case AVG -> numeric ? DSL.avg(value.cast(SQLDataType.NUMERIC)) : unsupported(metric, field.get(), path, violations);
            case MIN -> ordered ? DSL.min(value) : unsupported(metric, field.get(), path, violations);
            case MAX -> ordered ? DSL.max(value) : unsupported(metric, field.get(), path, violations);
        };
    }

    private static Optional<FieldDefinition> currencyField(ObjectDefinition object, Aggregation.Metric metric) {
        if (metric.function() != Aggregation.Function.SUM && metric.function() != Aggregation.Function.AVG || metric.field() == null) {
            return Optional.empty();
        }
        return SystemFields.resolve(object, metric.field()).filter(field -> field.type() instanceof FieldType.Currency);
    }

    private static void refuseMixedCurrencies(org.jooq.Result<?> rows, java.util.Set<String> paths) {
        Violations violations = new Violations();
        int index = 0;
        for (String path : paths) {
            String column = "c" + index++;
            if (rows.stream().anyMatch(row -> row.get(column, Integer.class) > 1)) {
                violations.add(path, "MIXED_CURRENCIES", "the records of a group hold amounts in different currencies, which do not add up;"
                        + " group by the currency field as well (its groups are its currency codes)");
            }
        }
        violations.throwIfAny();
    }

    private static Field<?> unsupported(Aggregation.Metric metric, FieldDefinition field, String path, Violations violations) {
        violations.add(path, "UNSUPPORTED_METRIC", metric.function() + " is not defined for " + field.type().kind() + " fields");
        return null;
    }

    /**
     * The value of a checked formula on one live record, computed by the SQL the formula compiles to (a dry run).
     * Empty when no live record has the id.
     */
    public Optional<Object> evaluate(TenantId tenant, EffectiveSchema schema, ObjectDefinition object, java.util.UUID id,
            io.metaplatform.registry.formula.CheckedFormula formula) {
        ObjectTable table = new ObjectTable(object, "r", schema);
        var row = db.select(DerivedSql.expression(table, formula)).from(table.table()).where(table.scope(tenant), table.live(), table.id.eq(id))
                .fetchOne();
        return row == null ? Optional.empty() : Optional.of(java.util.Objects.requireNonNullElse(row.get(0), NULL));
    }

    /** Stands for a null result of {@link #evaluate}, which an {@code Optional} cannot hold. */
    public static final Object NULL = new Object();

    /**
     * The API form of a stored record: the fields it was read with, in the object's order (a read of selected fields
     * holds those, not the others as nulls: a page of contacts showing 3 of the object's fields copied every field per
     * record, twice, to write 3).
     */
    public static DataRecord present(ObjectDefinition object, StoredRecord row) {
        Map<String, Object> stored = row.values();
        Map<String, Object> values = LinkedHashMap.newLinkedHashMap(stored.size());
        for (FieldDefinition field : object.fields()) {
            String name = field.apiName().value();
            Object value = stored.get(name);
            if (value != null || stored.containsKey(name)) {
                values.put(name, FieldValues.present(field, value));
            }
        }
        return new DataRecord(row.id(), object.apiName().value(), values, row.createdAt(), row.updatedAt(), row.createdBy(), row.updatedBy(),
                row.version(), row.deletedAt());
    }
}
