package io.metaplatform.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sizes of a run. Each option is {@code --name=value} on the command line or the system property
 * {@code bench.name}; the command line wins. {@code --quick} switches every default to a smoke-run size.
 */
record BenchOptions(boolean quick, int records, int single, int batch, int tenants, int manyTenants, int otherRecords,
        int iterations, int warmup, int pageSize, boolean explain, boolean fullPlans, String autoanalyze, String adminUrl,
        String adminUser, String adminPassword) {

    private static final Map<String, String> FULL = defaults("100000", "2000", "500", "100", "1000", "1000", "200", "30");
    private static final Map<String, String> QUICK = defaults("5000", "200", "500", "10", "50", "200", "30", "10");

    static final String USAGE = """
            Options as --name=value (through Maven: -Dbench.args="--quick --iterations=50"; started by hand, also the
            JVM system property bench.name); the defaults are the full run's, --quick switches to a smoke run's:
              --records=100000       records of the tenant under test, all written through RecordService
              --single=2000          of these, records written one by one with create() (measured)
              --batch=500            batch size of createMany() for the rest (measured)
              --tenants=100          tenants of the first query run (the tenant under test included)
              --many-tenants=1000    tenants of the second query run
              --other-records=1000   company records of every other tenant (bulk SQL filler)
              --iterations=200       timed runs of each query
              --warmup=30            untimed runs of each query first
              --page=20              page size of the queries
              --explain=true         print the plan of each query once per run, condensed to one line
              --full-plans=false     print the complete EXPLAIN (ANALYZE, BUFFERS) text too, with the SQL
              --autoanalyze=auto     ANALYZE the table during the load as autovacuum would: auto (when the server's
                                     autovacuum is off), on, off
              --admin-url=jdbc:postgresql://127.0.0.1:5432/postgres   maintenance database of the server to use
              --admin-user=postgres  a role that may create databases and roles
              --admin-password=      its password
            """;

    static BenchOptions parse(String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        boolean quick = Boolean.getBoolean("bench.quick");
        for (String arg : args) {
            if (arg.isBlank()) {
                continue;
            }
            if (arg.equals("--quick")) {
                quick = true;
                continue;
            }
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("Not an option: " + arg + "\n" + USAGE);
            }
            given.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        Map<String, String> values = new LinkedHashMap<>(quick ? QUICK : FULL);
        for (String name : values.keySet()) {
            String property = System.getProperty("bench." + name);
            if (property != null) {
                values.put(name, property);
            }
        }
        for (Map.Entry<String, String> entry : given.entrySet()) {
            if (!values.containsKey(entry.getKey())) {
                throw new IllegalArgumentException("Unknown option --" + entry.getKey() + "\n" + USAGE);
            }
            values.put(entry.getKey(), entry.getValue());
        }
        return of(quick, values).checked();
    }

    private static BenchOptions of(boolean quick, Map<String, String> values) {
        return new BenchOptions(quick, number(values, "records"), number(values, "single"), number(values, "batch"),
                number(values, "tenants"), number(values, "many-tenants"), number(values, "other-records"),
                number(values, "iterations"), number(values, "warmup"), number(values, "page"),
                Boolean.parseBoolean(values.get("explain")), Boolean.parseBoolean(values.get("full-plans")),
                values.get("autoanalyze"), values.get("admin-url"), values.get("admin-user"), values.get("admin-password"));
    }

    private BenchOptions checked() {
        require(records >= single + 2 * batch + warmupInserts(),
                "--records must leave room for --single, the warm-up creates and two batches");
        require(batch >= 1 && batch <= 1000, "--batch must be between 1 and 1000");
        require(tenants >= 1 && manyTenants >= tenants, "--many-tenants must be at least --tenants, which must be at least 1");
        require(iterations >= 1 && warmup >= 0 && otherRecords >= 0, "--iterations must be positive, sizes not negative");
        require(pageSize >= 1 && pageSize <= 500, "--page must be between 1 and 500");
        require(List.of("auto", "on", "off").contains(autoanalyze), "--autoanalyze must be auto, on or off");
        return this;
    }

    /** Records of each side of the interleaved write-cost comparison (indexed fields against none). */
    int controlRecords() {
        return quick ? 1000 : 10_000;
    }

    /** Batches of each side of the write-cost comparison. */
    int controlBatches() {
        return Math.max(2, controlRecords() / batch);
    }

    /** Records of the tenant under test at the queries: the load, then a warm-up batch and its side of the write-cost comparison. */
    int subjectRecords() {
        return records + batch + controlBatches() * batch;
    }

    /** Single creates before the measured ones, to warm up the JIT and the connection pool. */
    int warmupInserts() {
        return quick ? 20 : 100;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message + "\n" + USAGE);
        }
    }

    private static int number(Map<String, String> values, String name) {
        try {
            return Integer.parseInt(values.get(name).replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number: " + values.get(name), e);
        }
    }

    private static Map<String, String> defaults(String records, String single, String batch, String tenants, String manyTenants,
            String otherRecords, String iterations, String warmup) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("records", records);
        values.put("single", single);
        values.put("batch", batch);
        values.put("tenants", tenants);
        values.put("many-tenants", manyTenants);
        values.put("other-records", otherRecords);
        values.put("iterations", iterations);
        values.put("warmup", warmup);
        values.put("page", "20");
        values.put("explain", "true");
        values.put("full-plans", "false");
        values.put("autoanalyze", "auto");
        values.put("admin-url", "jdbc:postgresql://127.0.0.1:5432/postgres");
        values.put("admin-user", "postgres");
        values.put("admin-password", "");
        return values;
    }
}
