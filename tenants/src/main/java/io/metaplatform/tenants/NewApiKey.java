package io.metaplatform.tenants;

import java.time.Instant;
import java.util.List;

/**
 * What a tenant admin asks for: a name saying which client holds the key, the roles it grants
 * ({@code tenant-user}, {@code tenant-admin}), and optionally when it stops working.
 */
public record NewApiKey(String name, List<String> roles, Instant expiresAt) {
}
