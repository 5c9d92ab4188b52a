package io.metaplatform.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Analyzes the tables a load writes to the way autovacuum's launcher would, for servers that run without
 * autovacuum (this development machine does): every {@code naptime}, each table whose rows changed since
 * its last analyze exceed {@code autovacuum_analyze_threshold + autovacuum_analyze_scale_factor * rows}
 * gets an {@code ANALYZE}. Without it a table that grows from empty keeps the planner's empty-table
 * guesses, and an upsert's lookup by a unique column scans the tenant's whole table on every batch.
 * Mode {@code auto} runs only where the server's autovacuum is off; {@code on} always; {@code off} never.
 */
final class AutovacuumStandIn implements AutoCloseable {

    private final BenchDatabase database;
    private final long naptimeMillis;
    private final AtomicInteger analyzes = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    private AutovacuumStandIn(BenchDatabase database, long naptimeMillis, boolean enabled) {
        this.database = database;
        this.naptimeMillis = naptimeMillis;
        this.thread = enabled ? Thread.ofPlatform().daemon().name("autovacuum-stand-in").start(this::loop) : null;
    }

    static AutovacuumStandIn start(BenchDatabase database, String mode, long naptimeMillis) throws SQLException {
        boolean serverAutovacuum;
        try (Connection owner = database.owner(); Statement statement = owner.createStatement();
             ResultSet result = statement.executeQuery("show autovacuum")) {
            result.next();
            serverAutovacuum = "on".equals(result.getString(1));
        }
        boolean enabled = switch (mode) {
            case "on" -> true;
            case "off" -> false;
            default -> !serverAutovacuum;
        };
        System.out.printf("statistics  server autovacuum %s; stand-in %s%n", serverAutovacuum ? "on" : "off",
                enabled ? "analyzes due tables every " + naptimeMillis + " ms" : "off");
        return new AutovacuumStandIn(database, naptimeMillis, enabled);
    }

    int analyzes() {
        return analyzes.get();
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(naptimeMillis);
                analyzeDueTables();
            } catch (InterruptedException e) {
                return;
            } catch (SQLException e) {
                System.err.println("[bench] autovacuum stand-in: " + e.getMessage());
            }
        }
    }

    private void analyzeDueTables() throws SQLException {
        try (Connection owner = database.owner(); Statement statement = owner.createStatement()) {
            List<String> due = new ArrayList<>();
            try (ResultSet tables = statement.executeQuery("""
                    select quote_ident(relname) from pg_stat_user_tables
                    where n_mod_since_analyze > current_setting('autovacuum_analyze_threshold')::bigint
                        + current_setting('autovacuum_analyze_scale_factor')::float8 * greatest(n_live_tup, 0)""")) {
                while (tables.next()) {
                    due.add(tables.getString(1));
                }
            }
            for (String table : due) {
                statement.execute("analyze " + table);
                analyzes.incrementAndGet();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join();
        }
    }
}
