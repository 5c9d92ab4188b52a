package io.metaplatform.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends one query shape to a server from {@code concurrency} clients, each sending its next request as soon as
 * the last one answered (closed loop) or at a fixed rate, cycling over the tenants; first for a warm-up time, then
 * for the timed time. The requests go out through {@link Wrk}, a process of its own, when it is installed; else
 * through this JVM's HTTP client, beside the server under test (whose figures then carry the driver's work too).
 */
final class LoadDriver {

    /** One HTTP request of a tenant: the server's port, the path, the bearer token and the JSON body. */
    record Call(int port, String path, String token, String body) {
    }

    /** The request that a query shape sends for a tenant. */
    @FunctionalInterface
    interface Shape {
        Call of(Target target);
    }

    /** One request of a tenant to the server under load, sent from this JVM. */
    @FunctionalInterface
    private interface Request {
        GraphQlClient.Reply send(Target target);
    }

    /** A tenant of the run: its bearer token, the company its by-id query reads, whether it is the large one, and its id. */
    record Target(String token, String companyId, boolean large, String tenant) {
    }

    /**
     * What the timed part measured.
     *
     * @param minStatements SQL statements per request ({@code X-Sql-Statements}), the smallest and the largest seen (-1: not told)
     * @param minTransactions transactions per request ({@code X-Sql-Transactions}), the smallest and the largest seen (-1: not told)
     * @param fromSending at a fixed rate: the latencies from each request's actual sending, without the time the driver sent
     *     it after its slot (the same as {@code all} in a closed loop)
     * @param lateShare at a fixed rate: the share of requests the driver sent more than 1 ms after their slot (its own
     *     stalls, or the machine's, not the server's)
     * @param gc the collections of this JVM (the platform's) during the timed part
     * @param cpu where the machine's CPU went during the timed part
     */
    record Result(long requests, double seconds, Latencies all, Latencies large, Latencies small, int minStatements,
            int maxStatements, int minTransactions, int maxTransactions, long failures, Latencies fromSending, double lateShare,
            GcPauses gc, CpuUse cpu) {

        double requestsPerSecond() {
            return requests / seconds;
        }

        /** The same figures with the collections and the CPU use of the time they were measured in. */
        Result with(GcPauses pauses, CpuUse used) {
            return new Result(requests, seconds, all, large, small, minStatements, maxStatements, minTransactions, maxTransactions,
                    failures, fromSending, lateShare, pauses, used);
        }
    }

    /**
     * Sends requests at a fixed rate instead of as fast as answers come: each client has its slots at
     * {@code concurrency / rate} seconds apart, and a request's latency runs from its slot (so a stall that delays the
     * next requests counts in their latency too, no coordinated omission).
     */
    Result runAtRate(Shape shape, double rate, int warmupSeconds, int seconds) throws Exception {
        return measure(shape, rate, warmupSeconds, seconds);
    }

    private final List<Target> targets;
    private final int concurrency;
    private final Optional<Wrk> wrk;
    private final Map<Integer, GraphQlClient> clients = new HashMap<>();

    LoadDriver(List<Target> targets, int concurrency, Optional<Wrk> wrk) {
        this.targets = List.copyOf(targets);
        this.concurrency = concurrency;
        this.wrk = wrk;
    }

    /** What sends the requests, for the report. */
    String describe() {
        return wrk.map(found -> found + ", a process of its own, one connection per client")
                .orElse("this JVM's HTTP client, beside the server");
    }

    /** As fast as the answers come. */
    Result run(Shape shape, int warmupSeconds, int seconds) throws Exception {
        return measure(shape, 0, warmupSeconds, seconds);
    }

    /** A warm-up, then the timed run: as fast as the answers come when {@code rate} is 0, else at that rate in all. */
    private Result measure(Shape shape, double rate, int warmupSeconds, int seconds) throws Exception {
        if (warmupSeconds > 0) {
            timed(shape, rate, warmupSeconds);
        }
        GcPauses before = GcPauses.now();
        CpuUse cpuBefore = CpuUse.now();
        Result result = timed(shape, rate, seconds);
        return result.with(GcPauses.now().since(before), CpuUse.now().since(cpuBefore));
    }

    private Result timed(Shape shape, double rate, int seconds) throws Exception {
        if (wrk.isPresent()) {
            return wrk.get().run(calls(shape), sizes(), concurrency, rate, seconds);
        }
        long started = System.nanoTime();
        List<Worker> workers = drive(sent(shape), rate, seconds);
        return result(workers, (System.nanoTime() - started) / 1e9);
    }

