package io.metaplatform.plugins.api;

/**
 * The root of the exceptions a connector throws on purpose. Thrown as is, it means a fatal
 * fault of the call: retrying would not help. Its message reaches the admin: never put
 * configuration values or secrets into it.
 */
public class ConnectorException extends RuntimeException {

    public ConnectorException(String message) {
        super(message);
    }

    public ConnectorException(String message, Throwable cause) {
        super(message, cause);
    }
}
