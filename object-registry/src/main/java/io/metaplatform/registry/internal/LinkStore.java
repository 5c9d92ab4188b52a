package io.metaplatform.registry.internal;

import static io.metaplatform.registry.internal.jooq.Tables.RECORD_LINK;

import io.metaplatform.core.TenantId;
import io.metaplatform.registry.FieldDefinition;
import io.metaplatform.registry.FieldId;
import io.metaplatform.registry.ObjectDefinition;
import io.metaplatform.registry.RecordLink;
import io.metaplatform.registry.Storage;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/**
 * The {@code record_link} table: values of relation fields a record column cannot hold (many-to-many and
 * custom relations), one row per (field, source, target). Statements are per batch, never per record.
 */
@Repository
public class LinkStore {

    private final DSLContext db;

    LinkStore(DSLContext db) {
        this.db = db;
    }

    /** Targets of {@code fields} from each of {@code sourceIds}: source id, field id, targets oldest first; one statement. */
    Map<UUID, Map<UUID, List<UUID>>> targets(TenantId tenant, Collection<UUID> fieldIds, Collection<UUID> sourceIds) {
        Map<UUID, Map<UUID, List<UUID>>> links = new HashMap<>();
        db.select(RECORD_LINK.SOURCE_ID, RECORD_LINK.FIELD_ID, RECORD_LINK.TARGET_ID)
                .from(RECORD_LINK)
                .where(RECORD_LINK.TENANT_ID.eq(tenant.value()), RECORD_LINK.FIELD_ID.in(fieldIds), RECORD_LINK.SOURCE_ID.in(sourceIds))
                .orderBy(RECORD_LINK.CREATED_AT, RECORD_LINK.TARGET_ID)
                .forEach(row -> links.computeIfAbsent(row.value1(), id -> new HashMap<>())
                        .computeIfAbsent(row.value2(), field -> new ArrayList<>()).add(row.value3()));
        return links;
    }

    void insertLinks(TenantId tenant, ObjectDefinition object, Map<UUID, Map<FieldDefinition, Object>> valuesById, String actor,
            Instant now) {
        var insert = db.insertInto(RECORD_LINK, RECORD_LINK.TENANT_ID, RECORD_LINK.FIELD_ID, RECORD_LINK.SOURCE_ID, RECORD_LINK.TARGET_ID,
                RECORD_LINK.CREATED_AT, RECORD_LINK.CREATED_BY);
        boolean any = false;
        for (Map.Entry<UUID, Map<FieldDefinition, Object>> entry : valuesById.entrySet()) {
            for (FieldDefinition field : object.fields()) {
                if (field.storage() instanceof Storage.Link && entry.getValue().get(field) instanceof List<?> targets) {
                    for (Object target : targets) {
                        insert = insert.values(tenant.value(), field.id().value(), entry.getKey(), (UUID) target, RowStore.utc(now), actor);
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
    void replaceLinks(TenantId tenant, ObjectDefinition object, UUID id, Map<FieldDefinition, Object> changes, String actor,
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
        return links(tenant, field, target, sourceIds, DSL.noCondition());
    }

    /** As {@link #links(TenantId, FieldDefinition, ObjectTable, Collection)}, to targets that also meet {@code targetRule}. */
    public Map<UUID, List<RecordLink>> links(TenantId tenant, FieldDefinition field, ObjectTable target, Collection<UUID> sourceIds,
            Condition targetRule) {
        if (sourceIds.isEmpty()) {
            return Map.of();
        }
        Map<UUID, List<RecordLink>> links = new LinkedHashMap<>();
        db.select(RECORD_LINK.SOURCE_ID, RECORD_LINK.TARGET_ID, RECORD_LINK.CREATED_AT, RECORD_LINK.CREATED_BY)
                .from(RECORD_LINK)
                .where(RECORD_LINK.TENANT_ID.eq(tenant.value()), RECORD_LINK.FIELD_ID.eq(field.id().value()),
                        RECORD_LINK.SOURCE_ID.in(sourceIds),
                        RECORD_LINK.TARGET_ID.in(DSL.select(target.id).from(target.table()).where(target.scope(tenant), target.live(), targetRule)))
                .orderBy(RECORD_LINK.CREATED_AT, RECORD_LINK.TARGET_ID)
                .forEach(row -> links.computeIfAbsent(row.value1(), id -> new ArrayList<>())
                        .add(new RecordLink(row.value2(), instant(row.value3()), row.value4())));
        return links;
    }

    /** Sources whose link {@code field} points at one of {@code targetIds}. */
    List<UUID> sourcesLinkedTo(TenantId tenant, FieldId field, Collection<UUID> targetIds) {
        return db.selectDistinct(RECORD_LINK.SOURCE_ID).from(RECORD_LINK)
                .where(RECORD_LINK.TENANT_ID.eq(tenant.value()), RECORD_LINK.FIELD_ID.eq(field.value()), RECORD_LINK.TARGET_ID.in(targetIds))
                .fetch(RECORD_LINK.SOURCE_ID);
    }

    /** Removes the links of {@code field} from {@code sourceIds} to {@code targetIds}. */
    void unlink(TenantId tenant, FieldId field, Collection<UUID> sourceIds, Collection<UUID> targetIds) {
        db.deleteFrom(RECORD_LINK).where(RECORD_LINK.TENANT_ID.eq(tenant.value()), RECORD_LINK.FIELD_ID.eq(field.value()),
                RECORD_LINK.SOURCE_ID.in(sourceIds), RECORD_LINK.TARGET_ID.in(targetIds)).execute();
    }

    /** Removes every link from or to {@code recordIds} (records removed for good). */
    void deleteTouching(TenantId tenant, Collection<UUID> recordIds) {
        db.deleteFrom(RECORD_LINK).where(RECORD_LINK.TENANT_ID.eq(tenant.value()),
                RECORD_LINK.SOURCE_ID.in(recordIds).or(RECORD_LINK.TARGET_ID.in(recordIds))).execute();
    }

    /** Removes every link of a deleted field; returns how many there were. */
    int deleteField(TenantId tenant, FieldId field) {
        return db.deleteFrom(RECORD_LINK).where(RECORD_LINK.TENANT_ID.eq(tenant.value()), RECORD_LINK.FIELD_ID.eq(field.value())).execute();
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
