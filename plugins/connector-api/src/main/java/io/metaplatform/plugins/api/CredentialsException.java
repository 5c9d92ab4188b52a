package io.metaplatform.plugins.api;

/**
 * The external system refused the connection's credentials (HTTP 401, revoked token, wrong API
 * key). The platform marks the connection's credentials invalid and stops its schedule until an
 * admin updates them and the check passes again.
 */
public class CredentialsException extends ConnectorException {

    public CredentialsException(String message) {
        super(message);
    }
}
