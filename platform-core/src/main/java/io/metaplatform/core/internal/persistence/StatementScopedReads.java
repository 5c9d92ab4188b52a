package io.metaplatform.core.internal.persistence;

import io.metaplatform.core.StatementReads;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * {@link StatementReads} on the pool: a connection in autocommit mode is bound where Spring's transactions would bind
 * theirs (keyed by the pool, which jOOQ's transaction-aware data source and the transaction manager look up), and each
 * statement on it is sent as one compound statement: {@code begin}, {@link TenantSetting}'s {@code select
 * set_config(...)}, the caller's SQL, {@code commit}. pgjdbc sends them in one round trip (two when it ends the message
 * early itself: see BEGIN below); the statement then stands on the caller's result, so jOOQ and JDBC code see only
 * their own.
 * <p>
 * A read by id was BEGIN with the setting, the query, ROLLBACK: three round trips for one statement. Measured with
 * pgbench on the platform's tables and policies (bench/README.md, issue 20), one compound statement served 1.5x the
 * requests of the three round trips.
 */
final class StatementScopedReads implements StatementReads {

    private final DataSource pool;
    private final TenantSetting setting;
    private final String preparedPrefix;

    // An explicit transaction around the setting and the statement, not the implicit one of a message: pgjdbc may end a
    // message early with a Sync of its own (before a server-prepared part it had described whose rows have no bounded
    // size, against a full receive buffer), and a Sync ends an implicit transaction with the settings made for it; an
    // explicit one lasts until the COMMIT. The line break keeps a trailing line comment of the caller's out of it.
    private static final String BEGIN = "begin;\n";
    private static final String COMMIT = "\n;\ncommit";

    StatementScopedReads(DataSource pool, TenantSetting setting) {
        this.pool = pool;
        this.setting = setting;
        this.preparedPrefix = BEGIN + setting.statement(true) + ";\n";
    }

    @Override
    public <T> T run(Supplier<T> work) {
        if (TransactionSynchronizationManager.hasResource(pool)) {
            return work.get();
        }
        Connection connection;
        try {
            connection = pool.getConnection();
        } catch (SQLException e) {
            throw new CannotGetJdbcConnectionException("No connection for a read", e);
        }
        Connection scoped = (Connection) Proxy.newProxyInstance(StatementScopedReads.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new ScopedConnection(connection));
        TransactionSynchronizationManager.bindResource(pool, new ScopedHolder(scoped));
        try {
            return work.get();
        } finally {
            TransactionSynchronizationManager.unbindResource(pool);
            endOpenTransaction(connection);
            close(connection);
        }
    }

    @Override
    public boolean active() {
        return TransactionSynchronizationManager.getResource(pool) instanceof ScopedHolder holder && holder.outsideTransaction();
    }

    /** Where Spring finds the bound connection; a transaction begun on it marks it active until it ends. */
    private static final class ScopedHolder extends ConnectionHolder {

        ScopedHolder(Connection connection) {
            super(connection);
        }

        boolean outsideTransaction() {
            return !isTransactionActive();
        }
    }

    /** Whether {@code connection} is one {@link #run} bound. */
    static boolean scoped(Connection connection) {
        return Proxy.isProxyClass(connection.getClass()) && Proxy.getInvocationHandler(connection) instanceof ScopedConnection;
    }

    // Whatever a compound statement left open (a failure the driver reported before the statement's own handling saw
    // it) ends here, before the connection goes back to the pool: the driver knows its state without a round trip.
    private static void endOpenTransaction(Connection connection) {
        try {
            if (connection.getAutoCommit()
                    && connection.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE) {
                rollBack(connection, new SQLException("A statement-scoped read left its transaction open"));
            }
        } catch (SQLException e) {
            // The pool evicts a connection that failed; closing it below returns it either way.
        }
    }

