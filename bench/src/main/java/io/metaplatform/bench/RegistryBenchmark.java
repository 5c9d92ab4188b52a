package io.metaplatform.bench;

import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantId;
import io.metaplatform.registry.FieldDefinition;
import io.metaplatform.registry.MetadataService;
import io.metaplatform.registry.NewField;
import io.metaplatform.registry.RecordService;
import io.metaplatform.registry.Storage;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Benchmark of the object registry's record store: insert rates through {@link RecordService}, and the
 * latency of filtered, sorted pages on custom (jsonb) fields against built-in columns holding the same
 * values, with {@code --tenants} and then {@code --many-tenants} tenants sharing the table. Prints its
 * figures; see {@code bench/README.md}.
 */
public final class RegistryBenchmark {

    private static final String ACTOR = "bench";
    private static final long STARTED = System.nanoTime();

    private final BenchOptions options;
    private final BenchDatabase database;
    private final MetadataService metadata;
    private final RecordService records;
    private final QueryRun queries;
    private final Report report = new Report();

    private RegistryBenchmark(BenchOptions options, BenchDatabase database, ConfigurableApplicationContext context) {
        this.options = options;
        this.database = database;
        this.metadata = context.getBean(MetadataService.class);
        this.records = context.getBean(RecordService.class);
        this.queries = new QueryRun(records, context.getBean(SqlCapture.class), new PlanExplainer(database), options);
    }

    /** Runs the benchmark; {@code --help} lists the options. */
    public static void main(String[] arguments) throws Exception {
        // Maven passes -Dbench.args as one argument: split it.
        String[] args = Stream.of(arguments).flatMap(argument -> Stream.of(argument.strip().split("\\s+")))
                .filter(argument -> !argument.isEmpty()).toArray(String[]::new);
        if (List.of(args).contains("--help")) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try (BenchDatabase database = BenchDatabase.create(options)) {
            progress("database " + database.name() + " created; starting the registry (migrations)");
            try (ConfigurableApplicationContext context = BenchApplication.start(database)) {
                new RegistryBenchmark(options, database, context).run();
            }
        }
        System.out.printf("%ntotal run time %.0f s; database dropped%n", seconds(System.nanoTime() - STARTED));
    }

    private void run() throws Exception {
        report.facts(options, Environment.facts(database));
        TenantId subject = TenantId.random();
        Map<String, String> keys = createFields(subject);
        AutoAnalyze analyze = AutoAnalyze.forServer(database, options.autoanalyze());
        insertSubject(subject, analyze);
        compareWriteCost(subject);
        report.statistics(analyze.describe());
        Filler filler = new Filler(database, keys);
        List<TenantId> others = Stream.generate(TenantId::random).limit(options.manyTenants() - 1L).toList();
        List<QueryShape> shapes = QueryShape.all(options.pageSize());
        measureQueries(subject, filler, others.subList(0, options.tenants() - 1), options.tenants(), shapes);
        measureQueries(subject, filler, others.subList(options.tenants() - 1, others.size()), options.manyTenants(), shapes);
        report.print();
    }

    private Map<String, String> createFields(TenantId subject) {
        progress("creating 20 custom fields on company, " + CompanyData.INDEXED.size() + " of them indexed");
        return createFields(subject, CompanyData.INDEXED);
    }

