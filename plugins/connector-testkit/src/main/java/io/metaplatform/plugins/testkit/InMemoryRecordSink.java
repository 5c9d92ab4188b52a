package io.metaplatform.plugins.testkit;

import io.metaplatform.plugins.api.ExternalRecord;
import io.metaplatform.plugins.api.RecordSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link RecordSink} that keeps everything a read emitted, in order, for assertions. Not thread-safe,
 * like the platform's sink.
 */
public final class InMemoryRecordSink implements RecordSink {

    /** A record as emitted, with its stream. */
    public record Emitted(String stream, ExternalRecord record) {
    }

    /** A record the connector rejected (a dead letter on the platform). */
    public record Rejection(String stream, String externalId, String reason, String raw) {
    }

    /** An external deletion. */
    public record Deletion(String stream, String externalId) {
    }

    private final String stream;
    private final List<Emitted> records = new ArrayList<>();
    private final List<Rejection> rejections = new ArrayList<>();
    private final List<Deletion> deletions = new ArrayList<>();
    private final List<Map<String, String>> checkpoints = new ArrayList<>();

    /** @param stream the stream being read: {@link #record(ExternalRecord)} files records under it */
    public InMemoryRecordSink(String stream) {
        this.stream = Objects.requireNonNull(stream, "stream");
    }

    @Override
    public void record(ExternalRecord record) {
        record(stream, record);
    }

    @Override
    public void record(String streamName, ExternalRecord record) {
        records.add(new Emitted(Objects.requireNonNull(streamName, "stream"), Objects.requireNonNull(record, "record")));
    }

    @Override
    public void deleted(String streamName, String externalId) {
        deletions.add(new Deletion(streamName, externalId));
    }

    @Override
    public void reject(String streamName, String externalId, String reason, String raw) {
        rejections.add(new Rejection(streamName, externalId, Objects.requireNonNull(reason, "reason"), raw));
    }

    @Override
    public void checkpoint(Map<String, String> state) {
        checkpoints.add(Map.copyOf(state));
    }

    /** Every record emitted, of every stream, in emission order. */
    public List<Emitted> emitted() {
        return List.copyOf(records);
    }

    /** The records of one stream, in emission order. */
    public List<ExternalRecord> records(String streamName) {
        return records.stream().filter(emitted -> emitted.stream().equals(streamName)).map(Emitted::record).toList();
    }

    /** The records of the stream being read. */
    public List<ExternalRecord> records() {
        return records(stream);
    }

    /** The external ids of the stream being read, in emission order, repeats kept. */
    public List<String> externalIds() {
        return records().stream().map(ExternalRecord::externalId).toList();
    }

    public List<Rejection> rejections() {
        return List.copyOf(rejections);
    }

    public List<Deletion> deletions() {
        return List.copyOf(deletions);
    }

    /** Every checkpoint state, in order. */
    public List<Map<String, String>> checkpoints() {
        return List.copyOf(checkpoints);
    }

    /** The state the next incremental read would get, or empty when the read never checkpointed. */
    public Optional<Map<String, String>> lastCheckpoint() {
        return checkpoints.isEmpty() ? Optional.empty() : Optional.of(checkpoints.getLast());
    }
}
