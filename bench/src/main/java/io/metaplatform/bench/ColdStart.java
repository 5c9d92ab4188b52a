package io.metaplatform.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A new server process, as a rolling deploy starts one: the runnable jar in a JVM of its own against the benchmark's
 * database and dev issuer, timed from its start until {@code /actuator/health/readiness} answers 200, then Q1 as fast as
 * {@code concurrency} clients get answers, counted per second since readiness. Each variant is a set of the server's
 * properties ({@code platform.warmup.enabled=false} is the server as it started before the warm-up).
 */
final class ColdStart {

    private static final Path JAR = Path.of("server/target/metaplatform-server-exec.jar");
    private static final Path PLUGINS = Path.of("plugins/distribution/target/plugins");
    private static final List<String> JVM_FLAGS = List.of("-Xms1g", "-Xmx2g", "-XX:MaxTenuringThreshold=2", "-XX:-G1UseAdaptiveIHOP",
            "-XX:+ExitOnOutOfMemoryError");

    /** A way to start the server: a label, the JVM flags and the properties it adds. */
    record Variant(String label, List<String> jvmFlags, List<String> properties) {
    }

    /** One start: how long until ready, answers per second since then, the first second's latencies, the warm-up's log line. */
    record Start(Variant variant, double readySeconds, int[] perSecond, double firstSecondP50Ms, double firstSecondP99Ms, int failed,
            String warmUpLine) {

        double lastSeconds(int count) {
            return Arrays.stream(perSecond, Math.max(0, perSecond.length - count), perSecond.length).average().orElse(0);
        }
    }

    private final Path jar;
    private final BenchDatabase database;
    private final Path dataDirectory;
    private final List<LoadDriver.Target> targets;
    private final int concurrency;
    private final int seconds;

    ColdStart(Path jar, BenchDatabase database, Path dataDirectory, List<LoadDriver.Target> targets, int concurrency, int seconds) {
        this.jar = jar;
        this.database = database;
        this.dataDirectory = dataDirectory;
        this.targets = targets;
        this.concurrency = concurrency;
        this.seconds = seconds;
    }

    static boolean available() {
        return Files.isRegularFile(JAR);
    }