    // Fields not in `indexed` are created with indexing off, so the share of indexed fields is the benchmark's choice.
    private Map<String, String> createFields(TenantId tenant, java.util.Set<String> indexed) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (CompanyData.CustomField field : CompanyData.FIELDS) {
            FieldDefinition created = TenantContext.callAs(tenant, () -> metadata.createField(CompanyData.OBJECT,
                    new NewField(field.apiName(), null, null, field.type(), null, null, indexed.contains(field.apiName())), ACTOR));
            keys.put(field.apiName(), ((Storage.CustomKey) created.storage()).key());
        }
        return keys;
    }

    /**
     * What indexing costs writes: batches of the tenant under test (10 of 20 custom fields indexed) interleaved with
     * batches of a control tenant whose 20 fields are all unindexed (the write path before index slots), on the same
     * table at the same moment, so load and table size hit both alike.
     */
    private void compareWriteCost(TenantId subject) {
        TenantId control = TenantId.random();
        createFields(control, java.util.Set.of());
        Random random = new Random(43);
        int batches = options.controlBatches();
        progress("timing " + batches + " batches of " + options.batch() + " interleaved: 10 of 20 fields indexed against none");
        createMany(control, random, options.batch());
        createMany(subject, random, options.batch());
        long[] indexed = new long[batches];
        long[] plain = new long[batches];
        for (int i = 0; i < batches; i++) {
            long one = System.nanoTime();
            createMany(control, random, options.batch());
            plain[i] = System.nanoTime() - one;
            one = System.nanoTime();
            createMany(subject, random, options.batch());
            indexed[i] = System.nanoTime() - one;
        }
        report.insert("createMany(), no custom field indexed", batches * options.batch(), LongStream.of(plain).sum(), Latencies.of(plain));
        report.insert("createMany(), 10 of 20 fields indexed", batches * options.batch(), LongStream.of(indexed).sum(),
                Latencies.of(indexed));
        report.writeCost(LongStream.of(plain).sum(), LongStream.of(indexed).sum());
    }

    // Rates are the records over the summed time of the calls, so an ANALYZE between calls does not count.
    private void insertSubject(TenantId subject, AutoAnalyze analyze) throws SQLException {
        Random random = new Random(42);
        progress("warming up with " + options.warmupInserts() + " single creates");
        for (int i = 0; i < options.warmupInserts(); i++) {
            create(subject, random);
            analyze.inserted(1);
        }
        progress("timing " + options.single() + " single creates");
        long[] single = new long[options.single()];
        for (int i = 0; i < single.length; i++) {
            long one = System.nanoTime();
            create(subject, random);
            single[i] = System.nanoTime() - one;
            analyze.inserted(1);
        }
        report.insert("create(), one record per call", single.length, LongStream.of(single).sum(), Latencies.of(single));
        int remaining = options.records() - options.warmupInserts() - options.single() - options.batch();
        createMany(subject, random, options.batch());
        analyze.inserted(options.batch());
        insertBulk(subject, random, remaining, analyze);
    }

    private void insertBulk(TenantId subject, Random random, int count, AutoAnalyze analyze) throws SQLException {
        progress("timing " + count + " creates in batches of " + options.batch() + " (after one warm-up batch)");
        List<Long> batches = new ArrayList<>();
        int done = 0;
        int nextProgress = count / 10;
        while (done < count) {
            int size = Math.min(options.batch(), count - done);
            long one = System.nanoTime();
            createMany(subject, random, size);
            batches.add(System.nanoTime() - one);
            analyze.inserted(size);
            done += size;
            if (done >= nextProgress && done < count) {
                progress("  " + done + " of " + count);
                nextProgress += count / 10;
            }
        }
        long[] nanos = batches.stream().mapToLong(Long::longValue).toArray();
        report.insert("createMany(), " + options.batch() + " records per call", count, LongStream.of(nanos).sum(),
                Latencies.of(nanos));
        int tenth = Math.max(1, batches.size() / 10);
        report.bulkTrend(rate(batches.subList(0, tenth), options.batch()),
                rate(batches.subList(batches.size() - tenth, batches.size()), options.batch()));
    }

    // Records per second of full batches (the last batch of a load may be smaller; it is close enough).
    private static double rate(List<Long> batchNanos, int batchSize) {
        return batchNanos.size() * batchSize / seconds(batchNanos.stream().mapToLong(Long::longValue).sum());
    }

    private void create(TenantId subject, Random random) {
        TenantContext.callAs(subject, () -> records.create(CompanyData.OBJECT, CompanyData.next(random), ACTOR));
    }

    private void createMany(TenantId subject, Random random, int size) {
        List<Map<String, Object>> batch = Stream.generate(() -> CompanyData.next(random)).limit(size).toList();
        TenantContext.callAs(subject, () -> records.createMany(CompanyData.OBJECT, batch, null, ACTOR));
    }

    private void measureQueries(TenantId subject, Filler filler, List<TenantId> newTenants, int tenants, List<QueryShape> shapes)
            throws Exception {
        progress("filling " + newTenants.size() + " more tenants with " + options.otherRecords() + " records each (bulk SQL)");
        long start = System.nanoTime();
        filler.fill(newTenants, options.otherRecords());
        filler.settle();
        double fill = seconds(System.nanoTime() - start);
        progress("timing queries with " + tenants + " tenants");
        report.run(Environment.tableSize(database, tenants, subject, fill), queries.run(subject, shapes));
    }

    static void progress(String message) {
        System.err.printf("[bench %4.0fs] %s%n", seconds(System.nanoTime() - STARTED), message);
    }

    static double seconds(long nanos) {
        return nanos / 1_000_000_000.0;
    }
}
