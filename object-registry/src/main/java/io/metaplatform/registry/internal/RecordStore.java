package io.metaplatform.registry.internal;

import static io.metaplatform.registry.internal.jooq.Tables.RECORD_CHANGE;
import static io.metaplatform.registry.internal.jooq.Tables.RECORD_LINK;
import static io.metaplatform.registry.internal.jooq.Tables.RECORD_UNIQUE;

import io.metaplatform.core.TenantId;
import io.metaplatform.core.Violations;
import io.metaplatform.registry.ChangePosition;
import io.metaplatform.registry.EffectiveSchema;
import io.metaplatform.registry.FieldDefinition;
import io.metaplatform.registry.FieldId;
import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.ObjectDefinition;
import io.metaplatform.registry.PositionedChange;
import io.metaplatform.registry.RecordChangeEntry;
import io.metaplatform.registry.RecordLink;
import io.metaplatform.registry.Storage;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes records of any object with SQL built from its definition. Statements are per batch,
 * never per record. Callers run inside a transaction with the tenant bound; every statement filters by
 * tenant as well.
 */
@Repository
public class RecordStore {

    private final DSLContext db;

    RecordStore(DSLContext db) {
        this.db = db;
    }

    /** A record in stored form, as read. */
    public record StoredRecord(UUID id, Map<String, Object> values, Instant createdAt, Instant updatedAt, String createdBy,
            String updatedBy, int version, Instant deletedAt, List<Object> sortValues) {
    }

    /** A record to insert: stored values by field. */
    public record NewRow(UUID id, Map<FieldDefinition, Object> values) {
    }

    /** A change-log entry to append: per field API name, old and new values in API form. */
    public record ChangeRow(UUID objectId, UUID recordId, String operation, Map<String, Map<String, Object>> changes) {
    }

    // ---- reads ----

    public List<StoredRecord> fetch(TenantId tenant, ObjectTable table, Condition where, List<SortField<?>> order,
            List<Field<?>> sortExpressions, int limit) {
        RowLayout layout = RowLayout.of(table, sortExpressions.size());
        List<SelectField<?>> select = layout.selectList(table);
        for (int i = 0; i < sortExpressions.size(); i++) {
            select.add(sortExpressions.get(i).as("s" + i));
        }
        var query = db.select(select).from(table.table()).where(table.scope(tenant), where).orderBy(order);
        List<Record> rows = limit > 0 ? query.limit(limit).fetch() : query.fetch();
        List<StoredRecord> records = new ArrayList<>(rows.size());
        for (Record row : rows) {
            records.add(layout.read(row));
        }
        return withLinks(tenant, table.object(), records);
    }

    /**
     * The first {@code limit} records per value of {@code partition} (e.g. per parent of a to-many
     * relation), in {@code order}: one statement with a window function, however many partitions.
     */
    public Map<Object, List<StoredRecord>> fetchPartitioned(TenantId tenant, ObjectTable table, Condition where, List<SortField<?>> order,
            List<Field<?>> sortExpressions, Field<?> partition, int limit) {
        RowLayout layout = RowLayout.of(table, sortExpressions.size());
        List<SelectField<?>> select = layout.selectList(table);
        for (int i = 0; i < sortExpressions.size(); i++) {
            select.add(sortExpressions.get(i).as("s" + i));
        }
        int partitionIndex = select.size();
        select.add(partition.as("p"));
        select.add(DSL.rowNumber().over(DSL.partitionBy(partition).orderBy(order)).as("rn"));
        var inner = db.select(select).from(table.table()).where(table.scope(tenant), where).asTable("t");
        Field<Integer> rowNumber = DSL.field(DSL.name("t", "rn"), SQLDataType.INTEGER);
        Map<Object, List<StoredRecord>> byPartition = new LinkedHashMap<>();
        for (Record row : db.selectFrom(inner).where(rowNumber.le(limit)).orderBy(DSL.field(DSL.name("t", "p")), rowNumber).fetch()) {
            byPartition.computeIfAbsent(row.get(partitionIndex), key -> new ArrayList<>()).add(layout.read(row));
        }
        // The many-to-many values of every partition in one statement, not one per partition.
        List<StoredRecord> all = byPartition.values().stream().flatMap(List::stream).toList();
        Iterator<StoredRecord> linked = withLinks(tenant, table.object(), all).iterator();
        byPartition.replaceAll((key, records) -> records.stream().map(record -> linked.next()).toList());
        return byPartition;
    }

