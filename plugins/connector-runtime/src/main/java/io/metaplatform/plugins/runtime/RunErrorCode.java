package io.metaplatform.plugins.runtime;

/** What kind of failure ended a run (or stopped it early); stable, so admins and scripts can tell failures apart. */
public enum RunErrorCode {
    /** The external system refused the connection's credentials; the connection is marked {@code CREDENTIALS_INVALID}. */
    CREDENTIALS_REFUSED,
    /** The external system refused the account (unpaid, IP address blocked, rights missing); the connection is marked {@code ACCESS_REFUSED}. */
    ACCESS_REFUSED,
    /** The connector reported a failure (an error answer of the external system, a malformed file, ...); the message says which. */
    CONNECTOR_FAILED,
    /** The egress policy refused a host the run was to reach (an internal address, or a scheme other than http/https); nothing was sent. */
    EGRESS_DENIED,
    /** The platform refused, as a whole, to write records the run read; the message says why. */
    RECORDS_NOT_WRITTEN,
    /**
     * A warning on a run that succeeded: a reconciliation found more of a stream's records gone from the external
     * system than the stream's safety stop allows at once, and deleted none of them; the message says which stream
     * and how many.
     */
    DELETIONS_HELD_BACK,
    /** The server instance running it stopped sending heartbeats; the next run resumes from the last checkpoint. */
    ABANDONED,
    /** The server was shutting down. */
    SERVER_STOPPING,
    /** An unexpected error: the message is generic, the server log has the details under the run's id. */
    INTERNAL
}
