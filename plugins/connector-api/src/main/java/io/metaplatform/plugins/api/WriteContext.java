package io.metaplatform.plugins.api;

/** The context of {@link Connector#write}. */
public interface WriteContext extends ConnectorContext {

    StreamDescriptor stream();

    /** The record to create or update. */
    OutgoingRecord record();
}
