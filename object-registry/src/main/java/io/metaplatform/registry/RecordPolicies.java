package io.metaplatform.registry;

import io.metaplatform.core.Caller;

/**
 * Resolves a caller's {@link RecordPolicy}. The registry's default allows everything; the permissions model
 * (tenant roles, grants and record rules) provides the real one. {@link Caller.Kind#SYSTEM} is always unrestricted.
 */
@FunctionalInterface
public interface RecordPolicies {

    /** The policy of {@code caller} in the currently bound tenant. */
    RecordPolicy policyFor(Caller caller);

    /** The policy of the bound caller ({@link Caller#current()}). */
    default RecordPolicy current() {
        Caller caller = Caller.current();
        return caller.isSystem() ? RecordPolicy.unrestricted() : policyFor(caller);
    }

    static RecordPolicies unrestricted() {
        return caller -> RecordPolicy.unrestricted();
    }
}
