package io.metaplatform.plugins.api;

import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/** The context of {@link Connector#read}: which stream, how, from where, and where records go. */
public interface ReadContext extends ConnectorContext {

    /** The stream to read. */
    StreamDescriptor stream();

    /** Full or incremental. */
    SyncMode mode();

    /**
     * The stream's last committed checkpoint, as given to {@link RecordSink#checkpoint}; empty on
     * the first run and always empty in {@link SyncMode#FULL} mode. Immutable.
     */
    Map<String, String> state();

    /** Where to emit records and checkpoints. */
    RecordSink sink();

    /**
     * A file an admin uploaded for this run (for example a CSV file), opened anew at each call;
     * the caller closes it. Empty when the run has no upload.
     */
    default Optional<InputStream> upload() {
        return Optional.empty();
    }
}