    public List<StoredRecord> fetchByIds(TenantId tenant, ObjectTable table, Collection<UUID> ids, boolean withDeleted) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Condition condition = table.id.in(ids);
        return fetch(tenant, table, withDeleted ? condition : condition.and(table.live()), List.of(table.id.asc()), List.of(), 0);
    }

    public long count(TenantId tenant, ObjectTable table, Condition where) {
        return db.fetchCount(DSL.selectOne().from(table.table()).where(table.scope(tenant), where));
    }

    // Many-to-many values of a whole page in one statement.
    private List<StoredRecord> withLinks(TenantId tenant, ObjectDefinition object, List<StoredRecord> records) {
        List<FieldDefinition> linkFields = object.fields().stream().filter(field -> field.storage() instanceof Storage.Link).toList();
        if (linkFields.isEmpty() || records.isEmpty()) {
            return records;
        }
        Map<UUID, FieldDefinition> byId = linkFields.stream().collect(Collectors.toMap(field -> field.id().value(), field -> field));
        Map<UUID, Map<String, List<UUID>>> links = new HashMap<>();
        db.select(RECORD_LINK.SOURCE_ID, RECORD_LINK.FIELD_ID, RECORD_LINK.TARGET_ID)
                .from(RECORD_LINK)
                .where(RECORD_LINK.TENANT_ID.eq(tenant.value()), RECORD_LINK.FIELD_ID.in(byId.keySet()),
                        RECORD_LINK.SOURCE_ID.in(records.stream().map(StoredRecord::id).toList()))
                .orderBy(RECORD_LINK.CREATED_AT, RECORD_LINK.TARGET_ID)
                .forEach(row -> links.computeIfAbsent(row.value1(), id -> new HashMap<>())
                        .computeIfAbsent(byId.get(row.value2()).apiName().value(), name -> new ArrayList<>()).add(row.value3()));
        List<StoredRecord> result = new ArrayList<>();
        for (StoredRecord record : records) {
            Map<String, Object> values = new LinkedHashMap<>(record.values());
            for (FieldDefinition field : linkFields) {
                values.put(field.apiName().value(), List.copyOf(links.getOrDefault(record.id(), Map.of())
                        .getOrDefault(field.apiName().value(), List.of())));
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
        insertLinks(tenant, table.object(), rows.stream().collect(Collectors.toMap(NewRow::id, NewRow::values)), actor, now);
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
        changes.forEach(change -> replaceLinks(tenant, table.object(), change.id(), change.values(), actor, now));
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
            replaceLinks(tenant, table.object(), id, changes, actor, now);
        }
        return updated;
    }

    private org.jooq.Query updateStatement(TenantId tenant, ObjectTable table, UUID id, int expectedVersion,
            Map<FieldDefinition, Object> changes, String actor, Instant now) {
        Map<Field<?>, Object> columns = new LinkedHashMap<>();
        ObjectNode patch = ValueCodec.JSON.createObjectNode();
        List<String> removed = new ArrayList<>();
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
        db.deleteFrom(RECORD_UNIQUE).where(RECORD_UNIQUE.TENANT_ID.eq(tenant.value()), RECORD_UNIQUE.RECORD_ID.in(ids)).execute();
        db.deleteFrom(RECORD_LINK).where(RECORD_LINK.TENANT_ID.eq(tenant.value()),
                RECORD_LINK.SOURCE_ID.in(ids).or(RECORD_LINK.TARGET_ID.in(ids))).execute();
        db.deleteFrom(RECORD_CHANGE).where(RECORD_CHANGE.TENANT_ID.eq(tenant.value()), RECORD_CHANGE.RECORD_ID.in(ids)).execute();
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
            return db.selectDistinct(RECORD_LINK.SOURCE_ID).from(RECORD_LINK)
                    .where(RECORD_LINK.TENANT_ID.eq(tenant.value()), RECORD_LINK.FIELD_ID.eq(field.id().value()),
                            RECORD_LINK.TARGET_ID.in(targetIds))
                    .fetch(RECORD_LINK.SOURCE_ID);
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
            db.deleteFrom(RECORD_LINK).where(RECORD_LINK.TENANT_ID.eq(tenant.value()), RECORD_LINK.FIELD_ID.eq(field.id().value()),
                    RECORD_LINK.SOURCE_ID.in(sourceIds), RECORD_LINK.TARGET_ID.in(targetIds)).execute();
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

    private void insertLinks(TenantId tenant, ObjectDefinition object, Map<UUID, Map<FieldDefinition, Object>> valuesById, String actor,
            Instant now) {
        var insert = db.insertInto(RECORD_LINK, RECORD_LINK.TENANT_ID, RECORD_LINK.FIELD_ID, RECORD_LINK.SOURCE_ID, RECORD_LINK.TARGET_ID,
                RECORD_LINK.CREATED_AT, RECORD_LINK.CREATED_BY);
        boolean any = false;
        for (Map.Entry<UUID, Map<FieldDefinition, Object>> entry : valuesById.entrySet()) {
            for (FieldDefinition field : object.fields()) {
                if (field.storage() instanceof Storage.Link && entry.getValue().get(field) instanceof List<?> targets) {
                    for (Object target : targets) {
                        insert = insert.values(tenant.value(), field.id().value(), entry.getKey(), (UUID) target, utc(now), actor);
                        any = true;
                    }
                }
            }
        }
        if (any) {
            insert.onConflictDoNothing().execute();
        }
    }

    // Links the new value keeps stay as they are, so who made them and when survives later writes.
    private void replaceLinks(TenantId tenant, ObjectDefinition object, UUID id, Map<FieldDefinition, Object> changes, String actor,
            Instant now) {
        boolean any = false;
        for (Map.Entry<FieldDefinition, Object> change : changes.entrySet()) {
            if (!(change.getKey().storage() instanceof Storage.Link)) {
                continue;
            }
            List<?> kept = change.getValue() instanceof List<?> targets ? targets : List.of();
            db.deleteFrom(RECORD_LINK).where(RECORD_LINK.TENANT_ID.eq(tenant.value()), RECORD_LINK.SOURCE_ID.eq(id),
                    RECORD_LINK.FIELD_ID.eq(change.getKey().id().value()),
                    kept.isEmpty() ? DSL.noCondition() : RECORD_LINK.TARGET_ID.notIn(kept)).execute();
            any = true;
        }
        if (any) {
            insertLinks(tenant, object, Map.of(id, changes), actor, now);
        }
    }

    /**
     * The links of a many-to-many {@code field} from each of {@code sourceIds} to live records of {@code target},
     * oldest first, in one statement.
     */
    public Map<UUID, List<RecordLink>> links(TenantId tenant, FieldDefinition field, ObjectTable target, Collection<UUID> sourceIds) {
        if (sourceIds.isEmpty()) {
            return Map.of();
        }
        Map<UUID, List<RecordLink>> links = new LinkedHashMap<>();
        db.select(RECORD_LINK.SOURCE_ID, RECORD_LINK.TARGET_ID, RECORD_LINK.CREATED_AT, RECORD_LINK.CREATED_BY)
                .from(RECORD_LINK)
                .where(RECORD_LINK.TENANT_ID.eq(tenant.value()), RECORD_LINK.FIELD_ID.eq(field.id().value()),
                        RECORD_LINK.SOURCE_ID.in(sourceIds),
                        RECORD_LINK.TARGET_ID.in(DSL.select(target.id).from(target.table()).where(target.scope(tenant), target.live())))
                .orderBy(RECORD_LINK.CREATED_AT, RECORD_LINK.TARGET_ID)
                .forEach(row -> links.computeIfAbsent(row.value1(), id -> new ArrayList<>())
                        .add(new RecordLink(row.value2(), instant(row.value3()), row.value4())));
        return links;
    }

    // ---- uniqueness ----

    /** The normalised text a unique value is compared by. */
    static String uniqueKey(Object stored) {
        return stored instanceof BigDecimal decimal ? decimal.stripTrailingZeros().toPlainString() : stored.toString();
    }

    /**
     * Serialises the transactions that upsert the same values of a unique field: takes a transaction-scoped
     * advisory lock per (tenant, field, value), in one order for every caller so two batches cannot deadlock.
     * A second upsert of a value waits until the first commits, then finds its record (read committed).
     */
    public void lockUniqueValues(TenantId tenant, FieldId field, Collection<Object> values) {
        if (values.isEmpty()) {
            return;
        }
        Long[] keys = values.stream().map(value -> lockKey(tenant, field, uniqueKey(value))).distinct().sorted().toArray(Long[]::new);
        db.select(DSL.field("pg_advisory_xact_lock(k)"))
                .from(DSL.table("unnest({0}) as t(k)", DSL.val(keys, SQLDataType.BIGINT.array())))
                .fetch();
    }

    private static long lockKey(TenantId tenant, FieldId field, String value) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update((tenant.value() + "|" + field.value() + "|").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.nio.ByteBuffer.wrap(sha.digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8))).getLong();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

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
                    .fetch(column).stream().map(RecordStore::uniqueKey).collect(Collectors.toSet());
        }
        return Set.copyOf(db.select(RECORD_UNIQUE.VALUE).from(RECORD_UNIQUE)
                .where(RECORD_UNIQUE.TENANT_ID.eq(tenant.value()), RECORD_UNIQUE.FIELD_ID.eq(field.id().value()),
                        RECORD_UNIQUE.VALUE.in(values.stream().map(RecordStore::uniqueKey).toList()),
                        except.isEmpty() ? DSL.noCondition() : RECORD_UNIQUE.RECORD_ID.notIn(except))
                .fetch(RECORD_UNIQUE.VALUE));
    }

    /** Claims unique values of custom fields; a concurrent claim of the same value fails on the primary key. */
    public void claimUnique(TenantId tenant, FieldId field, Map<UUID, Object> valueByRecord) {
        if (valueByRecord.isEmpty()) {
            return;
        }
        var insert = db.insertInto(RECORD_UNIQUE, RECORD_UNIQUE.TENANT_ID, RECORD_UNIQUE.FIELD_ID, RECORD_UNIQUE.VALUE, RECORD_UNIQUE.RECORD_ID);
        for (Map.Entry<UUID, Object> entry : valueByRecord.entrySet()) {
            insert = insert.values(tenant.value(), field.value(), uniqueKey(entry.getValue()), entry.getKey());
        }
        insert.execute();
    }

    /** Releases unique values of records (deleted records, changed values); {@code field} null for every field. */
    public void releaseUnique(TenantId tenant, FieldId field, Collection<UUID> recordIds) {
        if (recordIds.isEmpty()) {
            return;
        }
        db.deleteFrom(RECORD_UNIQUE).where(RECORD_UNIQUE.TENANT_ID.eq(tenant.value()), RECORD_UNIQUE.RECORD_ID.in(recordIds),
                field == null ? DSL.noCondition() : RECORD_UNIQUE.FIELD_ID.eq(field.value())).execute();
    }

    /** Fills the unique-value table for a field that just became unique; duplicates among live records fail. */
    public void indexUniqueValues(TenantId tenant, EffectiveSchema schema, ObjectDefinition object, Storage storage, FieldId fieldId) {
        if (!(storage instanceof Storage.CustomKey)) {
            return;
        }
        ObjectTable table = new ObjectTable(object);
        FieldDefinition field = object.field(fieldId).orElseThrow();
        Field<JSONB> value = table.customJson(field);
        Map<String, List<UUID>> byValue = new LinkedHashMap<>();
        db.select(table.id, value).from(table.table())
                .where(table.scope(tenant), table.live(), value.isNotNull())
                .forEach(row -> byValue.computeIfAbsent(uniqueKey(ValueCodec.fromJson(field, ValueCodec.JSON.readTree(row.value2().data()))),
                        text -> new ArrayList<>()).add(row.value1()));
        List<String> duplicated = byValue.entrySet().stream().filter(entry -> entry.getValue().size() > 1).map(Map.Entry::getKey).limit(20)
                .toList();
        if (!duplicated.isEmpty()) {
            throw io.metaplatform.core.PlatformException.validation(List.of(new io.metaplatform.core.Violation("constraints.unique",
                    "DUPLICATE_VALUES", "live records share these values: " + duplicated)));
        }
        Map<UUID, Object> claims = new LinkedHashMap<>();
        byValue.forEach((text, ids) -> claims.put(ids.getFirst(), text));
        claimUnique(tenant, fieldId, claims);
    }

    public void dropUniqueValues(TenantId tenant, FieldId field) {
        db.deleteFrom(RECORD_UNIQUE).where(RECORD_UNIQUE.TENANT_ID.eq(tenant.value()), RECORD_UNIQUE.FIELD_ID.eq(field.value())).execute();
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
        dropUniqueValues(tenant, field);
        return switch (storage) {
            case Storage.CustomKey key -> {
                ObjectTable table = new ObjectTable(object);
                yield db.update(table.table())
                        .set(table.custom, DSL.field("{0} - {1}", SQLDataType.JSONB, table.custom, DSL.val(key.key())))
                        .where(table.scope(tenant), DSL.jsonbGetAttribute(table.custom, key.key()).isNotNull())
                        .execute();
            }
            case Storage.Link link -> db.deleteFrom(RECORD_LINK)
                    .where(RECORD_LINK.TENANT_ID.eq(tenant.value()), RECORD_LINK.FIELD_ID.eq(field.value())).execute();
            case Storage.Column column -> 0;
            case Storage.Computed computed -> 0;
        };
    }

    // ---- change log ----

    public void logChanges(TenantId tenant, List<ChangeRow> changes, String actor, Instant now) {
        if (changes.isEmpty()) {
            return;
        }
        var insert = db.insertInto(RECORD_CHANGE, RECORD_CHANGE.TENANT_ID, RECORD_CHANGE.ID, RECORD_CHANGE.OBJECT_ID, RECORD_CHANGE.RECORD_ID,
                RECORD_CHANGE.OPERATION, RECORD_CHANGE.ACTOR, RECORD_CHANGE.CHANGED_AT, RECORD_CHANGE.CHANGES);
        for (ChangeRow change : changes) {
            insert = insert.values(tenant.value(), UUID.randomUUID(), change.objectId(), change.recordId(), change.operation(), actor,
                    utc(now), JSONB.valueOf(ValueCodec.JSON.writeValueAsString(change.changes())));
        }
        insert.execute();
    }

    /** The newest {@code limit} changes of each record, in one statement. */
    @SuppressWarnings("unchecked")
    public Map<UUID, List<RecordChangeEntry>> histories(TenantId tenant, Collection<UUID> recordIds, int limit) {
        var rowNumber = DSL.rowNumber().over(DSL.partitionBy(RECORD_CHANGE.RECORD_ID)
                .orderBy(RECORD_CHANGE.CHANGED_AT.desc(), RECORD_CHANGE.ID)).as("rn");
        var inner = db.select(RECORD_CHANGE.asterisk(), rowNumber).from(RECORD_CHANGE)
                .where(RECORD_CHANGE.TENANT_ID.eq(tenant.value()), RECORD_CHANGE.RECORD_ID.in(recordIds)).asTable("h");
        Field<Integer> rn = DSL.field(DSL.name("h", "rn"), SQLDataType.INTEGER);
        Map<UUID, List<RecordChangeEntry>> result = new LinkedHashMap<>();
        for (Record row : db.selectFrom(inner).where(rn.le(limit)).orderBy(rn).fetch()) {
            RecordChangeEntry entry = new RecordChangeEntry(row.get("id", UUID.class), row.get("record_id", UUID.class),
                    row.get("operation", String.class), row.get("actor", String.class), row.get("changed_at", OffsetDateTime.class).toInstant(),
                    ValueCodec.JSON.readValue(row.get("changes", JSONB.class).data(), Map.class));
            result.computeIfAbsent(entry.recordId(), id -> new ArrayList<>()).add(entry);
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    public List<RecordChangeEntry> history(TenantId tenant, UUID recordId, int limit) {
        return db.selectFrom(RECORD_CHANGE)
                .where(RECORD_CHANGE.TENANT_ID.eq(tenant.value()), RECORD_CHANGE.RECORD_ID.eq(recordId))
                .orderBy(RECORD_CHANGE.CHANGED_AT.desc(), RECORD_CHANGE.ID)
                .limit(limit)
                .fetch(row -> new RecordChangeEntry(row.getId(), row.getRecordId(), row.getOperation(), row.getActor(),
                        row.getChangedAt().toInstant(), ValueCodec.JSON.readValue(row.getChanges().data(), Map.class)));
    }

    // Only changes of transactions that ended before the oldest running one: no change can appear
    // behind a position a reader has passed.
    private static Condition settled() {
        return RECORD_CHANGE.TX_ID.lt(DSL.field("pg_snapshot_xmin(pg_current_snapshot())::text::bigint", SQLDataType.BIGINT));
    }

    /** Settled changes of an object's records after {@code after}, in log order, at most {@code limit}. */
    @SuppressWarnings("unchecked")
    public List<PositionedChange> changesAfter(TenantId tenant, UUID objectId, ChangePosition after, int limit) {
        return db.selectFrom(RECORD_CHANGE)
                .where(RECORD_CHANGE.TENANT_ID.eq(tenant.value()), RECORD_CHANGE.OBJECT_ID.eq(objectId), settled(),
                        DSL.row(RECORD_CHANGE.TX_ID, RECORD_CHANGE.SEQ).gt(after.transaction(), after.sequence()))
                .orderBy(RECORD_CHANGE.TX_ID, RECORD_CHANGE.SEQ)
                .limit(limit)
                .fetch(row -> new PositionedChange(new ChangePosition(row.getTxId(), row.getSeq()),
                        new RecordChangeEntry(row.getId(), row.getRecordId(), row.getOperation(), row.getActor(),
                                row.getChangedAt().toInstant(), ValueCodec.JSON.readValue(row.getChanges().data(), Map.class))));
    }

    /** The position of the last settled change of an object's records, or {@link ChangePosition#START}. */
    public ChangePosition lastChange(TenantId tenant, UUID objectId) {
        return db.select(RECORD_CHANGE.TX_ID, RECORD_CHANGE.SEQ).from(RECORD_CHANGE)
                .where(RECORD_CHANGE.TENANT_ID.eq(tenant.value()), RECORD_CHANGE.OBJECT_ID.eq(objectId), settled())
                .orderBy(RECORD_CHANGE.TX_ID.desc(), RECORD_CHANGE.SEQ.desc())
                .limit(1)
                .fetchOptional(row -> new ChangePosition(row.value1(), row.value2()))
                .orElse(ChangePosition.START);
    }

    static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
