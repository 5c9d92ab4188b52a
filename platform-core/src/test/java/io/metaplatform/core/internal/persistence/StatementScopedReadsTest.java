package io.metaplatform.core.internal.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.metaplatform.core.StatementCounter;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.conf.StatementType;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Statement-scoped reads against a real PostgreSQL, on a table of their own under the same kind of row-level security
 * policy as the platform's tables, through the pool of one connection the way the platform reaches it (jOOQ over
 * Spring's transaction-aware data source, JdbcTemplate, the transaction manager), so every test also sees what the
 * one connection carries from one statement to the next.
 */
class StatementScopedReadsTest {

    static final TestDatabase database = TestDatabase.get();
    static final TenantId ACME = TenantId.random();
    static final TenantId GLOBEX = TenantId.random();

    static HikariDataSource pool;
    static StatementScopedReads reads;
    static TransactionTemplate transactions;
    static DSLContext jooq;
    static DSLContext inline;
    static JdbcTemplate jdbc;

    @BeforeAll
    static void tableAndPool() throws SQLException {
        try (Connection owner = DriverManager.getConnection(database.url(), database.ownerUser(), database.ownerPassword());
                Statement statement = owner.createStatement()) {
            statement.execute("drop table if exists scoped_read_probe");
            statement.execute("create table scoped_read_probe (tenant_id uuid not null, name text not null)");
            statement.execute("alter table scoped_read_probe enable row level security");
            statement.execute("create policy tenant on scoped_read_probe using"
                    + " (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)");
            statement.execute("grant select, insert on scoped_read_probe to " + database.appUser());
            statement.execute("insert into scoped_read_probe values ('" + ACME + "', 'acme-1'), ('" + ACME + "', 'acme-2'),"
                    + " ('" + GLOBEX + "', 'globex-1')");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.url());
        config.setUsername(database.appUser());
        config.setPassword(database.appPassword());
        config.setMaximumPoolSize(1);
        pool = new HikariDataSource(config);
        TenantSetting setting = new TenantSetting(Duration.ofMillis(300));
        reads = new StatementScopedReads(pool, setting);
        transactions = new TransactionTemplate(new TenantAwareTransactionManager(pool, setting));
        jooq = DSL.using(new TransactionAwareDataSourceProxy(pool), SQLDialect.POSTGRES);
        inline = DSL.using(new TransactionAwareDataSourceProxy(pool), SQLDialect.POSTGRES,
                new Settings().withStatementType(StatementType.STATIC_STATEMENT));
        jdbc = new JdbcTemplate(pool);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    static List<String> names(DSLContext db) {
        return db.select(DSL.field("name", String.class)).from("scoped_read_probe").orderBy(DSL.field("name")).fetch().getValues(0, String.class);
    }

    @Test
    void eachTenantReadsOnlyItsOwnRowsWithoutATransaction() {
        StatementCounter.reset();

        List<String> acme = TenantContext.callAs(ACME, () -> reads.run(() -> names(jooq)));
        List<String> globex = TenantContext.callAs(GLOBEX, () -> reads.run(() -> names(inline)));

        assertThat(acme).containsExactly("acme-1", "acme-2");
        assertThat(globex).containsExactly("globex-1");
        assertThat(StatementCounter.transactions()).as("no transaction begun").isZero();
    }

    @Test
    void everyStatementTakesTheTenantBoundWhenItIsPrepared() {
        List<List<String>> seen = TenantContext.callAs(ACME, () -> reads.run(() -> {
            List<List<String>> lists = new ArrayList<>();
            lists.add(names(jooq));
            lists.add(TenantContext.callAs(GLOBEX, () -> names(jooq)));
            lists.add(names(inline));
            return lists;
        }));

        assertThat(seen).containsExactly(List.of("acme-1", "acme-2"), List.of("globex-1"), List.of("acme-1", "acme-2"));
    }

    @Test
    void withoutATenantNoRowIsRead() {
        assertThat(reads.run(() -> names(jooq))).isEmpty();
        assertThat(reads.run(() -> names(inline))).isEmpty();
    }

    @Test
    void theSettingsEndWithTheStatement() {
        String inside = TenantContext.callAs(ACME, () -> reads.run(() -> jdbc.queryForObject(
                "select current_setting('app.tenant_id', true) || '/' || current_setting('statement_timeout')"
                        + " || '/' || current_setting('transaction_read_only')", String.class)));
        // The pool has one connection: this plain statement runs on the one the read used.
        String after = jdbc.queryForObject("select coalesce(current_setting('app.tenant_id', true), '') || '/'"
                + " || current_setting('statement_timeout') || '/' || current_setting('transaction_read_only')", String.class);

        assertThat(inside).isEqualTo(ACME + "/300ms/on");
        assertThat(after).isEqualTo("/0/off");
        assertThat(pool.getHikariPoolMXBean().getActiveConnections()).as("connection returned").isZero();
    }

    @Test
    void parametersKeepTheirPositionsAndCanBeCleared() {
        List<String> found = TenantContext.callAs(ACME, () -> reads.run(() -> {
            List<String> names = new ArrayList<>();
            Connection connection = DataSourceUtils.getConnection(pool);
            try (PreparedStatement statement = connection.prepareStatement(
                    "select name from scoped_read_probe where name = ? or name = ? order by name")) {
                statement.setString(1, "acme-2");
                statement.setString(2, "globex-1");
                names.addAll(all(statement.executeQuery()));
                statement.clearParameters();
                statement.setString(1, "acme-1");
                statement.setString(2, "acme-1");
                assertThat(statement.execute()).isTrue();
                names.addAll(all(statement.getResultSet()));
                assertThat(statement.getMoreResults()).as("only the caller's result").isFalse();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            } finally {
                DataSourceUtils.releaseConnection(connection, pool);
            }
            return names;
        }));

        assertThat(found).as("globex-1 is another tenant's").containsExactly("acme-2", "acme-1");
    }

    /*
     * pgjdbc splits a compound statement with a Sync of its own before a part whose parameters it had the server describe
     * (any of unknown type, such as a java.sql.Timestamp) once that statement is server-prepared (the fifth execution) and
     * its rows have no bounded size (text): a Sync ends an implicit transaction, and with it a setting made for it alone.
     */
    @Test
    void aServerPreparedStatementTheDriverSendsInTwoPartsStillReadsWithTheTenant() {
        Syncs syncs = new Syncs();
        List<List<String>> seen = executedEightTimes(syncs,
                "select name from scoped_read_probe where cast(? as timestamptz) < timestamptz '2100-01-01' order by name",
                statement -> statement.setTimestamp(1, java.sql.Timestamp.valueOf("2024-01-01 12:00:00")));

        assertThat(syncs.count()).as("the driver split some of the messages (else this test shows nothing)").isGreaterThan(8);
        assertThat(seen).hasSize(8).allSatisfy(names -> assertThat(names).containsExactly("acme-1", "acme-2"));
        assertThat(jdbc.queryForObject("select coalesce(current_setting('app.tenant_id', true), '')", String.class))
                .as("the setting ended with the statement").isEmpty();
    }

    /*
     * jOOQ binds a LocalDate as a java.sql.Date, which pgjdbc sends untyped: the statement would be split as above, a
     * second round trip for every read with a date parameter.
     */
    @Test
    void aDateParameterIsSentTypedSoEachExecutionIsOneMessage() {
        Syncs syncs = new Syncs();
        List<List<String>> seen = executedEightTimes(syncs, "select name from scoped_read_probe where date '2024-01-01' = ? order by name",
                statement -> statement.setDate(1, java.sql.Date.valueOf("2024-01-01")));
        List<String> otherDay = TenantContext.callAs(ACME, () -> reads.run(() -> jooq.select(DSL.field("name", String.class))
                .from("scoped_read_probe").where(DSL.val(java.time.LocalDate.of(2024, 1, 2)).eq(java.time.LocalDate.of(2024, 1, 1)))
                .fetch().getValues(0, String.class)));
        List<String> sameDay = TenantContext.callAs(ACME, () -> reads.run(() -> jooq.select(DSL.field("name", String.class))
                .from("scoped_read_probe").where(DSL.val(java.time.LocalDate.of(2024, 1, 1)).eq(java.time.LocalDate.of(2024, 1, 1)))
                .orderBy(DSL.field("name")).fetch().getValues(0, String.class)));

        assertThat(syncs.count()).as("one Sync, one message, per execution").isEqualTo(8);
        assertThat(seen).hasSize(8).allSatisfy(names -> assertThat(names).containsExactly("acme-1", "acme-2"));
        assertThat(otherDay).as("the day bound is the day given").isEmpty();
        assertThat(sameDay).containsExactly("acme-1", "acme-2");
    }

    /**
     * A statement prepared, bound and executed eight times on one connection as ACME, its rows' names each time; the
     * Syncs counted are those of the eight executions alone (not the pool's check of the connection).
     */
    private static List<List<String>> executedEightTimes(Syncs syncs, String sql, SqlConsumer<PreparedStatement> binding) {
        return TenantContext.callAs(ACME, () -> reads.run(() -> {
            List<List<String>> lists = new ArrayList<>();
            Connection connection = DataSourceUtils.getConnection(pool);
            try {
                syncs.during(() -> {
                    for (int execution = 0; execution < 8; execution++) {
                        try (PreparedStatement statement = connection.prepareStatement(sql)) {
                            binding.accept(statement);
                            lists.add(all(statement.executeQuery()));
                        }
                    }
                    return null;
                });
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            } finally {
                DataSourceUtils.releaseConnection(connection, pool);
            }
            return lists;
        }));
    }

    private interface SqlConsumer<T> {

        void accept(T value) throws SQLException;
    }

    private interface SqlWork<T> {

        T get() throws SQLException;
    }

    /** The Sync messages pgjdbc sends (its protocol trace, java.util.logging), one per message it ends. */
    private static final class Syncs extends java.util.logging.Handler {

        private final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();

        <T> T during(SqlWork<T> work) throws SQLException {
            java.util.logging.Logger logger = java.util.logging.Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");
            java.util.logging.Level level = logger.getLevel();
            logger.setLevel(java.util.logging.Level.FINEST);
            setLevel(java.util.logging.Level.FINEST);
            logger.addHandler(this);
            try {
                return work.get();
            } finally {
                logger.removeHandler(this);
                logger.setLevel(level);
            }
        }

        int count() {
            return count.get();
        }

        @Override
        public void publish(java.util.logging.LogRecord record) {
            if (" FE=> Sync".equals(record.getMessage())) {
                count.incrementAndGet();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aTransactionLeftOpenOnTheConnectionIsRolledBackBeforeThePoolGetsItBack() {
        TenantContext.callAs(ACME, () -> reads.run(() -> {
            Connection connection = DataSourceUtils.getConnection(pool);
            // Past the statement-scoped proxy, as code that unwraps the driver's connection would be: a transaction
            // begun there with a tenant setting must not reach the pool's next borrower.
            try (Statement raw = ((Connection) connection.unwrap(org.postgresql.PGConnection.class)).createStatement()) {
                raw.execute("begin; select set_config('app.tenant_id', '" + ACME + "', true)");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            } finally {
                DataSourceUtils.releaseConnection(connection, pool);
            }
            return null;
        }));

        // The pool has one connection: this plain statement runs on the one the read used.
        assertThat(jdbc.queryForObject("select coalesce(current_setting('app.tenant_id', true), '')", String.class))
                .as("the tenant setting ended with the transaction").isEmpty();
        assertThat(names(jooq)).as("no tenant, no rows").isEmpty();
    }

    @Test
    void aStatementRunsUnderTheStatementTimeout() {
        TenantContext.callAs(ACME, () -> reads.run(() -> {
            assertThatThrownBy(() -> jdbc.queryForObject("select pg_sleep(?)", Object.class, 2))
                    .isInstanceOf(DataAccessException.class)
                    .hasMessageContaining("statement timeout");
            assertThatThrownBy(() -> jdbc.queryForObject("select pg_sleep(2)", Object.class))
                    .isInstanceOf(DataAccessException.class)
                    .hasMessageContaining("statement timeout");
            return null;
        }));
        assertThat(jdbc.queryForObject("select 1", Integer.class)).as("the connection serves on").isEqualTo(1);
    }

    @Test
    void nothingCanBeWrittenInside() {
        TenantContext.callAs(ACME, () -> reads.run(() -> {
            assertThatThrownBy(() -> jdbc.update("insert into scoped_read_probe values (?::uuid, 'acme-3')", ACME.toString()))
                    .hasMessageContaining("read-only transaction");
            assertThatThrownBy(() -> transactions.executeWithoutResult(status -> jdbc.update(
                    "insert into scoped_read_probe values (?::uuid, 'acme-3')", ACME.toString())))
                    .as("a transaction begun inside is read-only").hasMessageContaining("read-only transaction");
            return null;
        }));

        List<String> stored = TenantContext.callAs(ACME, () -> transactions.execute(status -> names(jooq)));
        assertThat(stored).as("nothing was written").containsExactly("acme-1", "acme-2");
    }

    @Test
    void aTransactionBegunInsideReadsWithTheTenantAndLeavesTheScopeAsItWas() {
        List<String> seen = TenantContext.callAs(ACME, () -> reads.run(() -> {
            assertThat(reads.active()).isTrue();
            List<String> inTransaction = transactions.execute(status -> {
                assertThat(reads.active()).as("a transaction runs on the connection").isFalse();
                return names(jooq);
            });
            assertThat(reads.active()).isTrue();
            List<String> after = new ArrayList<>(inTransaction);
            after.addAll(names(jooq));
            return after;
        }));

        assertThat(seen).containsExactly("acme-1", "acme-2", "acme-1", "acme-2");
        assertThat(reads.active()).isFalse();
    }

    @Test
    void insideATransactionTheReadsJoinIt() {
        StatementCounter.reset();

        List<String> seen = TenantContext.callAs(ACME, () -> transactions.execute(status -> reads.run(() -> {
            assertThat(reads.active()).isFalse();
            return names(jooq);
        })));

        assertThat(seen).containsExactly("acme-1", "acme-2");
        assertThat(StatementCounter.transactions()).isEqualTo(1);
    }

    @Test
    void switchedOffTheReadsRunInOneReadOnlyTransaction() {
        TransactionalReads inTransaction = new TransactionalReads(transactions.getTransactionManager());
        StatementCounter.reset();

        List<String> seen = TenantContext.callAs(ACME, () -> inTransaction.run(() -> {
            assertThat(inTransaction.active()).isFalse();
            List<String> names = names(jooq);
            assertThatThrownBy(() -> jdbc.update("insert into scoped_read_probe values (?::uuid, 'acme-3')", ACME.toString()))
                    .hasMessageContaining("read-only transaction");
            return names;
        }));

        assertThat(seen).containsExactly("acme-1", "acme-2");
        assertThat(StatementCounter.transactions()).isEqualTo(1);
    }

    @Test
    void statementsThatCannotCarryTheSettingAreRefused() {
        TenantContext.callAs(ACME, () -> reads.run(() -> {
            Connection connection = DataSourceUtils.getConnection(pool);
            try {
                assertThatThrownBy(() -> connection.prepareCall("select 1")).isInstanceOf(SQLFeatureNotSupportedException.class);
                assertThatThrownBy(() -> connection.prepareStatement("select 1", Statement.RETURN_GENERATED_KEYS))
                        .isInstanceOf(SQLFeatureNotSupportedException.class);
                try (PreparedStatement statement = connection.prepareStatement("select name from scoped_read_probe where name = ?")) {
                    statement.setString(1, "acme-1");
                    assertThatThrownBy(statement::addBatch).isInstanceOf(SQLFeatureNotSupportedException.class);
                }
                try (Statement statement = connection.createStatement()) {
                    assertThatThrownBy(() -> statement.addBatch("select 1")).isInstanceOf(SQLFeatureNotSupportedException.class);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            } finally {
                DataSourceUtils.releaseConnection(connection, pool);
            }
            return null;
        }));
    }

    private static List<String> all(ResultSet rows) throws SQLException {
        List<String> names = new ArrayList<>();
        try (rows) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }
}
