package io.metaplatform.registry.packages;

import io.metaplatform.core.Violation;
import java.util.List;

/**
 * What deploying a package would change in the current tenant, and every problem found: schema violations (with their
 * JSON pointers; no steps then), and the refusals of the metadata services when the steps were tried in a transaction
 * that was rolled back (unknown targets, unsafe type changes, name clashes, quotas), each on the step's pointer.
 */
public record DeployPlan(List<DeployStep> steps, List<Violation> problems) {

    public DeployPlan {
        steps = List.copyOf(steps);
        problems = List.copyOf(problems);
    }

    public boolean destructive() {
        return steps.stream().anyMatch(DeployStep::destructive);
    }
}
