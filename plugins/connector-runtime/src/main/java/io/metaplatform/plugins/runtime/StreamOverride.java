package io.metaplatform.plugins.runtime;

import io.metaplatform.plugins.api.FieldMapping;
import io.metaplatform.plugins.api.SyncMode;
import java.util.List;
import java.util.Objects;

/**
 * An admin's changes to one stream's defaults on one connection. Every part but {@code stream} may be
 * {@code null}, which keeps the connector's default: enabled, the stream's target object and
 * mappings, no upsert field, incremental mode when the stream supports it, no push.
 *
 * @param stream       the stream name
 * @param enabled      whether runs read it
 * @param targetObject the registry object its records become
 * @param mappings     replaces the default mappings as a whole
 * @param upsertOn     a field of the target object to match existing records by
 * @param mode         full or incremental
 * @param push         whether local changes are written back (the stream must be writable)
 * @param pushFilter   API name of a field of the target object that selects which records without an
 *                     external counterpart are created externally: those where it is set ({@code true},
 *                     a non-blank text, a non-empty list); {@code null}: those created since push started
 * @param pullEvery    how often scheduled runs read the stream, an ISO-8601 duration ({@code PT4H}) no
 *                     shorter than the configured minimum schedule interval; {@code null}: the stream's
 *                     default, else the connection's schedule interval
 * @param pushEvery    how often scheduled runs push the stream's local changes, like {@code pullEvery}
 * @param reconcileEvery how often a complete read reconciles a stream that lists all its ids, deleting the
 *                     records the external system no longer has, like {@code pullEvery}; {@code null}: daily
 * @param maxDeletedShare the share (0 to 1) of the stream's records one reconciliation may delete; when more
 *                     vanished at once it deletes none; {@code null}: 0.5
 */
public record StreamOverride(
        String stream,
        Boolean enabled,
        String targetObject,
        List<FieldMapping> mappings,
        String upsertOn,
        SyncMode mode,
        Boolean push,
        String pushFilter,
        String pullEvery,
        String pushEvery,
        String reconcileEvery,
        Double maxDeletedShare) {

    public StreamOverride {
        Objects.requireNonNull(stream, "stream");
        mappings = mappings == null ? null : List.copyOf(mappings);
    }

    /** An override that keeps the stream's intervals (the form of this record before intervals existed). */
    public StreamOverride(String stream, Boolean enabled, String targetObject, List<FieldMapping> mappings, String upsertOn,
            SyncMode mode, Boolean push, String pushFilter) {
        this(stream, enabled, targetObject, mappings, upsertOn, mode, push, pushFilter, null, null);
    }

    /** An override that keeps the stream's reconciliation defaults (the form of this record before reconciliation existed). */
    public StreamOverride(String stream, Boolean enabled, String targetObject, List<FieldMapping> mappings, String upsertOn,
            SyncMode mode, Boolean push, String pushFilter, String pullEvery, String pushEvery) {
        this(stream, enabled, targetObject, mappings, upsertOn, mode, push, pushFilter, pullEvery, pushEvery, null, null);
    }
}
