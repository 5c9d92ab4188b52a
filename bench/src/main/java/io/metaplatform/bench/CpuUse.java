package io.metaplatform.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the machine's CPU went over a stretch of time: the machine in all (Linux's {@code /proc/stat}), this JVM (the one
 * the platform under test runs in) and PostgreSQL's processes ({@code /proc/<pid>/stat} of every process named
 * {@code postgres}); the rest is the load driver, PostGraphile when it is the one under load, and the machine's own.
 * At half load the platform spends more CPU per request than in a closed loop (its threads sleep and wake between
 * requests), and how busy the machine is at that rate is what the half-load tail waits behind. Zero everywhere off Linux.
 *
 * @param machineBusy CPU time of all cores not idle, in clock ticks ({@code USER_HZ}, 100 a second)
 * @param machineAll CPU time of all cores, busy or idle, in clock ticks
 * @param jvmNanos this JVM's CPU time
 * @param postgresTicks PostgreSQL's processes' CPU time (user and system), in clock ticks
 * @param wallNanos when the snapshot was taken ({@link System#nanoTime()})
 * @param postgresByProcess a snapshot's PostgreSQL CPU time by process id (empty in a difference): a process that ends
 *     takes its counters with it, so a difference counts the processes alive at its end, each from its start
 */
record CpuUse(long machineBusy, long machineAll, long jvmNanos, long postgresTicks, long wallNanos, Map<Long, Long> postgresByProcess) {

    static final CpuUse NONE = new CpuUse(0, 0, 0, 0, 0, Map.of());

    private static final double TICK_NANOS = 1e9 / 100;

    /** The counters now. */
    static CpuUse now() {
        long busy = 0;
        long all = 0;
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal (guest times are inside user and nice)
            for (int i = 1; i <= Math.min(8, fields.length - 1); i++) {
                long ticks = Long.parseLong(fields[i]);
                all += ticks;
                if (i != 4 && i != 5) {
                    busy += ticks;
                }
            }
        } catch (IOException | RuntimeException e) {
            busy = 0;
            all = 0;
        }
        long jvm = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? Math.max(0, os.getProcessCpuTime()) : 0;
        Map<Long, Long> postgres = postgres();
        return new CpuUse(busy, all, jvm, postgres.values().stream().mapToLong(Long::longValue).sum(), System.nanoTime(), postgres);
    }

    private static Map<Long, Long> postgres() {
        Map<Long, Long> ticks = new HashMap<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), entry -> entry.getFileName().toString().chars()
                .allMatch(Character::isDigit))) {
            for (Path process : processes) {
                try {
                    String stat = Files.readString(process.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    if (close < 0 || !stat.substring(stat.indexOf('(') + 1, close).equals("postgres")) {
                        continue;
                    }
                    // after the command: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
                    List<String> fields = List.of(stat.substring(close + 2).split(" "));
                    ticks.put(Long.parseLong(process.getFileName().toString()), Long.parseLong(fields.get(11)) + Long.parseLong(fields.get(12)));
                } catch (IOException | RuntimeException e) {
                    // the process ended while it was read
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return ticks;
    }

    /** What was used between {@code earlier} and these counters. */
    CpuUse since(CpuUse earlier) {
        long postgres = 0;
        for (Map.Entry<Long, Long> process : postgresByProcess.entrySet()) {
            postgres += process.getValue() - earlier.postgresByProcess.getOrDefault(process.getKey(), 0L);
        }
        return new CpuUse(machineBusy - earlier.machineBusy, machineAll - earlier.machineAll, jvmNanos - earlier.jvmNanos, postgres,
                wallNanos - earlier.wallNanos, Map.of());
    }

    /** For a stretch (see {@link #since}): how many cores were busy on average, and the share of the machine. */
    String machine() {
        if (wallNanos <= 0 || machineAll <= 0) {
            return "CPU not measured";
        }
        return String.format(Locale.ROOT, "machine %.2f of %d cores busy (%.0f %%)", machineBusy * TICK_NANOS / wallNanos,
                Runtime.getRuntime().availableProcessors(), 100.0 * machineBusy / machineAll);
    }

    /** For a stretch (see {@link #since}) of {@code requests} requests: cores busy on average, in all and by whom, and per request. */
    String describe(long requests) {
        if (wallNanos <= 0 || machineAll <= 0) {
            return "CPU not measured";
        }
        double machine = machineBusy * TICK_NANOS / wallNanos;
        double jvm = (double) jvmNanos / wallNanos;
        double postgres = postgresTicks * TICK_NANOS / wallNanos;
        double rest = Math.max(0, machine - jvm - postgres);
        double perRequest = requests > 0 ? wallNanos / 1e3 / requests : 0;
        return String.format(Locale.ROOT, "%s, this JVM %.2f (%.0f us a request), PostgreSQL %.2f (%.0f us), "
                + "the rest %.2f (%.0f us)", machine(), jvm, jvm * perRequest, postgres,
                postgres * perRequest, rest, rest * perRequest);
    }
}
