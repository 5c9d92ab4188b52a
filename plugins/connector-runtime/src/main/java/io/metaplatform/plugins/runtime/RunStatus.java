package io.metaplatform.plugins.runtime;

/** Where a run is. */
public enum RunStatus {
    /** Claimed by a server instance and working; at most one run of a connection is running. */
    RUNNING,
    SUCCEEDED,
    /** Ended by an error (see the run's error), or abandoned by an instance that stopped. */
    FAILED,
    /** Stopped early because the connection was disabled or deleted, or the server shut down. */
    CANCELLED
}
