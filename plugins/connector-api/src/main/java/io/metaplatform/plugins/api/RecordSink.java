package io.metaplatform.plugins.api;

import java.util.List;
import java.util.Map;

/**
 * Receives what a {@link Connector#read} finds. Records emitted since the previous checkpoint and
 * the new checkpoint are committed in one transaction when {@link #checkpoint} is called, so a run
 * that dies resumes from the last checkpoint with nothing lost and nothing doubled. Emit a
 * checkpoint after each page; records emitted after the last checkpoint are committed when
 * {@code read} returns normally, keeping the last checkpoint's state.
 *
 * <p>Records of other streams of the same connector may be emitted too (for example the lines
 * of an invoice): they are stored in emission order, so emit a parent before the children that
 * refer to it with an {@link ExternalRef}. Not thread-safe: call it from the reading thread.
 */
public interface RecordSink {

    /** A record of the stream being read (created or changed externally). */
    void record(ExternalRecord record);

    /** A record of another stream of this connector. */
    void record(String stream, ExternalRecord record);

    /**
     * The complete set of a parent's children in another stream (the lines of an invoice), read with the
     * parent: the children are stored like {@link #record(String, ExternalRecord)}, and children of the same
     * parent stored by earlier reads that are not in the set are soft-deleted, in the same commit. Emit the
     * parent first. An empty list removes every child of the parent.
     *
     * <p>The default emits the children one by one and removes none (for sinks that predate it); the
     * platform's sink replaces the set.
     *
     * @param childStream the stream of the children
     * @param parent      the parent's stream and external id
     * @param children    every child the parent has now
     */
    default void replaceChildren(String childStream, ExternalRef parent, List<ExternalRecord> children) {
        children.forEach(child -> record(childStream, child));
    }

    /**
     * The external record known by {@code fromExternalId} is now known by {@code toExternalId} (the connector
     * changed how it keys the stream's records): the platform moves its link, so the record it was synced into
     * stays the same, unless {@code toExternalId} is linked already (then nothing happens). Emit it before the
     * record under its new id. The default ignores it (for sinks that predate it).
     */
    default void renamed(String stream, String fromExternalId, String toExternalId) {
    }

    /** The record with this external id was deleted externally; its platform record is soft-deleted. */
    void deleted(String stream, String externalId);

    /**
     * An external record that cannot be turned into a platform record (unparseable, missing its
     * id): it goes to the connection's dead letters with the reason; the run goes on.
     *
     * @param externalId the id if known, else {@code null}
     * @param raw        a short excerpt of the offending data for the admin (no secrets), may be empty
     */
    void reject(String stream, String externalId, String reason, String raw);

    /**
     * Commits everything emitted since the previous checkpoint together with this state, which
     * the next incremental read receives as {@link ReadContext#state()}. Values must be strings;
     * keep it small (cursors, not data).
     */
    void checkpoint(Map<String, String> state);
}
