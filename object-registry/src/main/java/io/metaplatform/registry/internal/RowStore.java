package io.metaplatform.registry.internal;

import io.metaplatform.core.TenantId;
import io.metaplatform.core.Violations;
import io.metaplatform.registry.EffectiveSchema;
import io.metaplatform.registry.FieldDefinition;
import io.metaplatform.registry.FieldId;
import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.ObjectDefinition;
import io.metaplatform.registry.Storage;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertSetMoreStep;
import org.jooq.InsertSetStep;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.SortField;
import org.jooq.UpdateSetMoreStep;
import org.jooq.conf.Settings;
import org.jooq.conf.StatementType;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The record tables (one per built-in object, one shared by custom objects): reads and writes records of any
 * object with SQL built from its definition; the values a row cannot hold live in the {@link LinkStore}, and
 * removing records for good also clears their unique values and history. Statements are per batch,
 * never per record. Callers run inside a transaction with the tenant bound; every statement filters by
 * tenant as well.
 */
@Repository
public class RowStore {

    private final DSLContext db;
    /** The same database, every value rendered inline: statements PostgreSQL plans for their values each time. */
    private final DSLContext inline;
    private final LinkStore links;
    private final UniqueValueStore uniqueValues;
    private final ChangeLogStore changeLog;
    private final ByIdReads byIds;
    private final ShapeKey.Cache<Partitioned> partitioned = new ShapeKey.Cache<>();

    RowStore(DSLContext db, LinkStore links, UniqueValueStore uniqueValues, ChangeLogStore changeLog) {
        this.db = db;
        Settings settings = db.settings() == null ? new Settings() : (Settings) db.settings().clone();
        this.inline = DSL.using(db.configuration().derive(settings.withStatementType(StatementType.STATIC_STATEMENT)));
        this.links = links;
        this.uniqueValues = uniqueValues;
        this.changeLog = changeLog;
        this.byIds = new ByIdReads(db);
    }

    /** A record in stored form, as read. */
    public record StoredRecord(UUID id, Map<String, Object> values, Instant createdAt, Instant updatedAt, String createdBy,
            String updatedBy, int version, Instant deletedAt, List<Object> sortValues) {
    }

    /** A record to insert: stored values by field. */
    public record NewRow(UUID id, Map<FieldDefinition, Object> values) {
    }

    // ---- reads ----

    public List<StoredRecord> fetch(TenantId tenant, ObjectTable table, Condition where, List<SortField<?>> order,
            List<Field<?>> sortExpressions, int limit) {
        return fetch(tenant, table, where, order, sortExpressions, limit, false, null);
    }

    /**
     * As above, reading only the fields named in {@code selected} ({@code null}: every field; see {@link RowLayout#of});
     * with {@code planForValues} the statement is sent with its values inline (no bind parameters), so
     * PostgreSQL plans it for this tenant and these values every time instead of reusing a generic plan. For filters on
     * index slots: their columns mix every tenant's fields, and only a plan that knows the tenant estimates how many of
     * its rows match (measured: 29 ms with the generic plan, which sorts every match, 0.9 ms with one that walks the sort
     * index; bench/README.md). Costs a planning per call (about 0.2 ms), which is why it is not the default.
     */
    public List<StoredRecord> fetch(TenantId tenant, ObjectTable table, Condition where, List<SortField<?>> order,
            List<Field<?>> sortExpressions, int limit, boolean planForValues, java.util.Set<String> selected) {
        RowLayout layout = RowLayout.of(table, sortExpressions.size(), selected);
        List<SelectField<?>> select = layout.selectList(table);
        for (int i = 0; i < sortExpressions.size(); i++) {
            select.add(sortExpressions.get(i).as("s" + i));
        }
        DSLContext using = planForValues ? inline : db;
        var query = using.select(select).from(table.table()).where(table.scope(tenant), where).orderBy(order);
        List<Record> rows = limit > 0 ? query.limit(limit).fetch() : query.fetch();
        List<StoredRecord> records = new ArrayList<>(rows.size());
        for (Record row : rows) {
            records.add(layout.read(row));
        }
        return withLinks(tenant, layout.fields(), records);
    }

