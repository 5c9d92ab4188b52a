package io.metaplatform.bench;

import io.metaplatform.core.DevIssuer;
import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Benchmark of the GraphQL API: the real server in this JVM, called over HTTP with real tokens by concurrent
 * clients on tenants of two sizes, each query shape compared with the same SQL run directly by {@code pgbench};
 * then schema build time and heap per customised tenant. Prints its figures; see {@code bench/README.md}.
 */
public final class GraphQlBenchmark {

    private static final long STARTED = System.nanoTime();
    private static final Path SCRIPTS = Path.of("bench/target/graphql-bench");

    private final GraphQlOptions options;
    private final BenchDatabase database;
    private final ServerUnderTest server;
    private final GraphQlClient client;
    private final Tenants tenants;

    private GraphQlBenchmark(GraphQlOptions options, BenchDatabase database, ServerUnderTest server) {
        this.options = options;
        this.database = database;
        this.server = server;
        this.client = new GraphQlClient(server.port());
        this.tenants = new Tenants(client, server.issuer());
    }

    /** Runs the benchmark; {@code --help} lists the options. */
    public static void main(String[] arguments) throws Exception {
        String[] args = Stream.of(arguments).flatMap(argument -> Stream.of(argument.strip().split("\\s+")))
                .filter(argument -> !argument.isEmpty()).toArray(String[]::new);
        if (List.of(args).contains("--help")) {
            System.out.print(GraphQlOptions.USAGE);
            return;
        }
        GraphQlOptions options;
        try {
            options = GraphQlOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try (BenchDatabase database = BenchDatabase.create(options.adminUrl(), options.adminUser(), options.adminPassword())) {
            progress("database " + database.name() + " created; starting the server (migrations)");
            try (ServerUnderTest server = ServerUnderTest.start(database, 10)) {
                new GraphQlBenchmark(options, database, server).run();
            }
        }
        System.out.printf("%ntotal run time %.0f s; database dropped%n", (System.nanoTime() - STARTED) / 1e9);
        // The server's non-daemon threads (Redis, schedulers) may outlive the closed context.
        System.exit(0);
    }

    static void progress(String message) {
        System.err.printf("[bench %4.0fs] %s%n", (System.nanoTime() - STARTED) / 1e9, message);
    }

    private void run() throws Exception {
        Environment.Facts facts = Environment.facts(database);
        List<LoadDriver.Target> targets = fill();
        Optional<PgBench> pgbench = PgBench.find(database);
        LoadDriver driver = new LoadDriver(client, targets, options.concurrency());
        Map<ApiQuery, Row> rows = new LinkedHashMap<>();
        for (ApiQuery query : ApiQuery.values()) {
            List<PgBench.Script> scripts = capture(query, targets);
            progress(query + ": " + options.seconds() + " s against the server at concurrency " + options.concurrency());
            LoadDriver.Result server = driver.run(query, options.warmupSeconds(), options.seconds());
            PgBench.Result direct = null;
            if (pgbench.isPresent()) {
                progress(query + ": " + options.pgbenchSeconds() + " s of the same SQL through pgbench");
                direct = pgbench.get().run(scripts, options.concurrency(), options.pgbenchSeconds());
            }
            rows.put(query, new Row(server, direct, scripts.getFirst().statements() + " in " + scripts.getFirst().transactions().size()));
        }
        List<SchemaBuildRun.Stage> stages = new SchemaBuildRun(client, server.issuer(), tenants, options.schemaFields())
                .run(options.schemaTenants());
        print(facts, pgbench, rows, stages);
    }

    private record Row(LoadDriver.Result server, PgBench.Result direct, String capturedStatements) {
    }

    /** Creates the tenants through the operator API and fills them with bulk SQL; the last one is the large one. */
    private List<LoadDriver.Target> fill() throws Exception {
        List<LoadDriver.Target> targets = new ArrayList<>();
        for (int i = 0; i < options.tenants(); i++) {
            boolean large = i == options.tenants() - 1;
            int companies = options.companies() * (large ? options.largeFactor() : 1);
            TenantId tenant = tenants.create("bench-" + i);
            progress("filling tenant " + (i + 1) + " of " + options.tenants() + ": " + companies + " companies, "
                    + companies * options.contacts() + " contacts, " + companies * options.contacts() * options.deals() + " deals");
            CrmData.fill(database, tenant, companies, options.contacts(), options.deals());
            String token = server.issuer().mint(DevIssuer.TokenRequest.of("bench-user", tenant, Role.TENANT_USER));
            targets.add(new LoadDriver.Target(token, CrmData.firstCompany(database, tenant), large, tenant.toString()));
        }
        progress("vacuum (analyze) company, contact, deal");
        CrmData.settle(database);
        return targets;
    }

    /** Each tenant's request once, checked, with the SQL the server ran for it; written under bench/target for reading. */
    private List<PgBench.Script> capture(ApiQuery query, List<LoadDriver.Target> targets) throws IOException {
        List<PgBench.Script> scripts = new ArrayList<>();
        Files.createDirectories(SCRIPTS);
        for (LoadDriver.Target target : targets) {
            List<List<String>> transactions = server.sqlDuring(() -> client.data("/graphql", target.token(),
                    query.document(target.companyId())));
            PgBench.Script script = new PgBench.Script(target.tenant(), transactions, target.large());
            scripts.add(script);
            if (target.large()) {
                Files.writeString(SCRIPTS.resolve(query + "-large-tenant.sql"), PgBench.text(script));
            }
        }
        return scripts;
    }

    private void print(Environment.Facts facts, Optional<PgBench> pgbench, Map<ApiQuery, Row> rows, List<SchemaBuildRun.Stage> stages) {
        System.out.printf("%nGraphQL API benchmark%n");
        System.out.printf("machine: %s, %d cores, %.0f GB RAM; %s; %s%n", facts.cpu(), facts.cores(), facts.memoryBytes() / 1e9,
                facts.os(), facts.jdk());
        System.out.printf("database: %s; %s%n", facts.postgres(), facts.settings());
        System.out.printf("load average (1 min) at the end: %.2f%n", Environment.loadAverage());
        int large = options.companies() * options.largeFactor();
        System.out.printf("%n%d tenants: %d with %,d companies, 1 with %,d; %d contacts per company, %d deals per contact%n",
                options.tenants(), options.tenants() - 1, options.companies(), large, options.contacts(), options.deals());
        System.out.printf("%d concurrent clients, closed loop over the tenants in turn; %d s warm-up, %d s timed per query; "
                + "server pool 10 connections%n", options.concurrency(), options.warmupSeconds(), options.seconds());
        System.out.printf("pgbench: %s%n", pgbench.map(p -> p.executable() + ", the captured SQL of each tenant's request, "
                + options.concurrency() + " clients, " + options.pgbenchSeconds() + " s, -M simple, the server's transactions "
                + "with the server's set_config").orElse("NOT FOUND (no pgbench on the PATH or under /usr/lib/postgresql): "
                + "the pgbench columns are empty"));
        printQueries(rows);
        printSchemas(stages);
    }

    private static void printQueries(Map<ApiQuery, Row> rows) {
        System.out.printf("%n%-32s %5s %8s %7s %7s %7s %7s %7s %3s | %8s %7s %7s | %6s %6s %7s%n", "", "SQL", "server", "", "", "", "p50", "p50", "",
                "pgbench", "", "", "server/pgbench", "", "");
        System.out.printf("%-32s %5s %8s %7s %7s %7s %7s %7s %3s | %8s %7s %7s | %6s %6s %7s%n", "query", "stmts", "req/s", "p50 ms", "p95 ms",
                "p99 ms", "large", "small", "err", "tps", "p50 ms", "p95 ms", "p50", "p95", "tps/rps");
        rows.forEach((query, row) -> {
            LoadDriver.Result server = row.server();
            String statements = server.minStatements() == server.maxStatements() ? Integer.toString(server.minStatements())
                    : server.minStatements() + "-" + server.maxStatements();
            System.out.printf("%-32s %5s %8.1f %7.2f %7.2f %7.2f %7.2f %7.2f %3d | ", query + " " + query.label(), statements,
                    server.requestsPerSecond(), server.all().p50(), server.all().p95(), server.all().p99(), server.large().p50(), server.small().p50(),
                    server.failures());
            PgBench.Result direct = row.direct();
            if (direct == null) {
                System.out.printf("%8s %7s %7s | %6s %6s %7s%n", "-", "-", "-", "-", "-", "-");
                return;
            }
            System.out.printf("%8.1f %7.2f %7.2f | %5.1fx %5.1fx %6.1fx%n", direct.tps(), direct.all().p50(), direct.all().p95(),
                    server.all().p50() / direct.all().p50(), server.all().p95() / direct.all().p95(),
                    direct.tps() / server.requestsPerSecond());
        });
        System.out.printf("(SQL stmts: X-Sql-Statements of the timed responses, the jOOQ statements; the pgbench scripts hold the same statements "
                + "in the same transactions, captured from one request: %s transactions, after the tenant status check of "
                + "the security filter (1 more statement, not counted by the header); large/small: p50 of the large tenant's and of the other tenants' requests)%n",
                rows.values().stream().map(Row::capturedStatements).toList());
    }

    private static void printSchemas(List<SchemaBuildRun.Stage> stages) {
        System.out.printf("%nSchema build and heap per customised tenant (each with its own custom fields, so no two share a schema)%n");
        System.out.printf("%8s %6s | %-26s %10s | %14s %14s %11s | %8s%n", "tenants", "added", "first request p50/p95/max ms",
                "cached p50", "heap/tenant:", "schema+meta", "heap used", "setup s");
        for (SchemaBuildRun.Stage stage : stages) {
            System.out.printf("%8d %6d | %8.1f %8.1f %8.1f %10.2f | %11.2f MB %11.2f MB %8.0f MB | %8.1f%n", stage.tenants(), stage.added(),
                    stage.firstRequest().p50(), stage.firstRequest().p95(), stage.firstRequest().max(), stage.cachedRequest().p50(),
                    stage.schemaHeapPerTenant() / 1e6, stage.totalHeapPerTenant() / 1e6, stage.heapAfter() / 1e6, stage.setupSeconds());
        }
        System.out.printf("(first request: the tenant's first data request after its fields were added, which assembles its effective "
                + "schema and builds its GraphQL schema; cached: the same request again; heap/tenant: used heap after full GCs, "
                + "difference over the stage's new tenants: of the first requests alone, and of the whole stage with the admin changes)%n");
    }
}
