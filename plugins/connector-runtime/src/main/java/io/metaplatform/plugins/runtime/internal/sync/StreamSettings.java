package io.metaplatform.plugins.runtime.internal.sync;

import io.metaplatform.plugins.api.FieldMapping;
import io.metaplatform.plugins.api.SyncMode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How one stream of one connection syncs: the connector's defaults with the tenant admin's
 * overrides applied (by the connection service).
 *
 * @param stream       the stream name
 * @param enabled      whether scheduled runs read it
 * @param targetObject API name of the registry object its records become
 * @param mappings     the effective field mappings
 * @param upsertOn     a unique target field to match existing records by when no external
 *                     reference exists yet (e.g. {@code email}); empty for none
 * @param mode         the sync mode of scheduled runs
 * @param push         whether local changes are pushed to the external system (stream must be writable)
 * @param pushFilter   a field of the target object that selects the records without an external
 *                     counterpart that push creates externally (see {@link io.metaplatform.plugins.runtime.StreamOverride});
 *                     empty: the records created since push started
 * @param pullEvery    how often scheduled runs read the stream; empty: at the connection's schedule interval
 * @param pushEvery    how often scheduled runs push the stream; empty: at the connection's schedule interval
 * @param reconcileEvery how often a complete read reconciles the stream's records with the external system
 *                     (deleting those it no longer lists); empty when the stream does not list all its ids
 * @param maxDeletedShare the share (0 to 1) of the stream's linked records one reconciliation may delete;
 *                     when more vanished at once, it deletes none and the run says so
 */
public record StreamSettings(
        String stream,
        boolean enabled,
        String targetObject,
        List<FieldMapping> mappings,
        Optional<String> upsertOn,
        SyncMode mode,
        boolean push,
        Optional<String> pushFilter,
        Optional<Duration> pullEvery,
        Optional<Duration> pushEvery,
        Optional<Duration> reconcileEvery,
        double maxDeletedShare) {

    /** What a reconciliation may delete at most unless the admin says otherwise: half of the stream's records. */
    public static final double DEFAULT_MAX_DELETED_SHARE = 0.5;

    public StreamSettings {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(targetObject, "targetObject");
        mappings = List.copyOf(mappings);
        Objects.requireNonNull(upsertOn, "upsertOn");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(pushFilter, "pushFilter");
        Objects.requireNonNull(pullEvery, "pullEvery");
        Objects.requireNonNull(pushEvery, "pushEvery");
        Objects.requireNonNull(reconcileEvery, "reconcileEvery");
        if (!(maxDeletedShare >= 0 && maxDeletedShare <= 1)) {
            throw new IllegalArgumentException("maxDeletedShare must be between 0 and 1: " + maxDeletedShare);
        }
    }

    /** Settings of a stream that is not reconciled. */
    public StreamSettings(String stream, boolean enabled, String targetObject, List<FieldMapping> mappings, Optional<String> upsertOn,
            SyncMode mode, boolean push, Optional<String> pushFilter, Optional<Duration> pullEvery, Optional<Duration> pushEvery) {
        this(stream, enabled, targetObject, mappings, upsertOn, mode, push, pushFilter, pullEvery, pushEvery, Optional.empty(),
                DEFAULT_MAX_DELETED_SHARE);
    }

    /** Settings that follow the connection's schedule interval. */
    public StreamSettings(String stream, boolean enabled, String targetObject, List<FieldMapping> mappings, Optional<String> upsertOn,
            SyncMode mode, boolean push, Optional<String> pushFilter) {
        this(stream, enabled, targetObject, mappings, upsertOn, mode, push, pushFilter, Optional.empty(), Optional.empty());
    }
}
