package io.metaplatform.bench;

import io.metaplatform.bench.Environment.Facts;
import io.metaplatform.bench.Environment.TableSize;
import io.metaplatform.bench.PlanExplainer.Plan;
import io.metaplatform.bench.QueryRun.ShapeFigures;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Collects the figures of a run and prints them as compact tables. */
final class Report {

    private record Insert(String method, int records, long nanos, Latencies perCall) {
    }

    private record Run(TableSize size, Map<QueryShape, ShapeFigures> shapes) {
    }

    private final PrintStream out = System.out;
    private final List<Insert> inserts = new ArrayList<>();
    private final List<Run> runs = new ArrayList<>();
    private BenchOptions options;
    private Facts facts;
    private double bulkFirstTenth;
    private double bulkLastTenth;
    private double loadAtStart;
    private String statistics = "";
    private String writeCost = "";

    void facts(BenchOptions benchOptions, Facts machine) {
        this.options = benchOptions;
        this.facts = machine;
        this.loadAtStart = Environment.loadAverage();
    }

    void insert(String method, int records, long nanos, Latencies perCall) {
        inserts.add(new Insert(method, records, nanos, perCall));
    }

    void writeCost(long plainNanos, long indexedNanos) {
        this.writeCost = "  indexing 10 of 20 custom fields: %.0f %% of the records/s without (interleaved batches, same table)"
                .formatted(100.0 * plainNanos / indexedNanos);
    }

    void statistics(String note) {
        this.statistics = note;
    }

    void bulkTrend(double firstTenth, double lastTenth) {
        this.bulkFirstTenth = firstTenth;
        this.bulkLastTenth = lastTenth;
    }

    void run(TableSize size, Map<QueryShape, ShapeFigures> shapes) {
        runs.add(new Run(size, shapes));
    }

    void print() {
        out.println();
        String kind = options.quick() ? " (QUICK smoke run, not representative)" : "";
        out.println("== Object registry record store benchmark" + kind + " ==");
        printFacts();
        printInserts();
        printQueries();
        printPlans();
    }

    private void printFacts() {
        out.printf("machine     %s, %d cores, %.1f GiB RAM, %s%n", facts.cpu(), facts.cores(),
                facts.memoryBytes() / (double) (1L << 30), facts.os());
        out.printf("JDK         %s%n", facts.jdk());
        out.printf("PostgreSQL  %s%n            %s%n", facts.postgres(), facts.settings());
        out.printf("load        1-minute load average %.2f at the start, %.2f at the end (above %d, other processes competed"
                + " for the cores)%n", loadAtStart, Environment.loadAverage(), facts.cores());
        out.printf("data        object company (built-in table), 20 custom fields in its jsonb column 'custom';%n");
        out.printf("            tenant under test: %,d records (RecordService; %,d of them in the write-cost comparison), 10 of its 20"
                + " custom fields indexed; every other tenant: %,d records (bulk SQL)%n",
                options.subjectRecords(), options.subjectRecords() - options.records(), options.otherRecords());
        for (Run run : runs) {
            TableSize size = run.size();
            out.printf("            %,6d tenants: %,10d company rows, table %,6.0f MB, company_custom_idx (GIN) %,5.0f MB,"
                    + " filled in %.1f s;%n", size.tenants(), size.rows(), megabytes(size.tableBytes()),
                    megabytes(size.customIndexBytes()), size.fillSeconds());
            out.printf("                           the tenant under test's rows lie on %,d of the table's %,d pages%n",
                    size.tenantPages(), size.pages());
        }
    }

    private void printInserts() {
        out.println();
        out.println("Inserts through RecordService, one thread, tenant under test"
                + " (20 custom fields + 5 built-in values a record)");
        out.printf("  %-36s %9s %9s %11s %25s%n", "method", "records", "seconds", "records/s", "ms per call p50/p95/max");
        for (Insert insert : inserts) {
            double seconds = RegistryBenchmark.seconds(insert.nanos());
            Latencies call = insert.perCall();
            out.printf("  %-36s %,9d %9.1f %,11.0f %25s%n", insert.method(), insert.records(), seconds,
                    insert.records() / seconds, "%.2f/%.2f/%.1f".formatted(call.p50(), call.p95(), call.max()));
        }
        out.printf("  createMany() over the load: %,.0f records/s in the first tenth of the batches, %,.0f in the last tenth%n",
                bulkFirstTenth, bulkLastTenth);
        out.println(writeCost);
        out.println("  " + statistics);
    }

