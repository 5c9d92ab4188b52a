package io.metaplatform.plugins.lexware;

import io.metaplatform.plugins.api.ExternalRecord;
import io.metaplatform.plugins.api.RecordSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A sink that remembers what a read emitted, in order. */
final class RecordingSink implements RecordSink {

    record Emitted(String stream, ExternalRecord record) {
    }

    record Rejected(String stream, String externalId, String reason) {
    }

    private final String stream;
    final List<Emitted> emitted = new ArrayList<>();
    final List<String> deleted = new ArrayList<>();
    final List<Rejected> rejected = new ArrayList<>();
    final List<Map<String, String>> checkpoints = new ArrayList<>();

    RecordingSink(String stream) {
        this.stream = stream;
    }

    @Override
    public void record(ExternalRecord record) {
        emitted.add(new Emitted(stream, record));
    }

    @Override
    public void record(String otherStream, ExternalRecord record) {
        emitted.add(new Emitted(otherStream, record));
    }

    @Override
    public void deleted(String deletedStream, String externalId) {
        deleted.add(deletedStream + ":" + externalId);
    }

    @Override
    public void reject(String rejectedStream, String externalId, String reason, String raw) {
        rejected.add(new Rejected(rejectedStream, externalId, reason));
    }

    @Override
    public void checkpoint(Map<String, String> state) {
        checkpoints.add(Map.copyOf(state));
    }

    List<ExternalRecord> records(String name) {
        return emitted.stream().filter(e -> e.stream().equals(name)).map(Emitted::record).toList();
    }
}
