package io.metaplatform.plugins.api;

import java.util.Map;

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
}
