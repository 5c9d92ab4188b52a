package io.metaplatform.plugins.api;

/**
 * Thrown by {@link Connector#write} when the external record changed since the version the
 * platform sent (optimistic locking, e.g. HTTP 409). The platform re-reads the record and writes
 * again with the new version, a bounded number of times.
 */
public class ConflictException extends ConnectorException {

    public ConflictException(String message) {
        super(message);
    }
}
