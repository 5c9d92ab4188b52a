package io.metaplatform.registry.packages;

import io.metaplatform.core.Violations;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One part of a metadata package (objects and fields, validation rules; layouts and roles later), so a new
 * kind of metadata joins packages (retrieve and deploy) by adding a section, without touching the package service. Sections run
 * for the tenant bound in {@code TenantContext}, inside the caller's transaction.
 */
public interface PackageSection {

    /** The document's property this section owns: a stable identifier, e.g. {@code "objects"}. */
    String name();

    /** The order sections appear in and, later, apply in: lower first (rules after the fields they name). */
    int order();

    /**
     * The tenant's customisations of this kind, in a stable order (sorted by API name) with no secret, no
     * storage detail and nothing that differs between two tenants holding the same configuration.
     */
    ObjectNode retrieve(JsonNodeFactory nodes);

    /**
     * The steps that make the tenant's customisations of this kind what {@code section} (this section's part of a package
     * that passed the schema, or null when the package has none) says, in the order they must run; empty when they
     * already are. Problems found without trying a step (an unknown object) go to {@code problems}.
     */
    List<DeployStep> steps(JsonNode section, String pointer, Violations problems);
}
