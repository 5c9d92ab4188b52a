package io.metaplatform.plugins.runtime;

/** What started a run. */
public enum RunTrigger {
    /** The connection's schedule (or another instance taking over a run whose instance stopped). */
    SCHEDULE,
    /** An admin's "run now". */
    MANUAL,
    /** A webhook of the external system. */
    WEBHOOK
}