    /**
     * The first {@code limit} records per value of {@code partition} (e.g. per parent of a to-many
     * relation), in {@code order}: one statement with a window function, however many partitions.
     * Reads from {@code from}: the object's table, or the table joined with what gives the partition; only the fields
     * named in {@code selected} ({@code null}: every field).
     *
     * <p>With a {@code shape}, {@code where} names the shape's markers where its ids go ({@link BoundText}): the
     * statement's text is rendered once per shape key and run with the shape's ids (jOOQ rendered the same statement for
     * every page of children: 6 % of the CPU of a three-level query; issue 20). Without one the statement is rendered as is.
     */
    public Map<Object, List<StoredRecord>> fetchPartitioned(TenantId tenant, ObjectTable table, org.jooq.TableLike<?> from, Condition where,
            List<SortField<?>> order, List<Field<?>> sortExpressions, Field<?> partition, int limit, java.util.Set<String> selected,
            PartitionShape shape) {
        Partitioned statement = shape == null ? null : partitioned.get(shape.key());
        List<BoundText.Row> rows;
        if (statement != null && statement.text().reusable()) {
            rows = statement.text().fetch(db, shape.ids());
        } else {
            RowLayout layout = RowLayout.of(table, sortExpressions.size(), selected);
            List<SelectField<?>> select = layout.selectList(table);
            for (int i = 0; i < sortExpressions.size(); i++) {
                select.add(sortExpressions.get(i).as("s" + i));
            }
            int partitionIndex = select.size();
            select.add(partition.as("p"));
            select.add(DSL.rowNumber().over(DSL.partitionBy(partition).orderBy(order)).as("rn"));
            var inner = db.select(select).from(from).where(table.scope(tenant), where).asTable("t");
            Field<Integer> rowNumber = DSL.field(DSL.name("t", "rn"), SQLDataType.INTEGER);
            var query = db.selectFrom(inner).where(rowNumber.le(limit)).orderBy(DSL.field(DSL.name("t", "p")), rowNumber);
            if (shape == null) {
                return partitions(tenant, layout, partitionIndex, BoundText.rows(query.fetch()));
            }
            if (statement == null) {
                statement = new Partitioned(layout, partitionIndex, BoundText.of(query, shape.markers(), inner.fields()));
                partitioned.put(shape.key(), statement);
            }
            if (statement.text().reusable()) {
                rows = statement.text().fetch(db, shape.ids());
            } else {
                // Not bound by position: the statement as built, its markers replaced by the ids.
                statement.text().rebind(query, shape.ids());
                rows = BoundText.rows(query.fetch());
            }
        }
        return partitions(tenant, statement.layout(), statement.partitionIndex(), rows);
    }

    /**
     * What makes two partitioned reads the same statement ({@code key}, see {@link ShapeKey}), the markers its
     * {@code where} was built with, and the ids to read in their places.
     */
    public record PartitionShape(ShapeKey key, List<UUID> markers, List<UUID> ids) {
    }

    /** Statements of partitioned reads kept per shape (for tests: how many are bound by position). */
    public int partitionedShapes() {
        return partitioned.count(statement -> statement.text().reusable());
    }

    private record Partitioned(RowLayout layout, int partitionIndex, BoundText text) {
    }

    private Map<Object, List<StoredRecord>> partitions(TenantId tenant, RowLayout layout, int partitionIndex, List<BoundText.Row> rows) {
        Map<Object, List<StoredRecord>> byPartition = new LinkedHashMap<>();
        for (BoundText.Row row : rows) {
            byPartition.computeIfAbsent(row.get(partitionIndex), key -> new ArrayList<>()).add(layout.read(row));
        }
        // The many-to-many values of every partition in one statement, not one per partition.
        List<StoredRecord> all = byPartition.values().stream().flatMap(List::stream).toList();
        Iterator<StoredRecord> linked = withLinks(tenant, layout.fields(), all).iterator();
        byPartition.replaceAll((key, records) -> records.stream().map(record -> linked.next()).toList());
        return byPartition;
    }

