package io.metaplatform.core;

import java.util.function.Supplier;

/**
 * Reads without a transaction held over them, one round trip per statement: inside {@link #run}, every statement
 * executed through Spring's connection binding (jOOQ, JdbcTemplate) is sent together with BEGIN, the tenant setting, a
 * statement timeout, read-only mode and COMMIT, so it runs in a transaction of its own and PostgreSQL forgets the setting
 * as the statement ends. A read-only transaction at PostgreSQL's default isolation (read committed) gives each statement
 * a snapshot of its own as well, so the answers are the same as in such a transaction: only round trips are saved.
 * <p>
 * A transaction begun inside (a service that needs one) runs on the same connection as usual, and read-only. Prepared
 * and plain statements carry the setting (a plain one with the tenant inline); a call, a batch or a statement returning
 * generated keys outside such a transaction is refused with an {@link java.sql.SQLException}. Thread-confined: work
 * continued on another thread opens its own transactions there.
 */
public interface StatementReads {

    /**
     * Runs {@code work} with one pooled connection bound to this thread in statement-scoped mode and returns its result;
     * inside a running transaction (or another {@code run}) runs {@code work} there. Switched off by the operator
     * ({@code platform.db.statement-scoped-reads=false}), runs it in one read-only transaction instead.
     *
     * @throws org.springframework.jdbc.CannotGetJdbcConnectionException when the pool gives no connection in time, as a
     *         transaction's begin would
     */
    <T> T run(Supplier<T> work);

    /** Whether this thread is inside {@link #run} and no transaction is running on its connection. */
    boolean active();
}
