package io.metaplatform.plugins.runtime.internal.sync;

/**
 * What one reconciliation of a stream did: a complete read, then the deletion of the records whose
 * external ids that read no longer listed, unless too many vanished at once.
 *
 * @param counts   the read's counts; {@link RunCounts#deleted()} includes the vanished records deleted
 * @param linked   the stream's linked records before the deletion
 * @param vanished how many of them the complete read did not list
 * @param heldBack whether the safety stop kept them all: more than the stream's
 *                 {@link StreamSettings#maxDeletedShare()} vanished, so none was deleted
 * @param complete whether the read ran to its end; a cancelled read deletes nothing
 */
public record Reconciliation(RunCounts counts, long linked, long vanished, boolean heldBack, boolean complete) {
}
