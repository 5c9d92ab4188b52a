package io.metaplatform.plugins.api;

/** The context of {@link Connector#readOne}. */
public interface LookupContext extends ConnectorContext {

    StreamDescriptor stream();

    /** The external id to read. */
    String externalId();
}
