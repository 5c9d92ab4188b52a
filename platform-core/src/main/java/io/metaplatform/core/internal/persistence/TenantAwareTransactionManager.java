package io.metaplatform.core.internal.persistence;

import io.metaplatform.core.StatementCounter;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * The one place where the tenant reaches PostgreSQL: every transaction starts by setting
 * {@code app.tenant_id} transaction-locally ({@code set_config(..., true)}), so row-level security sees
 * the bound tenant and a pooled connection forgets it at commit or rollback. Without a bound tenant the
 * setting is emptied, and the policies then match no row. Each transaction also gets a statement
 * timeout, so no request can hold a connection with a runaway query.
 */
final class TenantAwareTransactionManager extends JdbcTransactionManager {

    private final String statementTimeout;

    TenantAwareTransactionManager(DataSource dataSource, java.time.Duration statementTimeout) {
        super(dataSource);
        this.statementTimeout = statementTimeout.toMillis() + "ms";
    }

    @Override
    protected void prepareTransactionalConnection(Connection connection, TransactionDefinition definition) throws SQLException {
        super.prepareTransactionalConnection(connection, definition);
        StatementCounter.transactionBegun();
        String tenant = TenantContext.current().map(TenantId::toString).orElse("");
        try (PreparedStatement statement = connection.prepareStatement(
                "select set_config('app.tenant_id', ?, true), set_config('statement_timeout', ?, true)")) {
            statement.setString(1, tenant);
            statement.setString(2, statementTimeout);
            statement.execute();
        }
    }
}
