package io.metaplatform.tenants;

import static io.metaplatform.tenants.internal.jooq.Tables.TENANT_SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantId;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.transaction.support.TransactionTemplate;

/** With one pooled connection, the next transaction provably runs on the connection the last one used. */
@SpringBootTest(properties = "platform.db.pool-size=1")
class PooledConnectionTest {

    @Autowired
    TenantService tenants;
    @Autowired
    DSLContext db;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void connectionReusedAfterATenantTransactionCarriesNoTenant() {
        TenantId tenant = tenants.create(new NewTenant(TenantProvisioningTest.uniqueSlug(), "Pooled", null), "op").id();

        Record2<Integer, String> during = TenantContext.callAs(tenant, () -> transactions.execute(status -> session()));
        Record2<Integer, String> after = transactions.execute(status -> session());
        Integer visibleAfter = transactions.execute(status -> db.fetchCount(TENANT_SETTINGS));
        String outsideTransaction = db.select(DSL.field("current_setting('app.tenant_id', true)", String.class)).fetchOne().value1();

        assertThat(after.value1()).as("same backend process").isEqualTo(during.value1());
        assertThat(during.value2()).isEqualTo(tenant.toString());
        assertThat(after.value2()).isEmpty();
        assertThat(visibleAfter).isZero();
        assertThat(outsideTransaction).isNullOrEmpty();
    }

    private Record2<Integer, String> session() {
        return db.select(DSL.field("pg_backend_pid()", Integer.class), DSL.field("current_setting('app.tenant_id', true)", String.class))
                .fetchOne();
    }
}
