package io.metaplatform.plugins.runtime.internal.connections;

import io.metaplatform.plugins.runtime.internal.sync.Reconciliation;
import io.metaplatform.plugins.runtime.internal.sync.RunCounts;
import io.metaplatform.plugins.runtime.internal.sync.StreamRunner;
import io.metaplatform.plugins.runtime.internal.sync.SyncJob;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the sync engine: runs what a test scripts per connection, and records whether any
 * connection was ever pulled by two runs at the same time.
 */
final class ScriptedRunner implements StreamRunner {

    /** What a pull does. */
    @FunctionalInterface
    interface Script {
        RunCounts pull(SyncJob job, String stream);
    }

    static final Script DEFAULT = (job, stream) -> new RunCounts(3, 1, 1, 1, 0, 0);

    private final Map<UUID, Script> scripts = new ConcurrentHashMap<>();
    private final Map<UUID, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<UUID, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final AtomicInteger overlaps = new AtomicInteger();
    private final Map<UUID, List<String>> calls = new ConcurrentHashMap<>();
    private final Map<UUID, Reconciliation> reconciliations = new ConcurrentHashMap<>();

    void script(UUID connection, Script script) {
        scripts.put(connection, script);
    }

    /** Every pull and push of the connection in order, as {@code "pull companies"}, {@code "push people"}; cleared by the call. */
    List<String> takeCalls(UUID connection) {
        List<String> taken = calls.getOrDefault(connection, List.of());
        calls.remove(connection);
        return List.copyOf(taken);
    }

    /** How many times two runs of one connection were pulling at the same time. */
    int overlaps() {
        return overlaps.get();
    }

    /** Distinct runs that pulled the connection. */
    int runsOf(UUID connection) {
        return runs.getOrDefault(connection, new AtomicInteger()).get();
    }

    @Override
    public RunCounts pull(SyncJob job, String stream) {
        calls.computeIfAbsent(job.connectionId(), id -> new CopyOnWriteArrayList<>()).add("pull " + stream);
        AtomicInteger current = inFlight.computeIfAbsent(job.connectionId(), id -> new AtomicInteger());
        if (current.incrementAndGet() > 1) {
            overlaps.incrementAndGet();
        }
        if ("companies".equals(stream)) {
            runs.computeIfAbsent(job.connectionId(), id -> new AtomicInteger()).incrementAndGet();
        }
        try {
            return scripts.getOrDefault(job.connectionId(), DEFAULT).pull(job, stream);
        } finally {
            current.decrementAndGet();
        }
    }

    /** Reconciles like the script's pull; the result the test scripted with {@link #reconcileWith}, else nothing vanished. */
    @Override
    public Reconciliation reconcile(SyncJob job, String stream) {
        calls.computeIfAbsent(job.connectionId(), id -> new CopyOnWriteArrayList<>()).add("reconcile " + stream);
        RunCounts counts = scripts.getOrDefault(job.connectionId(), DEFAULT).pull(job, stream);
        Reconciliation scripted = reconciliations.get(job.connectionId());
        return scripted != null ? scripted : new Reconciliation(counts, counts.read(), 0, false, true);
    }

    void reconcileWith(UUID connection, Reconciliation result) {
        reconciliations.put(connection, result);
    }

    @Override
    public RunCounts push(SyncJob job, String stream) {
        calls.computeIfAbsent(job.connectionId(), id -> new CopyOnWriteArrayList<>()).add("push " + stream);
        return new RunCounts(1, 0, 1, 0, 0, 0);
    }
}
