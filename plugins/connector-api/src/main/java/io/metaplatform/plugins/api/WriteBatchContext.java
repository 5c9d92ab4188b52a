package io.metaplatform.plugins.api;

import java.util.List;

/** The context of {@link Connector#writeBatch}: several records of one stream to create or update together. */
public interface WriteBatchContext extends ConnectorContext {

    StreamDescriptor stream();

    /** The records, at most {@link Connector#writeBatchSize} of them, in the order they changed. */
    List<OutgoingRecord> records();
}
