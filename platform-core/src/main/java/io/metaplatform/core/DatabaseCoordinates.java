package io.metaplatform.core;

import java.util.Objects;

/**
 * Where the platform's database is and who connects to it. The owner role runs migrations and owns
 * every table; the application role runs all queries, owns nothing and is subject to row-level security.
 */
public record DatabaseCoordinates(String jdbcUrl, String ownerUser, String ownerPassword, String appUser, String appPassword) {

    public DatabaseCoordinates {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(ownerUser, "ownerUser");
        Objects.requireNonNull(appUser, "appUser");
        if (ownerUser.equals(appUser)) {
            throw new IllegalArgumentException("The application role must not be the owner role (" + ownerUser + ")");
        }
    }

    @Override
    public String toString() {
        return "DatabaseCoordinates[" + jdbcUrl + ", owner=" + ownerUser + ", app=" + appUser + "]";
    }
}
