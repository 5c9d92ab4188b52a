package io.metaplatform.tenants.internal;

import static io.metaplatform.tenants.internal.jooq.Tables.API_KEY;

import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.tenants.ApiKey;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Repository;

/**
 * {@code api_key}: tenant-owned, under row-level security, so every call needs the tenant bound and a
 * running transaction; queries filter by tenant as well.
 */
@Repository
public class ApiKeyStore {

    /** A stored key with the hash its secret is checked against. */
    public record StoredKey(ApiKey key, byte[] secretHash) {
    }

    private final DSLContext db;

    ApiKeyStore(DSLContext db) {
        this.db = db;
    }

    public void insert(TenantId tenant, ApiKey key, byte[] secretHash) {
        db.insertInto(API_KEY)
                .set(API_KEY.TENANT_ID, tenant.value())
                .set(API_KEY.ID, key.id())
                .set(API_KEY.NAME, key.name())
                .set(API_KEY.SECRET_HASH, secretHash)
                .set(API_KEY.SECRET_HINT, key.hint())
                .set(API_KEY.ROLES, key.roles().stream().map(Role::claimValue).sorted().toArray(String[]::new))
                .set(API_KEY.TENANT_ROLES, key.tenantRoles().stream().sorted().toArray(String[]::new))
                .set(API_KEY.CREATED_AT, utc(key.createdAt()))
                .set(API_KEY.CREATED_BY, key.createdBy())
                .set(API_KEY.EXPIRES_AT, key.expiresAt().map(ApiKeyStore::utc).orElse(null))
                .execute();
    }

    public boolean liveNameTaken(TenantId tenant, String name) {
        return db.fetchExists(API_KEY, API_KEY.TENANT_ID.eq(tenant.value()), API_KEY.NAME.eq(name), API_KEY.REVOKED_AT.isNull());
    }

    public int countLive(TenantId tenant) {
        return db.fetchCount(API_KEY, API_KEY.TENANT_ID.eq(tenant.value()), API_KEY.REVOKED_AT.isNull());
    }

    /** Every key of the tenant, live ones first, newest first. */
    public List<ApiKey> list(TenantId tenant) {
        return db.selectFrom(API_KEY)
                .where(API_KEY.TENANT_ID.eq(tenant.value()))
                .orderBy(API_KEY.REVOKED_AT.isNull().desc(), API_KEY.CREATED_AT.desc(), API_KEY.ID)
                .fetch(ApiKeyStore::key);
    }

    /** The keys requests may still use (unrevoked; expiry is checked per request), with their hashes. */
    public List<StoredKey> live(TenantId tenant) {
        return db.selectFrom(API_KEY)
                .where(API_KEY.TENANT_ID.eq(tenant.value()), API_KEY.REVOKED_AT.isNull())
                .fetch(row -> new StoredKey(key(row), row.get(API_KEY.SECRET_HASH)));
    }

    public Optional<ApiKey> find(TenantId tenant, UUID id) {
        return db.selectFrom(API_KEY).where(API_KEY.TENANT_ID.eq(tenant.value()), API_KEY.ID.eq(id)).fetchOptional(ApiKeyStore::key);
    }

    /** Revokes a live key; false when it is unknown or already revoked. */
    public boolean revoke(TenantId tenant, UUID id, Instant at, String actor) {
        return db.update(API_KEY)
                .set(API_KEY.REVOKED_AT, utc(at))
                .set(API_KEY.REVOKED_BY, actor)
                .where(API_KEY.TENANT_ID.eq(tenant.value()), API_KEY.ID.eq(id), API_KEY.REVOKED_AT.isNull())
                .execute() == 1;
    }

    /** The live keys holding tenant role {@code role}. */
    public List<ApiKey> holding(TenantId tenant, String role) {
        return db.selectFrom(API_KEY)
                .where(API_KEY.TENANT_ID.eq(tenant.value()), API_KEY.REVOKED_AT.isNull(),
                        org.jooq.impl.DSL.val(role).eq(org.jooq.impl.DSL.any(API_KEY.TENANT_ROLES)))
                .orderBy(API_KEY.NAME)
                .fetch(ApiKeyStore::key);
    }

    public void touch(TenantId tenant, UUID id, Instant at) {
        db.update(API_KEY)
                .set(API_KEY.LAST_USED_AT, utc(at))
                .where(API_KEY.TENANT_ID.eq(tenant.value()), API_KEY.ID.eq(id))
                .execute();
    }

    private static ApiKey key(Record row) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream(row.get(API_KEY.ROLES)).map(Role::fromClaimValue).flatMap(Optional::stream).forEach(roles::add);
        return new ApiKey(row.get(API_KEY.ID), row.get(API_KEY.NAME), roles, Set.of(row.get(API_KEY.TENANT_ROLES)), row.get(API_KEY.SECRET_HINT),
                row.get(API_KEY.CREATED_AT).toInstant(), row.get(API_KEY.CREATED_BY),
                Optional.ofNullable(row.get(API_KEY.EXPIRES_AT)).map(OffsetDateTime::toInstant),
                Optional.ofNullable(row.get(API_KEY.REVOKED_AT)).map(OffsetDateTime::toInstant),
                Optional.ofNullable(row.get(API_KEY.REVOKED_BY)),
                Optional.ofNullable(row.get(API_KEY.LAST_USED_AT)).map(OffsetDateTime::toInstant));
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
