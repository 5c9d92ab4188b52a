package io.metaplatform.registry.internal;

import static io.metaplatform.registry.internal.jooq.Tables.RECORD_CHANGE;

import io.metaplatform.core.TenantId;
import io.metaplatform.registry.ChangePosition;
import io.metaplatform.registry.PositionedChange;
import io.metaplatform.registry.RecordChangeEntry;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Select;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Repository;

/**
 * The {@code record_change} table: every change of a record, appended in the record's transaction. It
 * serves record history and the change feed (positions are transaction id and sequence).
 */
@Repository
public class ChangeLogStore {

    private final DSLContext db;

    ChangeLogStore(DSLContext db) {
        this.db = db;
    }

    /** A change-log entry to append: per field API name, old and new values in API form. */
    public record ChangeRow(UUID objectId, UUID recordId, String operation, Map<String, Map<String, Object>> changes) {
    }

    public void logChanges(TenantId tenant, List<ChangeRow> changes, String actor, Instant now) {
        if (changes.isEmpty()) {
            return;
        }
        var insert = db.insertInto(RECORD_CHANGE, RECORD_CHANGE.TENANT_ID, RECORD_CHANGE.ID, RECORD_CHANGE.OBJECT_ID, RECORD_CHANGE.RECORD_ID,
                RECORD_CHANGE.OPERATION, RECORD_CHANGE.ACTOR, RECORD_CHANGE.CHANGED_AT, RECORD_CHANGE.CHANGES);
        for (ChangeRow change : changes) {
            insert = insert.values(tenant.value(), UUID.randomUUID(), change.objectId(), change.recordId(), change.operation(), actor,
                    RowStore.utc(now), JSONB.valueOf(ValueCodec.JSON.writeValueAsString(change.changes())));
        }
        insert.execute();
    }

    /** Forgets the history of records removed for good. */
    void deleteForRecords(TenantId tenant, Collection<UUID> recordIds) {
        db.deleteFrom(RECORD_CHANGE).where(RECORD_CHANGE.TENANT_ID.eq(tenant.value()), RECORD_CHANGE.RECORD_ID.in(recordIds)).execute();
    }

    /** The newest {@code limit} changes of each record, in one statement. */
    @SuppressWarnings("unchecked")
    public Map<UUID, List<RecordChangeEntry>> histories(TenantId tenant, Collection<UUID> recordIds, int limit) {
        return histories(tenant, recordIds, limit, null);
    }

    /** As {@link #histories(TenantId, Collection, int)}, only of the records among {@code visible} ({@code null}: all). */
    @SuppressWarnings("unchecked")
    public Map<UUID, List<RecordChangeEntry>> histories(TenantId tenant, Collection<UUID> recordIds, int limit,
            Select<? extends Record1<UUID>> visible) {
        var rowNumber = DSL.rowNumber().over(DSL.partitionBy(RECORD_CHANGE.RECORD_ID)
                .orderBy(RECORD_CHANGE.CHANGED_AT.desc(), RECORD_CHANGE.ID)).as("rn");
        var inner = db.select(RECORD_CHANGE.asterisk(), rowNumber).from(RECORD_CHANGE)
                .where(RECORD_CHANGE.TENANT_ID.eq(tenant.value()), RECORD_CHANGE.RECORD_ID.in(recordIds), among(visible)).asTable("h");
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
        return history(tenant, recordId, limit, null);
    }

    /** As {@link #history(TenantId, UUID, int)}; empty unless the record is among {@code visible} ({@code null}: all). */
    @SuppressWarnings("unchecked")
    public List<RecordChangeEntry> history(TenantId tenant, UUID recordId, int limit, Select<? extends Record1<UUID>> visible) {
        return db.selectFrom(RECORD_CHANGE)
                .where(RECORD_CHANGE.TENANT_ID.eq(tenant.value()), RECORD_CHANGE.RECORD_ID.eq(recordId), among(visible))
                .orderBy(RECORD_CHANGE.CHANGED_AT.desc(), RECORD_CHANGE.ID)
                .limit(limit)
                .fetch(row -> new RecordChangeEntry(row.getId(), row.getRecordId(), row.getOperation(), row.getActor(),
                        row.getChangedAt().toInstant(), ValueCodec.JSON.readValue(row.getChanges().data(), Map.class)));
    }

    private static Condition among(Select<? extends Record1<UUID>> visible) {
        return visible == null ? DSL.noCondition() : RECORD_CHANGE.RECORD_ID.in(visible);
    }

    // Only changes of transactions that ended before the oldest running one: no change can appear
    // behind a position a reader has passed.
    private static Condition settled() {
        return RECORD_CHANGE.TX_ID.lt(DSL.field("pg_snapshot_xmin(pg_current_snapshot())::text::bigint", SQLDataType.BIGINT));
    }

    /** Settled changes of an object's records after {@code after}, in log order, at most {@code limit}. */
    @SuppressWarnings("unchecked")
    public List<PositionedChange> changesAfter(TenantId tenant, UUID objectId, ChangePosition after, int limit) {
        return changesAfter(tenant, objectId, after, limit, null);
    }

    /**
     * As {@link #changesAfter(TenantId, UUID, ChangePosition, int)}, only of the records among {@code visible} ({@code null}:
     * all) in the same statement; changes of records removed for good are then left out.
     */
    @SuppressWarnings("unchecked")
    public List<PositionedChange> changesAfter(TenantId tenant, UUID objectId, ChangePosition after, int limit,
            Select<? extends Record1<UUID>> visible) {
        return db.selectFrom(RECORD_CHANGE)
                .where(RECORD_CHANGE.TENANT_ID.eq(tenant.value()), RECORD_CHANGE.OBJECT_ID.eq(objectId), settled(), among(visible),
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
}
