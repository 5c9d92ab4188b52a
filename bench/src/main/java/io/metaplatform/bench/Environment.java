package io.metaplatform.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import io.metaplatform.core.TenantId;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Facts of the machine and of the database that belong next to the figures. */
final class Environment {

    /** The machine and the server. */
    record Facts(String cpu, int cores, long memoryBytes, String os, String jdk, String postgres, String settings) {
    }

    /**
     * The company table after a fill.
     *
     * @param pages heap pages of the table
     * @param tenantPages heap pages holding rows of the tenant under test: what a query reading all its rows visits
     */
    record TableSize(int tenants, long rows, long pages, long tenantPages, long tableBytes, long customIndexBytes,
            double fillSeconds) {
    }

    private Environment() {
    }

    static Facts facts(BenchDatabase database) throws SQLException {
        try (Connection owner = database.owner()) {
            String version = single(owner, "select version()");
            String settings = "shared_buffers " + single(owner, "show shared_buffers")
                    + ", work_mem " + single(owner, "show work_mem")
                    + ", random_page_cost " + single(owner, "show random_page_cost")
                    + ", max_parallel_workers_per_gather " + single(owner, "show max_parallel_workers_per_gather")
                    + ", jit " + single(owner, "show jit")
                    + ", autovacuum " + single(owner, "show autovacuum");
            String os = String.join(" ", System.getProperty("os.name"), System.getProperty("os.version"),
                    System.getProperty("os.arch"));
            String jdk = System.getProperty("java.vm.name") + " " + Runtime.version();
            String server = version.contains(" on ") ? version.substring(0, version.indexOf(" on ")) : version;
            return new Facts(cpu(), Runtime.getRuntime().availableProcessors(), memory(), os, jdk, server, settings);
        }
    }

    static TableSize tableSize(BenchDatabase database, int tenants, TenantId subject, double fillSeconds) throws SQLException {
        try (Connection owner = database.owner()) {
            long rows = Long.parseLong(single(owner, "select reltuples::bigint from pg_class where relname = 'company'"));
            long pages = Long.parseLong(single(owner, "select relpages from pg_class where relname = 'company'"));
            long table = Long.parseLong(single(owner, "select pg_table_size('company')"));
            long index = Long.parseLong(single(owner, "select pg_relation_size('company_custom_idx')"));
            return new TableSize(tenants, rows, pages, tenantPages(owner, subject), table, index, fillSeconds);
        }
    }

    // Row-level security applies to an owner that is not a superuser, so the tenant is bound for the count.
    private static long tenantPages(Connection owner, TenantId subject) throws SQLException {
        owner.setAutoCommit(false);
        try {
            single(owner, "select set_config('app.tenant_id', '" + subject + "', true)");
            return Long.parseLong(single(owner, "select count(distinct (ctid::text::point)[0]) from company where tenant_id = '"
                    + subject + "'"));
        } finally {
            owner.rollback();
        }
    }

    /** The system load average over the last minute: other work on the machine shows here, and skews the figures. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        }
    }

    private static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip()).findFirst().orElse("unknown CPU");
        } catch (IOException | RuntimeException e) {
            return "unknown CPU";
        }
    }

    private static long memory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }
}
