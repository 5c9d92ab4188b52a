package io.metaplatform.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sizes of a GraphQL benchmark run, given as {@code --name=value}; {@code --quick} switches every default
 * to a smoke-run size.
 */
record GraphQlOptions(boolean quick, int tenants, int companies, int largeFactor, int contacts, int deals, int concurrency,
        int warmupSeconds, int seconds, int pgbenchSeconds, List<Integer> schemaTenants, int schemaFields, String adminUrl,
        String adminUser, String adminPassword, boolean postGraphile, int postGraphileWorkers, int rounds,
        int permissionSets, java.util.Set<ApiQuery> queries, int prewarmSeconds, String driver, int coldStarts, int coldStartSeconds) {

    private static final Map<String, String> FULL = defaults("2000", "8", "5", "20", "20", "1,100,1000", "16");
    private static final Map<String, String> QUICK = defaults("100", "4", "1", "2", "2", "1,10,30", "4");

    static final String USAGE = """
            Options as --name=value (through Maven: -Dbench.args="--quick --concurrency=4"); the defaults are the
            full run's, --quick switches to a smoke run's (in brackets):
              --tenants=10             tenants of the query runs
              --companies=2000 (100)   companies of each tenant but one; the last has --large-factor times as many
              --large-factor=10        how much larger the large tenant is
              --contacts=10            contacts of each company
              --deals=2                deals of each contact
              --concurrency=8 (4)      concurrent clients, of the server and of pgbench
              --warmup=5 (1)           seconds of warm-up of each query before it is timed
              --seconds=20 (2)         timed seconds of each query against the server
              --pgbench-seconds=20 (2) timed seconds of each query's SQL through pgbench
              --schema-tenants=1,100,1000 (1,10,30)  customised tenant counts of the schema build run
              --schema-fields=10       custom fields of each customised tenant (distinct names per tenant)
              --admin-url=jdbc:postgresql://127.0.0.1:5432/postgres   maintenance database of the server to use
              --admin-user=postgres  a role that may create databases and roles
              --admin-password=      its password
              --postgraphile=on        also run PostGraphile 4.14.1 (npm, bench/postgraphile) side by side on Q1-Q4; off: not
              --postgraphile-workers=2 its node processes (cluster mode)
              --rounds=2               alternating timed rounds of the platform and PostGraphile per query (each --seconds long)
              --schema-tenants=0       skips the schema build run
              --permission-sets=16 (4) roles of one tenant, each with a schema of its own (issue 15); 0 skips that run
              --queries=all            the query shapes to run, say Q1 or Q1,Q3 (for profiling one shape)
              --prewarm=0              seconds of every shape against each system before anything is timed (JIT warm-up)
              --driver=wrk             who sends the load: wrk (a process of its own; this JVM's client when wrk is not
                                       installed) or java (this JVM's HTTP client, beside the server: the runs before 2026-12-06)
              --cold-starts=0          new server processes (the packaged jar) of each variant, without and with the warm-up
                                       before readiness, each timed until ready and then under Q1 (first, on a quiet machine)
              --cold-start-seconds=20  seconds of Q1 after each cold start's readiness
            """;

    static GraphQlOptions parse(String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        boolean quick = false;
        for (String arg : args) {
            if (arg.equals("--quick")) {
                quick = true;
            } else if (arg.startsWith("--") && arg.contains("=")) {
                given.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                throw new IllegalArgumentException("Not an option: " + arg + "\n" + USAGE);
            }
        }
        Map<String, String> values = new LinkedHashMap<>(quick ? QUICK : FULL);
        for (Map.Entry<String, String> entry : given.entrySet()) {
            if (!values.containsKey(entry.getKey())) {
                throw new IllegalArgumentException("Unknown option --" + entry.getKey() + "\n" + USAGE);
            }
            values.put(entry.getKey(), entry.getValue());
        }
        return new GraphQlOptions(quick, number(values, "tenants"), number(values, "companies"), number(values, "large-factor"),
                number(values, "contacts"), number(values, "deals"), number(values, "concurrency"), number(values, "warmup"),
                number(values, "seconds"), number(values, "pgbench-seconds"),
                Arrays.stream(values.get("schema-tenants").split(",")).map(String::strip).map(Integer::parseInt).sorted().toList(),
                number(values, "schema-fields"), values.get("admin-url"), values.get("admin-user"), values.get("admin-password"),
                !values.get("postgraphile").equals("off"), number(values, "postgraphile-workers"), number(values, "rounds"),
                number(values, "permission-sets"), queries(values.get("queries")),
                number(values, "prewarm"), values.get("driver"), number(values, "cold-starts"), number(values, "cold-start-seconds")).checked();
    }

    private GraphQlOptions checked() {
        require(tenants >= 2 && companies >= 20 && largeFactor >= 1, "--tenants must be at least 2, --companies at least 20");
        require(contacts >= 10 && deals >= 1, "--contacts must be at least 10 (the queries ask for 10), --deals at least 1");
        require(concurrency >= 1 && seconds >= 1 && warmupSeconds >= 0 && pgbenchSeconds >= 1, "times and --concurrency must be positive");
        require(!schemaTenants.isEmpty() && schemaTenants.getFirst() >= 0 && schemaFields >= 1, "--schema-tenants and --schema-fields must be positive");
        require(permissionSets >= 0 && prewarmSeconds >= 0, "--permission-sets and --prewarm must not be negative");
        require(postGraphileWorkers >= 1 && rounds >= 1, "--postgraphile-workers and --rounds must be positive");
        require(driver.equals("wrk") || driver.equals("java"), "--driver is wrk or java");
        require(coldStarts >= 0 && coldStartSeconds >= 6, "--cold-starts must not be negative, --cold-start-seconds at least 6");
        return this;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message + "\n" + USAGE);
        }
    }

    private static java.util.Set<ApiQuery> queries(String value) {
        if (value.equals("all")) {
            return java.util.EnumSet.allOf(ApiQuery.class);
        }
        java.util.Set<ApiQuery> queries = java.util.EnumSet.noneOf(ApiQuery.class);
        for (String name : value.split(",")) {
            try {
                queries.add(ApiQuery.valueOf(name.strip().toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--queries names Q1 to Q" + ApiQuery.values().length + ", not " + name + "\n" + USAGE, e);
            }
        }
        return queries;
    }

    private static int number(Map<String, String> values, String name) {
        try {
            return Integer.parseInt(values.get(name).replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number: " + values.get(name), e);
        }
    }

    private static Map<String, String> defaults(String companies, String concurrency, String warmup, String seconds, String pgbench,
            String schemaTenants, String permissionSets) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("tenants", "10");
        values.put("companies", companies);
        values.put("large-factor", "10");
        values.put("contacts", "10");
        values.put("deals", "2");
        values.put("concurrency", concurrency);
        values.put("warmup", warmup);
        values.put("seconds", seconds);
        values.put("pgbench-seconds", pgbench);
        values.put("schema-tenants", schemaTenants);
        values.put("schema-fields", "10");
        values.put("admin-url", "jdbc:postgresql://127.0.0.1:5432/postgres");
        values.put("admin-user", "postgres");
        values.put("admin-password", "");
        values.put("postgraphile", "on");
        values.put("postgraphile-workers", "2");
        values.put("rounds", "2");
        values.put("permission-sets", permissionSets);
        values.put("queries", "all");
        values.put("prewarm", "0");
        values.put("driver", "wrk");
        values.put("cold-starts", "0");
        values.put("cold-start-seconds", "20");
        return values;
    }
}
