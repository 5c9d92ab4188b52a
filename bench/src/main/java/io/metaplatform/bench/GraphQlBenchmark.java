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
import java.util.Locale;
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
        List<ColdStart.Start> coldStarts = coldStarts(targets);
        Optional<PgBench> pgbench = PgBench.find(database);
        Optional<Wrk> wrk = options.driver().equals("java") ? Optional.empty() : Wrk.find();
        LoadDriver driver = new LoadDriver(targets, options.concurrency(), wrk);
        loadDriver = driver.describe() + (wrk.isPresent() ? "" : options.driver().equals("java") ? " (--driver=java)"
                : " (wrk is not on the PATH: apt-get install wrk)");
        progress("load driver: " + loadDriver);
        Optional<PostGraphile> postGraphile = startPostGraphile();
        Map<ApiQuery, Row> rows = new LinkedHashMap<>();
        Map<ApiQuery, SideBySide.Figures> sideBySide = new LinkedHashMap<>();
        try {
            prewarm(driver, targets, postGraphile);
            for (ApiQuery query : options.queries()) {
                if (query == ApiQuery.Q6) {
                    checkCustomMatchesBuiltIn(targets);
                }
                List<PgBench.Script> scripts = capture(query, targets);
                progress(query + ": " + options.seconds() + " s against the server at concurrency " + options.concurrency());
                LoadDriver.Result server = driver.run(target -> client.call("/graphql", target.token(), query.document(target.companyId())),
                        options.warmupSeconds(), options.seconds());
                PgBench.Result direct = null;
                if (pgbench.isPresent()) {
                    progress(query + ": " + options.pgbenchSeconds() + " s of the same SQL through pgbench");
                    direct = pgbench.get().run(scripts, options.concurrency(), options.pgbenchSeconds());
                }
                rows.put(query, new Row(server, direct, scripts.getFirst().statements() + " in " + scripts.getFirst().rounds().size() + " round(s), "
                        + scripts.getFirst().transactions() + " transaction(s)"));
                // After the platform's own run, which warmed its JIT up on this shape as PostGraphile's warm-up does its own.
                if (postGraphile.isPresent() && query.hasPostGraphile()) {
                    GraphQlClient theirs = new GraphQlClient(postGraphile.get().port());
                    checkSameRows(query, targets, theirs);
                    sideBySide.put(query, sideBySide(query, driver, theirs));
                    if (pgbench.isPresent()) {
                        double rate = sideBySide.get(query).oursRate() / 2;
                        progress(query + ": " + options.pgbenchSeconds() + " s of the same SQL through pgbench at the platform's half-load rate, "
                                + Math.round(rate) + "/s");
                        databaseAtHalf.put(query, pgbench.get().runAtRate(scripts, options.concurrency(), options.pgbenchSeconds(), rate));
                        // The same at a tenth of that rate, the machine mostly idle: what the round trip's spread is
                        // when nothing waits for a core.
                        progress(query + ": and at a tenth of that rate, " + Math.round(rate / 10) + "/s");
                        databaseAtTenth.put(query, pgbench.get().runAtRate(scripts, options.concurrency(), options.pgbenchSeconds(), rate / 10));
                    }
                }
            }
        } finally {
            postGraphile.ifPresent(PostGraphile::close);
        }
        List<SchemaBuildRun.Stage> stages = options.schemaTenants().getFirst() == 0 ? List.of()
                : new SchemaBuildRun(client, server.issuer(), tenants, options.schemaFields()).run(options.schemaTenants());
        Optional<PermissionSchemaRun.Figures> permissionSets = options.permissionSets() == 0 ? Optional.empty()
                : Optional.of(new PermissionSchemaRun(client, server.issuer(), tenants).run(options.permissionSets()));
        print(facts, pgbench, rows, stages);
        permissionSets.ifPresent(PermissionSchemaRun::print);
        printSideBySide(postGraphile.isPresent(), sideBySide, rows);
        if (!coldStarts.isEmpty()) {
            ColdStart.print(coldStarts, options.coldStartSeconds());
        }
    }

    /**
     * {@code --cold-starts} new server processes of each variant, alternating, before anything else runs on the machine:
     * the server without its warm-up before readiness and with it, each also with an AOT cache trained beforehand (JDK 25).
     */
    private List<ColdStart.Start> coldStarts(List<LoadDriver.Target> targets) throws Exception {
        if (options.coldStarts() == 0) {
            return List.of();
        }
        if (!ColdStart.available()) {
            progress("cold starts skipped: server/target/metaplatform-server-exec.jar is missing (package the server module)");
            return List.of();
        }
        ColdStart cold = new ColdStart(ColdStart.extracted(), database, server.dataDirectory(), targets, options.concurrency(),
                options.coldStartSeconds());
        List<String> off = List.of("--platform.warmup.enabled=false");
        List<ColdStart.Variant> variants = new ArrayList<>(List.of(new ColdStart.Variant("no warm-up", List.of(), off),
                new ColdStart.Variant("warm-up (defaults)", List.of(), List.of())));
        progress("cold starts: training an AOT cache (JDK 25+) on one start with the warm-up and 5 s of Q1");
        Optional<Path> cache = cold.trainedAotCache();
        cache.ifPresentOrElse(file -> {
            List<String> flags = List.of("-XX:AOTCache=" + file);
            variants.add(new ColdStart.Variant("AOT cache, no warm-up", flags, off));
            variants.add(new ColdStart.Variant("AOT cache, warm-up", flags, List.of()));
        }, () -> progress("no AOT cache: this JVM is " + Runtime.version().feature() + ", the AOT cache needs 25"));
        List<ColdStart.Start> starts = new ArrayList<>();
        for (int round = 0; round < options.coldStarts(); round++) {
            for (ColdStart.Variant variant : variants) {
                progress("cold start " + (round + 1) + "/" + options.coldStarts() + ", " + variant.label() + ": a new server process, then "
                        + options.coldStartSeconds() + " s of Q1");
                starts.add(cold.run(variant));
            }
        }
        return starts;
    }

    /**
     * {@code --prewarm} seconds of every shape against the server and PostGraphile, untimed: the first shapes of a run
     * otherwise meet a JVM whose compiler has not seen the request path yet (Q1, the first, varied most run to run).
     */
    private void prewarm(LoadDriver driver, List<LoadDriver.Target> targets, Optional<PostGraphile> postGraphile) throws Exception {
        if (options.prewarmSeconds() == 0) {
            return;
        }
        progress("pre-warm: " + options.prewarmSeconds() + " s of each shape against each system, untimed");
        Optional<GraphQlClient> theirs = postGraphile.map(running -> new GraphQlClient(running.port()));
        for (ApiQuery query : options.queries()) {
            driver.run(target -> client.call("/graphql", target.token(), query.document(target.companyId())), 0, options.prewarmSeconds());
            if (theirs.isPresent() && query.hasPostGraphile()) {
                driver.run(target -> theirs.get().call("/graphql", target.token(), query.postGraphileDocument(target.tenant(),
                        target.companyId())), 0, options.prewarmSeconds());
            }
        }
    }

    private Optional<PostGraphile> startPostGraphile() {
        if (!options.postGraphile()) {
            postGraphileMissing = "switched off (--postgraphile=off)";
            return Optional.empty();
        }
        progress("installing (npm ci, once) and starting PostGraphile 4.14.1 with " + options.postGraphileWorkers() + " workers");
        try {
            return Optional.of(PostGraphile.start(database, server.issuer().publicKey(), options.postGraphileWorkers(), 10));
        } catch (Exception e) {
            postGraphileMissing = "could not be started: " + e.getMessage();
            progress("PostGraphile " + postGraphileMissing);
            return Optional.empty();
        }
    }

    private String postGraphileMissing = "";
    private final Map<ApiQuery, ServerTimer.Times> serverTimesAtHalf = new java.util.EnumMap<>(ApiQuery.class);
    private final Map<ApiQuery, PgBench.AtRate> databaseAtHalf = new java.util.EnumMap<>(ApiQuery.class);
    private final Map<ApiQuery, PgBench.AtRate> databaseAtTenth = new java.util.EnumMap<>(ApiQuery.class);
    private String loadDriver = "";

    /** Q6 and Q7 read the same companies in the same order for every tenant, or the comparison would mean nothing. */
    private void checkCustomMatchesBuiltIn(List<LoadDriver.Target> targets) {
        for (LoadDriver.Target target : targets) {
            String custom = client.data("/graphql", target.token(), ApiQuery.Q6.document(target.companyId())).toString();
            String builtIn = client.data("/graphql", target.token(), ApiQuery.Q7.document(target.companyId())).toString();
            if (!custom.equals(builtIn)) {
                throw new IllegalStateException("Q6 and Q7 differ for tenant " + target.tenant() + ":\n" + custom + "\n" + builtIn);
            }
        }
    }

    /** Every tenant's answer of both servers, compared value by value, before anything is timed. */
    private void checkSameRows(ApiQuery query, List<LoadDriver.Target> targets, GraphQlClient theirs) {
        java.util.Set<String> executors = new java.util.TreeSet<>();
        for (LoadDriver.Target target : targets) {
            List<String> theirValues = SideBySide.values(theirs.data("/graphql", target.token(),
                    query.postGraphileDocument(target.tenant(), target.companyId())));
            GraphQlClient.Reply ours = client.graphQl("/graphql", target.token(), query.document(target.companyId()));
            if (!ours.ok()) {
                throw new IllegalStateException(query + " failed (" + ours.status() + "): " + ours.body());
            }
            executors.add(ours.execution());
            List<String> ourValues = SideBySide.values(ours.json().path("data"));
            if (!ourValues.equals(theirValues)) {
                throw new IllegalStateException(query + ": PostGraphile and the platform return different rows for tenant "
                        + target.tenant() + "\nplatform:    " + ourValues + "\npostgraphile: " + theirValues);
            }
        }
        progress(query + ": PostGraphile and the platform return the same values for every tenant (the platform's executor: "
                + String.join(", ", executors) + ")");
    }

    /** Alternating closed-loop rounds of the platform and PostGraphile, then each at half its maximum rate. */
    private SideBySide.Figures sideBySide(ApiQuery query, LoadDriver driver, GraphQlClient theirs) throws Exception {
        LoadDriver.Shape ourRequest = target -> client.call("/graphql", target.token(), query.document(target.companyId()));
        LoadDriver.Shape theirRequest = target -> theirs.call("/graphql", target.token(),
                query.postGraphileDocument(target.tenant(), target.companyId()));
        List<LoadDriver.Result> ours = new ArrayList<>();
        List<LoadDriver.Result> theirsRounds = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
            progress(query + " side by side, round " + round + " of " + options.rounds() + ": platform, then PostGraphile, "
                    + options.seconds() + " s each at concurrency " + options.concurrency());
            ours.add(driver.run(ourRequest, options.warmupSeconds(), options.seconds()));
            theirsRounds.add(driver.run(theirRequest, options.warmupSeconds(), options.seconds()));
        }
        SideBySide.Figures max = new SideBySide.Figures(ours, theirsRounds, null, null);
        progress(query + " at half of each one's maximum rate: " + Math.round(max.oursRate() / 2) + " and "
                + Math.round(max.theirsRate() / 2) + " requests/s");
        server.timer().start();
        LoadDriver.Result oursAtHalf = driver.runAtRate(ourRequest, max.oursRate() / 2, 1, options.seconds());
        serverTimesAtHalf.put(query, server.timer().stop());
        LoadDriver.Result theirsAtHalf = driver.runAtRate(theirRequest, max.theirsRate() / 2, 1, options.seconds());
        return new SideBySide.Figures(ours, theirsRounds, oursAtHalf, theirsAtHalf);
    }

    private void printSideBySide(boolean ran, Map<ApiQuery, SideBySide.Figures> figures, Map<ApiQuery, Row> rows) {
        System.out.printf("%nSide by side with PostGraphile 4.14.1 (connection-filter plugin, %d node workers, pool 10 each, the "
                + "application role, app.tenant_id from the verified token through pgSettings)%n", options.postGraphileWorkers());
        if (!ran) {
            System.out.printf("not run: PostGraphile %s%n", postGraphileMissing);
            return;
        }
        System.out.printf("%d clients, closed loop, %d alternating rounds of %d s each (req/s, p50 and p99: mean of the rounds); "
                + "half load: a fixed rate of half the system's own req/s, latency from the scheduled start%n",
                options.concurrency(), options.rounds(), options.seconds());
        System.out.printf("%-32s %9s | %8s %7s %7s | %8s %7s %7s | %6s | %-22s | %-22s%n", "", "SQL tx/", "platform", "", "", "PostGr.", "", "",
                "ratio", "half load p50/p99 ms", "");
        System.out.printf("%-32s %9s | %8s %7s %7s | %8s %7s %7s | %6s | %-22s | %-22s%n", "query", "stmts", "req/s", "p50 ms", "p99 ms",
                "req/s", "p50 ms", "p99 ms", "req/s", "platform", "PostGraphile");
        figures.forEach((query, row) -> {
            LoadDriver.Result last = row.ours().getLast();
            System.out.printf("%-32s %9s | %8.1f %7.2f %7.2f | %8.1f %7.2f %7.2f | %5.2fx | %6.2f %6.2f (%4.1fx) | %6.2f %6.2f (%4.1fx)%n",
                    query + " " + query.label(), range(last.minTransactions(), last.maxTransactions()) + "/"
                            + range(last.minStatements(), last.maxStatements()),
                    row.oursRate(), SideBySide.Figures.p50(row.ours()), SideBySide.Figures.p99(row.ours()), row.theirsRate(),
                    SideBySide.Figures.p50(row.theirs()), SideBySide.Figures.p99(row.theirs()), row.ratio(),
                    row.oursAtHalf().all().p50(), row.oursAtHalf().all().p99(), SideBySide.Figures.spread(row.oursAtHalf().all()),
                    row.theirsAtHalf().all().p50(), row.theirsAtHalf().all().p99(), SideBySide.Figures.spread(row.theirsAtHalf().all()));
        });
        System.out.printf("half load from each request's actual sending (without the driver's lateness after its slot), and the "
                + "share of requests the driver itself sent more than 1 ms late (its stalls or the machine's, not the server's):%n");
        figures.forEach((query, row) -> System.out.printf("%-32s platform %6.2f %6.2f (%4.1fx), %5.2f %% late | PostGraphile %6.2f %6.2f (%4.1fx), %5.2f %% late%n",
                query + " " + query.label(), row.oursAtHalf().fromSending().p50(), row.oursAtHalf().fromSending().p99(),
                SideBySide.Figures.spread(row.oursAtHalf().fromSending()), 100 * row.oursAtHalf().lateShare(),
                row.theirsAtHalf().fromSending().p50(), row.theirsAtHalf().fromSending().p99(),
                SideBySide.Figures.spread(row.theirsAtHalf().fromSending()), 100 * row.theirsAtHalf().lateShare()));
        System.out.printf("the platform's own time per request in its half-load round (a servlet filter ahead of all others, from the "
                + "request reaching the application to its response completed: without the driver, the network and the container's "
                + "hand-over):%n");
        serverTimesAtHalf.forEach((query, times) -> System.out.printf("%-32s platform %6.2f %6.2f (%4.1fx) over %d requests;"
                + " its SQL statements' executions (jOOQ's execute, to PostgreSQL's answer) %6.2f %6.2f (%4.1fx) over %d%n",
                query + " " + query.label(), times.p50(), times.p99(), times.spread(), times.requests(), times.statementP50(),
                times.statementP99(), times.statementSpread(), times.statements()));
        if (!databaseAtHalf.isEmpty()) {
            System.out.printf("the database alone at the platform's half-load rate: pgbench replaying the platform's SQL of the shape "
                    + "(%d clients, -R, each client's starts a Poisson process; %d s), p50 p99 ms:%n", options.concurrency(), options.pgbenchSeconds());
            databaseAtHalf.forEach((query, atRate) -> printAtRate(query.toString() + " " + query.label(), atRate));
            System.out.printf("and at a tenth of that rate, the machine mostly idle (the spread of the round trip itself when nothing "
                    + "waits for a core):%n");
            databaseAtTenth.forEach((query, atRate) -> printAtRate(query.toString() + " " + query.label(), atRate));
        }
        System.out.printf("the platform's JVM during its half-load round and, for comparison, its last closed-loop round (stop-the-world "
                + "collections; \"other\" are G1's remark and cleanup pauses and full collections):%n");
        figures.forEach((query, row) -> System.out.printf("%-32s half load %s | closed loop %s%n", query + " " + query.label(),
                row.oursAtHalf().gc(), row.ours().getLast().gc()));
        System.out.printf("CPU during the half-load rounds (cores busy on average, and per request; \"the rest\" is the load driver, "
                + "PostGraphile in its rounds, and the machine's own) and, for comparison, the platform's last closed-loop round:%n");
        figures.forEach((query, row) -> System.out.printf("%-32s platform at half load: %s%n%-32s PostGraphile at half load: %s%n"
                + "%-32s platform, closed loop: %s%n", query + " " + query.label(), row.oursAtHalf().cpu().describe(row.oursAtHalf().requests()),
                "", row.theirsAtHalf().cpu().describe(row.theirsAtHalf().requests()), "",
                row.ours().getLast().cpu().describe(row.ours().getLast().requests())));
        Row q1 = rows.get(ApiQuery.Q1);
        Double q1ToPgbench = null;
        if (q1 != null && q1.direct() != null && figures.containsKey(ApiQuery.Q1)) {
            q1ToPgbench = figures.get(ApiQuery.Q1).oursRate() / q1.direct().tps();
            System.out.printf("Q1 against pgbench replaying the platform's own Q1 SQL at %d clients: %.1f req/s / %.1f tps = %.2fx%n",
                    options.concurrency(), figures.get(ApiQuery.Q1).oursRate(), q1.direct().tps(), q1ToPgbench);
        }
        System.out.printf("(tx/stmts: X-Sql-Transactions/X-Sql-Statements of the platform's timed responses; ratio: platform req/s "
                + "over PostGraphile's; the rows of both were compared value by value for every tenant before timing)%n");
        printGoals(figures, q1ToPgbench);
    }

    private static void printAtRate(String label, PgBench.AtRate atRate) {
        System.out.printf("%-32s %.0f tps, from the slot %6.2f %6.2f (%4.1fx), from sending %6.2f %6.2f (%4.1fx), %5.2f %% started > 1 ms late; "
                + "%s; %d of %d logged with 0 us left out%n", label, atRate.tps(), atRate.fromSlot().p50(), atRate.fromSlot().p99(),
                SideBySide.Figures.spread(atRate.fromSlot()), atRate.fromSending().p50(), atRate.fromSending().p99(),
                SideBySide.Figures.spread(atRate.fromSending()), 100 * atRate.lateShare(), atRate.cpu().machine(), atRate.zeros(), atRate.logged());
    }

    /**
     * Issue 20's goals with this run's figures: each shape at 1.5x PostGraphile and flat at half load, Q1 at 0.5x pgbench
     * ({@code q1ToPgbench} null when pgbench did not run).
     */
    private static void printGoals(Map<ApiQuery, SideBySide.Figures> figures, Double q1ToPgbench) {
        System.out.printf("goals of issue 20 in this run:%n");
        figures.forEach((query, row) -> {
            double fromSlot = SideBySide.Figures.spread(row.oursAtHalf().all());
            double fromSending = SideBySide.Figures.spread(row.oursAtHalf().fromSending());
            System.out.printf(Locale.ROOT, "%-32s req/s %.2fx PostGraphile's (>= 1.5x: %s) | half-load p99/p50 (<= 3x): %.1fx from the slot %s, "
                    + "%.1fx from sending %s%n", query + " " + query.label(), row.ratio(), met(row.ratio() >= 1.5), fromSlot, met(fromSlot <= 3),
                    fromSending, met(fromSending <= 3));
        });
        if (q1ToPgbench != null) {
            System.out.printf(Locale.ROOT, "%-32s req/s %.2fx pgbench's tps on its own SQL (>= 0.5x: %s)%n", ApiQuery.Q1 + " " + ApiQuery.Q1.label(),
                    q1ToPgbench, met(q1ToPgbench >= 0.5));
        }
    }

    private static String met(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static String range(int min, int max) {
        return min == max ? Integer.toString(min) : min + "-" + max;
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
            CustomFieldCopies.add(client, server.issuer(), database, tenant);
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
            // One request first, so the tenant's schema is loaded and the captured request is a steady one (a first
            // request also holds the transaction that reads the tenant's metadata, which pgbench would replay every time).
            client.data("/graphql", target.token(), query.document(target.companyId()));
            List<PgBench.Round> rounds = server.sqlDuring(() -> client.data("/graphql", target.token(),
                    query.document(target.companyId())));
            PgBench.Script script = new PgBench.Script(target.tenant(), rounds, target.large());
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
        System.out.printf("load driver: %s%n", loadDriver);
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
        if (rows.containsKey(ApiQuery.Q6) && rows.containsKey(ApiQuery.Q7)) {
            System.out.printf("Q6/Q7, indexed custom fields against the built-in columns they copy: req/s x%.2f, p50 x%.2f (issue 16: req/s"
                    + " within 1.5x)%n", rows.get(ApiQuery.Q6).server().requestsPerSecond() / rows.get(ApiQuery.Q7).server().requestsPerSecond(),
                    rows.get(ApiQuery.Q6).server().all().p50() / rows.get(ApiQuery.Q7).server().all().p50());
        }
        System.out.printf("(SQL stmts: X-Sql-Statements of the timed responses, the jOOQ statements; the pgbench scripts hold the same statements "
                + "in the same rounds (a transaction, or one statement sent with its tenant setting), captured from one request: %s (the security filter's tenant status "
                + "comes from the server's memory, so no script reads it); large/small: p50 of the large tenant's and of the other tenants' requests)%n",
                rows.values().stream().map(Row::capturedStatements).toList());
        System.out.printf("(pgbench's latencies leave out the transactions its log gave 0 us, which no round trip takes: %s)%n",
                rows.entrySet().stream().filter(entry -> entry.getValue().direct() != null).map(entry -> entry.getKey() + " "
                        + entry.getValue().direct().zeros() + " of " + entry.getValue().direct().logged()).toList());
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
