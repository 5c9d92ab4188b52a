package io.metaplatform.plugins.runtime.internal.sync;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.Violation;
import io.metaplatform.plugins.api.ExternalRecord;
import io.metaplatform.plugins.api.ExternalRef;
import io.metaplatform.plugins.api.FieldProblem;
import io.metaplatform.plugins.api.ManagedField;
import io.metaplatform.plugins.api.ManagedFieldType;
import io.metaplatform.registry.DataRecord;
import io.metaplatform.registry.MetadataService;
import io.metaplatform.registry.RecordService;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Commits one pull page: the records a connector emitted since its last checkpoint and the stream's
 * new state, in one transaction of the job's tenant. Records are written per stream (in order of
 * first emission, so parents precede children) in batches; rows the registry refuses are isolated
 * under a savepoint and go to dead letters while the rest commits.
 */
@Component
class PageWriter {

    static final int BATCH = 500;
    private static final int MAX_ISOLATION_ROUNDS = 5;
    private static final Pattern ROW = Pattern.compile("^\\[(\\d+)](?:\\.(.*))?$");

    private final RecordService records;
    private final MetadataService metadata;
    private final SyncStore store;
    private final TransactionTemplate transactions;
    private final TransactionTemplate savepoints;
    private final Clock clock;

    PageWriter(RecordService records, MetadataService metadata, SyncStore store, PlatformTransactionManager transactionManager,
            ObjectProvider<Clock> clock) {
        this.metadata = metadata;
        this.records = records;
        this.store = store;
        this.transactions = new TransactionTemplate(transactionManager);
        this.savepoints = new TransactionTemplate(transactionManager);
        this.savepoints.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** The change-log actor of records a connection writes, by which push recognises its own echoes. */
    static String actor(UUID connectionId) {
        return "connector:" + connectionId;
    }

    /**
     * @param reconciling whether the page belongs to a reconciliation's complete read of {@code stream}: then the
     *     stream's external ids it holds are marked as seen by the run, in this transaction
     */
    RunCounts commit(SyncJob job, String stream, List<Emission> emissions, Optional<Map<String, String>> state, boolean reconciling) {
        return job.callAs(() -> transactions.execute(status -> {
            Page page = new Page(job, clock.instant().truncatedTo(ChronoUnit.MICROS), reconciling ? stream : null);
            Map<String, List<Emission>> byStream = new LinkedHashMap<>();
            emissions.forEach(emission -> byStream.computeIfAbsent(emission.stream(), name -> new ArrayList<>()).add(emission));
            // A run's page and a webhook's single-record fetch of the same stream never interleave (nor insert one
            // external id twice): each commit holds the streams' locks, taken in name order so two never deadlock.
            new java.util.TreeSet<>(byStream.keySet()).forEach(name -> store.lockStream(job.tenant(), job.connectionId(), name));
            byStream.forEach(page::write);
            store.insertDeadLetters(job.tenant(), page.deadLetters);
            state.ifPresent(value -> store.savePullState(job.tenant(), job.connectionId(), stream, job.runId(), value, page.now));
            return page.counts();
        }));
    }

    /** The work and tallies of one commit. */
    private final class Page {
        private final SyncJob job;
        private final TenantId tenant;
        private final Instant now;
        // The stream whose ids this page marks as seen (a reconciliation's), or null.
        private final String seenStream;
        private final List<DeadLetter> deadLetters = new ArrayList<>();
        private long read;
        private long created;
        private long updated;
        private long unchanged;
        private long deleted;
        private long failed;

        Page(SyncJob job, Instant now, String seenStream) {
            this.job = job;
            this.tenant = job.tenant();
            this.now = now;
            this.seenStream = seenStream;
        }

        RunCounts counts() {
            return new RunCounts(read, created, updated, unchanged, deleted, failed);
        }

        void write(String stream, List<Emission> emissions) {
            StreamSettings settings = job.streams().get(stream);
            List<ExternalRecord> upserts = new ArrayList<>();
            List<String> deletions = new ArrayList<>();
            List<Emission.ChildSet> childSets = new ArrayList<>();
            Map<String, String> renames = new LinkedHashMap<>();
            Set<String> seen = new HashSet<>();
            for (Emission emission : emissions) {
                switch (emission) {
                    case Emission.Upsert upsert -> {
                        upserts.add(upsert.record());
                        seen.add(upsert.record().externalId());
                    }
                    case Emission.Deletion deletion -> deletions.add(deletion.externalId());
                    case Emission.ChildSet childSet -> childSets.add(childSet);
                    case Emission.Rename rename -> renames.putIfAbsent(rename.to(), rename.from());
                    case Emission.Rejection rejection -> {
                        read++;
                        failed++;
                        deadLetter(stream, rejection.externalId(), null, rejection.raw(), rejection.code(), rejection.reason(), List.of());
                        // A record the connector could not read still exists externally: it must not be reconciled away.
                        if (rejection.externalId() != null) {
                            seen.add(rejection.externalId());
                        }
                    }
                }
            }
            if (settings == null) {
                read += upserts.size();
                failed += upserts.size();
                upserts.forEach(record -> deadLetter(stream, record.externalId(), null, excerpt(record), DeadLetter.Code.STREAM_NOT_CONFIGURED,
                        "stream " + stream + " is not configured for this connection", List.of()));
                return;
            }
            store.renameLinks(tenant, job.connectionId(), stream, renames);
            // Children gone from their parent's set go before the new ones come, releasing their unique values.
            removeStaleChildren(settings, childSets);
            for (int from = 0; from < upserts.size(); from += BATCH) {
                writeBatch(settings, upserts.subList(from, Math.min(upserts.size(), from + BATCH)));
            }
            assignParents(settings, childSets);
            delete(settings, deletions);
            if (stream.equals(seenStream)) {
                List<String> ids = List.copyOf(seen);
                for (int from = 0; from < ids.size(); from += BATCH) {
                    store.markSeen(tenant, job.connectionId(), stream, job.runId(), ids.subList(from, Math.min(ids.size(), from + BATCH)));
                }
            }
        }

        /**
         * Removes the children of the sets' parents stored by earlier reads that are in none of the sets (a line
         * removed from an invoice). A child that moved to another parent in the page is kept.
         */
        private void removeStaleChildren(StreamSettings settings, List<Emission.ChildSet> sets) {
            childrenByParent(sets).forEach((parentStream, childrenByParent) -> {
                Set<String> kept = new HashSet<>();
                childrenByParent.values().forEach(kept::addAll);
                deleteLinked(store.children(tenant, job.connectionId(), settings.stream(), parentStream, childrenByParent.keySet())
                        .stream().filter(link -> !kept.contains(link.externalId())).toList());
            });
        }

        /** Records each child's parent, so that the parent's next set replaces these. */
        private void assignParents(StreamSettings settings, List<Emission.ChildSet> sets) {
            childrenByParent(sets).forEach((parentStream, childrenByParent) -> {
                Map<String, String> parentByChild = new LinkedHashMap<>();
                childrenByParent.forEach((parent, children) -> children.forEach(child -> parentByChild.put(child, parent)));
                store.assignParents(tenant, job.connectionId(), settings.stream(), parentStream, parentByChild);
            });
        }

        // Parent stream to parent id to child ids; a parent read twice in one page: its last set counts.
        private static Map<String, Map<String, Set<String>>> childrenByParent(List<Emission.ChildSet> sets) {
            Map<String, Map<String, Set<String>>> byParentStream = new LinkedHashMap<>();
            sets.forEach(set -> byParentStream.computeIfAbsent(set.parent().stream(), name -> new LinkedHashMap<>())
                    .put(set.parent().externalId(), set.childIds()));
            return byParentStream;
        }

        private void writeBatch(StreamSettings settings, List<ExternalRecord> batch) {
            read += batch.size();
            Map<String, ExternalRecord> latest = new LinkedHashMap<>();
            batch.forEach(record -> latest.put(record.externalId(), record));
            unchanged += batch.size() - latest.size();
            Map<String, ExternalLink> links = store.linksByExternalId(tenant, job.connectionId(), settings.stream(), latest.keySet());
            Map<String, Map<String, Object>> mapped = new LinkedHashMap<>();
            Map<String, Set<ExternalRef>> refsById = new LinkedHashMap<>();
            Set<ExternalRef> refs = new HashSet<>();
            latest.forEach((id, record) -> {
                Map<String, Object> values = FieldMapper.inbound(settings, record);
                Set<ExternalRef> own = new HashSet<>();
                values.values().forEach(value -> FieldMapper.collectRefs(value, own));
                refs.addAll(own);
                refsById.put(id, own);
                mapped.put(id, values);
            });
            learnOptions(settings, mapped.values());
            Map<ExternalRef, UUID> resolved = store.resolve(tenant, job.connectionId(), refs);

            List<Row> creates = new ArrayList<>();
            Map<UUID, Row> updates = new LinkedHashMap<>();
            List<ExternalLink> refreshed = new ArrayList<>();
            for (ExternalRecord record : latest.values()) {
                Map<String, Object> values = new LinkedHashMap<>();
                mapped.get(record.externalId()).forEach((field, value) -> values.put(field, FieldMapper.resolveRefs(value, resolved)));
                String hash = FieldMapper.hash(values);
                // An unresolved link must be retried when the record comes again, even at the same external
                // version: such a record is remembered without its version.
                boolean complete = resolved.keySet().containsAll(refsById.get(record.externalId()));
                String version = complete ? record.externalVersion().orElse(null) : null;
                ExternalLink link = links.get(record.externalId());
                Row row = new Row(record, values, hash, complete);
                if (link == null) {
                    creates.add(row);
                } else if (hash.equals(link.contentHash()) || (version != null && version.equals(link.externalVersion()))) {
                    unchanged++;
                    if (!Objects.equals(version, link.externalVersion())) {
                        refreshed.add(row.link(settings, link.recordId(), link.contentHash()));
                    }
                } else if (updates.putIfAbsent(link.recordId(), row) != null) {
                    unchanged++;
                }
            }
            // Updates first: they may release unique values (a contact's primary flag moving to a new person) that creates take.
            List<ExternalLink> written = new ArrayList<>(refreshed);
            written.addAll(update(settings, updates));
            written.addAll(create(settings, creates));
            store.saveLinks(tenant, job.connectionId(), written, now);
        }

        /**
         * The display texts of the connector's open multi-select fields become option values; options the field lacks
         * are added first, in one metadata change per field and batch, inside the page's transaction (the batch's
         * records are written with them, or neither is).
         */
        private void learnOptions(StreamSettings settings, java.util.Collection<Map<String, Object>> rows) {
            for (String field : openFields(settings.targetObject())) {
                Set<String> texts = new java.util.LinkedHashSet<>();
                rows.forEach(values -> {
                    if (values.get(field) instanceof java.util.Collection<?> list) {
                        list.forEach(text -> {
                            if (text instanceof String string && !string.isBlank()) {
                                texts.add(string.strip());
                            }
                        });
                    }
                });
                boolean select = metadata.schema().object(settings.targetObject()).flatMap(object -> object.field(field))
                        .map(definition -> definition.type() instanceof io.metaplatform.registry.FieldType.WithOptions).orElse(false);
                if (select && texts.isEmpty()) {
                    continue;
                }
                if (!select) {
                    // Installed as text by an older version of the plugin: the texts as they used to be written.
                    rows.forEach(values -> {
                        if (values.get(field) instanceof java.util.Collection<?> list) {
                            values.put(field, list.isEmpty() ? null : String.join(", ", list.stream().map(String::valueOf).toList()));
                        }
                    });
                    continue;
                }
                Map<String, String> valueOf = metadata.learnOptions(settings.targetObject(), field, texts, actor(job.connectionId()));
                rows.forEach(values -> {
                    if (values.get(field) instanceof java.util.Collection<?> list) {
                        values.put(field, list.stream().filter(text -> !(text instanceof String string) || !string.isBlank())
                                .map(text -> text instanceof String string ? valueOf.getOrDefault(string.strip(), string) : text).distinct().toList());
                    }
                });
            }
        }

        private Set<String> openFields(String object) {
            return job.connector().descriptor().managedPackage().map(declared -> declared.fields().stream()
                    .filter(field -> field.object().equals(object) && field.type() instanceof ManagedFieldType.MultiSelect select && select.learnsOptions())
                    .map(ManagedField::apiName).collect(java.util.stream.Collectors.toSet())).orElse(Set.of());
        }

        private List<ExternalLink> create(StreamSettings settings, List<Row> rows) {
            List<Row> good = isolate(settings, rows, row -> null, accepted -> {
                List<DataRecord> stored = records.createMany(settings.targetObject(), accepted.stream().map(Row::values).toList(),
                        settings.upsertOn().orElse(null), actor(job.connectionId()));
                for (int i = 0; i < accepted.size(); i++) {
                    accepted.get(i).recordId = stored.get(i).id();
                    accepted.get(i).matched = stored.get(i).version() > 1;
                }
            });
            long matched = good.stream().filter(row -> row.matched).count();
            created += good.size() - matched;
            updated += matched;
            return good.stream().map(row -> row.link(settings, row.recordId, row.hash)).toList();
        }

        private List<ExternalLink> update(StreamSettings settings, Map<UUID, Row> rows) {
            rows.forEach((id, row) -> row.recordId = id);
            List<Row> good = isolate(settings, List.copyOf(rows.values()), row -> row.recordId, accepted -> {
                Map<UUID, Map<String, Object>> changes = new LinkedHashMap<>();
                accepted.forEach(row -> changes.put(row.recordId, row.values()));
                records.updateEach(settings.targetObject(), changes, actor(job.connectionId()));
            });
            updated += good.size();
            return good.stream().map(row -> row.link(settings, row.recordId, row.hash)).toList();
        }

        /**
         * Writes the rows under a savepoint; when the registry refuses some of them, rolls back to the
         * savepoint, sends those to dead letters and writes the rest again. Returns the rows written.
         */
        private List<Row> isolate(StreamSettings settings, List<Row> rows, Function<Row, UUID> recordIdOf,
                Consumer<List<Row>> write) {
            if (rows.isEmpty()) {
                return List.of();
            }
            List<Row> remaining = new ArrayList<>(rows);
            for (int round = 0; round < MAX_ISOLATION_ROUNDS && !remaining.isEmpty(); round++) {
                try {
                    List<Row> attempt = remaining;
                    savepoints.executeWithoutResult(status -> write.accept(attempt));
                    return remaining;
                } catch (PlatformException e) {
                    if (e.code() != ErrorCode.VALIDATION_FAILED) {
                        throw e;
                    }
                    Map<Integer, List<FieldProblem>> byRow = problemsByRow(e.violations(), remaining.size());
                    List<Row> next = new ArrayList<>();
                    for (int i = 0; i < remaining.size(); i++) {
                        Row row = remaining.get(i);
                        if (byRow.containsKey(i)) {
                            failed++;
                            deadLetter(settings.stream(), row.record.externalId(), row.record.source().orElse(null), recordIdOf.apply(row),
                                    excerpt(row.record),
                                    DeadLetter.Code.INVALID_RECORD, "the " + settings.targetObject() + " record is not valid", byRow.get(i));
                        } else {
                            next.add(row);
                        }
                    }
                    remaining = next;
                }
            }
            if (!remaining.isEmpty()) {
                throw new IllegalStateException("could not isolate the invalid records of a page of " + settings.stream());
            }
            return remaining;
        }

        private void delete(StreamSettings settings, List<String> externalIds) {
            if (externalIds.isEmpty()) {
                return;
            }
            Map<String, ExternalLink> links = store.linksByExternalId(tenant, job.connectionId(), settings.stream(), externalIds);
            if (links.isEmpty()) {
                return;
            }
            deleteLinked(List.copyOf(links.values()));
        }

        /** Soft-deletes the records of these links (by the connection) and forgets the links; counts the records deleted. */
        private void deleteLinked(List<ExternalLink> links) {
            deleted += PageWriter.this.deleteLinked(tenant, job.connectionId(), links);
        }

        private void deadLetter(String stream, String externalId, UUID recordId, String raw, DeadLetter.Code code, String reason,
                List<FieldProblem> problems) {
            deadLetter(stream, externalId, null, recordId, raw, code, reason, problems);
        }

        private void deadLetter(String stream, String externalId, String source, UUID recordId, String raw, DeadLetter.Code code,
                String reason, List<FieldProblem> problems) {
            deadLetters.add(new DeadLetter(UUID.randomUUID(), job.connectionId(), job.runId(), stream, DeadLetter.Direction.PULL,
                    externalId, source, recordId, raw, code, reason, problems, now, null));
        }
    }

    /**
     * Soft-deletes the records of these links as the connection, and forgets the links, in the caller's transaction
     * with the tenant bound. A deleted parent takes its children (an invoice's lines) along.
     *
     * @return how many records were deleted (records already deleted are not counted)
     */
    int deleteLinked(TenantId tenant, UUID connection, List<ExternalLink> links) {
        if (links.isEmpty()) {
            return 0;
        }
        int count = 0;
        Map<String, List<ExternalLink>> byObject = new LinkedHashMap<>();
        links.forEach(link -> byObject.computeIfAbsent(link.object(), object -> new ArrayList<>()).add(link));
        for (Map.Entry<String, List<ExternalLink>> entry : byObject.entrySet()) {
            count += records.deleteMany(entry.getKey(), entry.getValue().stream().map(ExternalLink::recordId).toList(), actor(connection));
        }
        Map<String, List<String>> byStream = new LinkedHashMap<>();
        links.forEach(link -> byStream.computeIfAbsent(link.stream(), stream -> new ArrayList<>()).add(link.externalId()));
        for (Map.Entry<String, List<String>> entry : byStream.entrySet()) {
            store.deleteLinks(tenant, connection, entry.getKey(), entry.getValue());
            count += deleteLinked(tenant, connection, store.children(tenant, connection, null, entry.getKey(), entry.getValue()));
        }
        return count;
    }

    /**
     * The registry's violations per input row ({@code [index].field}); a violation that names no row
     * (a single-record write, or the batch as a whole) counts against every row.
     */
    static Map<Integer, List<FieldProblem>> problemsByRow(List<Violation> violations, int rows) {
        Map<Integer, List<FieldProblem>> byRow = new LinkedHashMap<>();
        for (Violation violation : violations) {
            Matcher matcher = ROW.matcher(violation.field());
            if (matcher.matches() && Integer.parseInt(matcher.group(1)) < rows) {
                String field = matcher.group(2) == null ? "" : matcher.group(2);
                byRow.computeIfAbsent(Integer.parseInt(matcher.group(1)), index -> new ArrayList<>())
                        .add(new FieldProblem(field, violation.code(), violation.message()));
            } else {
                for (int i = 0; i < rows; i++) {
                    byRow.computeIfAbsent(i, index -> new ArrayList<>())
                            .add(new FieldProblem(violation.field(), violation.code(), violation.message()));
                }
            }
        }
        return byRow;
    }

    static String excerpt(ExternalRecord record) {
        return truncate(record.fields().toString(), 500);
    }

    static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** One external record on its way in. */
    private static final class Row {
        private final ExternalRecord record;
        private final Map<String, Object> values;
        private final String hash;
        private final boolean complete;
        private UUID recordId;
        // Found by the upsert field instead of created.
        private boolean matched;

        Row(ExternalRecord record, Map<String, Object> values, String hash, boolean complete) {
            this.record = record;
            this.values = values;
            this.hash = hash;
            this.complete = complete;
        }

        Map<String, Object> values() {
            return values;
        }

        ExternalLink link(StreamSettings settings, UUID id, String contentHash) {
            return new ExternalLink(settings.stream(), record.externalId(), settings.targetObject(), id,
                    complete ? record.externalVersion().orElse(null) : null, contentHash);
        }
    }
}
