package io.metaplatform.registry.packages;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.Violation;
import io.metaplatform.core.Violations;
import io.metaplatform.registry.MetadataService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Retrieves the current tenant's customisations as one metadata package document, and plans and deploys such a document
 * into the current tenant. Thread-safe.
 *
 * <p>A plan validates the document against the published JSON Schema, computes the steps of every section (matching by
 * API name, renames given by {@code renamedFrom}) and tries them in transactions that are rolled back, so every problem the metadata services find (unsafe type changes, name clashes, quotas, unknown targets) is
 * reported at once, on the step's JSON pointer. A deploy applies the steps in one transaction and one metadata version
 * (or nothing, when a step fails), refuses destructive steps unless allowed, and changes nothing for a package the
 * tenant already matches.
 */
@Service
public class MetadataPackages {

    private static final int MAX_ATTEMPTS = 3;

    /** The version of the package format this platform writes and reads. */
    public static final String PACKAGE_VERSION = "1.0";

    private final List<PackageSection> sections;
    private final TransactionTemplate transactions;
    private final MetadataService metadata;

    MetadataPackages(List<PackageSection> sections, TransactionTemplate transactions, MetadataService metadata) {
        this.sections = sections.stream().sorted(Comparator.comparingInt(PackageSection::order).thenComparing(PackageSection::name))
                .toList();
        this.transactions = transactions;
        this.metadata = metadata;
    }

    /** What deploying {@code document} would change, and every problem; changes nothing. */
    public DeployPlan plan(JsonNode document) {
        List<Violation> schemaProblems = PackageSchema.violations(document);
        if (!schemaProblems.isEmpty()) {
            return new DeployPlan(List.of(), schemaProblems);
        }
        Violations problems = new Violations();
        List<DeployStep> steps = steps(document, problems);
        // Dry runs, each rolled back whole: the first refused step is reported and left out of the next run, until one
        // gets through, so every problem is found (a step that depends on a refused one is reported too).
        Set<Integer> refused = new HashSet<>();
        for (int run = 0; run <= steps.size(); run++) {
            DryRun outcome = dryRun(steps, refused);
            if (outcome.failedStep() < 0) {
                break;
            }
            DeployStep step = steps.get(outcome.failedStep());
            PlatformException e = outcome.failure();
            if (e.violations().isEmpty()) {
                problems.add(step.pointer(), e.code().name(), e.getMessage());
            } else {
                e.violations().forEach(violation -> problems.add(step.pointer() + "/" + violation.field().replace('.', '/'), violation.code(),
                        violation.message()));
            }
            refused.add(outcome.failedStep());
        }
        return new DeployPlan(steps, problems.list());
    }

    private DryRun dryRun(List<DeployStep> steps, Set<Integer> skipped) {
        try {
            metadata.inOneVersion(() -> {
                for (int i = 0; i < steps.size(); i++) {
                    if (skipped.contains(i)) {
                        continue;
                    }
                    try {
                        steps.get(i).apply().run();
                    } catch (PlatformException e) {
                        throw new DryRun(i, e);
                    }
                }
                throw new DryRun(-1, null);
            });
            throw new IllegalStateException("a dry run always rolls back");
        } catch (DryRun outcome) {
            return outcome;
        }
    }

    // Ends a dry run (rolling its transaction back) with the index of the refused step, or -1 when every step went through.
    private static final class DryRun extends RuntimeException {

        private final int failedStep;
        private final transient PlatformException failure;

        DryRun(int failedStep, PlatformException failure) {
            super(null, null, false, false);
            this.failedStep = failedStep;
            this.failure = failure;
        }

        int failedStep() {
            return failedStep;
        }

        PlatformException failure() {
            return failure;
        }
    }

    /**
     * Applies {@code document}: all steps in one transaction and one metadata version, or none. Refused with
     * {@code VALIDATION_FAILED} when the plan has problems (each on its pointer), and when it has destructive steps and
     * {@code allowDestructive} is false (code {@code DESTRUCTIVE_CHANGE} on each such step, with the records it touches).
     * A document the tenant already matches changes nothing, not even the metadata version.
     */
    public DeployResult deploy(JsonNode document, boolean allowDestructive) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            long base = metadata.version();
            DeployPlan plan = plan(document);
            if (!plan.problems().isEmpty()) {
                throw PlatformException.validation(plan.problems());
            }
            refuseDestructive(plan.steps(), allowDestructive);
            if (plan.steps().isEmpty()) {
                return new DeployResult(false, metadata.version(), List.of());
            }
            try {
                return metadata.inOneVersion(() -> {
                    // The version row is locked now: if another change came in since the plan, plan again.
                    long version = metadata.version();
                    if (version != base + 1) {
                        throw new ChangedMeanwhile();
                    }
                    plan.steps().forEach(step -> step.apply().run());
                    return new DeployResult(true, version, plan.steps());
                });
            } catch (ChangedMeanwhile e) {
                // another deploy or change committed between the plan and the lock
            }
        }
        throw new PlatformException(ErrorCode.CONFLICT, "The tenant's metadata kept changing during the deploy; try again.");
    }

    /** What a deploy did: whether it changed anything, the metadata version after it, its steps. */
    public record DeployResult(boolean applied, long metadataVersion, List<DeployStep> steps) {
    }

    private List<DeployStep> steps(JsonNode document, Violations problems) {
        List<DeployStep> steps = new ArrayList<>();
        for (PackageSection section : sections) {
            steps.addAll(section.steps(document.get(section.name()), "/" + section.name(), problems));
        }
        return steps;
    }

    private static void refuseDestructive(List<DeployStep> steps, boolean allowed) {
        List<Violation> destructive = steps.stream().filter(DeployStep::destructive).map(step -> new Violation(step.pointer(),
                "DESTRUCTIVE_CHANGE", step.summary() + "; deploy with allowDestructive to apply it")).toList();
        if (!allowed && !destructive.isEmpty()) {
            throw PlatformException.validation(destructive);
        }
    }

    // Rolls back a deploy's version bump when the tenant changed between its plan and its lock.
    private static final class ChangedMeanwhile extends RuntimeException {
        ChangedMeanwhile() {
            super(null, null, false, false);
        }
    }

    /** The document, read in one transaction so every section sees the same metadata version. */
    public ObjectNode retrieve() {
        return transactions.execute(status -> {
            JsonNodeFactory nodes = JsonNodeFactory.instance;
            ObjectNode document = nodes.objectNode();
            document.put("packageVersion", PACKAGE_VERSION);
            document.put("platformVersion", platformVersion());
            for (PackageSection section : sections) {
                document.set(section.name(), section.retrieve(nodes));
            }
            return document;
        });
    }

    static String platformVersion() {
        String version = MetadataPackages.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
