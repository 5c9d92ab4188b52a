package io.metaplatform.plugins.runtime.internal.sync;

/**
 * What a run did, per record.
 *
 * @param read      records received from the connector (or local changes considered for push)
 * @param created   records created (in the registry on pull, externally on push)
 * @param updated   records updated
 * @param unchanged records skipped because their content hash or version did not change
 * @param deleted   records soft-deleted because the external system deleted them
 * @param failed    records sent to dead letters
 */
public record RunCounts(long read, long created, long updated, long unchanged, long deleted, long failed) {

    public static final RunCounts ZERO = new RunCounts(0, 0, 0, 0, 0, 0);

    public RunCounts plus(RunCounts other) {
        return new RunCounts(read + other.read, created + other.created, updated + other.updated,
                unchanged + other.unchanged, deleted + other.deleted, failed + other.failed);
    }
}