    public List<StoredRecord> fetchByIds(TenantId tenant, ObjectTable table, Collection<UUID> ids, boolean withDeleted) {
        return fetchByIds(tenant, table, ids, withDeleted, null);
    }

    /** As above, reading only the fields named in {@code selected} ({@code null}: every field). */
    public List<StoredRecord> fetchByIds(TenantId tenant, ObjectTable table, Collection<UUID> ids, boolean withDeleted,
            java.util.Set<String> selected) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<UUID> listed = ids instanceof List<UUID> list ? list : List.copyOf(ids);
        Optional<ByIdReads.Rows> read = byIds.fetch(tenant, table, listed, withDeleted, selected);
        if (read.isEmpty()) {
            Condition condition = table.id.in(ids);
            return fetch(tenant, table, withDeleted ? condition : condition.and(table.live()), List.of(table.id.asc()), List.of(), 0, false,
                    selected);
        }
        List<StoredRecord> records = new ArrayList<>(read.get().rows().size());
        for (BoundText.Row row : read.get().rows()) {
            records.add(read.get().layout().read(row));
        }
        return withLinks(tenant, read.get().layout().fields(), records);
    }

    /** Shapes of reads by id whose rendered SQL is reused (for tests). */
    public int byIdShapes() {
        return byIds.size();
    }

    /**
     * The first {@code limit} rows in the order of {@code sorts} (then id; reversed when {@code backward}) that meet
     * {@code filter}, found among the first {@code window} of the tenant's rows meeting {@code along} in that order:
     * one statement that walks the order's index for at most {@code window} rows (reading id, sort values and whether
     * the filter holds), then reads the {@code selected} fields ({@code null}: all) of the matches it keeps. Complete when the walk ran out of rows before
     * the window did (a small tenant: every row was looked at); empty when the window was full and fewer than
     * {@code limit} matched in it: the caller then asks the filter's own index ({@link #fetch}).
     */
    public Optional<List<StoredRecord>> fetchAlongOrder(TenantId tenant, ObjectTable table, Condition filter, Condition along,
            List<SortField<?>> order, List<QueryBuilder.Sort> sorts, boolean backward, int window, int limit, java.util.Set<String> selected) {
        List<SelectField<?>> walkedFields = new ArrayList<>();
        walkedFields.add(table.id.as("wid"));
        for (int i = 0; i < sorts.size(); i++) {
            walkedFields.add(sorts.get(i).expression().as("ws" + i));
        }
        walkedFields.add(DSL.field(filter).as("wm"));
        // The walk's position of each row: the last position of a full window marks the walk as cut short.
        walkedFields.add(DSL.rowNumber().over(DSL.orderBy(order)).as("wn"));
        // Bind values, but the limits inline: the statement's text is then the same for every tenant and value, so the
        // driver prepares it once (no parse and analysis per request). PostgreSQL still plans each execution for its
        // values (the record store benchmark's EXPLAIN shows custom plans); the statement's shape fixes the plan: the
        // walk of the sort slot's index, bounded by the window.
        var walked = db.select(walkedFields).from(table.table()).where(table.scope(tenant), along).orderBy(order)
                .limit(DSL.inline(window)).asTable("w");
        ObjectTable rows = new ObjectTable(table.object(), "o", table.schema());
        RowLayout layout = RowLayout.of(rows, sorts.size(), selected);
        List<SelectField<?>> select = layout.selectList(rows);
        List<SortField<?>> walkOrder = new ArrayList<>();
        for (int i = 0; i < sorts.size(); i++) {
            Field<?> value = DSL.field(DSL.name("w", "ws" + i), sorts.get(i).expression().getDataType());
            select.add(value.as("s" + i));
            boolean descending = sorts.get(i).descending() != backward;
            SortField<?> sort = descending ? value.desc() : value.asc();
            walkOrder.add(sorts.get(i).nullsFirst() != backward ? sort.nullsFirst() : sort.nullsLast());
        }
        Field<UUID> id = DSL.field(DSL.name("w", "wid"), SQLDataType.UUID);
        walkOrder.add(backward ? id.desc() : id.asc());
        // The matches, and the window's last row when the walk reached it (it sorts last, so it is among the rows
        // returned whenever fewer than {@code limit} matched): without it, the walk looked at every row.
        Field<Boolean> matches = DSL.field(DSL.name("w", "wm"), SQLDataType.BOOLEAN);
        Field<Long> position = DSL.field(DSL.name("w", "wn"), SQLDataType.BIGINT);
        int matchColumn = select.size();
        select.add(matches);
        select.add(position);
        List<Record> found = db.select(select).from(walked).leftJoin(rows.table()).on(rows.scope(tenant), rows.id.eq(id), matches.isTrue())
                .where(matches.isTrue().or(position.eq(DSL.inline((long) window)))).orderBy(walkOrder).limit(DSL.inline(limit)).fetch();
        List<StoredRecord> records = new ArrayList<>(found.size());
        boolean windowFull = false;
        for (Record row : found) {
            if (Boolean.TRUE.equals(row.get(matchColumn))) {
                records.add(layout.read(row));
            }
            windowFull |= ((Long) row.get(matchColumn + 1)) == window;
        }
        if (records.size() < limit && windowFull) {
            return Optional.empty();
        }
        return Optional.of(withLinks(tenant, layout.fields(), records));
    }

    public long count(TenantId tenant, ObjectTable table, Condition where) {
        return db.fetchCount(DSL.selectOne().from(table.table()).where(table.scope(tenant), where));
    }

    // Many-to-many values of a whole page in one statement.
    private List<StoredRecord> withLinks(TenantId tenant, List<FieldDefinition> fields, List<StoredRecord> records) {
        List<FieldDefinition> linkFields = fields.stream().filter(field -> field.storage() instanceof Storage.Link).toList();
        if (linkFields.isEmpty() || records.isEmpty()) {
            return records;
        }
        Map<UUID, FieldDefinition> byId = linkFields.stream().collect(Collectors.toMap(field -> field.id().value(), field -> field));
        Map<UUID, Map<UUID, List<UUID>>> links = this.links.targets(tenant, byId.keySet(), records.stream().map(StoredRecord::id).toList());
        List<StoredRecord> result = new ArrayList<>();
        for (StoredRecord record : records) {
            Map<String, Object> values = new LinkedHashMap<>(record.values());
            for (FieldDefinition field : linkFields) {
                values.put(field.apiName().value(), List.copyOf(links.getOrDefault(record.id(), Map.of())
                        .getOrDefault(field.id().value(), List.of())));
            }
            result.add(new StoredRecord(record.id(), values, record.createdAt(), record.updatedAt(), record.createdBy(), record.updatedBy(),
                    record.version(), record.deletedAt(), record.sortValues()));
        }
        return result;
    }

    // ---- writes ----

    public void insert(TenantId tenant, ObjectTable table, List<NewRow> rows, String actor, Instant now) {
        if (rows.isEmpty()) {
            return;
        }
        InsertSetStep<Record> insert = db.insertInto(table.table());
        InsertSetMoreStep<Record> statement = null;
        for (NewRow row : rows) {
            Map<Field<?>, Object> values = new LinkedHashMap<>();
            values.put(table.tenantId, tenant.value());
            values.put(table.id, row.id());
            if (table.shared()) {
                values.put(table.objectId, table.object().id().value());
            }
            ObjectNode custom = ValueCodec.JSON.createObjectNode();
            for (FieldDefinition field : table.object().fields()) {
                Object value = row.values().get(field);
                switch (field.storage()) {
                    case Storage.Column column -> putColumn(table, field, value, values);
                    case Storage.CustomKey key -> {
                        if (value != null) {
                            custom.set(key.key(), ValueCodec.toJson(field.type(), value));
                        }
                        if (key.index() != null) {
                            values.put(table.writeSlot(field), IndexSlots.value(field.type(), value));
                        }
                    }
                    case Storage.Link link -> { }
                    case Storage.Computed computed -> { }
                }
            }
            values.put(table.custom, ValueCodec.jsonb(custom));
            values.put(table.createdAt, utc(now));
            values.put(table.updatedAt, utc(now));
            values.put(table.createdBy, actor);
            values.put(table.updatedBy, actor);
            values.put(table.version, 1);
            statement = statement == null ? insert.set(values) : statement.newRecord().set(values);
        }
        statement.execute();
        links.insertLinks(tenant, table.object(), rows.stream().collect(Collectors.toMap(NewRow::id, NewRow::values)), actor, now);
    }

    /** One record's changes, applied only while it is live and at {@code expectedVersion}. */
    public record Change(UUID id, int expectedVersion, Map<FieldDefinition, Object> values) {
    }

    /**
     * Applies every change in one JDBC batch (one round trip, however many records).
     *
     * @return whether every record was still live and at its expected version
     */
    public boolean updateAll(TenantId tenant, ObjectTable table, List<Change> changes, String actor, Instant now) {
        if (changes.isEmpty()) {
            return true;
        }
        List<org.jooq.Query> statements = changes.stream()
                .map(change -> updateStatement(tenant, table, change.id(), change.expectedVersion(), change.values(), actor, now))
                .toList();
        int[] counts = db.batch(statements).execute();
        for (int count : counts) {
            if (count != 1) {
                return false;
            }
        }
        changes.forEach(change -> links.replaceLinks(tenant, table.object(), change.id(), change.values(), actor, now));
        return true;
    }

    /**
     * Applies {@code changes} if the record is live and still at {@code expectedVersion}.
     *
     * @return whether the row was updated
     */
    public boolean update(TenantId tenant, ObjectTable table, UUID id, int expectedVersion, Map<FieldDefinition, Object> changes,
            String actor, Instant now) {
        boolean updated = updateStatement(tenant, table, id, expectedVersion, changes, actor, now).execute() == 1;
        if (updated) {
            links.replaceLinks(tenant, table.object(), id, changes, actor, now);
        }
        return updated;
    }

    private org.jooq.Query updateStatement(TenantId tenant, ObjectTable table, UUID id, int expectedVersion,
            Map<FieldDefinition, Object> changes, String actor, Instant now) {
        Map<Field<?>, Object> columns = new LinkedHashMap<>();
        ObjectNode patch = ValueCodec.JSON.createObjectNode();
        List<String> removed = new ArrayList<>();
        Map<Field<Object>, Field<Object>> slots = new LinkedHashMap<>();
        for (Map.Entry<FieldDefinition, Object> change : changes.entrySet()) {
            FieldDefinition field = change.getKey();
            switch (field.storage()) {
                case Storage.Column column -> putColumn(table, field, change.getValue(), columns);
                case Storage.CustomKey key -> {
                    if (change.getValue() == null) {
                        removed.add(key.key());
                    } else {
                        patch.set(key.key(), ValueCodec.toJson(field.type(), change.getValue()));
                    }
                    if (key.index() != null) {
                        slots.put(table.writeSlot(field), IndexSlots.value(field.type(), change.getValue()));
                    }
                }
                case Storage.Link link -> { }
                case Storage.Computed computed -> { }
            }
        }
        UpdateSetMoreStep<Record> update = db.update(table.table())
                .set(table.version, table.version.plus(1))
                .set(table.updatedAt, utc(now))
                .set(table.updatedBy, actor);
        if (!patch.isEmpty() || !removed.isEmpty()) {
            update = update.set(table.custom, DSL.field("({0} || {1}) - cast({2} as text[])", SQLDataType.JSONB, table.custom,
                    DSL.val(ValueCodec.jsonb(patch)), DSL.val(removed.toArray(new String[0]), SQLDataType.VARCHAR.array())));
        }
        for (Map.Entry<Field<?>, Object> column : columns.entrySet()) {
            update = setColumn(update, column.getKey(), column.getValue());
        }
        for (Map.Entry<Field<Object>, Field<Object>> slot : slots.entrySet()) {
            update = update.set(Map.of(slot.getKey(), slot.getValue()));
        }
        return update.where(table.scope(tenant), table.id.eq(id), table.version.eq(expectedVersion), table.live());
    }

    @SuppressWarnings("unchecked")
    private static UpdateSetMoreStep<Record> setColumn(UpdateSetMoreStep<Record> update, Field<?> field, Object value) {
        return update.set((Field<Object>) field, value);
    }

    private static void putColumn(ObjectTable table, FieldDefinition field, Object value, Map<Field<?>, Object> values) {
        values.put(table.column(field), ValueCodec.toColumn(field.type(), value));
        if (field.type() instanceof FieldType.Currency) {
            values.put(table.currencyColumn(field), value == null ? null : ((io.metaplatform.registry.Money) value).currencyCode());
        }
    }

    /** Soft-deletes ({@code deletedAt} set) or restores ({@code null}) records, bumping their versions. */
    public int setDeleted(TenantId tenant, ObjectTable table, Collection<UUID> ids, Instant deletedAt, String actor, Instant now) {
        if (ids.isEmpty()) {
            return 0;
        }
        return db.update(table.table())
                .set(table.deletedAt, utc(deletedAt))
                .set(table.version, table.version.plus(1))
                .set(table.updatedAt, utc(now))
                .set(table.updatedBy, actor)
                .where(table.scope(tenant), table.id.in(ids), deletedAt == null ? table.deletedAt.isNotNull() : table.live())
                .execute();
    }

    /** Removes records for good, with their unique values, links (both ways) and history. */
    public int destroy(TenantId tenant, ObjectTable table, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        uniqueValues.releaseUnique(tenant, null, ids);
        links.deleteTouching(tenant, ids);
        changeLog.deleteForRecords(tenant, ids);
        return db.deleteFrom(table.table()).where(table.scope(tenant), table.id.in(ids)).execute();
    }

    // ---- relations ----

    /** Of {@code ids}, those that are live records of {@code target}. */
    public Set<UUID> existingLive(TenantId tenant, ObjectTable target, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(db.select(target.id).from(target.table()).where(target.scope(tenant), target.id.in(ids), target.live())
                .fetch(target.id));
    }

    /** Records of {@code source} whose relation {@code field} points at one of {@code targetIds}. */
    public List<UUID> referencing(TenantId tenant, ObjectTable source, FieldDefinition field, Collection<UUID> targetIds, boolean liveOnly) {
        if (targetIds.isEmpty()) {
            return List.of();
        }
        if (field.storage() instanceof Storage.Link) {
            return links.sourcesLinkedTo(tenant, field.id(), targetIds);
        }
        Field<Object> reference = source.value(field);
        return db.select(source.id).from(source.table())
                .where(source.scope(tenant), reference.in(targetIds), liveOnly ? source.live() : DSL.noCondition())
                .fetch(source.id);
    }

    /** Clears a many-to-one relation on the given records (on-delete SET NULL); links are removed instead. */
    public void clearReference(TenantId tenant, ObjectTable source, FieldDefinition field, Collection<UUID> sourceIds,
            Collection<UUID> targetIds, String actor, Instant now) {
        if (sourceIds.isEmpty()) {
            return;
        }
        if (field.storage() instanceof Storage.Link) {
            links.unlink(tenant, field.id(), sourceIds, targetIds);
            return;
        }
        UpdateSetMoreStep<Record> update = db.update(source.table())
                .set(source.version, source.version.plus(1))
                .set(source.updatedAt, utc(now))
                .set(source.updatedBy, actor);
        update = switch (field.storage()) {
            case Storage.Column column -> setColumn(update, source.column(field), null);
            case Storage.CustomKey key -> update.set(source.custom, DSL.field("{0} - {1}", SQLDataType.JSONB, source.custom, DSL.val(key.key())));
            default -> update;
        };
        update.where(source.scope(tenant), source.id.in(sourceIds)).execute();
    }

    // ---- uniqueness ----

    /** Locks the live ones of {@code ids} ({@code FOR UPDATE}) until the transaction ends, so their versions stay as read next. */
    public void lockLive(TenantId tenant, ObjectTable table, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return;
        }
        db.select(table.id).from(table.table()).where(table.scope(tenant), table.id.in(ids), table.live())
                .orderBy(table.id).forUpdate().fetch();
    }

    /** Of {@code values}, those held by live records other than {@code except}. */
    public Set<String> takenValues(TenantId tenant, ObjectTable table, FieldDefinition field, Collection<Object> values,
            Collection<UUID> except) {
        if (values.isEmpty()) {
            return Set.of();
        }
        if (field.storage() instanceof Storage.Column) {
            Field<Object> column = table.column(field);
            return db.select(column).from(table.table())
                    .where(table.scope(tenant), table.live(), column.in(values), except.isEmpty() ? DSL.noCondition() : table.id.notIn(except))
                    .fetch(column).stream().map(UniqueValueStore::uniqueKey).collect(Collectors.toSet());
        }
        return uniqueValues.takenValues(tenant, field.id(), values, except);
    }

    /**
     * The values of custom field {@code fieldId} that live records hold, in stored form (for a field that just
     * became unique); nothing for other storages.
     */
    public Map<UUID, Object> liveCustomValues(TenantId tenant, ObjectDefinition object, Storage storage, FieldId fieldId) {
        if (!(storage instanceof Storage.CustomKey)) {
            return Map.of();
        }
        ObjectTable table = new ObjectTable(object);
        FieldDefinition field = object.field(fieldId).orElseThrow();
        Field<JSONB> value = table.customJson(field);
        Map<UUID, Object> values = new LinkedHashMap<>();
        db.select(table.id, value).from(table.table())
                .where(table.scope(tenant), table.live(), value.isNotNull())
                .forEach(row -> values.put(row.value1(), ValueCodec.fromJson(field, ValueCodec.JSON.readTree(row.value2().data()))));
        return values;
    }

    // ---- metadata support ----

    /** Ids of records (first {@code limit}) whose stored value of {@code field} does not validate as {@code newType}. */
    public List<UUID> idsNotConvertible(TenantId tenant, EffectiveSchema schema, ObjectDefinition object, FieldDefinition field,
            FieldType newType, int limit) {
        ObjectTable table = new ObjectTable(object);
        FieldDefinition target = new FieldDefinition(field.id(), field.apiName(), field.label(), null, field.position(), newType,
                field.constraints(), field.storage(), field.builtIn(), field.version());
        List<UUID> blocking = new ArrayList<>();
        try (var cursor = db.select(table.id, table.custom).from(table.table()).where(table.scope(tenant)).fetchSize(500).fetchLazy()) {
            for (Record row : cursor) {
                JsonNode node = ValueCodec.tree(row.get(table.custom)).get(((Storage.CustomKey) field.storage()).key());
                if (node == null || node.isNull()) {
                    continue;
                }
                Object apiValue = FieldValues.present(field, ValueCodec.fromJson(field, node));
                Object asText = apiValue instanceof String || newType instanceof FieldType.Decimal ? apiValue : apiValue.toString();
                Violations violations = new Violations();
                FieldValues.parse(target, asText, "value", "EUR", violations);
                if (!violations.isEmpty()) {
                    blocking.add(row.get(table.id));
                    if (blocking.size() >= limit) {
                        break;
                    }
                }
            }
        }
        return blocking;
    }

    /** Removes every stored value of a deleted custom field; returns how many records held one. */
    public int purge(TenantId tenant, ObjectDefinition object, FieldId field, Storage storage) {
        uniqueValues.dropUniqueValues(tenant, field);
        return switch (storage) {
            case Storage.CustomKey key -> {
                ObjectTable table = new ObjectTable(object);
                var update = db.update(table.table())
                        .set(table.custom, DSL.field("{0} - {1}", SQLDataType.JSONB, table.custom, DSL.val(key.key())));
                if (key.index() != null) {
                    clearSlot(tenant, table, key.index());
                }
                yield update.where(table.scope(tenant), DSL.jsonbGetAttribute(table.custom, key.key()).isNotNull()).execute();
            }
            case Storage.Link link -> links.deleteField(tenant, field);
            case Storage.Column column -> 0;
            case Storage.Computed computed -> 0;
        };
    }

    // ---- index slots ----

    /** Whether no record of the tenant's object holds a value in {@code slot}. */
    public boolean slotEmpty(TenantId tenant, ObjectDefinition object, String slot) {
        ObjectTable table = new ObjectTable(object);
        return !db.fetchExists(DSL.selectOne().from(table.table()).where(table.scope(tenant), table.slotColumn(slot).isNotNull()));
    }

    /** Empties an index slot of the tenant's rows of an object (a field stops being indexed, is purged, changes type). */
    @SuppressWarnings("unchecked")
    public int clearSlot(TenantId tenant, ObjectTable table, String slot) {
        Field<Object> column = table.slotColumn(slot);
        return db.update(table.table()).set(java.util.Collections.singletonMap(column, null)).where(table.scope(tenant), column.isNotNull()).execute();
    }

    /**
     * Copies an indexed field's values from {@code custom} into its slot (empties the slot when {@code field} is
     * {@code null}: no field owns it) for the {@code batch} records after
     * {@code afterId} (in id order), computed and written by the database in one statement, so a concurrent write of
     * the same row is never overwritten with an older value. Rows whose slot is already right are not written.
     *
     * @return the last id of the batch, {@code null} when no record is left
     */
    public UUID fillSlot(TenantId tenant, ObjectDefinition object, String slotName, FieldDefinition field, UUID afterId, int batch) {
        ObjectTable table = new ObjectTable(object);
        Field<Object> slot = table.slotColumn(slotName);
        List<UUID> ids = db.select(table.id).from(table.table())
                .where(table.scope(tenant), afterId == null ? DSL.noCondition() : table.id.gt(afterId))
                .orderBy(table.id).limit(batch).fetch(table.id);
        if (ids.isEmpty()) {
            return null;
        }
        Field<Object> expected = field == null ? DSL.val(null, slot.getDataType())
                : IndexSlots.fromCustom(field.type(), table.custom, ((Storage.CustomKey) field.storage()).key());
        db.update(table.table()).set(Map.of(slot, expected))
                .where(table.scope(tenant), table.id.in(ids), slot.isDistinctFrom(expected)).execute();
        return ids.getLast();
    }

    /**
     * Waits until every transaction running now (but the caller's) has ended, like {@code CREATE INDEX CONCURRENTLY}:
     * a write that began before a slot was assigned does not know the slot, so filling may start only after it.
     *
     * @return whether they ended within {@code timeout}
     */
    public boolean awaitRunningTransactions(java.time.Duration timeout) {
        // Only client sessions of this database can write its records: other databases of the server and autovacuum
        // workers (which hold virtual transaction ids too, for minutes on a large table) are not waited for.
        List<String> running = db.fetch("""
                select l.virtualxid from pg_locks l join pg_stat_activity a on a.pid = l.pid
                where l.locktype = 'virtualxid' and l.granted and l.pid <> pg_backend_pid()
                  and a.datname = current_database() and a.backend_type = 'client backend'""")
                .getValues(0, String.class);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            running = db.fetch("select virtualxid from pg_locks where locktype = 'virtualxid' and granted and virtualxid = any(?::text[])",
                    (Object) running.toArray(String[]::new)).getValues(0, String.class);
            if (!running.isEmpty()) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return running.isEmpty();
    }

    static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }

}
