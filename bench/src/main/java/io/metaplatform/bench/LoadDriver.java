package io.metaplatform.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Sends one query shape to the server from {@code concurrency} clients, each sending its next request as soon as
 * the last one answered (closed loop), cycling over the tenants; first for a warm-up time, then for the timed time.
 */
final class LoadDriver {

    /** A tenant of the run: its bearer token, the company its by-id query reads, whether it is the large one, and its id. */
    record Target(String token, String companyId, boolean large, String tenant) {
    }

    /**
     * What the timed part measured.
     *
     * @param statements SQL statements per request ({@code X-Sql-Statements}), the smallest and the largest seen
     */
    record Result(long requests, double seconds, Latencies all, Latencies large, Latencies small, int minStatements,
            int maxStatements, long failures) {

        double requestsPerSecond() {
            return requests / seconds;
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

    Result run(ApiQuery query, int warmupSeconds, int seconds) throws Exception {
        drive(query, warmupSeconds);
        long started = System.nanoTime();
        List<Worker> workers = drive(query, seconds);
        double elapsed = (System.nanoTime() - started) / 1e9;
        return result(workers, elapsed);
    }

    private List<Worker> drive(ApiQuery query, int seconds) throws Exception {
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
        int max = 0;
        long failures = 0;
        for (Worker worker : workers) {
            all.addAll(worker.all);
            large.addAll(worker.large);
            small.addAll(worker.small);
            min = Math.min(min, worker.minStatements);
            max = Math.max(max, worker.maxStatements);
            failures += worker.failures;
        }
        return new Result(all.size(), seconds, latencies(all), latencies(large), latencies(small), min, max, failures);
    }

    private static Latencies latencies(List<Long> nanos) {
        return nanos.isEmpty() ? new Latencies(0, 0, 0, 0, 0) : Latencies.of(nanos.stream().mapToLong(Long::longValue).toArray());
    }

    private final class Worker implements Runnable {

        private final ApiQuery query;
        private final long until;
        private int next;
        private final List<Long> all = new ArrayList<>();
        private final List<Long> large = new ArrayList<>();
        private final List<Long> small = new ArrayList<>();
        private int minStatements = Integer.MAX_VALUE;
        private int maxStatements;
        private long failures;

        Worker(ApiQuery query, int start, long until) {
            this.query = query;
            this.next = start;
            this.until = until;
        }

        @Override
        public void run() {
            while (System.nanoTime() < until) {
                Target target = targets.get(next++ % targets.size());
                GraphQlClient.Reply reply = client.graphQl("/graphql", target.token(), query.document(target.companyId()));
                if (!reply.ok()) {
                    failures++;
                    continue;
                }
                all.add(reply.nanos());
                (target.large() ? large : small).add(reply.nanos());
                minStatements = Math.min(minStatements, reply.statements());
                maxStatements = Math.max(maxStatements, reply.statements());
            }
        }
    }
}