    /**
     * The runnable jar extracted as the OCI image holds the application (classes and libraries as files on the class
     * path, not nested jars): what class data sharing and an AOT cache need, and what every variant then starts from.
     */
    static Path extracted() throws Exception {
        Path directory = Path.of("bench/target/cold-start/app");
        if (Files.exists(directory)) {
            try (var files = Files.walk(directory)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        Process extract = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Djarmode=tools", "-jar",
                JAR.toString(), "extract", "--destination", directory.toString()).redirectErrorStream(true).start();
        String output = new String(extract.getInputStream().readAllBytes());
        if (extract.waitFor() != 0) {
            throw new IllegalStateException("extracting the server jar failed: " + output);
        }
        return directory.resolve(JAR.getFileName());
    }

    /**
     * Trains an AOT cache (JDK 25: classes loaded and linked, method profiles) on one start of the server with its default
     * warm-up and 5 s of Q1, written when that JVM exits; empty on a JDK before 25.
     */
    Optional<Path> trainedAotCache() throws Exception {
        if (Runtime.version().feature() < 25) {
            return Optional.empty();
        }
        Path cache = Path.of("bench/target/cold-start/app.aot").toAbsolutePath();
        Files.deleteIfExists(cache);
        Running training = start(new Variant("AOT training", List.of("-XX:AOTCacheOutput=" + cache), List.of()));
        try {
            load(training.variant(), training.port(), 0, System.nanoTime(), 5, training.log());
        } finally {
            training.stop(Duration.ofMinutes(3));
        }
        return Files.isRegularFile(cache) ? Optional.of(cache) : Optional.empty();
    }

    /** A started server process, ready. */
    private record Running(Variant variant, Process process, int port, long started, long ready, Path log) {

        void stop(Duration wait) throws InterruptedException {
            process.destroy();
            if (!process.waitFor(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    Start run(Variant variant) throws Exception {
        Running running = start(variant);
        try {
            return load(variant, running.port(), (running.ready() - running.started()) / 1e9, running.ready(), seconds, running.log());
        } finally {
            running.stop(Duration.ofSeconds(30));
        }
    }

    private Running start(Variant variant) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Files.createTempFile("cold-start", ".log");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(JVM_FLAGS);
        command.addAll(variant.jvmFlags());
        command.addAll(List.of("-jar", jar.toString(), "--spring.profiles.active=local", "--server.port=" + port,
                "--platform.data-dir=" + dataDirectory, "--platform.plugins.dir=" + PLUGINS.toAbsolutePath(),
                "--platform.db.url=" + database.url(), "--platform.db.user=" + database.ownerUser(),
                "--platform.db.password=" + database.ownerPassword(), "--platform.db.app-user=" + database.appUser(),
                "--platform.db.app-password=" + database.appPassword(), "--platform.db.pool-size=10",
                "--platform.api.rate-limit.enabled=false", "--logging.level.root=WARN",
                "--logging.level.io.metaplatform.graphql.internal.RequestPathWarmUp=INFO"));
        command.addAll(variant.properties());
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ready = false;
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            HttpRequest readiness = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(5)).build();
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the server process ended before it was ready:\n" + tail(log));
                }
                if (System.nanoTime() - started > Duration.ofMinutes(3).toNanos()) {
                    throw new IllegalStateException("the server was not ready within 3 minutes:\n" + tail(log));
                }
                try {
                    if (http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        break;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(20);
            }
            ready = true;
            return new Running(variant, process, port, started, System.nanoTime(), log);
        } finally {
            if (!ready) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private Start load(Variant variant, int port, double readySeconds, long ready, int seconds, Path log) throws Exception {
        GraphQlClient client = new GraphQlClient(port);
        int[] perSecond = new int[seconds];
        List<Long> firstSecond = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        long end = ready + Duration.ofSeconds(seconds).toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            clients.add(Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    LoadDriver.Target target = targets.get(Math.floorMod(next.getAndIncrement(), targets.size()));
                    LoadDriver.Call call = client.call("/graphql", target.token(), ApiQuery.Q1.document(target.companyId()));
                    long sent = System.nanoTime();
                    GraphQlClient.Reply reply = client.post("/graphql", target.token(), call.body());
                    long done = System.nanoTime();
                    if (done >= end) {
                        return;
                    }
                    if (!reply.ok()) {
                        failed.incrementAndGet();
                        continue;
                    }
                    int second = (int) ((done - ready) / 1_000_000_000L);
                    synchronized (perSecond) {
                        perSecond[second]++;
                    }
                    if (second == 0) {
                        firstSecond.add(done - sent);
                    }
                }
            }));
        }
        Thread.sleep(Duration.ofSeconds(seconds));
        stop.set(true);
        for (Thread thread : clients) {
            thread.join();
        }
        long[] latencies = firstSecond.stream().mapToLong(Long::longValue).sorted().toArray();
        String warmUp = Files.readAllLines(log).stream().filter(line -> line.contains("Warmed up the request path")).findFirst()
                .map(ColdStart::message).orElse("");
        return new Start(variant, readySeconds, perSecond, percentile(latencies, 0.50), percentile(latencies, 0.99), failed.get(), warmUp);
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    /** The message of a JSON log line, or the line. */
    private static String message(String line) {
        int at = line.indexOf("\"message\":\"");
        return at < 0 ? line : line.substring(at + 11, line.indexOf('"', at + 11));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The table of all starts: readiness, answers in the 1st, 2nd, 3rd, 5th and 10th second, in the first 10 s and per second
     * in the last 5 s, and the first second's latencies.
     */
    static void print(List<Start> starts, int seconds) {
        System.out.printf(Locale.ROOT, "%nA new server process (cold start; Q1 by id, closed loop, answers per second since readiness)%n");
        List<Integer> marks = new ArrayList<>(List.of(1, 2, 3, 5, 10));
        marks.removeIf(mark -> mark >= seconds);
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-28s %8s", "variant", "ready s"));
        marks.forEach(mark -> header.append(String.format(Locale.ROOT, " %7s", "s" + mark)));
        header.append(String.format(Locale.ROOT, " %11s %9s %8s %11s %11s %6s", "first 10 s", "last 5 s", "s1/last", "s1 p50 ms", "s1 p99 ms",
                "failed"));
        System.out.println(header);
        for (Start start : starts) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-28s %8.1f", start.variant().label(), start.readySeconds()));
            marks.forEach(mark -> row.append(String.format(Locale.ROOT, " %7d", start.perSecond()[mark - 1])));
            double last = start.lastSeconds(5);
            int firstTen = Arrays.stream(start.perSecond(), 0, Math.min(10, start.perSecond().length)).sum();
            row.append(String.format(Locale.ROOT, " %11d %9.0f %7.2fx %11.1f %11.1f %6d", firstTen, last, last == 0 ? 0 : start.perSecond()[0] / last,
                    start.firstSecondP50Ms(), start.firstSecondP99Ms(), start.failed()));
            System.out.println(row);
        }
        starts.stream().filter(start -> !start.warmUpLine().isEmpty()).findFirst()
                .ifPresent(start -> System.out.println("  the warm-up's log line (" + start.variant().label() + "): " + start.warmUpLine()));
    }
}
