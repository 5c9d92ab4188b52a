package io.metaplatform.registry.internal;

import static io.metaplatform.registry.internal.jooq.Tables.TENANT_ROLE;
import static io.metaplatform.registry.internal.jooq.Tables.TENANT_ROLE_CLAIM;
import static io.metaplatform.registry.internal.jooq.Tables.TENANT_ROLE_FIELD_GRANT;
import static io.metaplatform.registry.internal.jooq.Tables.TENANT_ROLE_MAPPING;
import static io.metaplatform.registry.internal.jooq.Tables.TENANT_ROLE_OBJECT_GRANT;

import io.metaplatform.core.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.stereotype.Repository;

/**
 * The tenant's roles, their grants by object and field id, and the claim mapping ({@code tenant_role*}). Values
 * here are storage form (ids, JSON text); the role service turns them into the model.
 */
@Repository
public class RoleStore {

    private final DSLContext db;

    RoleStore(DSLContext db) {
        this.db = db;
    }

    /** A stored role with its object grants. */
    public record StoredRole(UUID id, String name, String description, boolean builtIn, long version, List<StoredGrant> grants) {
    }

    /** A stored object grant: field ids mapped to whether they are editable. */
    public record StoredGrant(UUID objectId, List<String> operations, String fieldScope, Map<UUID, Boolean> fields, String readRule,
            String writeRule) {
    }

    public List<StoredRole> roles(TenantId tenant) {
        Map<UUID, List<StoredGrant>> grants = new LinkedHashMap<>();
        Map<List<UUID>, Map<UUID, Boolean>> fields = new LinkedHashMap<>();
        db.selectFrom(TENANT_ROLE_FIELD_GRANT).where(TENANT_ROLE_FIELD_GRANT.TENANT_ID.eq(tenant.value()))
                .orderBy(TENANT_ROLE_FIELD_GRANT.FIELD_ID)
                .forEach(row -> fields.computeIfAbsent(List.of(row.getRoleId(), row.getObjectId()), key -> new LinkedHashMap<>())
                        .put(row.getFieldId(), row.getCanEdit()));
        db.selectFrom(TENANT_ROLE_OBJECT_GRANT).where(TENANT_ROLE_OBJECT_GRANT.TENANT_ID.eq(tenant.value()))
                .orderBy(TENANT_ROLE_OBJECT_GRANT.OBJECT_ID)
                .forEach(row -> grants.computeIfAbsent(row.getRoleId(), key -> new ArrayList<>()).add(new StoredGrant(row.getObjectId(),
                        List.of(row.getOperations()), row.getFieldScope(), fields.getOrDefault(List.of(row.getRoleId(), row.getObjectId()), Map.of()),
                        text(row.getReadRule()), text(row.getWriteRule()))));
        return db.selectFrom(TENANT_ROLE).where(TENANT_ROLE.TENANT_ID.eq(tenant.value())).orderBy(TENANT_ROLE.NAME)
                .fetch(row -> new StoredRole(row.getId(), row.getName(), row.getDescription(), row.getBuiltIn(), row.getVersion(),
                        grants.getOrDefault(row.getId(), List.of())));
    }

