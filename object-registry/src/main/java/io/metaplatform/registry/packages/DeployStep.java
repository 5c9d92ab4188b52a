package io.metaplatform.registry.packages;

/**
 * One change a package deploy makes in the receiving tenant, as the plan shows it.
 *
 * @param action what happens to the target
 * @param kind {@code OBJECT}, {@code FIELD} or {@code RULE}
 * @param target the definition by API name: {@code studioBooking}, {@code company.tier}, {@code payment.notMoreThanOwed}
 * @param pointer where in the package the step comes from (JSON pointer), for problems
 * @param destructive whether the step loses stored values: deleting an object or a field; applied only on request
 * @param records for a destructive step, the records holding a value it loses; null otherwise
 * @param summary what the step does, for a human reading the plan
 * @param apply makes the change through the metadata services (the plan's dry run and the deploy run it)
 */
public record DeployStep(Action action, String kind, String target, String pointer, boolean destructive, Long records, String summary,
        Runnable apply) {

    /** What a step does to its target. */
    public enum Action {
        CREATE,
        UPDATE,
        RENAME,
        /** Select options set retired: hidden from new values, stored values kept. */
        RETIRE,
        DELETE
    }
}
