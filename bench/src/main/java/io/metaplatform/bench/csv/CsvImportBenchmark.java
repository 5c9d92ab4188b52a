package io.metaplatform.bench.csv;

import io.metaplatform.plugins.api.ExternalRecord;
import io.metaplatform.plugins.api.RecordSink;
import io.metaplatform.plugins.csv.CsvConnector;
import io.metaplatform.plugins.testkit.FakeHttpServer;
import io.metaplatform.plugins.testkit.TestContext;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a generated CSV file of {@code --rows} rows (every 997th broken) through the CSV connector,
 * from an upload and from a URL on a local HTTP server, into a sink that only counts, and prints
 * rows per second. Measures the plugin's share of an import: parsing, fingerprinting, building
 * records; the sync engine's writes to PostgreSQL come on top.
 */
public final class CsvImportBenchmark {

    private CsvImportBenchmark() {
    }

    public static void main(String[] args) {
        int rows = option(args, "rows", 100_000);
        int warmup = option(args, "warmup", 3);
        int runs = option(args, "runs", 7);
        byte[] file = file(rows);
        var connector = new CsvConnector();
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

        System.out.println("== CSV connector import benchmark ==");
        System.out.printf("machine     %d cores, JDK %s, 1-minute load average %.2f at the start%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), load);
        System.out.printf("file        %,d data rows, %,d bytes, 6 columns, every 997th row broken, every 10th with a two-line quoted value%n",
                rows, file.length);
        System.out.printf("runs        %d untimed, then %d timed per source%n%n", warmup, runs);
        System.out.println("  source    rows/s p50    rows/s best    MB/s p50    rows emitted   rejected   checkpoints");
        try (var server = FakeHttpServer.start()) {
            server.route("GET", "/export.csv", request -> new FakeHttpServer.Response(200, Map.of("Content-Type", "text/csv"), file));
            String url = server.baseUrl() + "/export.csv";
            measure("upload", connector, warmup, runs, file.length, sink -> context(connector, sink, Map.of("keyColumn", "id")).upload(file));
            measure("url", connector, warmup, runs, file.length, sink -> context(connector, sink, Map.of("keyColumn", "id", "url", url)));
        }
        System.out.printf("%n1-minute load average %.2f at the end%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static void measure(String source, CsvConnector connector, int warmup, int runs, int bytes,
                                Function<CountingSink, TestContext.Builder> context) {
        var rates = new ArrayList<Double>();
        CountingSink last = null;
        for (int run = 0; run < warmup + runs; run++) {
            var sink = new CountingSink();
            long start = System.nanoTime();
            connector.read(context.apply(sink).build());
            double seconds = (System.nanoTime() - start) / 1e9;
            if (run >= warmup) {
                rates.add(sink.rows() / seconds);
            }
            last = sink;
        }
        double[] sorted = rates.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double p50 = sorted[sorted.length / 2];
        double mbPerSecond = p50 / last.rows() * bytes / 1e6;
        System.out.printf("  %-8s %,12.0f %,14.0f %11.1f %,15d %,10d %,13d%n",
                source, p50, sorted[sorted.length - 1], mbPerSecond, last.records, last.rejected, last.checkpoints);
    }

    private static TestContext.Builder context(CsvConnector connector, RecordSink sink, Map<String, String> configuration) {
        return TestContext.builder(connector.descriptor()).configuration(configuration).stream("rows").sink(sink);
    }

    static byte[] file(int rows) {
        var csv = new StringBuilder(rows * 90);
        csv.append("id,name,email,city,notes,amount\r\n");
        for (int i = 1; i <= rows; i++) {
            if (i % 997 == 0) {
                csv.append("E").append(i).append(",too,few\r\n");
                continue;
            }
            csv.append("E").append(i).append(",\"Person ").append(i).append(", Dr.\",p").append(i).append("@example.com,")
                    .append(i % 2 == 0 ? "Berlin" : "München").append(",")
                    .append(i % 10 == 0 ? "\"first line\nsecond \"\"quoted\"\" line\"" : "")
                    .append(",").append(i % 1000).append(".50\r\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static int option(String[] args, String name, int fallback) {
        String prefix = "--" + name + "=";
        return Arrays.stream(args).flatMap(arg -> Arrays.stream(arg.split("\\s+")))
                .filter(arg -> arg.startsWith(prefix)).findFirst()
                .map(arg -> Integer.parseInt(arg.substring(prefix.length())))
                .orElseGet(() -> Integer.getInteger("bench." + name, fallback));
    }

    /** Counts what the connector emits and touches every value, so nothing is optimised away. */
    private static final class CountingSink implements RecordSink {
        private long records;
        private long rejected;
        private long checkpoints;
        private long characters;

        long rows() {
            return records + rejected;
        }

        @Override
        public void record(ExternalRecord record) {
            records++;
            for (Object value : record.fields().values()) {
                characters += value == null ? 0 : value.toString().length();
            }
        }

        @Override
        public void record(String stream, ExternalRecord record) {
            record(record);
        }

        @Override
        public void deleted(String stream, String externalId) {
        }

        @Override
        public void reject(String stream, String externalId, String reason, String raw) {
            rejected++;
        }

        @Override
        public void checkpoint(Map<String, String> state) {
            checkpoints++;
        }

        @Override
        public String toString() {
            return records + " records, " + characters + " characters";
        }
    }
}
