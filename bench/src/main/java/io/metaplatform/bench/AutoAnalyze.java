package io.metaplatform.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Keeps the planner's statistics of the company table current during the load, as autovacuum would: an
 * {@code ANALYZE} each time the rows inserted since the last one exceed autovacuum's analyze threshold
 * ({@code autovacuum_analyze_threshold + autovacuum_analyze_scale_factor * rows}, 50 + 10 % by default).
 * Only where the server runs without autovacuum (mode {@code auto}), or always ({@code on}), or never
 * ({@code off}). The caller times its calls without it.
 */
final class AutoAnalyze {

    private final BenchDatabase database;
    private final boolean serverAutovacuum;
    private final boolean enabled;
    private final long threshold;
    private final double scaleFactor;
    private long rowsAtLastAnalyze;
    private long insertedSince;
    private int runs;

    private AutoAnalyze(BenchDatabase database, boolean serverAutovacuum, boolean enabled, long threshold, double scaleFactor) {
        this.database = database;
        this.serverAutovacuum = serverAutovacuum;
        this.enabled = enabled;
        this.threshold = threshold;
        this.scaleFactor = scaleFactor;
    }

    static AutoAnalyze forServer(BenchDatabase database, String mode) throws SQLException {
        try (Connection owner = database.owner(); Statement statement = owner.createStatement()) {
            boolean autovacuum = "on".equals(show(statement, "autovacuum"));
            boolean enabled = switch (mode) {
                case "on" -> true;
                case "off" -> false;
                default -> !autovacuum;
            };
            return new AutoAnalyze(database, autovacuum, enabled, Long.parseLong(show(statement, "autovacuum_analyze_threshold")),
                    Double.parseDouble(show(statement, "autovacuum_analyze_scale_factor")));
        }
    }

    /** Counts {@code rows} new company rows, and analyzes the table when they pass the threshold. */
    void inserted(int rows) throws SQLException {
        insertedSince += rows;
        if (!enabled || insertedSince <= threshold + scaleFactor * rowsAtLastAnalyze) {
            return;
        }
        try (Connection owner = database.owner(); Statement statement = owner.createStatement()) {
            statement.execute("analyze company");
        }
        rowsAtLastAnalyze += insertedSince;
        insertedSince = 0;
        runs++;
    }

    String describe() {
        String server = "autovacuum is " + (serverAutovacuum ? "on" : "OFF") + " on this server";
        if (!enabled) {
            return server + "; the benchmark ran no ANALYZE during the load" + (serverAutovacuum ? ""
                    : ", so the planner saw stale statistics of a growing table (see README)");
        }
        return server + "; the benchmark ran ANALYZE company %d times during the load (untimed), at autovacuum's threshold"
                .formatted(runs) + " of %d + %.0f %% of the rows".formatted(threshold, scaleFactor * 100);
    }

    private static String show(Statement statement, String setting) throws SQLException {
        try (ResultSet row = statement.executeQuery("show " + setting)) {
            row.next();
            return row.getString(1);
        }
    }
}
