package io.metaplatform.registry.internal;

import static io.metaplatform.registry.internal.jooq.Tables.LAYOUT;

import io.metaplatform.core.TenantId;
import io.metaplatform.registry.Layout;
import io.metaplatform.registry.ObjectId;
import io.metaplatform.registry.internal.jooq.tables.records.LayoutRecord;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.stereotype.Repository;

/** The {@code layout} table: a tenant's layouts, their definitions as JSON that names fields by id. */
@Repository
public class LayoutStore {

    private final DSLContext db;

    LayoutStore(DSLContext db) {
        this.db = db;
    }

    /**
     * A row of {@code layout}.
     *
     * @param definition the spec as JSON with field ids in place of API names ({@link io.metaplatform.registry.LayoutService})
     */
    public record StoredLayout(UUID id, ObjectId objectId, Layout.Kind kind, String name, String label, boolean isDefault,
            String definition, long version) {
    }

    /** Every layout of the tenant, ordered by object, kind and name. */
    public List<StoredLayout> all(TenantId tenant) {
        return db.selectFrom(LAYOUT).where(LAYOUT.TENANT_ID.eq(tenant.value()))
                .orderBy(LAYOUT.OBJECT_ID, LAYOUT.KIND, LAYOUT.NAME).fetch(LayoutStore::stored);
    }

    public List<StoredLayout> ofObject(TenantId tenant, ObjectId object) {
        return db.selectFrom(LAYOUT).where(LAYOUT.TENANT_ID.eq(tenant.value()), LAYOUT.OBJECT_ID.eq(object.value()))
                .orderBy(LAYOUT.KIND, LAYOUT.NAME).fetch(LayoutStore::stored);
    }

    public void insert(TenantId tenant, StoredLayout layout, Instant now) {
        db.insertInto(LAYOUT)
                .set(LAYOUT.TENANT_ID, tenant.value())
                .set(LAYOUT.ID, layout.id())
                .set(LAYOUT.OBJECT_ID, layout.objectId().value())
                .set(LAYOUT.KIND, layout.kind().name())
                .set(LAYOUT.NAME, layout.name())
                .set(LAYOUT.LABEL, layout.label())
                .set(LAYOUT.IS_DEFAULT, layout.isDefault())
                .set(LAYOUT.DEFINITION, JSONB.valueOf(layout.definition()))
                .set(LAYOUT.VERSION, layout.version())
                .set(LAYOUT.CREATED_AT, now.atOffset(ZoneOffset.UTC))
                .set(LAYOUT.UPDATED_AT, now.atOffset(ZoneOffset.UTC))
                .execute();
    }

    /** Replaces a layout's content if it is still at {@code expectedVersion}; false if another change came first. */
    public boolean update(TenantId tenant, StoredLayout layout, long expectedVersion, Instant now) {
        return db.update(LAYOUT)
                .set(LAYOUT.LABEL, layout.label())
                .set(LAYOUT.IS_DEFAULT, layout.isDefault())
                .set(LAYOUT.DEFINITION, JSONB.valueOf(layout.definition()))
                .set(LAYOUT.VERSION, layout.version())
                .set(LAYOUT.UPDATED_AT, now.atOffset(ZoneOffset.UTC))
                .where(LAYOUT.TENANT_ID.eq(tenant.value()), LAYOUT.ID.eq(layout.id()), LAYOUT.VERSION.eq(expectedVersion))
                .execute() == 1;
    }

    /** Makes no layout of the object and kind the default (before another becomes it: one default per kind). */
    public void clearDefault(TenantId tenant, ObjectId object, Layout.Kind kind) {
        db.update(LAYOUT).set(LAYOUT.IS_DEFAULT, false)
                .where(LAYOUT.TENANT_ID.eq(tenant.value()), LAYOUT.OBJECT_ID.eq(object.value()), LAYOUT.KIND.eq(kind.name()),
                        LAYOUT.IS_DEFAULT.isTrue())
                .execute();
    }

    public void setDefault(TenantId tenant, UUID id) {
        db.update(LAYOUT).set(LAYOUT.IS_DEFAULT, true).where(LAYOUT.TENANT_ID.eq(tenant.value()), LAYOUT.ID.eq(id)).execute();
    }

    public void delete(TenantId tenant, UUID id) {
        db.deleteFrom(LAYOUT).where(LAYOUT.TENANT_ID.eq(tenant.value()), LAYOUT.ID.eq(id)).execute();
    }

    private static StoredLayout stored(LayoutRecord row) {
        return new StoredLayout(row.getId(), new ObjectId(row.getObjectId()), Layout.Kind.valueOf(row.getKind()), row.getName(),
                row.getLabel(), row.getIsDefault(), row.getDefinition().data(), row.getVersion());
    }
}
