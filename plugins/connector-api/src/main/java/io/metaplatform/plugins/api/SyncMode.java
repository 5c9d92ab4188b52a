package io.metaplatform.plugins.api;

/** How a stream is read. */
public enum SyncMode {
    /** Every record, every run; the state is ignored at the start of the run. */
    FULL,
    /** Only what changed since the checkpoint in the stream's state. */
    INCREMENTAL
}