    private List<Call> calls(Shape shape) {
        return targets.stream().map(shape::of).toList();
    }

    private List<Boolean> sizes() {
        return targets.stream().map(Target::large).toList();
    }

    private Request sent(Shape shape) {
        return target -> {
            Call call = shape.of(target);
            GraphQlClient client;
            synchronized (clients) {
                client = clients.computeIfAbsent(call.port(), GraphQlClient::new);
            }
            return client.post(call.path(), call.token(), call.body());
        };
    }

    private List<Worker> drive(Request query, double rate, int seconds) throws Exception {
        long interval = rate > 0 ? (long) (concurrency * 1e9 / rate) : 0;
        long start = System.nanoTime();
        long until = start + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Worker> workers = new ArrayList<>();
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                Worker worker = new Worker(query, i, until);
                long first = start + i * interval / concurrency;
                workers.add(worker);
                running.add(pool.submit(rate > 0 ? () -> worker.paced(first, interval) : worker));
            }
            for (Future<?> future : running) {
                future.get();
            }
            return workers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Result result(List<Worker> workers, double seconds) {
        Tally tally = new Tally();
        workers.forEach(worker -> tally.add(worker.tally));
        return tally.result(seconds);
    }

    /** The answers of a run as they come: latencies (all, of the large tenant, of the others), statement and transaction ranges, failures. */
    static final class Tally {

        private final List<Long> all = new ArrayList<>();
        private final List<Long> large = new ArrayList<>();
        private final List<Long> small = new ArrayList<>();
        private final List<Long> fromSending = new ArrayList<>();
        private long late;
        private int minStatements = Integer.MAX_VALUE;
        private int maxStatements = -1;
        private int minTransactions = Integer.MAX_VALUE;
        private int maxTransactions = -1;
        private long failures;

        /** An answer {@code nanos} after its slot (its sending in a closed loop), sent {@code lateNanos} after the slot. */
        void answered(long nanos, long lateNanos, boolean ofLarge, int statements, int transactions) {
            all.add(nanos);
            fromSending.add(nanos - lateNanos);
            late += lateNanos > 1_000_000 ? 1 : 0;
            (ofLarge ? large : small).add(nanos);
            minStatements = Math.min(minStatements, statements);
            maxStatements = Math.max(maxStatements, statements);
            minTransactions = Math.min(minTransactions, transactions);
            maxTransactions = Math.max(maxTransactions, transactions);
        }

        void failed(long count) {
            failures += count;
        }

        void add(Tally other) {
            all.addAll(other.all);
            large.addAll(other.large);
            small.addAll(other.small);
            fromSending.addAll(other.fromSending);
            late += other.late;
            minStatements = Math.min(minStatements, other.minStatements);
            maxStatements = Math.max(maxStatements, other.maxStatements);
            minTransactions = Math.min(minTransactions, other.minTransactions);
            maxTransactions = Math.max(maxTransactions, other.maxTransactions);
            failures += other.failures;
        }

        Result result(double seconds) {
            return new Result(all.size(), seconds, latencies(all), latencies(large), latencies(small),
                    minStatements == Integer.MAX_VALUE ? -1 : minStatements, maxStatements,
                    minTransactions == Integer.MAX_VALUE ? -1 : minTransactions, maxTransactions, failures, latencies(fromSending),
                    all.isEmpty() ? 0 : (double) late / all.size(), GcPauses.NONE, CpuUse.NONE);
        }
    }

    static Latencies latencies(List<Long> nanos) {
        return nanos.isEmpty() ? new Latencies(0, 0, 0, 0, 0) : Latencies.of(nanos.stream().mapToLong(Long::longValue).toArray());
    }

    private final class Worker implements Runnable {

        private final Request query;
        private final long until;
        private int next;
        private final Tally tally = new Tally();

        Worker(Request query, int start, long until) {
            this.query = query;
            this.next = start;
            this.until = until;
        }

        @Override
        public void run() {
            while (System.nanoTime() < until) {
                send(0);
            }
        }

        void paced(long first, long interval) {
            for (long slot = first; slot < until; slot += interval) {
                long wait = slot - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                send(Math.max(0, System.nanoTime() - slot));
            }
        }

        private void send(long late) {
            Target target = targets.get(next++ % targets.size());
            GraphQlClient.Reply reply = query.send(target);
            if (reply.ok()) {
                tally.answered(reply.nanos() + late, late, target.large(), reply.statements(), reply.transactions());
            } else {
                tally.failed(1);
            }
        }
    }
}
