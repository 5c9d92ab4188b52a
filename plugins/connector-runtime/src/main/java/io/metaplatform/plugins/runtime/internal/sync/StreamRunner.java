package io.metaplatform.plugins.runtime.internal.sync;


/**
 * Runs one stream of a prepared job: what the run executor needs from the sync engine. Each call
 * commits its records, checkpoints and dead letters itself and returns what it did; exceptions are
 * those of the connector SPI ({@code CredentialsException}, {@code RetriableException}, ...).
 */
public interface StreamRunner {

    /** Reads the stream from the external system into the registry. */
    RunCounts pull(SyncJob job, String stream);

    /**
     * Reads the stream completely ({@link io.metaplatform.plugins.api.SyncMode#FULL}) like {@link #pull}, then
     * soft-deletes the records whose external ids the read no longer listed, within the stream's safety stop.
     * Only for streams whose settings have {@link StreamSettings#reconcileEvery()}.
     */
    Reconciliation reconcile(SyncJob job, String stream);

    /** Writes the stream's local changes to the external system. */
    RunCounts push(SyncJob job, String stream);
}
