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
 * @param lastUsedAt when a request last authenticated with it (updated at most once a minute per instance)
 */
public record ApiKey(UUID id, String name, Set<Role> roles, String hint, Instant createdAt, String createdBy,
        Optional<Instant> expiresAt, Optional<Instant> revokedAt, Optional<String> revokedBy, Optional<Instant> lastUsedAt) {

    public ApiKey {
        roles = Set.copyOf(roles);
    }

    /** Whether a request with this key is accepted at {@code now}. */
    public boolean validAt(Instant now) {
        return revokedAt.isEmpty() && expiresAt.map(now::isBefore).orElse(true);
    }
}
