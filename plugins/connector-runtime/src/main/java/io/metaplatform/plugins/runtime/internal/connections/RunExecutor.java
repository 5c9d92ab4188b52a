package io.metaplatform.plugins.runtime.internal.connections;

import io.metaplatform.core.PlatformException;
import io.metaplatform.core.StorableText;
import io.metaplatform.core.SharedRedis;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.Violation;
import io.metaplatform.plugins.api.CancelledException;
import io.metaplatform.plugins.api.Configuration;
import io.metaplatform.plugins.api.ConnectorException;
import io.metaplatform.plugins.api.EgressDeniedException;
import io.metaplatform.plugins.api.CredentialsException;
import io.metaplatform.plugins.runtime.ConnectionRun;
import io.metaplatform.plugins.runtime.ConnectionStatus;
import io.metaplatform.plugins.runtime.ConnectorCatalog;
import io.metaplatform.plugins.runtime.LoadedConnector;
import io.metaplatform.plugins.runtime.RunErrorCode;
import io.metaplatform.plugins.runtime.RunStatus;
import io.metaplatform.plugins.runtime.RunTrigger;
import io.metaplatform.plugins.runtime.internal.http.ConnectorHttpFactory;
import io.metaplatform.plugins.runtime.internal.sync.Reconciliation;
import io.metaplatform.plugins.runtime.internal.sync.RunCounts;
import io.metaplatform.plugins.runtime.internal.sync.StreamSettings;
import io.metaplatform.plugins.runtime.internal.sync.StreamRunner;
import io.metaplatform.plugins.runtime.internal.sync.SyncJob;
import io.metaplatform.registry.MetadataService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Claims runs in the database and executes them on virtual threads of this instance.
 *
 * <p>A claim locks the connection's lifecycle row ({@code FOR UPDATE}, {@code SKIP LOCKED} for the
 * scheduler), refuses when a run with a fresh heartbeat exists, ends a run whose heartbeat is stale
 * (its instance stopped) and inserts the new running run, all in one transaction; a unique index
 * allows one running run per connection, so two instances never run one connection at once. While
 * a run executes, its heartbeat renews the claim; a run whose connection was disabled or deleted,
 * or whose claim another instance took over, is cancelled at the next heartbeat. Thread-safe.
 */
