package io.metaplatform.registry.internal;

import static io.metaplatform.registry.internal.jooq.Tables.FIELD_DEF;
import static io.metaplatform.registry.internal.jooq.Tables.METADATA_CHANGE;
import static io.metaplatform.registry.internal.jooq.Tables.OBJECT_DEF;
import static io.metaplatform.registry.internal.jooq.Tables.TENANT_METADATA;

import io.metaplatform.core.TenantId;
import io.metaplatform.registry.ApiName;
import io.metaplatform.registry.Constraints;
import io.metaplatform.registry.FieldId;
import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.MetadataChangeEntry;
import io.metaplatform.registry.ObjectId;
import io.metaplatform.registry.Storage;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/** The tenant's overlay rows ({@code object_def}, {@code field_def}), its version and its change log. */
@Repository
public class MetadataStore {

    private static final String UNCOMMITTED = MetadataStore.class.getName() + ".uncommitted:";

    private final DSLContext db;
    private final JsonMapper json;

    MetadataStore(DSLContext db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /** A row of {@code object_def}. */
    public record StoredObject(ObjectId id, ApiName apiName, String labelSingular, String labelPlural, String description, int position,
            boolean builtIn, Instant deletedAt, long version) {
    }

    /** A row of {@code field_def}. */
    public record StoredField(FieldId id, ObjectId objectId, ApiName apiName, String label, String description, int position,
            FieldType type, Constraints constraints, Storage storage, boolean builtIn, Instant deletedAt, Instant purgedAt, long version) {
    }

    public long version(TenantId tenant) {
        Long version = db.select(TENANT_METADATA.VERSION).from(TENANT_METADATA)
                .where(TENANT_METADATA.TENANT_ID.eq(tenant.value())).fetchOne(TENANT_METADATA.VERSION);
        return version == null ? 0 : version;
    }

    /**
     * Increments the tenant's metadata version (serialising concurrent changes of one tenant) and returns it. Inside a
     * transaction, the tenant is marked as {@link #changedInThisTransaction changed in it} until the transaction ends,
     * so no cache keeps a schema of a version that may still roll back.
     */
    public long bumpVersion(TenantId tenant, Instant at) {
        String key = UNCOMMITTED + tenant;
        if (TransactionSynchronizationManager.isSynchronizationActive() && !TransactionSynchronizationManager.hasResource(key)) {
            TransactionSynchronizationManager.bindResource(key, Boolean.TRUE);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(key);
                }
            });
        }
        return db.insertInto(TENANT_METADATA)
                .set(TENANT_METADATA.TENANT_ID, tenant.value())
                .set(TENANT_METADATA.VERSION, 1L)
                .set(TENANT_METADATA.UPDATED_AT, utc(at))
                .onConflict(TENANT_METADATA.TENANT_ID)
                .doUpdate()
                .set(TENANT_METADATA.VERSION, TENANT_METADATA.VERSION.plus(1))
                .set(TENANT_METADATA.UPDATED_AT, utc(at))
                .returning(TENANT_METADATA.VERSION)
                .fetchOne(TENANT_METADATA.VERSION);
    }

    /** Whether the running transaction changed the tenant's metadata version: what it reads of it is not committed yet. */
    public static boolean changedInThisTransaction(TenantId tenant) {
        return TransactionSynchronizationManager.hasResource(UNCOMMITTED + tenant);
    }

    public List<StoredObject> objects(TenantId tenant) {
        return db.selectFrom(OBJECT_DEF).where(OBJECT_DEF.TENANT_ID.eq(tenant.value())).orderBy(OBJECT_DEF.POSITION, OBJECT_DEF.ID)
                .fetch(row -> new StoredObject(new ObjectId(row.getId()), ApiName.of(row.getApiName()), row.getLabelSingular(),
                        row.getLabelPlural(), row.getDescription(), row.getPosition(), row.getBuiltIn(), instant(row.getDeletedAt()),
                        row.getVersion()));
    }

    public List<StoredField> fields(TenantId tenant) {
        return db.selectFrom(FIELD_DEF).where(FIELD_DEF.TENANT_ID.eq(tenant.value())).orderBy(FIELD_DEF.POSITION, FIELD_DEF.ID)
                .fetch(row -> new StoredField(new FieldId(row.getId()), new ObjectId(row.getObjectId()), ApiName.of(row.getApiName()),
                        row.getLabel(), row.getDescription(), row.getPosition(), read(row.getFieldType(), FieldType.class),
                        read(row.getFieldConstraints(), Constraints.class), read(row.getStorage(), Storage.class), row.getBuiltIn(),
                        instant(row.getDeletedAt()), instant(row.getPurgedAt()), row.getVersion()));
    }

    public void insertObject(TenantId tenant, StoredObject object, Instant at) {
        db.insertInto(OBJECT_DEF)
                .set(OBJECT_DEF.TENANT_ID, tenant.value())
                .set(OBJECT_DEF.ID, object.id().value())
                .set(OBJECT_DEF.API_NAME, object.apiName().value())
                .set(OBJECT_DEF.LABEL_SINGULAR, object.labelSingular())
                .set(OBJECT_DEF.LABEL_PLURAL, object.labelPlural())
                .set(OBJECT_DEF.DESCRIPTION, object.description())
                .set(OBJECT_DEF.POSITION, object.position())
                .set(OBJECT_DEF.BUILT_IN, object.builtIn())
                .set(OBJECT_DEF.DELETED_AT, utc(object.deletedAt()))
                .set(OBJECT_DEF.VERSION, object.version())
                .set(OBJECT_DEF.CREATED_AT, utc(at))
                .set(OBJECT_DEF.UPDATED_AT, utc(at))
                .execute();
    }

    /** Writes {@code object} over the row at {@code expectedVersion}; false when another change came first. */
    public boolean updateObject(TenantId tenant, StoredObject object, long expectedVersion, Instant at) {
        return db.update(OBJECT_DEF)
                .set(OBJECT_DEF.API_NAME, object.apiName().value())
                .set(OBJECT_DEF.LABEL_SINGULAR, object.labelSingular())
                .set(OBJECT_DEF.LABEL_PLURAL, object.labelPlural())
                .set(OBJECT_DEF.DESCRIPTION, object.description())
                .set(OBJECT_DEF.POSITION, object.position())
                .set(OBJECT_DEF.DELETED_AT, utc(object.deletedAt()))
                .set(OBJECT_DEF.VERSION, object.version())
                .set(OBJECT_DEF.UPDATED_AT, utc(at))
                .where(OBJECT_DEF.TENANT_ID.eq(tenant.value()), OBJECT_DEF.ID.eq(object.id().value()), OBJECT_DEF.VERSION.eq(expectedVersion))
                .execute() == 1;
    }

    public void insertField(TenantId tenant, StoredField field, Instant at) {
        db.insertInto(FIELD_DEF)
                .set(FIELD_DEF.TENANT_ID, tenant.value())
                .set(FIELD_DEF.ID, field.id().value())
                .set(FIELD_DEF.OBJECT_ID, field.objectId().value())
                .set(FIELD_DEF.API_NAME, field.apiName().value())
                .set(FIELD_DEF.LABEL, field.label())
                .set(FIELD_DEF.DESCRIPTION, field.description())
                .set(FIELD_DEF.POSITION, field.position())
                .set(FIELD_DEF.FIELD_TYPE, write(field.type(), FieldType.class))
                .set(FIELD_DEF.FIELD_CONSTRAINTS, write(field.constraints(), Constraints.class))
                .set(FIELD_DEF.STORAGE, write(field.storage(), Storage.class))
                .set(FIELD_DEF.BUILT_IN, field.builtIn())
                .set(FIELD_DEF.DELETED_AT, utc(field.deletedAt()))
                .set(FIELD_DEF.PURGED_AT, utc(field.purgedAt()))
                .set(FIELD_DEF.VERSION, field.version())
                .set(FIELD_DEF.CREATED_AT, utc(at))
                .set(FIELD_DEF.UPDATED_AT, utc(at))
                .execute();
    }

    /** Writes {@code field} over the row at {@code expectedVersion}; false when another change came first. */
    public boolean updateField(TenantId tenant, StoredField field, long expectedVersion, Instant at) {
        return db.update(FIELD_DEF)
                .set(FIELD_DEF.API_NAME, field.apiName().value())
                .set(FIELD_DEF.LABEL, field.label())
                .set(FIELD_DEF.DESCRIPTION, field.description())
                .set(FIELD_DEF.POSITION, field.position())
                .set(FIELD_DEF.FIELD_TYPE, write(field.type(), FieldType.class))
                .set(FIELD_DEF.FIELD_CONSTRAINTS, write(field.constraints(), Constraints.class))
                .set(FIELD_DEF.STORAGE, write(field.storage(), Storage.class))
                .set(FIELD_DEF.DELETED_AT, utc(field.deletedAt()))
                .set(FIELD_DEF.PURGED_AT, utc(field.purgedAt()))
                .set(FIELD_DEF.VERSION, field.version())
                .set(FIELD_DEF.UPDATED_AT, utc(at))
                .where(FIELD_DEF.TENANT_ID.eq(tenant.value()), FIELD_DEF.ID.eq(field.id().value()), FIELD_DEF.VERSION.eq(expectedVersion))
                .execute() == 1;
    }

    public void logChange(TenantId tenant, long metadataVersion, String actor, Instant at, String operation, String targetKind,
            UUID targetId, Object before, Object after) {
        db.insertInto(METADATA_CHANGE)
                .set(METADATA_CHANGE.TENANT_ID, tenant.value())
                .set(METADATA_CHANGE.ID, UUID.randomUUID())
                .set(METADATA_CHANGE.METADATA_VERSION, metadataVersion)
                .set(METADATA_CHANGE.ACTOR, actor)
                .set(METADATA_CHANGE.CHANGED_AT, utc(at))
                .set(METADATA_CHANGE.OPERATION, operation)
                .set(METADATA_CHANGE.TARGET_KIND, targetKind)
                .set(METADATA_CHANGE.TARGET_ID, targetId)
                .set(METADATA_CHANGE.BEFORE_VALUE, before == null ? null : JSONB.valueOf(json.writeValueAsString(before)))
                .set(METADATA_CHANGE.AFTER_VALUE, after == null ? null : JSONB.valueOf(json.writeValueAsString(after)))
                .execute();
    }

    /** Where an entry stands in the change log's order; its text form is the API's cursor. */
    public record ChangePosition(long version, java.time.OffsetDateTime changedAt, java.util.UUID id) {

        /** The position a cursor names; empty when the text is not a cursor. */
        public static Optional<ChangePosition> decode(String cursor) {
            try {
                String[] parts = new String(java.util.Base64.getUrlDecoder().decode(cursor), java.nio.charset.StandardCharsets.UTF_8)
                        .split(":", 4);
                if (parts.length != 4 || !parts[0].equals("c")) {
                    return Optional.empty();
                }
                long micros = Long.parseLong(parts[2]);
                return Optional.of(new ChangePosition(Long.parseLong(parts[1]),
                        java.time.Instant.EPOCH.plus(micros, java.time.temporal.ChronoUnit.MICROS).atOffset(java.time.ZoneOffset.UTC),
                        java.util.UUID.fromString(parts[3])));
            } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
                return Optional.empty();
            }
        }

        String encode() {
            long micros = java.time.temporal.ChronoUnit.MICROS.between(java.time.Instant.EPOCH, changedAt.toInstant());
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(("c:" + version + ":" + micros + ":" + id)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** Up to {@code first} change-log entries after {@code after}, in (version, time, id) order. */
    public io.metaplatform.registry.MetadataChangePage changeLog(TenantId tenant, Optional<ChangePosition> after, int first) {
        var rows = db.selectFrom(METADATA_CHANGE)
                .where(METADATA_CHANGE.TENANT_ID.eq(tenant.value()))
                .and(after.map(from -> org.jooq.impl.DSL.row(METADATA_CHANGE.METADATA_VERSION, METADATA_CHANGE.CHANGED_AT, METADATA_CHANGE.ID)
                        .gt(from.version(), from.changedAt(), from.id())).orElse(org.jooq.impl.DSL.noCondition()))
                .orderBy(METADATA_CHANGE.METADATA_VERSION, METADATA_CHANGE.CHANGED_AT, METADATA_CHANGE.ID)
                .limit(first + 1)
                .fetch();
        var page = rows.stream().limit(first).toList();
        return new io.metaplatform.registry.MetadataChangePage(
                page.stream().map(row -> new MetadataChangeEntry(row.getMetadataVersion(), row.getActor(), row.getChangedAt().toInstant(),
                        row.getOperation(), row.getTargetKind(), row.getTargetId(), text(row.getBeforeValue()), text(row.getAfterValue()))).toList(),
                page.stream().map(row -> new ChangePosition(row.getMetadataVersion(), row.getChangedAt(), row.getId()).encode()).toList(),
                rows.size() > first);
    }

    public List<MetadataChangeEntry> changes(TenantId tenant, long sinceVersion, int limit) {
        return db.selectFrom(METADATA_CHANGE)
                .where(METADATA_CHANGE.TENANT_ID.eq(tenant.value()), METADATA_CHANGE.METADATA_VERSION.gt(sinceVersion))
                .orderBy(METADATA_CHANGE.METADATA_VERSION, METADATA_CHANGE.CHANGED_AT)
                .limit(limit)
                .fetch(row -> new MetadataChangeEntry(row.getMetadataVersion(), row.getActor(), row.getChangedAt().toInstant(),
                        row.getOperation(), row.getTargetKind(), row.getTargetId(), text(row.getBeforeValue()), text(row.getAfterValue())));
    }

    private <T> JSONB write(T value, Class<T> type) {
        return JSONB.valueOf(json.writerFor(type).writeValueAsString(value));
    }

    private <T> T read(JSONB value, Class<T> type) {
        return json.readValue(value.data(), type);
    }

    private static String text(JSONB value) {
        return value == null ? null : value.data();
    }

    static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
