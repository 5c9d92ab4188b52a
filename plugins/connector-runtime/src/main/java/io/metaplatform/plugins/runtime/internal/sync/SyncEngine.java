package io.metaplatform.plugins.runtime.internal.sync;

import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.Violation;
import io.metaplatform.plugins.api.ConflictException;
import io.metaplatform.plugins.api.ExternalRecord;
import io.metaplatform.plugins.api.ExternalRef;
import io.metaplatform.plugins.api.FieldProblem;
import io.metaplatform.plugins.api.OutgoingRecord;
import io.metaplatform.plugins.api.RecordRejectedException;
import io.metaplatform.plugins.api.StreamDescriptor;
import io.metaplatform.plugins.api.SyncMode;
import io.metaplatform.plugins.api.WriteOperation;
import io.metaplatform.plugins.api.WriteResult;
import io.metaplatform.plugins.runtime.LoadedConnector;
import io.metaplatform.plugins.runtime.internal.sync.SyncStore.PushCursor;
import io.metaplatform.registry.ChangePosition;
import io.metaplatform.registry.DataRecord;
import io.metaplatform.registry.PositionedChange;
import io.metaplatform.registry.RecordService;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs one stream of one {@link SyncJob} in either direction.
 *
 * <p><b>Pull</b> reads the stream through the connector and commits each page (the records emitted
 * since the previous checkpoint) together with the new checkpoint in one transaction, so a run that
 * dies resumes from its last checkpoint with nothing lost and nothing doubled. External records map
 * to registry records through the connection's external refs; unchanged ones are skipped; records
 * the registry refuses go to dead letters and the run goes on.
 *
 * <p><b>Push</b> reads the change log of the stream's target object after the connection's push
 * cursor and writes each changed record's current state to the external system, in the order of
 * the records' latest changes. Changes the connection itself made (pulled records) are not pushed
 * back; a record whose mapped content equals what both sides last agreed on is not written. A record
 * without an external counterpart is created externally when the stream's push filter field is set on
 * it, or, without a push filter, when it was created after push started.
 *
 * <p>Records written by a connection carry the change-log actor {@code connector:<connectionId>}.
 * Thread-safe; a job's stream must not run twice at once (the caller claims the run).
 */
@Service
public class SyncEngine implements StreamRunner {

    static final int PUSH_BATCH = 500;
    static final int MAX_WRITE_ATTEMPTS = 4;
    private static final int MAX_DEAD_LETTERS_PER_PAGE = 200;

    private final RecordService records;
    private final SyncStore store;
    private final PageWriter pages;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final String publicUrl;

