package io.metaplatform.plugins.api;

/** What a push asks the external system to do. */
public enum WriteOperation {
    /** The record has no external counterpart yet: create one. */
    CREATE,
    /** Update the linked external record ({@link OutgoingRecord#externalId()} is set). */
    UPDATE
}
