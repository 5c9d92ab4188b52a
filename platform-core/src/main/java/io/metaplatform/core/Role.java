package io.metaplatform.core;

import java.util.Optional;

/** The roles a token can grant. Their names are what the roles claim carries. */
public enum Role {
    /** Runs the platform: creates, suspends and reactivates tenants. */
    PLATFORM_OPERATOR("platform-operator"),
    /** Administers one tenant: metadata, settings, connections. */
    TENANT_ADMIN("tenant-admin"),
    /** Works with one tenant's records. */
    TENANT_USER("tenant-user");

    private final String claimValue;

    Role(String claimValue) {
        this.claimValue = claimValue;
    }

    /** The name as it appears in a token's roles claim. */
    public String claimValue() {
        return claimValue;
    }

    /** The Spring Security authority this role maps to. */
    public String authority() {
        return "ROLE_" + claimValue;
    }

    public static Optional<Role> fromClaimValue(String value) {
        for (Role role : VALUES) {
            if (role.claimValue.equals(value)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    // Read for every role claim of every request: no stream, no copy of values().
    private static final Role[] VALUES = values();
}
