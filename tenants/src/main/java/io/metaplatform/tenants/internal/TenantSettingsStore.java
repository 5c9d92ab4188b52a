package io.metaplatform.tenants.internal;

import static io.metaplatform.tenants.internal.jooq.Tables.TENANT_SETTINGS;

import io.metaplatform.core.TenantId;
import io.metaplatform.tenants.TenantSettings;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/**
 * {@code tenant_settings}: tenant-owned, under row-level security, so every call needs the tenant
 * bound and a running transaction. Queries filter by tenant as well, as every query must.
 */
@Repository
public class TenantSettingsStore {

    private final DSLContext db;

    TenantSettingsStore(DSLContext db) {
        this.db = db;
    }

    public void insert(TenantId tenant, TenantSettings settings, Instant at, String actor) {
        db.insertInto(TENANT_SETTINGS)
                .set(TENANT_SETTINGS.TENANT_ID, tenant.value())
                .set(TENANT_SETTINGS.DEFAULT_CURRENCY, settings.defaultCurrency())
                .set(TENANT_SETTINGS.LOCALE, settings.locale())
                .set(TENANT_SETTINGS.TIME_ZONE, settings.timeZone())
                .set(TENANT_SETTINGS.UPDATED_AT, at.atOffset(ZoneOffset.UTC))
                .set(TENANT_SETTINGS.UPDATED_BY, actor)
                .execute();
    }

    public Optional<TenantSettings> find(TenantId tenant) {
        return db.select(TENANT_SETTINGS.DEFAULT_CURRENCY, TENANT_SETTINGS.LOCALE, TENANT_SETTINGS.TIME_ZONE)
                .from(TENANT_SETTINGS)
                .where(TENANT_SETTINGS.TENANT_ID.eq(tenant.value()))
                .fetchOptional(row -> new TenantSettings(row.value1(), row.value2(), row.value3()));
    }

    public void update(TenantId tenant, TenantSettings settings, Instant at, String actor) {
        db.update(TENANT_SETTINGS)
                .set(TENANT_SETTINGS.DEFAULT_CURRENCY, settings.defaultCurrency())
                .set(TENANT_SETTINGS.LOCALE, settings.locale())
                .set(TENANT_SETTINGS.TIME_ZONE, settings.timeZone())
                .set(TENANT_SETTINGS.UPDATED_AT, at.atOffset(ZoneOffset.UTC))
                .set(TENANT_SETTINGS.UPDATED_BY, actor)
                .where(TENANT_SETTINGS.TENANT_ID.eq(tenant.value()))
                .execute();
    }
}
