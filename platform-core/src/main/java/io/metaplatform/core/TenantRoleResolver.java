package io.metaplatform.core;

import java.util.Map;
import java.util.Set;

/**
 * Turns a user's token claims into the names of tenant roles of the bound tenant, through the mapping its tenant
 * admin configured (a claim such as {@code groups}, and per claim value the roles it grants). Provided by the
 * permissions model; without it, callers hold only the built-in roles their platform roles map to.
 *
 * <p>Called once per authenticated request with the tenant bound; must be thread-safe and cheap (cached).
 */
@FunctionalInterface
public interface TenantRoleResolver {

    /** The built-in tenant role that grants everything, and the metadata API. */
    String TENANT_ADMIN = "tenant-admin";
    /** The built-in tenant role of the platform role {@code tenant-user}: the built-in objects and fields. */
    String STANDARD_USER = "standard-user";
    /** The built-in tenant role that reads the built-in objects and fields. */
    String READ_ONLY = "read-only";

    /** The tenant roles {@code claims} map to; empty when the tenant maps none of them. Never null. */
    Set<String> rolesFromClaims(Map<String, Object> claims);
}