    private void printQueries() {
        Run first = runs.getFirst();
        Run second = runs.getLast();
        out.println();
        out.printf("Page of %d through RecordService.list(), %d timed runs of each query after %d warm-up runs; latency in ms%n",
                options.pageSize(), options.iterations(), options.warmup());
        out.printf("  %-36s %-16s %-25s %-25s %s%n", "", "", center(first.size().tenants() + " tenants", 25),
                center(second.size().tenants() + " tenants", 25), second.size().tenants() + "/" + first.size().tenants());
        out.printf("  %-36s %-16s %7s %8s %8s  %7s %8s %8s  %6s %6s%n", "shape (matches of the tenant)", "variant",
                "p50", "p95", "max", "p50", "p95", "max", "p50", "p95");
        for (QueryShape shape : first.shapes().keySet()) {
            ShapeFigures a = first.shapes().get(shape);
            ShapeFigures b = second.shapes().get(shape);
            latencyRow(shape.label(), "built-in column", a.builtIn(), b.builtIn());
            String matches = "  (%,d of %,d records)".formatted(a.matches(), options.subjectRecords());
            latencyRow(matches, "custom (index)", a.custom(), b.custom());
            out.printf("  %-36s %-16s %7s %8s %8s  %7s %8s %8s%n", "", "custom/built-in",
                    times(a.custom().p50() / a.builtIn().p50()), times(a.custom().p95() / a.builtIn().p95()), "",
                    times(b.custom().p50() / b.builtIn().p50()), times(b.custom().p95() / b.builtIn().p95()), "");
        }
        List<String> differing = new ArrayList<>();
        runs.forEach(run -> run.shapes().forEach((shape, figures) -> {
            if (shape.comparable() && !figures.samePage()) {
                differing.add(shape.label() + " with " + run.size().tenants() + " tenants");
            }
        }));
        out.println(differing.isEmpty() ? "  check: built-in and custom queries returned the same records on every shape"
                : "  CHECK FAILED, built-in and custom returned different records: " + differing);
    }

    private void latencyRow(String shape, String variant, Latencies a, Latencies b) {
        out.printf("  %-36s %-16s %7.2f %8.2f %8.2f  %7.2f %8.2f %8.2f  %6s %6s%n", shape, variant,
                a.p50(), a.p95(), a.max(), b.p50(), b.p95(), b.max(), times(b.p50() / a.p50()), times(b.p95() / a.p95()));
    }

    private void printPlans() {
        if (!options.explain()) {
            return;
        }
        out.println();
        out.println("Plans: EXPLAIN (ANALYZE, BUFFERS) of each query's statement as the registry runs it"
                + " (application role, prepared, 6th execution); generic = planned without the values");
        for (QueryShape shape : runs.getFirst().shapes().keySet()) {
            out.println("  " + shape.label());
            for (Run run : runs) {
                ShapeFigures figures = run.shapes().get(shape);
                planRow(run.size().tenants(), "built-in", figures.builtInPlan());
                planRow(run.size().tenants(), "custom", figures.customPlan());
            }
        }
    }

    private void planRow(int tenants, String variant, Optional<Plan> plan) {
        plan.ifPresent(p -> {
            out.printf("    %,5d tenants %-8s %-7s %7.2f ms %,7d buffers  %s%n", tenants, variant,
                    p.generic() ? "generic" : "custom", p.executionMillis(), p.sharedHit() + p.sharedRead(), p.nodes());
            if (!p.full().isEmpty()) {
                out.println(p.full().indent(6));
            }
        });
    }

    private static String times(double ratio) {
        return "x%.2f".formatted(ratio);
    }

    private static String center(String text, int width) {
        int left = Math.max(0, (width - text.length()) / 2);
        return " ".repeat(left) + text;
    }

    private static double megabytes(long bytes) {
        return bytes / 1_000_000.0;
    }
}
