package io.metaplatform.tenants;

import io.metaplatform.core.TenantId;
import java.time.Instant;

/**
 * A tenant's deletion as operators follow it. While {@code status} is {@code DELETING} its rows go in
 * batches; when they are all gone the tenant itself is gone and reading it answers {@code NOT_FOUND}.
 *
 * @param requestedAt {@code null} when no deletion was requested
 * @param deletedRows rows deleted so far, over every tenant table
 */
public record TenantDeletion(TenantId id, String slug, TenantStatus status, Instant requestedAt, String requestedBy,
        long deletedRows) {
}
