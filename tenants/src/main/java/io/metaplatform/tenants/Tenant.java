package io.metaplatform.tenants;

import io.metaplatform.core.TenantId;
import java.time.Instant;

/**
 * A tenant as the API shows it.
 *
 * @param metadataVersion bumped by every metadata change of the tenant (kept by the object registry);
 *     {@code null} in tenant lists
 * @param suspendedAt when the tenant was suspended, {@code null} while active
 * @param settings {@code null} where the settings were not read (tenant lists)
 */
public record Tenant(TenantId id, String slug, String name, TenantStatus status, Long metadataVersion, Instant createdAt,
        Instant updatedAt, Instant suspendedAt, String suspensionReason, TenantSettings settings) {
}
