package io.metaplatform.tenants;

import java.time.Instant;
import java.util.List;

/**
 * What a tenant admin asks for: a name saying which client holds the key, the platform roles it grants
 * ({@code tenant-user}, {@code tenant-admin}), optionally the tenant roles it holds (otherwise the built-in role of
 * its platform role), and optionally when it stops working.
 */
public record NewApiKey(String name, List<String> roles, List<String> tenantRoles, Instant expiresAt) {

    /** A key holding the built-in tenant role of its platform roles. */
    public NewApiKey(String name, List<String> roles, Instant expiresAt) {
        this(name, roles, List.of(), expiresAt);
    }
}