    SyncEngine(RecordService records, SyncStore store, PageWriter pages, PlatformTransactionManager transactionManager,
            ObjectProvider<Clock> clock, @Value("${platform.public-url:}") String publicUrl) {
        this.publicUrl = publicUrl;
        this.records = records;
        this.store = store;
        this.pages = pages;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /**
     * Reads {@code stream} (incrementally from its last checkpoint, or from the start in
     * {@link SyncMode#FULL} mode) and commits page by page.
     *
     * @return what this run did, over every committed page (pages committed before a failure stay committed)
     * @throws RuntimeException whatever the connector threw ({@link io.metaplatform.plugins.api.ConnectorException}
     *     and its subclasses, or a bug of the plugin); the records of the unfinished page are not committed
     */
    @Override
    public RunCounts pull(SyncJob job, String stream) {
        StreamSettings settings = settings(job, stream);
        StreamDescriptor descriptor = descriptor(job, stream);
        Map<String, String> state = settings.mode() == SyncMode.FULL ? Map.of()
                : inJob(job, () -> store.pullState(job.tenant(), job.connectionId(), stream)).orElse(Map.of());
        PullSink sink = new PullSink(job, stream, pages);
        JobContexts.Read context = new JobContexts.Read(job, descriptor, settings.mode(), state, sink, clock, publicUrl);
        call(job.connector(), () -> {
            job.connector().connector().read(context);
            return null;
        });
        sink.finish();
        return sink.counts();
    }

    /**
     * Reads {@code stream} completely ({@link SyncMode#FULL}, from the start) and commits page by page like
     * {@link #pull}, each page marking the external ids it saw. When the read ran to its end, the stream's links
     * that existed before it began and that it did not see are the records the external system deleted: they
     * are soft-deleted as the connection, in batches, with their children, unless more than the stream's
     * {@link StreamSettings#maxDeletedShare()} of its links vanished at once (then none is, and the result says
     * so). A re-run finds nothing more to delete.
     *
     * @throws IllegalArgumentException when the stream does not declare {@link StreamDescriptor#listsAllIds()}
     * @throws RuntimeException whatever the connector threw; nothing is deleted then
     */
    @Override
    public Reconciliation reconcile(SyncJob job, String stream) {
        StreamSettings settings = settings(job, stream);
        StreamDescriptor descriptor = descriptor(job, stream);
        if (!descriptor.listsAllIds()) {
            throw new IllegalArgumentException("stream " + stream + " does not list all its ids and cannot be reconciled");
        }
        Instant started = now();
        PullSink sink = new PullSink(job, stream, pages, true);
        JobContexts.Read context = new JobContexts.Read(job, descriptor, SyncMode.FULL, Map.of(), sink, clock, publicUrl);
        call(job.connector(), () -> {
            job.connector().connector().read(context);
            return null;
        });
        sink.finish();
        if (job.cancelled().getAsBoolean()) {
            return new Reconciliation(sink.counts(), 0, 0, false, false);
        }
        return sweep(job, settings, sink.counts(), started);
    }

    private Reconciliation sweep(SyncJob job, StreamSettings settings, RunCounts counts, Instant started) {
        String stream = settings.stream();
        long linked = inJob(job, () -> store.countLinks(job.tenant(), job.connectionId(), stream));
        long vanished = inJob(job, () -> store.countVanished(job.tenant(), job.connectionId(), stream, job.runId(), started));
        if (vanished > settings.maxDeletedShare() * linked) {
            return new Reconciliation(counts, linked, vanished, true, true);
        }
        long deleted = 0;
        while (vanished > 0 && !job.cancelled().getAsBoolean()) {
            int[] batch = inJob(job, () -> {
                List<ExternalLink> links = store.vanished(job.tenant(), job.connectionId(), stream, job.runId(), started, PageWriter.BATCH);
                return new int[] {links.size(), pages.deleteLinked(job.tenant(), job.connectionId(), links)};
            });
            deleted += batch[1];
            if (batch[0] < PageWriter.BATCH) {
                break;
            }
        }
        return new Reconciliation(counts.plus(new RunCounts(0, 0, 0, 0, deleted, 0)), linked, vanished, false, true);
    }

    /**
     * Writes local changes of the stream's target object to the external system. The first push of
     * a connection's stream only marks where it starts: changes made before are not pushed. After
     * that, records linked to this connection are updated externally, and records created since push
     * started are created externally. Rejected records go to dead letters; a write conflict is retried
     * after re-reading the external version.
     *
     * @return what this run did; {@link RunCounts#ZERO} when push is not enabled for the stream or the stream is not writable
     * @throws RuntimeException whatever the connector threw other than a conflict or a rejection; what was
     *     pushed before stays recorded and the next run continues after it
     */
    @Override
    public RunCounts push(SyncJob job, String stream) {
        StreamSettings settings = settings(job, stream);
        StreamDescriptor descriptor = descriptor(job, stream);
        if (!settings.push() || !descriptor.writable()) {
            return RunCounts.ZERO;
        }
        return job.callAs(() -> {
            Optional<PushCursor> cursor = inTransaction(() -> store.pushCursor(job.tenant(), job.connectionId(), stream));
            if (cursor.isEmpty()) {
                PushCursor start = new PushCursor(records.lastChange(settings.targetObject()), now());
                inTransaction(() -> {
                    store.savePushCursor(job.tenant(), job.connectionId(), stream, start, start.since());
                    return null;
                });
                return RunCounts.ZERO;
            }
            return new Push(job, settings, descriptor, cursor.get()).run();
        });
    }

    /**
     * A connection's dead letters, newest first.
     *
     * @param after the {@link DeadLetterPage#endCursor()} of the previous page, or {@code null} for the first
     * @throws PlatformException {@link io.metaplatform.core.ErrorCode#VALIDATION_FAILED} for a cursor this method did not produce
     */
    public DeadLetterPage deadLetters(TenantId tenant, UUID connection, int limit, String after) {
        return deadLetters(tenant, connection, limit, after, DeadLetterFilter.ALL);
    }

    /** A connection's dead letters matching the filter, newest first; as {@link #deadLetters(TenantId, UUID, int, String)}. */
    public DeadLetterPage deadLetters(TenantId tenant, UUID connection, int limit, String after, DeadLetterFilter filter) {
        SyncStore.DeadLetterKey key = after == null ? null : decodeCursor(after);
        int size = Math.min(Math.max(limit, 1), MAX_DEAD_LETTERS_PER_PAGE);
        List<DeadLetter> letters = inTenant(tenant, () -> store.deadLetters(tenant, connection, size + 1, key, filter));
        if (letters.size() <= size) {
            return new DeadLetterPage(letters, null);
        }
        List<DeadLetter> page = letters.subList(0, size);
        DeadLetter last = page.getLast();
        return new DeadLetterPage(page, encodeCursor(last.createdAt(), last.id()));
    }

    /** One dead letter of the connection, if it has it. */
    public Optional<DeadLetter> deadLetter(TenantId tenant, UUID connection, UUID id) {
        return inTenant(tenant, () -> store.deadLetter(tenant, connection, id));
    }

    /**
     * Marks the connection's unresolved dead letters resolved: those among {@code ids} (all matching the filter when
     * {@code null}).
     *
     * @return how many were marked
     */
    public int resolveDeadLetters(TenantId tenant, UUID connection, Collection<UUID> ids, DeadLetterFilter filter) {
        return inTenant(tenant, () -> store.resolveDeadLetters(tenant, connection, ids, filter, now()));
    }

    /**
     * Reads one external record with the connector's {@code readOne} and commits it like a page of a
     * pull (mapping, validation, dead letters, external ref), keeping the stream's checkpoint. A record
     * the external system no longer has is handled as deleted there.
     *
     * @return what it did (one record read, or one deleted)
     * @throws UnsupportedOperationException when the connector cannot read the stream by id
     * @throws RuntimeException whatever else the connector threw
     */
    public RunCounts pullOne(SyncJob job, String stream, String externalId) {
        settings(job, stream);
        StreamDescriptor descriptor = descriptor(job, stream);
        Optional<ExternalRecord> found = call(job.connector(), () -> job.connector().connector()
                .readOne(new JobContexts.Lookup(job, descriptor, externalId, clock, publicUrl)));
        PullSink sink = new PullSink(job, stream, pages);
        found.ifPresentOrElse(sink::record, () -> sink.deleted(stream, externalId));
        sink.finish();
        return sink.counts();
    }

    /** Soft-deletes the record an external record was synced into (the external system deleted it) and forgets the link. */
    public RunCounts deleteOne(SyncJob job, String stream, String externalId) {
        settings(job, stream);
        PullSink sink = new PullSink(job, stream, pages);
        sink.deleted(stream, externalId);
        sink.finish();
        return sink.counts();
    }

    /**
     * Writes one record of the stream's target object to the external system now, creating it there
     * or updating the linked external record, whether or not push is enabled for the stream, and
     * records the link. Needs the job's tenant bound.
     *
     * @return the record's link after the write
     * @throws PlatformException {@code NOT_FOUND} for no such record; {@code VALIDATION_FAILED} with the
     *     external system's problems per field when it refused the record; {@code CONFLICT} when it kept
     *     changing or no longer exists
     * @throws UnsupportedOperationException when the stream is not writable
     */
    public ExternalLink pushOne(SyncJob job, String stream, UUID recordId) {
        StreamSettings settings = settings(job, stream);
        StreamDescriptor descriptor = descriptor(job, stream);
        if (!descriptor.writable()) {
            throw new UnsupportedOperationException("stream " + stream + " is not writable");
        }
        DataRecord record = records.get(settings.targetObject(), recordId)
                .orElseThrow(() -> PlatformException.notFound("Record " + recordId + " of " + settings.targetObject()));
        Set<UUID> linked = new HashSet<>(Set.of(record.id()));
        record.values().values().forEach(value -> collectIds(value, linked));
        Map<UUID, ExternalLink> links = inTransaction(() -> store.linksByRecordId(job.tenant(), job.connectionId(), linked));
        new Push(job, settings, descriptor, new PushCursor(null, Instant.EPOCH), true).pushRecord(record, links, null);
        return inTransaction(() -> store.linksOfRecord(job.tenant(), job.connectionId(), recordId)).stream()
                .filter(link -> link.stream().equals(stream)).findFirst().orElseThrow();
    }

    /**
     * Searches the external system for records of a stream by the criteria it declares; stores nothing.
     *
     * @param criteria criterion to value; blank values are left out, at least one must remain
     * @return the records the connector found, best match first
     * @throws PlatformException {@code VALIDATION_FAILED} for a stream that cannot be searched
     *     ({@code stream}), a criterion it does not declare or a value the connector refuses ({@code criteria.<name>}, {@code criteria})
     */
    public List<ExternalRecord> search(SyncJob job, String stream, Map<String, String> criteria) {
        settings(job, stream);
        StreamDescriptor descriptor = descriptor(job, stream);
        if (descriptor.searchCriteria().isEmpty()) {
            throw PlatformException.validation(List.of(new Violation("stream", "NOT_SEARCHABLE", "the connector cannot search this stream")));
        }
        Map<String, String> given = new LinkedHashMap<>();
        List<Violation> problems = new ArrayList<>();
        criteria.forEach((name, value) -> {
            if (!descriptor.searchCriteria().contains(name)) {
                problems.add(new Violation("criteria." + name, "UNKNOWN_CRITERION", "is not one of " + descriptor.searchCriteria()));
            } else if (value != null && !value.isBlank()) {
                given.put(name, value.strip());
            }
        });
        if (problems.isEmpty() && given.isEmpty()) {
            problems.add(new Violation("criteria", "REQUIRED", "give at least one of " + descriptor.searchCriteria()));
        }
        if (!problems.isEmpty()) {
            throw PlatformException.validation(problems);
        }
        try {
            return call(job.connector(), () -> job.connector().connector().search(new JobContexts.Search(job, descriptor, given, clock, publicUrl)));
        } catch (IllegalArgumentException e) {
            throw PlatformException.validation(List.of(new Violation("criteria", "REFUSED", String.valueOf(e.getMessage()))));
        }
    }

    /** The external system's own fields (custom fields) the connector finds for the job's connection; nothing is stored. */
    public List<io.metaplatform.plugins.api.ExternalField> discover(SyncJob job) {
        return call(job.connector(), () -> job.connector().connector().discover(new JobContexts.Base(job, "-", clock, publicUrl))).fields();
    }

    /** Every link of a platform record through the connection, by stream. */
    public List<ExternalLink> links(TenantId tenant, UUID connection, UUID recordId) {
        return inTenant(tenant, () -> store.linksOfRecord(tenant, connection, recordId));
    }

    /**
     * Links a platform record to an external record by hand, so that pulls update it and push updates
     * the external one. The link has no content hash yet: the next pull of the external record updates
     * the platform record.
     *
     * @throws PlatformException {@code CONFLICT} when the record or the external id is already linked in the stream
     */
    public ExternalLink link(SyncJob job, String stream, UUID recordId, String externalId) {
        StreamSettings settings = settings(job, stream);
        records.get(settings.targetObject(), recordId)
                .orElseThrow(() -> PlatformException.notFound("Record " + recordId + " of " + settings.targetObject()));
        ExternalLink link = new ExternalLink(stream, externalId, settings.targetObject(), recordId, null, "");
        return inTransaction(() -> {
            store.lockStream(job.tenant(), job.connectionId(), stream);
            if (store.linksByExternalId(job.tenant(), job.connectionId(), stream, List.of(externalId)).containsKey(externalId)) {
                throw new PlatformException(io.metaplatform.core.ErrorCode.CONFLICT, "External record " + externalId + " is already linked.",
                        List.of(new Violation("externalId", "ALREADY_LINKED", "is linked to another record")));
            }
            if (store.linksOfRecord(job.tenant(), job.connectionId(), recordId).stream().anyMatch(existing -> existing.stream().equals(stream))) {
                throw new PlatformException(io.metaplatform.core.ErrorCode.CONFLICT, "The record is already linked in stream " + stream + ".",
                        List.of(new Violation("recordId", "ALREADY_LINKED", "is linked to another external record")));
            }
            store.saveLinks(job.tenant(), job.connectionId(), List.of(link), now());
            return link;
        });
    }

    /** Removes a record's link in the stream; false when it had none. The records on both sides stay. */
    public boolean unlink(TenantId tenant, UUID connection, String stream, UUID recordId) {
        return inTenant(tenant, () -> store.deleteLinkOfRecord(tenant, connection, stream, recordId));
    }

    /** The platform record an external record of the connection's stream is linked to, if any. */
    public Optional<UUID> linkedRecord(TenantId tenant, UUID connection, String stream, String externalId) {
        return Optional.ofNullable(inTenant(tenant, () -> store.linksByExternalId(tenant, connection, stream, List.of(externalId)).get(externalId)))
                .map(ExternalLink::recordId);
    }

    /**
     * Deletes what the engine keeps of a connection (external refs, stream state, dead letters) in
     * the caller's transaction, which must have the tenant bound: the connection is being deleted.
     */
    public void forget(TenantId tenant, UUID connection) {
        store.deleteConnection(tenant, connection);
    }

    // ---- push ----

    /** One push run of one stream. */
    private final class Push {
        private final SyncJob job;
        private final StreamSettings settings;
        private final StreamDescriptor descriptor;
        private final Instant since;
        private final String actor;
        private ChangePosition position;
        private RunCounts counts = RunCounts.ZERO;
        // Pushing one record on an admin's request: failures go back to the admin instead of to dead letters.
        private final boolean answerFailures;
        // Connectors that write in batches (amoCRM) get this many records per call; 1 writes each on its own.
        private final int batchSize;
        private final List<Pending> pending = new ArrayList<>();

        /** A record waiting for its batch to be written. */
        private record Pending(DataRecord record, ExternalLink own, Map<String, Object> fields, String hash, ChangePosition at) {
        }

        Push(SyncJob job, StreamSettings settings, StreamDescriptor descriptor, PushCursor cursor) {
            this(job, settings, descriptor, cursor, false);
        }

        Push(SyncJob job, StreamSettings settings, StreamDescriptor descriptor, PushCursor cursor, boolean answerFailures) {
            this.answerFailures = answerFailures;
            this.job = job;
            this.settings = settings;
            this.descriptor = descriptor;
            this.since = cursor.since();
            this.position = cursor.position();
            this.actor = PageWriter.actor(job.connectionId());
            this.batchSize = answerFailures ? 1 : Math.max(1, job.connector().connector().writeBatchSize(descriptor));
        }

        RunCounts run() {
            while (!job.cancelled().getAsBoolean()) {
                List<PositionedChange> changes = records.changesAfter(settings.targetObject(), position, PUSH_BATCH);
                if (changes.isEmpty()) {
                    break;
                }
                pushBatch(changes);
                if (changes.size() < PUSH_BATCH) {
                    break;
                }
            }
            return counts;
        }

        // Records in the order of their latest change in the batch: once a record is pushed, every change
        // up to its latest one is handled, so the cursor can move there in the same transaction.
        private void pushBatch(List<PositionedChange> changes) {
            Map<UUID, ChangePosition> latest = new LinkedHashMap<>();
            Set<UUID> changedLocally = new HashSet<>();
            for (PositionedChange change : changes) {
                UUID id = change.change().recordId();
                latest.remove(id);
                latest.put(id, change.position());
                String operation = change.change().operation();
                if (!actor.equals(change.change().actor()) && !operation.equals("DELETE") && !operation.equals("DESTROY")) {
                    changedLocally.add(id);
                }
            }
            Map<UUID, DataRecord> current = new HashMap<>();
            records.getMany(settings.targetObject(), changedLocally).forEach(record -> current.put(record.id(), record));
            Set<UUID> linked = new HashSet<>(current.keySet());
            current.values().forEach(record -> record.values().values().forEach(value -> collectIds(value, linked)));
            Map<UUID, ExternalLink> links = inTransaction(() -> store.linksByRecordId(job.tenant(), job.connectionId(), linked));
            for (Map.Entry<UUID, ChangePosition> entry : latest.entrySet()) {
                if (job.cancelled().getAsBoolean()) {
                    break;
                }
                DataRecord record = current.get(entry.getKey());
                if (record != null) {
                    pushRecord(record, links, entry.getValue());
                }
                position = entry.getValue();
            }
            flush();
            ChangePosition reached = position;
            inTransaction(() -> {
                store.savePushCursor(job.tenant(), job.connectionId(), settings.stream(), new PushCursor(reached, since), now());
                return null;
            });
        }

        private void pushRecord(DataRecord record, Map<UUID, ExternalLink> links, ChangePosition at) {
            ExternalLink own = links.get(record.id());
            if (own != null && !own.stream().equals(settings.stream())) {
                own = null;
            }
            if (own == null && !selectedForCreate(record)) {
                return;
            }
            Map<ExternalRef, UUID> linkedIds = new HashMap<>();
            Function<UUID, ExternalRef> linkOf = id -> {
                ExternalLink link = links.get(id);
                if (link == null) {
                    return null;
                }
                ExternalRef ref = new ExternalRef(link.stream(), link.externalId());
                linkedIds.put(ref, id);
                return ref;
            };
            Map<String, Object> fields = FieldMapper.outbound(settings, record, linkOf);
            Map<String, Object> echo = new LinkedHashMap<>();
            FieldMapper.echo(settings, fields).forEach((field, value) -> echo.put(field, FieldMapper.resolveRefs(value, linkedIds)));
            String hash = FieldMapper.hash(echo);
            counts = counts.plus(new RunCounts(1, 0, 0, 0, 0, 0));
            if (own != null && hash.equals(own.contentHash())) {
                counts = counts.plus(new RunCounts(0, 0, 0, 1, 0, 0));
                return;
            }
            if (batchSize > 1) {
                pending.add(new Pending(record, own, fields, hash, at));
                if (pending.size() >= batchSize) {
                    flush();
                }
                return;
            }
            write(record, own, fields, hash, at);
        }

        /**
         * Writes the pending records in one call of the connector's {@code writeBatch}; their links, dead letters and
         * the cursor past the last of them are saved together. A conflict goes the single-record way (re-read, retry).
         */
        private void flush() {
            if (pending.isEmpty()) {
                return;
            }
            List<Pending> batch = List.copyOf(pending);
            pending.clear();
            List<OutgoingRecord> outgoing = batch.stream().map(item -> new OutgoingRecord(
                    item.own() == null ? WriteOperation.CREATE : WriteOperation.UPDATE, item.record().id().toString(),
                    Optional.ofNullable(item.own() == null ? null : item.own().externalId()),
                    Optional.ofNullable(item.own() == null ? null : item.own().externalVersion()), item.fields())).toList();
            List<io.metaplatform.plugins.api.WriteOutcome> outcomes = call(job.connector(), () -> job.connector().connector()
                    .writeBatch(new JobContexts.WriteBatch(job, descriptor, outgoing, clock, publicUrl)));
            if (outcomes.size() != batch.size()) {
                throw new IllegalStateException("connector " + job.connector().id() + " answered " + outcomes.size()
                        + " outcomes to a batch of " + batch.size());
            }
            List<ExternalLink> links = new ArrayList<>();
            List<DeadLetter> letters = new ArrayList<>();
            List<Pending> conflicts = new ArrayList<>();
            RunCounts added = RunCounts.ZERO;
            for (int i = 0; i < batch.size(); i++) {
                Pending item = batch.get(i);
                var outcome = outcomes.get(i);
                if (outcome.written().isPresent()) {
                    WriteResult result = outcome.written().get();
                    links.add(new ExternalLink(settings.stream(), result.externalId(), settings.targetObject(), item.record().id(),
                            result.externalVersion().orElse(null), item.hash()));
                    added = added.plus(item.own() == null ? new RunCounts(0, 1, 0, 0, 0, 0) : new RunCounts(0, 0, 1, 0, 0, 0));
                } else if (outcome.refused().get() instanceof RecordRejectedException e) {
                    letters.add(new DeadLetter(UUID.randomUUID(), job.connectionId(), job.runId(), settings.stream(), DeadLetter.Direction.PUSH,
                            item.own() == null ? null : item.own().externalId(), null, item.record().id(), PageWriter.truncate(item.fields().toString(), 500),
                            DeadLetter.Code.REFUSED_BY_EXTERNAL_SYSTEM, "the external system refused the record: " + e.getMessage(), e.problems(),
                            now(), null));
                    added = added.plus(new RunCounts(0, 0, 0, 0, 0, 1));
                } else {
                    conflicts.add(item);
                }
            }
            // Conflicts are written one by one afterwards; the cursor moves past the batch only when there are none.
            save(links, List.of(), letters, conflicts.isEmpty() ? batch.getLast().at() : null);
            counts = counts.plus(added);
            for (Pending item : conflicts) {
                write(item.record(), item.own(), item.fields(), item.hash(), item.at());
            }
            if (!conflicts.isEmpty()) {
                save(List.of(), List.of(), List.of(), batch.getLast().at());
            }
        }

        // With a push filter the admin chose the records to create, whenever they were created; without one,
        // only records created since push started are, so enabling push does not copy the whole CRM out.
        private boolean selectedForCreate(DataRecord record) {
            return settings.pushFilter()
                    .map(field -> isSet(record.values().get(field)))
                    .orElseGet(() -> !record.createdAt().isBefore(since));
        }

        private void write(DataRecord record, ExternalLink own, Map<String, Object> fields, String hash, ChangePosition at) {
            String version = own == null ? null : own.externalVersion();
            for (int attempt = 1; ; attempt++) {
                OutgoingRecord outgoing = new OutgoingRecord(own == null ? WriteOperation.CREATE : WriteOperation.UPDATE,
                        record.id().toString(), Optional.ofNullable(own == null ? null : own.externalId()), Optional.ofNullable(version), fields);
                try {
                    WriteResult result = call(job.connector(),
                            () -> job.connector().connector().write(new JobContexts.Write(job, descriptor, outgoing, clock, publicUrl)));
                    ExternalLink link = new ExternalLink(settings.stream(), result.externalId(), settings.targetObject(), record.id(),
                            result.externalVersion().orElse(null), hash);
                    // A connector whose ids derive from content (Lexware contact persons) may answer a new id: the link moves.
                    List<String> moved = own != null && !own.externalId().equals(result.externalId()) ? List.of(own.externalId()) : List.of();
                    save(List.of(link), moved, List.of(), at);
                    counts = counts.plus(own == null ? new RunCounts(0, 1, 0, 0, 0, 0) : new RunCounts(0, 0, 1, 0, 0, 0));
                    return;
                } catch (RecordRejectedException e) {
                    fail(record, own, fields, DeadLetter.Code.REFUSED_BY_EXTERNAL_SYSTEM, "the external system refused the record: " + e.getMessage(),
                            e.problems(), at);
                    return;
                } catch (ConflictException e) {
                    if (own == null || attempt >= MAX_WRITE_ATTEMPTS) {
                        fail(record, own, fields, DeadLetter.Code.EXTERNAL_CONFLICT, "the external record kept changing during " + attempt + " attempts to write it",
                                List.of(), at);
                        return;
                    }
                    ExternalLink stale = own;
                    Optional<ExternalRecord> fresh = call(job.connector(), () -> job.connector().connector()
                            .readOne(new JobContexts.Lookup(job, descriptor, stale.externalId(), clock, publicUrl)));
                    if (fresh.isEmpty()) {
                        fail(record, own, fields, DeadLetter.Code.EXTERNAL_RECORD_GONE, "the external record no longer exists", List.of(), at);
                        return;
                    }
                    version = fresh.get().externalVersion().orElse(null);
                    own = new ExternalLink(stale.stream(), stale.externalId(), stale.object(), stale.recordId(), version, stale.contentHash());
                    save(List.of(own), List.of(), null);
                }
            }
        }

        private void fail(DataRecord record, ExternalLink own, Map<String, Object> fields, DeadLetter.Code code, String reason,
                List<FieldProblem> problems, ChangePosition at) {
            if (answerFailures) {
                List<Violation> violations = problems.stream().map(problem -> new Violation(problem.field(), problem.code(), problem.message())).toList();
                throw violations.isEmpty() ? new PlatformException(io.metaplatform.core.ErrorCode.CONFLICT, "The record was not pushed: " + reason)
                        : new PlatformException(io.metaplatform.core.ErrorCode.VALIDATION_FAILED, "The record was not pushed: " + reason, violations);
            }
            DeadLetter letter = new DeadLetter(UUID.randomUUID(), job.connectionId(), job.runId(), settings.stream(), DeadLetter.Direction.PUSH,
                    own == null ? null : own.externalId(), null, record.id(), PageWriter.truncate(fields.toString(), 500), code, reason, problems,
                    now(), null);
            save(List.of(), List.of(letter), at);
            counts = counts.plus(new RunCounts(0, 0, 0, 0, 0, 1));
        }

        private void save(List<ExternalLink> links, List<DeadLetter> letters, ChangePosition at) {
            save(links, List.of(), letters, at);
        }

        // The outcome of one record and the cursor past it, together; {@code dropped}: external ids of the stream no longer linked.
        private void save(List<ExternalLink> links, List<String> dropped, List<DeadLetter> letters, ChangePosition at) {
            Instant now = now();
            inTransaction(() -> {
                store.deleteLinks(job.tenant(), job.connectionId(), settings.stream(), dropped);
                store.saveLinks(job.tenant(), job.connectionId(), links, now);
                store.insertDeadLetters(job.tenant(), letters);
                if (at != null) {
                    store.savePushCursor(job.tenant(), job.connectionId(), settings.stream(), new PushCursor(at, since), now);
                }
                return null;
            });
        }
    }

    private static boolean isSet(Object value) {
        return switch (value) {
            case null -> false;
            case Boolean flag -> flag;
            case CharSequence text -> !text.toString().isBlank();
            case Collection<?> list -> !list.isEmpty();
            case Map<?, ?> map -> !map.isEmpty();
            default -> true;
        };
    }

    private static void collectIds(Object value, Set<UUID> into) {
        if (value instanceof UUID id) {
            into.add(id);
        } else if (value instanceof Collection<?> list) {
            list.forEach(item -> collectIds(item, into));
        }
    }

    // ---- plumbing ----

    private static StreamSettings settings(SyncJob job, String stream) {
        StreamSettings settings = job.streams().get(stream);
        if (settings == null) {
            throw new IllegalArgumentException("stream " + stream + " has no settings in this job");
        }
        return settings;
    }

    private static StreamDescriptor descriptor(SyncJob job, String stream) {
        return job.connector().descriptor().stream(stream)
                .orElseThrow(() -> new IllegalArgumentException("connector " + job.connector().id() + " has no stream " + stream));
    }

    private static <T> T call(LoadedConnector connector, Callable<T> work) {
        try {
            return connector.call(work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("connector " + connector.id() + " failed: " + e.getMessage(), e);
        }
    }

    private <T> T inTransaction(Supplier<T> work) {
        return transactions.execute(status -> work.get());
    }

    /** In a transaction of the job's tenant, as the job's principal. */
    private <T> T inJob(SyncJob job, Supplier<T> work) {
        return job.callAs(() -> inTransaction(work));
    }

    private <T> T inTenant(TenantId tenant, Supplier<T> work) {
        return TenantContext.callAs(tenant, () -> inTransaction(work));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** The cursor that continues a dead-letter list after {@code letter}. */
    static String cursorOf(DeadLetter letter) {
        return encodeCursor(letter.createdAt(), letter.id());
    }

    private static String encodeCursor(Instant createdAt, UUID id) {
        String text = createdAt.getEpochSecond() + ":" + createdAt.getNano() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static SyncStore.DeadLetterKey decodeCursor(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
            if (parts.length != 3) {
                throw new IllegalArgumentException("parts");
            }
            return new SyncStore.DeadLetterKey(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                    UUID.fromString(parts[2]));
        } catch (IllegalArgumentException e) {
            throw PlatformException.validation(List.of(new Violation("after", "INVALID_CURSOR", "is not a cursor of this list")));
        }
    }
}
