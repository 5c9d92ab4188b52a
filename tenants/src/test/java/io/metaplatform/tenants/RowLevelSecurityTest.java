package io.metaplatform.tenants;

import static io.metaplatform.tenants.internal.jooq.Tables.TENANT_SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantId;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The database itself keeps tenants apart: queries here deliberately carry no tenant filter and run as
 * the application role, exactly as a buggy store would.
 */
@SpringBootTest
class RowLevelSecurityTest {

    @Autowired
    TenantService tenants;
    @Autowired
    DSLContext db;
    @Autowired
    TransactionTemplate transactions;

    TenantId tenantA;
    TenantId tenantB;

    @BeforeEach
    void twoTenants() {
        tenantA = tenants.create(new NewTenant(TenantProvisioningTest.uniqueSlug(), "A", null), "op").id();
        tenantB = tenants.create(new NewTenant(TenantProvisioningTest.uniqueSlug(), "B", null), "op").id();
    }

    @Test
    void unfilteredQueryAsTenantASeesOnlyTenantARows() {
        List<UUID> visible = TenantContext.callAs(tenantA,
                () -> transactions.execute(status -> db.select(TENANT_SETTINGS.TENANT_ID).from(TENANT_SETTINGS).fetch(TENANT_SETTINGS.TENANT_ID)));

        assertThat(visible).containsExactly(tenantA.value());
    }

    @Test
    void tenantACannotUpdateOrDeleteTenantBRows() {
        int touched = TenantContext.callAs(tenantA, () -> transactions.execute(status ->
                db.update(TENANT_SETTINGS).set(TENANT_SETTINGS.LOCALE, "xx").where(TENANT_SETTINGS.TENANT_ID.eq(tenantB.value())).execute()
                        + db.deleteFrom(TENANT_SETTINGS).where(TENANT_SETTINGS.TENANT_ID.eq(tenantB.value())).execute()));

        assertThat(touched).isZero();
        assertThat(tenants.get(tenantB.toString()).settings()).isEqualTo(TenantSettings.DEFAULTS);
    }

    @Test
    void tenantACannotInsertRowsForTenantB() {
        assertThatThrownBy(() -> TenantContext.callAs(tenantA, () -> transactions.execute(status -> {
            db.deleteFrom(TENANT_SETTINGS).execute();
            return db.insertInto(TENANT_SETTINGS)
                    .set(TENANT_SETTINGS.TENANT_ID, tenantB.value())
                    .set(TENANT_SETTINGS.DEFAULT_CURRENCY, "EUR")
                    .set(TENANT_SETTINGS.LOCALE, "en")
                    .set(TENANT_SETTINGS.TIME_ZONE, "UTC")
                    .set(TENANT_SETTINGS.UPDATED_AT, OffsetDateTime.now())
                    .execute();
        }))).isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("row-level security");
        assertThat(tenants.get(tenantA.toString()).settings()).as("the failed transaction rolled back").isNotNull();
    }

    @Test
    void withoutATenantNoRowIsVisible() {
        Integer visible = transactions.execute(status -> db.fetchCount(TENANT_SETTINGS));

        assertThat(visible).isZero();
    }

    @Test
    void switchingTenantInsideATransactionIsRefused() {
        assertThatThrownBy(() -> TenantContext.callAs(tenantA, () -> transactions.execute(status ->
                TenantContext.callAs(tenantB, () -> db.fetchCount(TENANT_SETTINGS)))))
                .isInstanceOf(IllegalStateException.class);
    }
}
