package io.metaplatform.tenants;

import io.metaplatform.core.Role;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An API key as admins and operators see it: never its secret, only the secret's last four characters
 * ({@code hint}) so a holder can tell two keys apart.
 *
 * @param roles       its platform roles ({@code tenant-user}, {@code tenant-admin})
 * @param tenantRoles the tenant roles (permission sets) it holds; empty: the built-in role of its platform role
 * @param lastUsedAt  when a request last authenticated with it (updated at most once a minute per instance)
 */
public record ApiKey(UUID id, String name, Set<Role> roles, Set<String> tenantRoles, String hint, Instant createdAt, String createdBy,
        Optional<Instant> expiresAt, Optional<Instant> revokedAt, Optional<String> revokedBy, Optional<Instant> lastUsedAt) {

    public ApiKey {
        roles = Set.copyOf(roles);
        tenantRoles = Set.copyOf(tenantRoles);
    }

    /** Whether a request with this key is accepted at {@code now}. */
    public boolean validAt(Instant now) {
        return revokedAt.isEmpty() && expiresAt.map(now::isBefore).orElse(true);
    }
}
