package io.metaplatform.registry.packages;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One part of a metadata package (objects and fields, validation rules; layouts and roles later), so a new
 * kind of metadata joins packages by adding a section, without touching the package service. Sections run
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
}
