package io.metaplatform.tenants.internal;

import io.metaplatform.tenants.TenantStatus;
import java.time.Instant;
import java.util.UUID;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/** The {@code tenant} row, a plain aggregate persisted with Spring Data JDBC. */
@Table("tenant")
public record TenantRow(
        @Id UUID id,
        String slug,
        String name,
        TenantStatus status,
        Instant createdAt,
        Instant updatedAt,
        Instant suspendedAt,
        String suspensionReason,
        @Version Integer rowVersion) {
}