    /** Inserts the role, or replaces the role of that id (its grants included). */
    public void save(TenantId tenant, StoredRole role, Instant at) {
        db.deleteFrom(TENANT_ROLE_OBJECT_GRANT)
                .where(TENANT_ROLE_OBJECT_GRANT.TENANT_ID.eq(tenant.value()), TENANT_ROLE_OBJECT_GRANT.ROLE_ID.eq(role.id())).execute();
        db.insertInto(TENANT_ROLE)
                .set(TENANT_ROLE.TENANT_ID, tenant.value())
                .set(TENANT_ROLE.ID, role.id())
                .set(TENANT_ROLE.NAME, role.name())
                .set(TENANT_ROLE.DESCRIPTION, role.description())
                .set(TENANT_ROLE.BUILT_IN, role.builtIn())
                .set(TENANT_ROLE.VERSION, role.version())
                .set(TENANT_ROLE.CREATED_AT, RowStore.utc(at))
                .set(TENANT_ROLE.UPDATED_AT, RowStore.utc(at))
                .onConflict(TENANT_ROLE.TENANT_ID, TENANT_ROLE.ID)
                .doUpdate()
                .set(TENANT_ROLE.NAME, role.name())
                .set(TENANT_ROLE.DESCRIPTION, role.description())
                .set(TENANT_ROLE.VERSION, role.version())
                .set(TENANT_ROLE.UPDATED_AT, RowStore.utc(at))
                .execute();
        for (StoredGrant grant : role.grants()) {
            db.insertInto(TENANT_ROLE_OBJECT_GRANT)
                    .set(TENANT_ROLE_OBJECT_GRANT.TENANT_ID, tenant.value())
                    .set(TENANT_ROLE_OBJECT_GRANT.ROLE_ID, role.id())
                    .set(TENANT_ROLE_OBJECT_GRANT.OBJECT_ID, grant.objectId())
                    .set(TENANT_ROLE_OBJECT_GRANT.OPERATIONS, grant.operations().toArray(String[]::new))
                    .set(TENANT_ROLE_OBJECT_GRANT.FIELD_SCOPE, grant.fieldScope())
                    .set(TENANT_ROLE_OBJECT_GRANT.READ_RULE, grant.readRule() == null ? null : JSONB.valueOf(grant.readRule()))
                    .set(TENANT_ROLE_OBJECT_GRANT.WRITE_RULE, grant.writeRule() == null ? null : JSONB.valueOf(grant.writeRule()))
                    .execute();
            new TreeMap<>(grant.fields()).forEach((field, editable) -> db.insertInto(TENANT_ROLE_FIELD_GRANT)
                    .set(TENANT_ROLE_FIELD_GRANT.TENANT_ID, tenant.value())
                    .set(TENANT_ROLE_FIELD_GRANT.ROLE_ID, role.id())
                    .set(TENANT_ROLE_FIELD_GRANT.OBJECT_ID, grant.objectId())
                    .set(TENANT_ROLE_FIELD_GRANT.FIELD_ID, field)
                    .set(TENANT_ROLE_FIELD_GRANT.CAN_EDIT, editable)
                    .execute());
        }
    }

    /** Deletes the role; its grants and claim mappings go with it. */
    public boolean delete(TenantId tenant, UUID roleId) {
        return db.deleteFrom(TENANT_ROLE).where(TENANT_ROLE.TENANT_ID.eq(tenant.value()), TENANT_ROLE.ID.eq(roleId)).execute() == 1;
    }

    public Optional<String> claim(TenantId tenant) {
        return db.select(TENANT_ROLE_CLAIM.CLAIM).from(TENANT_ROLE_CLAIM).where(TENANT_ROLE_CLAIM.TENANT_ID.eq(tenant.value()))
                .fetchOptional(TENANT_ROLE_CLAIM.CLAIM);
    }

    /** Claim values to role ids, sorted by value. */
    public Map<String, List<UUID>> mappings(TenantId tenant) {
        Map<String, List<UUID>> mappings = new TreeMap<>();
        db.selectFrom(TENANT_ROLE_MAPPING).where(TENANT_ROLE_MAPPING.TENANT_ID.eq(tenant.value()))
                .orderBy(TENANT_ROLE_MAPPING.CLAIM_VALUE, TENANT_ROLE_MAPPING.ROLE_ID)
                .forEach(row -> mappings.computeIfAbsent(row.getClaimValue(), key -> new ArrayList<>()).add(row.getRoleId()));
        return mappings;
    }

    /** Replaces the claim name and every mapping. */
    public void saveMapping(TenantId tenant, String claim, Map<String, List<UUID>> mappings, Instant at) {
        db.insertInto(TENANT_ROLE_CLAIM)
                .set(TENANT_ROLE_CLAIM.TENANT_ID, tenant.value())
                .set(TENANT_ROLE_CLAIM.CLAIM, claim)
                .set(TENANT_ROLE_CLAIM.UPDATED_AT, RowStore.utc(at))
                .onConflict(TENANT_ROLE_CLAIM.TENANT_ID)
                .doUpdate()
                .set(TENANT_ROLE_CLAIM.CLAIM, claim)
                .set(TENANT_ROLE_CLAIM.UPDATED_AT, RowStore.utc(at))
                .execute();
        db.deleteFrom(TENANT_ROLE_MAPPING).where(TENANT_ROLE_MAPPING.TENANT_ID.eq(tenant.value())).execute();
        mappings.forEach((value, roles) -> roles.forEach(role -> db.insertInto(TENANT_ROLE_MAPPING)
                .set(TENANT_ROLE_MAPPING.TENANT_ID, tenant.value())
                .set(TENANT_ROLE_MAPPING.CLAIM_VALUE, value)
                .set(TENANT_ROLE_MAPPING.ROLE_ID, role)
                .onConflictDoNothing()
                .execute()));
    }

    private static String text(JSONB value) {
        return value == null ? null : value.data();
    }
}
