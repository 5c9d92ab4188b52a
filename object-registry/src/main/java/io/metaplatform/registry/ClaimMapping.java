package io.metaplatform.registry;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a tenant's users get roles from their tokens: the claim that carries the values, and per value the tenant
 * roles it grants (sorted by value). A value that maps to nothing, and a role name that no longer exists, grant
 * nothing.
 */
public record ClaimMapping(String claim, Map<String, List<String>> roles) {

    public ClaimMapping {
        Objects.requireNonNull(claim, "claim");
        roles = Map.copyOf(roles);
    }
}
