package io.metaplatform.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs the SQL that the server ran for a request directly with PostgreSQL's {@code pgbench}, as the application role
 * (so row-level security applies), in the server's shape: the same transactions, each first setting
 * {@code app.tenant_id} and the statement timeout as the server's transaction manager does, and the statements of
 * statement-scoped reads each sent with BEGIN, the setting and COMMIT in one compound statement, as the server does. (The security filter's
 * tenant status check reads the server's memory, {@code TenantStatusCache}, not the database, so no script reads it:
 * until 2026-12-05 the scripts did, which gave pgbench one round trip per request more than the server.)
 */
final class PgBench {

    /**
     * What pgbench measured: transactions per second (one transaction = one request's statements) and latencies.
     *
     * @param zeros transactions pgbench's log gave 0 us, left out of the latencies (see {@link Logged#zero()})
     * @param logged transactions in pgbench's log
     */
    record Result(double tps, Latencies all, Latencies large, long zeros, long logged) {
    }

    /**
     * One line of pgbench's per-transaction log ({@code -l}): "client transaction micros script epoch micros [lag]", the
     * transaction's time in microseconds (under {@code -R} from its schedule) and, under {@code -R}, how late it started.
     */
    private record Logged(int script, long micros, long lag) {

        /**
         * pgbench 15's log gives some transactions a time of exactly 0 us (measured here: 0.7 to 20 % of them for
         * sub-millisecond reads, 73 % for a 500-row read in one compound statement; the next smallest is the physical
         * minimum of about 50 us), also with one client per thread and for a single plain statement. No round trip to
         * PostgreSQL takes 0 us: such entries are left out of the latencies, which they would pull down (a p50 too low,
         * a p99/p50 too high), and counted in the report. pgbench's transactions per second keep them.
         */
        boolean zero() {
            return micros - lag <= 0;
        }
    }

    /**
     * What pgbench measured at a fixed rate ({@code -R}): latencies from each transaction's scheduled start (pgbench's
     * own definition under {@code -R}), from its actual start (without pgbench's lateness), and the share it started
     * more than 1 ms after its schedule, and how busy the machine was while pgbench ran (PostgreSQL, pgbench, and the
     * rest of the machine, the platform's JVM idle).
     */
    record AtRate(double tps, Latencies fromSlot, Latencies fromSending, double lateShare, CpuUse cpu, long zeros, long logged) {
    }

    /**
     * Statements the server sent together: a transaction's, or ({@code transaction} false) one statement of a
     * statement-scoped read, sent with BEGIN, its tenant setting and COMMIT as one compound statement.
     */
    record Round(boolean transaction, List<String> statements) {
    }

    /** The statements of one request of one tenant, in the rounds the server sent them in. */
    record Script(String tenant, List<Round> rounds, boolean large) {

        int statements() {
            return rounds.stream().mapToInt(round -> round.statements().size()).sum();
        }

        long transactions() {
            return rounds.stream().filter(Round::transaction).count();
        }
    }

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    private final Path executable;
    private final BenchDatabase database;

    private PgBench(Path executable, BenchDatabase database) {
        this.executable = executable;
        this.database = database;
    }

