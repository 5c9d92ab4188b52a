package io.metaplatform.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends one query shape to a server from {@code concurrency} clients, each sending its next request as soon as
 * the last one answered (closed loop), cycling over the tenants; first for a warm-up time, then for the timed time.
 */
final class LoadDriver {

    /** One request of a tenant to the server under load. */
    @FunctionalInterface
    interface Request {
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
     */
    record Result(long requests, double seconds, Latencies all, Latencies large, Latencies small, int minStatements,
            int maxStatements, int minTransactions, int maxTransactions, long failures) {

        double requestsPerSecond() {
            return requests / seconds;
        }
    }

    /**
     * Sends requests at a fixed rate instead of as fast as answers come: each client has its slots at
     * {@code concurrency / rate} seconds apart, and a request's latency runs from its slot (so a stall that delays the
     * next requests counts in their latency too, no coordinated omission).
     */
    Result runAtRate(Request query, double rate, int warmupSeconds, int seconds) throws Exception {
        pace(query, rate, warmupSeconds);
        long started = System.nanoTime();
        List<Worker> workers = pace(query, rate, seconds);
        return result(workers, (System.nanoTime() - started) / 1e9);
    }

    private List<Worker> pace(Request query, double rate, int seconds) throws Exception {
        long interval = (long) (concurrency * 1e9 / rate);
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
                running.add(pool.submit(() -> worker.paced(first, interval)));
            }
            for (Future<?> future : running) {
                future.get();
            }
            return workers;
        } finally {
            pool.shutdownNow();
        }
    }

    private final GraphQlClient client;
    private final List<Target> targets;
    private final int concurrency;

    LoadDriver(GraphQlClient client, List<Target> targets, int concurrency) {
        this.client = client;
        this.targets = List.copyOf(targets);
        this.concurrency = concurrency;
    }

    /** The platform's {@code /graphql} with the query's document. */
    Result run(ApiQuery query, int warmupSeconds, int seconds) throws Exception {
        return run(target -> client.graphQl("/graphql", target.token(), query.document(target.companyId())), warmupSeconds, seconds);
    }

    Result run(Request query, int warmupSeconds, int seconds) throws Exception {
        drive(query, warmupSeconds);
        long started = System.nanoTime();
        List<Worker> workers = drive(query, seconds);
        double elapsed = (System.nanoTime() - started) / 1e9;
        return result(workers, elapsed);
    }

    private List<Worker> drive(Request query, int seconds) throws Exception {
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Worker> workers = new ArrayList<>();
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                Worker worker = new Worker(query, i, until);
                workers.add(worker);
                running.add(pool.submit(worker));
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
        List<Long> all = new ArrayList<>();
        List<Long> large = new ArrayList<>();
        List<Long> small = new ArrayList<>();
        int min = Integer.MAX_VALUE;
        int max = -1;
        int minTransactions = Integer.MAX_VALUE;
        int maxTransactions = -1;
        long failures = 0;
        for (Worker worker : workers) {
            all.addAll(worker.all);
            large.addAll(worker.large);
            small.addAll(worker.small);
            min = Math.min(min, worker.minStatements);
            max = Math.max(max, worker.maxStatements);
            minTransactions = Math.min(minTransactions, worker.minTransactions);
            maxTransactions = Math.max(maxTransactions, worker.maxTransactions);
            failures += worker.failures;
        }
        return new Result(all.size(), seconds, latencies(all), latencies(large), latencies(small), min == Integer.MAX_VALUE ? -1 : min,
                max, minTransactions == Integer.MAX_VALUE ? -1 : minTransactions, maxTransactions, failures);
    }

    private static Latencies latencies(List<Long> nanos) {
        return nanos.isEmpty() ? new Latencies(0, 0, 0, 0, 0) : Latencies.of(nanos.stream().mapToLong(Long::longValue).toArray());
    }

    private final class Worker implements Runnable {

        private final Request query;
        private final long until;
        private int next;
        private final List<Long> all = new ArrayList<>();
        private final List<Long> large = new ArrayList<>();
        private final List<Long> small = new ArrayList<>();
        private int minStatements = Integer.MAX_VALUE;
        private int maxStatements = -1;
        private int minTransactions = Integer.MAX_VALUE;
        private int maxTransactions = -1;
        private long failures;

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
            if (!reply.ok()) {
                failures++;
                return;
            }
            long nanos = reply.nanos() + late;
            all.add(nanos);
            (target.large() ? large : small).add(nanos);
            minStatements = Math.min(minStatements, reply.statements());
            maxStatements = Math.max(maxStatements, reply.statements());
            minTransactions = Math.min(minTransactions, reply.transactions());
            maxTransactions = Math.max(maxTransactions, reply.transactions());
        }
    }
}
