package io.metaplatform.core.internal.persistence;

import io.metaplatform.core.StatementCounter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * The one place where the tenant reaches PostgreSQL in a transaction: every transaction starts by applying the
 * {@link TenantSetting} (tenant and statement timeout, transaction-locally), so row-level security sees the bound tenant
 * and a pooled connection forgets it at commit or rollback. A transaction begun inside {@link StatementScopedReads} is
 * read-only whatever it asked for: the reads it is part of promised to write nothing.
 */
final class TenantAwareTransactionManager extends JdbcTransactionManager {

    private final TenantSetting setting;

    TenantAwareTransactionManager(DataSource dataSource, TenantSetting setting) {
        super(dataSource);
        this.setting = setting;
    }

    @Override
    protected void prepareTransactionalConnection(Connection connection, TransactionDefinition definition) throws SQLException {
        super.prepareTransactionalConnection(connection, definition);
        StatementCounter.transactionBegun();
        try (PreparedStatement statement = connection.prepareStatement(setting.statement(StatementScopedReads.scoped(connection)))) {
            statement.setString(1, TenantSetting.tenant());
            statement.execute();
        }
    }
}