    private static void rollBack(Connection connection, SQLException failure) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("rollback");
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // Returned to the pool whatever happened to it: Hikari evicts a connection that failed.
        }
    }

    private static Object invoke(Object target, Method method, Object[] arguments) throws Throwable {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    // A proxy is equal only to itself, as Spring expects of the connection it finds bound.
    private static Object identity(Object proxy, Method method, Object[] arguments) {
        return switch (method.getName()) {
            case "equals" -> proxy == arguments[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "scoped " + Integer.toHexString(System.identityHashCode(proxy));
        };
    }

    private static SQLFeatureNotSupportedException refused(String what) {
        return new SQLFeatureNotSupportedException(what + " outside a transaction: a statement-scoped read sends single"
                + " statements, each with the tenant setting before it");
    }

    /**
     * The bound connection. In autocommit mode its statements carry the setting; calls, batches and statements returning
     * generated keys are refused. In a transaction begun on it (which applied the setting at its start) it is the
     * pool's connection unchanged.
     */
    private final class ScopedConnection implements InvocationHandler {

        private final Connection target;

        ScopedConnection(Connection target) {
            this.target = target;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return identity(proxy, method, arguments);
            }
            String name = method.getName();
            boolean creates = name.startsWith("prepare") || name.equals("createStatement");
            if (!creates || !target.getAutoCommit()) {
                return StatementScopedReads.invoke(target, method, arguments);
            }
            int count = method.getParameterCount();
            if (name.equals("createStatement")) {
                return scopedStatement(Statement.class, (Statement) StatementScopedReads.invoke(target, method, arguments), false);
            }
            if (!name.equals("prepareStatement") || count == 2) {
                throw refused(name.equals("prepareCall") ? "A call" : "A statement returning generated keys");
            }
            Object[] compound = arguments.clone();
            compound[0] = preparedPrefix + arguments[0] + COMMIT;
            PreparedStatement statement = (PreparedStatement) StatementScopedReads.invoke(target, method, compound);
            statement.setString(1, TenantSetting.tenant());
            return scopedStatement(PreparedStatement.class, statement, true);
        }

        private Object scopedStatement(Class<? extends Statement> type, Statement statement, boolean prepared) {
            return Proxy.newProxyInstance(StatementScopedReads.class.getClassLoader(), new Class<?>[] {type},
                    new ScopedStatement(statement, prepared));
        }
    }

    /**
     * A compound statement seen as the caller's: a prepared one's parameters shift by the setting's one (the tenant), a
     * plain one's SQL follows the setting with the tenant inline; executing steps past BEGIN's and the setting's results.
     */
    private final class ScopedStatement implements InvocationHandler {

        private final Statement target;
        private final boolean prepared;

        ScopedStatement(Statement target, boolean prepared) {
            this.target = target;
            this.prepared = prepared;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return identity(proxy, method, arguments);
            }
            String name = method.getName();
            if (prepared && method.getDeclaringClass() == PreparedStatement.class && name.startsWith("set")
                    && method.getParameterCount() >= 2) {
                int index = (Integer) arguments[0] + 1;
                if (name.equals("setDate") && arguments.length == 2 && arguments[1] instanceof java.sql.Date date) {
                    // Typed: pgjdbc sends a java.sql.Date (jOOQ's binding of a LocalDate) untyped, has the server describe
                    // the statement, and once it is server-prepared splits its message there (see BEGIN): two round
                    // trips for a read with a date parameter. A LocalDate goes out as a date, the same day.
                    ((PreparedStatement) target).setObject(index, date.toLocalDate());
                    return null;
                }
                Object[] shifted = arguments.clone();
                shifted[0] = index;
                return StatementScopedReads.invoke(target, method, shifted);
            }
            if (prepared && name.equals("clearParameters")) {
                PreparedStatement statement = (PreparedStatement) target;
                statement.clearParameters();
                statement.setString(1, TenantSetting.tenant());
                return null;
            }
            if (name.contains("Batch")) {
                throw refused("A batch");
            }
            if (!name.startsWith("execute")) {
                return StatementScopedReads.invoke(target, method, arguments);
            }
            if (method.getParameterCount() != (prepared ? 0 : 1)) {
                throw refused(prepared ? "SQL text given to a prepared statement" : "A statement returning generated keys");
            }
            boolean resultSet = executeOwn(prepared ? null : (String) arguments[0]);
            return switch (name) {
                case "executeQuery" -> {
                    if (!resultSet) {
                        throw new SQLException("No results were returned by the query.", "02000");
                    }
                    yield target.getResultSet();
                }
                case "executeUpdate" -> target.getUpdateCount();
                case "executeLargeUpdate" -> target.getLargeUpdateCount();
                default -> resultSet;
            };
        }

        /**
         * Runs the compound statement and stands on the caller's result: true when it is a result set. A failure leaves
         * the explicit transaction aborted (PostgreSQL skips the rest of the message, COMMIT too): it is rolled back
         * before the failure goes on, so the connection serves on, in the pool as here.
         */
        private boolean executeOwn(String sql) throws SQLException {
            try {
                if (sql == null) {
                    ((PreparedStatement) target).execute();
                } else {
                    target.execute(BEGIN + setting.inline(TenantSetting.tenant()) + ";\n" + sql + COMMIT);
                }
            } catch (SQLException e) {
                rollBack(target.getConnection(), e);
                throw e;
            }
            // BEGIN's result, then the setting's.
            target.getMoreResults();
            return target.getMoreResults();
        }
    }
}