public final class RunExecutor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunExecutor.class);

    private final Collaborators with;
    private final String instanceId;
    private final Duration staleAfter;
    private final int maxConcurrentRuns;
    private final Clock clock;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService heartbeats;
    private final Map<UUID, ActiveRun> active = new ConcurrentHashMap<>();
    private final SharedRedis redis;

    /** What the executor works with; one record so tests can build a second instance from the same beans. */
    public record Collaborators(ConnectionStore connections, RunStore runs, ConnectionSecrets secrets, ConnectorCatalog catalog,
            ConnectorHttpFactory http, StreamRunner runner, MetadataService metadata, TransactionTemplate transactions,
            UploadStore uploads, Duration uploadRetention, io.metaplatform.plugins.runtime.internal.packages.ManagedPackages packages) {
    }

    /** Where a deleted connection's cancellation reaches the other instances at once (connection id as message). */
    static final String CANCEL_CHANNEL = "connector-run-cancel";

    public RunExecutor(Collaborators with, String instanceId, Duration heartbeatInterval, Duration staleAfter, int maxConcurrentRuns) {
        this(with, instanceId, heartbeatInterval, staleAfter, maxConcurrentRuns, Optional::empty);
    }

    /**
     * With {@code redis} shared, {@link #cancelAndWait} stops the connection's runs on every instance within a message's
     * time; without it, a run on another instance stops at its next heartbeat.
     */
    public RunExecutor(Collaborators with, String instanceId, Duration heartbeatInterval, Duration staleAfter, int maxConcurrentRuns,
            SharedRedis redis) {
        this.redis = redis;
        this.with = with;
        this.instanceId = instanceId;
        this.staleAfter = staleAfter;
        this.maxConcurrentRuns = maxConcurrentRuns;
        this.clock = Clock.systemUTC();
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("connector-heartbeat-" + instanceId).factory());
        long every = heartbeatInterval.toMillis();
        heartbeats.scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
        redis.subscribe(CANCEL_CHANNEL, this::cancelledElsewhere);
    }

    /** A message of another instance (or this one) deleting a connection: flag its runs here, never block. */
    private void cancelledElsewhere(String message) {
        UUID connectionId;
        try {
            connectionId = UUID.fromString(message);
        } catch (IllegalArgumentException e) {
            return;
        }
        active.values().stream().filter(run -> run.claim().connectionId().equals(connectionId)).forEach(run -> run.cancelled().set(true));
    }

    public String instanceId() {
        return instanceId;
    }

    /** How many more runs this instance takes on now. */
    public int freeSlots() {
        return Math.max(0, maxConcurrentRuns - active.size());
    }

    /** The outcome of a claim. */
    public sealed interface Claim {
    }

    /** The run was claimed and is recorded as running; {@link #start} it. */
    public record Claimed(TenantId tenant, UUID connectionId, UUID runId, RunTrigger trigger) implements Claim {
    }

    /** Nothing was claimed. */
    public record Refused(Reason reason) implements Claim {
    }

    public enum Reason { NOT_FOUND, NOT_ENABLED, NOT_DUE, ALREADY_RUNNING, BUSY }

    /**
     * Claims a run of a connection of the bound tenant (call it outside a transaction). A scheduled
     * claim skips a connection another instance is claiming and one that is not due.
     */
    public Claim claim(UUID connectionId, RunTrigger trigger) {
        return claim(connectionId, trigger, runId -> { });
    }

    /**
     * Like {@link #claim(UUID, RunTrigger)}, and when the run is claimed, also does {@code withRun}
     * with the new run's id in the claim's transaction (to store what the run needs, such as an upload).
     */
    public Claim claim(UUID connectionId, RunTrigger trigger, Consumer<UUID> withRun) {
        TenantId tenant = TenantContext.require();
        boolean scheduled = trigger == RunTrigger.SCHEDULE;
        if (scheduled && freeSlots() == 0) {
            return new Refused(Reason.BUSY);
        }
        try {
            return with.transactions().execute(status -> {
                Claim claim = claimLocked(tenant, connectionId, trigger, scheduled);
                if (claim instanceof Claimed claimed) {
                    withRun.accept(claimed.runId());
                }
                return claim;
            });
        } catch (DuplicateKeyException e) {
            return new Refused(Reason.ALREADY_RUNNING);
        }
    }

    private Claim claimLocked(TenantId tenant, UUID connectionId, RunTrigger trigger, boolean scheduled) {
        Instant now = now();
        Optional<ConnectionStore.ScheduleState> state = with.connections().lockSchedule(tenant, connectionId, scheduled);
        if (state.isEmpty()) {
            return new Refused(scheduled ? Reason.BUSY : Reason.NOT_FOUND);
        }
        if (state.get().status() != ConnectionStatus.ENABLED) {
            return new Refused(Reason.NOT_ENABLED);
        }
        if (scheduled && !state.get().dueAt(now)) {
            return new Refused(Reason.NOT_DUE);
        }
        Optional<ConnectionRun> running = with.runs().running(tenant, connectionId);
        if (running.isPresent()) {
            if (running.get().heartbeatAt().isAfter(now.minus(staleAfter))) {
                return new Refused(Reason.ALREADY_RUNNING);
            }
            with.runs().abandon(tenant, running.get().id(), "Abandoned: instance " + running.get().claimedBy()
                    + " stopped sending heartbeats at " + running.get().heartbeatAt() + "; the next run resumes from the last checkpoint.", now);
            with.connections().addRun(tenant, connectionId, RunStatus.FAILED, 0);
            LOG.info("Run {} of connection {} was abandoned by {}; {} takes the connection over", running.get().id(), connectionId,
                    running.get().claimedBy(), instanceId);
        }
        UUID runId = UUID.randomUUID();
        with.runs().insertRunning(tenant, runId, connectionId, trigger, instanceId, now);
        with.connections().lease(tenant, connectionId, now.plus(staleAfter));
        return new Claimed(tenant, connectionId, runId, trigger);
    }

    /** Executes a claimed run in the background. */
    public void start(Claimed claim) {
        ActiveRun run = new ActiveRun(claim, new AtomicBoolean(), new java.util.concurrent.CountDownLatch(1));
        active.put(claim.runId(), run);
        try {
            workers.execute(() -> execute(run));
        } catch (RejectedExecutionException e) {
            active.remove(claim.runId());
            run.done().countDown();
            TenantContext.callAs(claim.tenant(), () -> finish(claim, new Outcome(RunStatus.CANCELLED, RunCounts.ZERO,
                    RunErrorCode.SERVER_STOPPING, "The server is shutting down.", false)));
        }
    }

    private void execute(ActiveRun run) {
        Claimed claim = run.claim();
        try (TenantContext.Scope ignored = TenantContext.open(claim.tenant())) {
            LOG.info("Run {} of connection {} started on {}", claim.runId(), claim.connectionId(), instanceId);
            Outcome outcome = sync(claim, run.cancelled());
            record(claim, outcome);
            LOG.info("Run {} of connection {} ended {}{}", claim.runId(), claim.connectionId(), outcome.status(),
                    outcome.error() == null ? "" : ": " + outcome.errorCode() + ": " + outcome.error());
        } catch (RuntimeException e) {
            LOG.error("Run {} of connection {} could not be recorded and stays RUNNING until its heartbeat goes stale: {}", claim.runId(),
                    claim.connectionId(), e.getClass().getName());
        } finally {
            active.remove(claim.runId());
            run.done().countDown();
        }
    }

    /**
     * Records how the run ended; when that fails (the outcome itself cannot be stored, say), records it as failed
     * in a fresh transaction, so a run never stays RUNNING because of what it read.
     */
    private void record(Claimed claim, Outcome outcome) {
        try {
            finish(claim, outcome);
        } catch (RuntimeException e) {
            LOG.error("Run {} of connection {} ended {} but that could not be recorded; recording it as failed", claim.runId(),
                    claim.connectionId(), outcome.status(), loggable(e, UnaryOperator.identity()));
            finish(claim, new Outcome(RunStatus.FAILED, outcome.counts(), RunErrorCode.INTERNAL,
                    "The run's result could not be recorded; operators find the details in the server log under run " + claim.runId() + ".",
                    false));
        }
    }

    /** What a run came to. */
    private record Outcome(RunStatus status, RunCounts counts, RunErrorCode errorCode, String error, boolean credentialsRefused) {

        static Outcome failed(RunCounts counts, RunErrorCode code, String error) {
            return new Outcome(RunStatus.FAILED, counts, code, error, false);
        }
    }

    private Outcome sync(Claimed claim, AtomicBoolean cancelled) {
        RunCounts counts = RunCounts.ZERO;
        UnaryOperator<String> mask = UnaryOperator.identity();
        try {
            ConnectionRow row = with.transactions().execute(status -> with.connections().find(claim.tenant(), claim.connectionId()))
                    .orElseThrow(() -> new CancelledException());
            boolean uploaded = with.transactions().execute(status -> with.uploads().exists(claim.tenant(), claim.runId()));
            Optional<Supplier<InputStream>> upload = uploaded ? Optional.of(() -> openUpload(claim)) : Optional.empty();
            Prepared prepared = prepare(row, claim.runId(), cancelled::get, upload);
            mask = prepared.mask();
            SyncJob job = prepared.job();
            // A scheduled run reads and pushes only the streams that are due; any other run does all of them. Any run
            // reconciles the streams whose reconciliation is due, in place of their read.
            boolean scheduled = claim.trigger() == RunTrigger.SCHEDULE && row.schedule().isPresent();
            Map<StreamSchedule.Key, Instant> lastRuns = with.transactions().execute(status -> with.connections().streamRuns(claim.tenant(),
                    claim.connectionId()));
            List<String> heldBack = new ArrayList<>();
            for (StreamSettings stream : prepared.streams()) {
                if (cancelled.get()) {
                    break;
                }
                if (!stream.enabled()) {
                    continue;
                }
                boolean reconcile = StreamSchedule.reconcileDue(stream, lastRuns, now());
                if (reconcile || !scheduled || StreamSchedule.due(stream, StreamSchedule.Direction.PULL, lastRuns, row.schedule().get(), now())) {
                    Instant started = now();
                    if (reconcile) {
                        Reconciliation reconciliation = with.runner().reconcile(job, stream.stream());
                        counts = counts.plus(reconciliation.counts());
                        if (reconciliation.heldBack()) {
                            heldBack.add(heldBack(stream, reconciliation));
                        }
                        if (reconciliation.complete()) {
                            ran(claim, stream, StreamSchedule.Direction.RECONCILE, started, cancelled);
                        }
                    } else {
                        counts = counts.plus(with.runner().pull(job, stream.stream()));
                    }
                    ran(claim, stream, StreamSchedule.Direction.PULL, started, cancelled);
                }
                if (stream.push() && !cancelled.get()
                        && (!scheduled || StreamSchedule.due(stream, StreamSchedule.Direction.PUSH, lastRuns, row.schedule().get(), now()))) {
                    Instant started = now();
                    counts = counts.plus(with.runner().push(job, stream.stream()));
                    ran(claim, stream, StreamSchedule.Direction.PUSH, started, cancelled);
                }
            }
            if (cancelled.get()) {
                return new Outcome(RunStatus.CANCELLED, counts, null, null, false);
            }
            return heldBack.isEmpty() ? new Outcome(RunStatus.SUCCEEDED, counts, null, null, false)
                    : new Outcome(RunStatus.SUCCEEDED, counts, RunErrorCode.DELETIONS_HELD_BACK, String.join(" ", heldBack), false);
        } catch (CancelledException e) {
            return new Outcome(RunStatus.CANCELLED, counts, null, null, false);
        } catch (io.metaplatform.plugins.api.AccessRefusedException e) {
            return new Outcome(RunStatus.FAILED, counts, RunErrorCode.ACCESS_REFUSED, "The external system refused access: "
                    + mask.apply(e.getMessage()), true);
        } catch (CredentialsException e) {
            return new Outcome(RunStatus.FAILED, counts, RunErrorCode.CREDENTIALS_REFUSED, "The credentials were refused: "
                    + mask.apply(e.getMessage()), true);
        } catch (ConnectorException e) {
            EgressDeniedException denied = egressDenial(e);
            return denied != null ? Outcome.failed(counts, RunErrorCode.EGRESS_DENIED, mask.apply(denied.getMessage()))
                    : Outcome.failed(counts, RunErrorCode.CONNECTOR_FAILED, mask.apply(e.getMessage()));
        } catch (PlatformException e) {
            // The platform's own messages are written for clients: no exception names, no SQL.
            return Outcome.failed(counts, RunErrorCode.RECORDS_NOT_WRITTEN, "The records could not be written: " + mask.apply(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("Run {} of connection {} failed unexpectedly", claim.runId(), claim.connectionId(), loggable(e, mask));
            return Outcome.failed(counts, RunErrorCode.INTERNAL, "The run stopped on an unexpected error; operators find the details in "
                    + "the server log under run " + claim.runId() + ".");
        }
    }

    /**
     * The failure as the log may show it: its class and masked message with its stack trace, without the messages of
     * its causes, which may quote secrets or external data the mask does not know.
     */
    private static Throwable loggable(Throwable e, UnaryOperator<String> mask) {
        StringBuilder chain = new StringBuilder(e.getClass().getName()).append(": ").append(mask.apply(StorableText.storable(e.getMessage())));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            chain.append(" / caused by ").append(cause.getClass().getName());
        }
        RuntimeException copy = new RuntimeException(chain.toString());
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    /** The warning of a reconciliation whose safety stop held its deletions back. */
    private static String heldBack(StreamSettings stream, Reconciliation reconciliation) {
        long percent = Math.round(100.0 * reconciliation.vanished() / reconciliation.linked());
        return "Stream " + stream.stream() + ": " + reconciliation.vanished() + " of " + reconciliation.linked() + " synced records ("
                + percent + "%) are no longer listed by the external system, more than the "
                + Math.round(100 * stream.maxDeletedShare()) + "% one reconciliation may delete, so none was deleted. If the deletions are "
                + "real, raise the stream's maxDeletedShare; the next reconciliation deletes them.";
    }

    /** Records that a stream's direction ran to its end (a cancelled one is due again). */
    private void ran(Claimed claim, StreamSettings stream, StreamSchedule.Direction direction, Instant started, AtomicBoolean cancelled) {
        if (!cancelled.get()) {
            with.transactions().executeWithoutResult(status ->
                    with.connections().streamRan(claim.tenant(), claim.connectionId(), new StreamSchedule.Key(stream.stream(), direction), started));
        }
    }

    /** A job ready to run, its streams in the connector's order, with the mask that keeps its secrets out of messages. */
    public record Prepared(SyncJob job, List<StreamSettings> streams, UnaryOperator<String> mask) {
    }

    /**
     * Prepares a job of a connection of the bound tenant (outside a transaction): its connector, its managed package
     * upgraded to what the loaded plugin declares, its configuration with secrets opened, its stream settings checked
     * against the tenant's objects, and its HTTP client.
     *
     * @throws ConnectorException when the connector is not loaded or the stream settings no longer fit
     * @throws CredentialsException when a secret does not open
     * @throws PlatformException {@code CONFLICT} when a newer plugin's package brings a definition whose name the tenant
     *     uses already
     */
    public Prepared prepare(ConnectionRow row, UUID runId, BooleanSupplier cancelled, Optional<Supplier<InputStream>> upload) {
        LoadedConnector connector = with.catalog().find(row.connectorId())
                .orElseThrow(() -> new ConnectorException("Connector " + row.connectorId() + " is not loaded on instance " + instanceId + "."));
        // A plugin upgraded under an enabled connection may declare more of its package (a field its streams now write):
        // the run installs it as enabling does, instead of failing until an admin disables and enables the connection.
        // Already installed, this is one read of the installed package.
        with.packages().install(connector.descriptor(), "connector:" + connector.descriptor().id());
        Configuration configuration = with.secrets().configuration(row, connector.descriptor().config());
        UnaryOperator<String> mask = text -> ConnectionSecrets.mask(text, connector.descriptor().config(), configuration);
        List<StreamSettings> streams = streams(row, connector);
        SyncJob job = new SyncJob(row.tenant(), row.id(), runId, connector, configuration,
                streams.stream().collect(Collectors.toMap(StreamSettings::stream, settings -> settings, (a, b) -> a, LinkedHashMap::new)),
                with.http().create(row.tenant(), row.id(), connector.descriptor(), configuration, cancelled),
                cancelled, upload, row.principal());
        return new Prepared(job, streams, mask);
    }

    private InputStream openUpload(Claimed claim) {
        byte[] content = TenantContext.callAs(claim.tenant(), () -> with.transactions().execute(status -> with.uploads().content(claim.tenant(), claim.runId())))
                .orElseThrow(() -> new ConnectorException("The upload of this run is gone."));
        return new ByteArrayInputStream(content);
    }

    /** The effective stream settings, checked against the tenant's objects as they are now. */
    private List<StreamSettings> streams(ConnectionRow row, LoadedConnector connector) {
        List<Violation> problems = StreamSettingsResolver.validate(connector.descriptor(), row.streams(), with.metadata().schema());
        if (!problems.isEmpty()) {
            throw new ConnectorException("The stream settings no longer fit the tenant's objects: " + problems.stream()
                    .map(problem -> problem.field().substring("input.".length()) + " " + problem.message()).collect(Collectors.joining("; ")));
        }
        return StreamSettingsResolver.resolve(connector.descriptor(), row.streams());
    }

    private Void finish(Claimed claim, Outcome outcome) {
        with.transactions().executeWithoutResult(status -> {
            TenantId tenant = claim.tenant();
            Instant now = now();
            if (!with.runs().finish(tenant, claim.runId(), instanceId, outcome.status(), outcome.counts(), outcome.errorCode(), outcome.error(),
                    now)) {
                return;
            }
            if (outcome.status() == RunStatus.SUCCEEDED) {
                with.uploads().deleteForRun(tenant, claim.runId());
            }
            with.uploads().deleteOlderThan(tenant, now.minus(with.uploadRetention()));
            RunCounts counts = outcome.counts();
            with.connections().addRun(tenant, claim.connectionId(), outcome.status(), counts.created() + counts.updated() + counts.deleted());
            Optional<ConnectionStore.ScheduleState> state = with.connections().lockSchedule(tenant, claim.connectionId(), false);
            if (state.isEmpty()) {
                return;
            }
            with.connections().lease(tenant, claim.connectionId(), null);
            if (state.get().status() != ConnectionStatus.ENABLED) {
                return;
            }
            if (outcome.credentialsRefused()) {
                with.connections().setStatus(tenant, claim.connectionId(), outcome.errorCode() == RunErrorCode.ACCESS_REFUSED
                        ? ConnectionStatus.ACCESS_REFUSED : ConnectionStatus.CREDENTIALS_INVALID, Optional.empty());
                return;
            }
            Optional<ConnectionRow> row = with.connections().find(tenant, claim.connectionId());
            Optional<Duration> schedule = row.flatMap(ConnectionRow::schedule);
            // A webhook asked for a run while this one ran: the next one is due at once.
            boolean rerun = with.connections().takeRerun(tenant, claim.connectionId());
            with.connections().setNextRun(tenant, claim.connectionId(), rerun ? Optional.of(now)
                    : schedule.map(every -> outcome.status() == RunStatus.SUCCEEDED ? nextDue(row.get(), every, now) : now.plus(every)));
        });
        return null;
    }

    /**
     * When the earliest stream of a connection is due next (see {@link StreamSchedule}), counted from when each
     * stream last ran; the connection's interval from now when its connector is not loaded here. Reads the
     * stream runs in the bound transaction.
     */
    public Instant nextDue(ConnectionRow row, Duration schedule, Instant now) {
        Optional<LoadedConnector> connector = with.catalog().find(row.connectorId());
        if (connector.isEmpty()) {
            return now.plus(schedule);
        }
        List<StreamSettings> streams = StreamSettingsResolver.resolve(connector.get().descriptor(), row.streams());
        return StreamSchedule.next(streams, with.connections().streamRuns(row.tenant(), row.id()), schedule, now).orElse(now.plus(schedule));
    }

    /** Renews the claims of this instance's runs, and cancels those it lost or whose connection is no longer enabled. */
    void heartbeat() {
        for (ActiveRun run : List.copyOf(active.values())) {
            Claimed claim = run.claim();
            try {
                boolean keep = TenantContext.callAs(claim.tenant(), () -> with.transactions().execute(status -> {
                    Instant now = now();
                    if (!with.runs().heartbeat(claim.tenant(), claim.runId(), instanceId, now)) {
                        return false;
                    }
                    with.connections().lease(claim.tenant(), claim.connectionId(), now.plus(staleAfter));
                    return with.connections().status(claim.tenant(), claim.connectionId()).filter(ConnectionStatus.ENABLED::equals).isPresent();
                }));
                if (!keep) {
                    run.cancelled().set(true);
                }
            } catch (RuntimeException e) {
                LOG.warn("Heartbeat of run {} failed: {}", claim.runId(), e.getClass().getName());
            }
        }
    }

    /** Cancels every run of this instance and waits briefly for them to record how far they got. */
    @Override
    public void close() {
        heartbeats.shutdownNow();
        active.values().forEach(run -> run.cancelled().set(true));
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Cancels the connection's runs on every instance and waits up to {@code timeout} for them to end, so that none
     * writes after the caller goes on (deleting the connection). Call it with the tenant bound, outside a transaction,
     * after the connection was disabled. This instance's runs are flagged at once; the other instances' through Redis
     * when it is shared, else at their next heartbeat (which sees the connection disabled). A running run whose
     * heartbeat is stale (its instance stopped) is not waited for.
     *
     * @return whether every such run ended in time
     */
    public boolean cancelAndWait(UUID connectionId, Duration timeout) {
        redis.publish(CANCEL_CHANNEL, connectionId.toString());
        List<ActiveRun> runs = active.values().stream().filter(run -> run.claim().connectionId().equals(connectionId)).toList();
        runs.forEach(run -> run.cancelled().set(true));
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (ActiveRun run : runs) {
                if (!run.done().await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    return false;
                }
            }
            TenantId tenant = TenantContext.require();
            while (runningElsewhere(tenant, connectionId)) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(50);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether a run of the connection is running on any instance (one whose heartbeat is stale does not count). */
    boolean runningAnywhere(TenantId tenant, UUID connectionId) {
        return runningElsewhere(tenant, connectionId);
    }

    private boolean runningElsewhere(TenantId tenant, UUID connectionId) {
        Instant fresh = now().minus(staleAfter);
        return Boolean.TRUE.equals(with.transactions().execute(status -> with.runs().running(tenant, connectionId)
                .filter(run -> run.heartbeatAt().isAfter(fresh)).isPresent()));
    }

    private record ActiveRun(Claimed claim, AtomicBoolean cancelled, java.util.concurrent.CountDownLatch done) {
    }

    /** The egress refusal behind a connector failure, also where a plugin wrapped it in its own exception. */
    private static EgressDeniedException egressDenial(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof EgressDeniedException denied) {
                return denied;
            }
        }
        return null;
    }
}
