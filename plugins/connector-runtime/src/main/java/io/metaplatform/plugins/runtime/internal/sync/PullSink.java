package io.metaplatform.plugins.runtime.internal.sync;

import io.metaplatform.core.StorableText;
import io.metaplatform.plugins.api.ConnectorException;
import io.metaplatform.plugins.api.ExternalRecord;
import io.metaplatform.plugins.api.ExternalRef;
import io.metaplatform.plugins.api.RecordSink;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The sink of one pull: buffers what the connector emits and commits it with each checkpoint
 * through the {@link PageWriter}, so records and the stream's state advance together.
 */
final class PullSink implements RecordSink {

    // The external-ref table keeps ids and versions up to this length; longer ones cannot be matched.
    private static final int MAX_KEY = 255;

    private final SyncJob job;
    private final String stream;
    private final PageWriter writer;
    private final boolean reconciling;
    private final List<Emission> pending = new ArrayList<>();
    private RunCounts counts = RunCounts.ZERO;

    PullSink(SyncJob job, String stream, PageWriter writer) {
        this(job, stream, writer, false);
    }

    /** @param reconciling whether this is a reconciliation's complete read: each page marks the stream's ids it saw */
    PullSink(SyncJob job, String stream, PageWriter writer, boolean reconciling) {
        this.job = job;
        this.stream = stream;
        this.writer = writer;
        this.reconciling = reconciling;
    }

    @Override
    public void record(ExternalRecord record) {
        record(stream, record);
    }

    @Override
    public void record(String recordStream, ExternalRecord record) {
        Objects.requireNonNull(record, "record");
        if (record.externalId().length() > MAX_KEY || record.externalVersion().map(String::length).orElse(0) > MAX_KEY) {
            pending.add(new Emission.Rejection(recordStream, null, DeadLetter.Code.INVALID_EXTERNAL_ID,
                    "the external id or version is longer than " + MAX_KEY + " characters", PageWriter.excerpt(record)));
            return;
        }
        if (!keyable(record)) {
            pending.add(new Emission.Rejection(recordStream, null, DeadLetter.Code.INVALID_EXTERNAL_ID,
                    "the external id, version or a reference holds the NUL character (U+0000)", PageWriter.excerpt(record)));
            return;
        }
        pending.add(new Emission.Upsert(recordStream, record));
    }

    // Ids, versions and references are looked up in SQL, which refuses NUL characters.
    private static boolean keyable(ExternalRecord record) {
        Set<ExternalRef> refs = new HashSet<>();
        record.fields().values().forEach(value -> FieldMapper.collectRefs(value, refs));
        return !StorableText.hasNul(record.externalId()) && !StorableText.hasNul(record.externalVersion().orElse(null))
                && refs.stream().noneMatch(ref -> StorableText.hasNul(ref.externalId()) || StorableText.hasNul(ref.stream()));
    }

    @Override
    public void replaceChildren(String childStream, ExternalRef parent, List<ExternalRecord> children) {
        Objects.requireNonNull(childStream, "childStream");
        Objects.requireNonNull(parent, "parent");
        children.forEach(child -> record(childStream, child));
        if (parent.externalId().length() > MAX_KEY || StorableText.hasNul(parent.externalId()) || StorableText.hasNul(parent.stream())) {
            return;
        }
        Set<String> ids = new HashSet<>();
        children.forEach(child -> ids.add(child.externalId()));
        pending.add(new Emission.ChildSet(childStream, parent, ids));
    }

    @Override
    public void renamed(String recordStream, String fromExternalId, String toExternalId) {
        if (keyable(fromExternalId) && keyable(toExternalId) && !fromExternalId.equals(toExternalId)) {
            pending.add(new Emission.Rename(recordStream, fromExternalId, toExternalId));
        }
    }

    private static boolean keyable(String externalId) {
        return externalId != null && !externalId.isBlank() && externalId.length() <= MAX_KEY && !StorableText.hasNul(externalId);
    }

    @Override
    public void deleted(String recordStream, String externalId) {
        if (externalId.length() <= MAX_KEY && !StorableText.hasNul(externalId)) {
            pending.add(new Emission.Deletion(recordStream, externalId));
        }
    }

    @Override
    public void reject(String recordStream, String externalId, String reason, String raw) {
        boolean keyable = externalId != null && externalId.length() <= MAX_KEY && !StorableText.hasNul(externalId);
        pending.add(new Emission.Rejection(recordStream, keyable ? externalId : null, DeadLetter.Code.REJECTED, reason, raw));
    }

    /**
     * @throws ConnectorException when the state holds a NUL character, which cannot be stored: the run fails
     *     rather than resume from a state the connector never gave
     */
    @Override
    public void checkpoint(Map<String, String> state) {
        Objects.requireNonNull(state, "state");
        Map<String, String> copy = new LinkedHashMap<>();
        state.forEach((key, value) -> copy.put(Objects.requireNonNull(key, "state key"), Objects.requireNonNull(value, "state value")));
        if (copy.entrySet().stream().anyMatch(entry -> StorableText.hasNul(entry.getKey()) || StorableText.hasNul(entry.getValue()))) {
            throw new ConnectorException("the connector's checkpoint of stream " + stream + " holds the NUL character (U+0000), "
                    + "which cannot be stored");
        }
        commit(Optional.of(copy));
    }

    /** Commits what was emitted after the last checkpoint, keeping that checkpoint's state. */
    void finish() {
        if (!pending.isEmpty()) {
            commit(Optional.empty());
        }
    }

    RunCounts counts() {
        return counts;
    }

    private void commit(Optional<Map<String, String>> state) {
        counts = counts.plus(writer.commit(job, stream, List.copyOf(pending), state, reconciling));
        pending.clear();
    }
}
