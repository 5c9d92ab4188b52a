package io.metaplatform.plugins.runtime;

/** Where a connection is in its lifecycle. */
public enum ConnectionStatus {
    /** Created, never enabled: nothing runs. */
    DRAFT,
    /** Passed its check and was enabled: scheduled runs and "run now" happen. */
    ENABLED,
    /** Disabled by an admin: nothing runs until it is enabled again. */
    DISABLED,
    /**
     * The external system refused the credentials during a run: nothing runs until an admin updates
     * the configuration and a check passes, which enables the connection again.
     */
    CREDENTIALS_INVALID,
    /**
     * The external system refused the account although its credentials are valid (unpaid, IP address blocked, rights
     * missing): nothing runs until the admin resolves it there and a check passes, which enables the connection again.
     */
    ACCESS_REFUSED
}
