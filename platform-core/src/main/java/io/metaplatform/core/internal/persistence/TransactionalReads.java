package io.metaplatform.core.internal.persistence;

import io.metaplatform.core.StatementReads;
import java.util.function.Supplier;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link StatementReads} switched off ({@code platform.db.statement-scoped-reads=false}): the work runs in one read-only
 * transaction (BEGIN with the tenant setting, the statements, ROLLBACK), or joins the caller's. For databases in front of
 * which a compound statement is not one transaction, and to measure what the statement-scoped reads save.
 */
final class TransactionalReads implements StatementReads {

    private final TransactionTemplate readOnly;

    TransactionalReads(PlatformTransactionManager transactions) {
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    @Override
    public <T> T run(Supplier<T> work) {
        return readOnly.execute(status -> {
            // Nothing to commit when it owns the transaction; a caller's transaction is the caller's to end.
            if (status.isNewTransaction()) {
                status.setRollbackOnly();
            }
            return work.get();
        });
    }

    @Override
    public boolean active() {
        return false;
    }
}