    /** The pgbench on the PATH, else the newest under {@code /usr/lib/postgresql}; empty when there is none. */
    static Optional<PgBench> find(BenchDatabase database) {
        Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(directory -> !directory.isBlank()).map(directory -> Path.of(directory, "pgbench"));
        Stream<Path> installed;
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            installed = versions.map(version -> version.resolve("bin/pgbench")).sorted(Comparator.reverseOrder()).toList().stream();
        } catch (IOException e) {
            installed = Stream.empty();
        }
        return Stream.concat(onPath, installed).filter(Files::isExecutable).findFirst().map(path -> new PgBench(path, database));
    }

    Path executable() {
        return executable;
    }

    /** Runs the scripts (one chosen at random, evenly, per transaction) from {@code clients} clients for {@code seconds}. */
    Result run(List<Script> scripts, int clients, int seconds) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("graphql-bench-pgbench");
        try {
            String text = execute(command(work, scripts, clients, seconds), work, seconds);
            Matcher tps = TPS.matcher(text);
            tps.find();
            List<Logged> logged = logged(work);
            List<Logged> timed = logged.stream().filter(transaction -> !transaction.zero()).toList();
            return new Result(Double.parseDouble(tps.group(1)), latencies(timed, -1), latencies(timed, largeScript(scripts)),
                    logged.size() - timed.size(), logged.size());
        } finally {
            deleteAll(work);
        }
    }

    /**
     * Runs the scripts at {@code rate} transactions per second in all from {@code clients} clients for {@code seconds}:
     * the database alone (PostgreSQL and a C client on the same machine) at the rate the platform was given, so that its
     * spread says how flat a request whose time is mostly one database round trip can be on this machine. pgbench
     * schedules each client's transactions as a Poisson process (the load driver: evenly spaced slots), which queues a
     * little more at the same mean rate.
     */
    AtRate runAtRate(List<Script> scripts, int clients, int seconds, double rate) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("graphql-bench-pgbench");
        try {
            List<String> command = command(work, scripts, clients, seconds);
            command.addAll(1, List.of("-R", Long.toString(Math.max(1, Math.round(rate)))));
            CpuUse before = CpuUse.now();
            String text = execute(command, work, seconds);
            CpuUse cpu = CpuUse.now().since(before);
            Matcher tps = TPS.matcher(text);
            tps.find();
            List<Long> fromSlot = new ArrayList<>();
            List<Long> fromSending = new ArrayList<>();
            long late = 0;
            long zeros = 0;
            List<Logged> logged = logged(work);
            for (Logged transaction : logged) {
                if (transaction.zero()) {
                    zeros++;
                    continue;
                }
                fromSlot.add(transaction.micros() * 1_000);
                fromSending.add((transaction.micros() - transaction.lag()) * 1_000);
                late += transaction.lag() > 1_000 ? 1 : 0;
            }
            if (fromSlot.isEmpty()) {
                throw new IllegalStateException("pgbench logged no transaction at " + rate + "/s:\n" + text);
            }
            return new AtRate(Double.parseDouble(tps.group(1)), Latencies.of(fromSlot.stream().mapToLong(Long::longValue).toArray()),
                    Latencies.of(fromSending.stream().mapToLong(Long::longValue).toArray()), (double) late / fromSlot.size(), cpu,
                    zeros, logged.size());
        } finally {
            deleteAll(work);
        }
    }

    private String execute(List<String> command, Path work, int seconds) throws IOException, InterruptedException {
        Path output = work.resolve("output.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("PGPASSWORD", database.appPassword());
        Process process = builder.start();
        if (!process.waitFor(seconds + 120L, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("pgbench did not finish");
        }
        String text = Files.readString(output);
        if (process.exitValue() != 0 || !TPS.matcher(text).find()) {
            throw new IllegalStateException("pgbench failed (" + process.exitValue() + "):\n" + text);
        }
        return text;
    }

    private List<String> command(Path work, List<Script> scripts, int clients, int seconds) throws IOException {
        URI url = URI.create(database.url().substring("jdbc:".length()));
        List<String> command = new ArrayList<>(List.of(executable.toString(), "-n", "-M", "simple", "-c", Integer.toString(clients),
                "-j", Integer.toString(Math.min(clients, Runtime.getRuntime().availableProcessors())), "-T", Integer.toString(seconds),
                "-l", "--log-prefix=" + work.resolve("latency"), "-h", url.getHost(), "-p", Integer.toString(url.getPort()),
                "-U", database.appUser()));
        for (int i = 0; i < scripts.size(); i++) {
            Path file = work.resolve("script-" + i + ".sql");
            Files.writeString(file, text(scripts.get(i)));
            command.add("-f");
            command.add(file + "@1");
        }
        command.add(url.getPath().substring(1));
        return command;
    }

    /**
     * The pgbench script of one request: the recorded rounds as the server sent them, a transaction setting the tenant
     * first, a statement-scoped read as one compound statement ({@code \;}: one message, one round trip) of BEGIN, the
     * setting, the statement and COMMIT.
     */
    static String text(Script script) {
        StringBuilder text = new StringBuilder();
        String setting = "select set_config('app.tenant_id', '" + script.tenant() + "', true), set_config('statement_timeout', '15000ms', true)";
        for (Round round : script.rounds()) {
            if (round.transaction()) {
                text.append("begin;\n").append(setting).append(";\n");
                round.statements().forEach(statement -> text.append(statement.strip()).append(";\n"));
                text.append("commit;\n");
            } else {
                round.statements().forEach(statement -> text.append("begin \\;\n").append(setting)
                        .append(", set_config('transaction_read_only', 'on', true) \\;\n").append(statement.strip())
                        .append(" \\;\ncommit;\n"));
            }
        }
        return text.toString();
    }

    private static int largeScript(List<Script> scripts) {
        for (int i = 0; i < scripts.size(); i++) {
            if (scripts.get(i).large()) {
                return i;
            }
        }
        return -2;
    }

    /** Latencies of the logged transactions of one script, or of all ({@code -1}). */
    private static Latencies latencies(List<Logged> transactions, int script) {
        long[] nanos = transactions.stream().filter(transaction -> script == -1 || transaction.script() == script)
                .mapToLong(transaction -> transaction.micros() * 1_000).toArray();
        return nanos.length == 0 ? new Latencies(0, 0, 0, 0, 0) : Latencies.of(nanos);
    }

    /** Every transaction of the run's per-transaction logs (one file per pgbench thread). */
    private static List<Logged> logged(Path work) throws IOException {
        List<Logged> logged = new ArrayList<>();
        try (Stream<Path> files = Files.list(work)) {
            for (Path log : files.filter(file -> file.getFileName().toString().startsWith("latency")).toList()) {
                for (String line : Files.readAllLines(log)) {
                    String[] parts = line.strip().split("\\s+");
                    if (parts.length >= 4) {
                        logged.add(new Logged(Integer.parseInt(parts[3]), Long.parseLong(parts[2]),
                                parts.length >= 7 ? Long.parseLong(parts[6]) : 0));
                    }
                }
            }
        }
        return logged;
    }

    private static void deleteAll(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
