package io.metaplatform.tenants.internal;

import io.metaplatform.tenants.TenantStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

public interface TenantRepository extends ListCrudRepository<TenantRow, UUID> {

    Optional<TenantRow> findBySlug(String slug);

    List<TenantRow> findBySlugGreaterThanOrderBySlugAsc(String after, Limit limit);

    List<TenantRow> findByStatusAndSlugGreaterThanOrderBySlugAsc(TenantStatus status, String after, Limit limit);

    @Query("select status from tenant where id = :id")
    Optional<TenantStatus> findStatusById(UUID id);

    /**
     * Changes only the status columns, so that a concurrent change of other columns is never
     * overwritten with a stale value.
     */
    @Modifying
    @Query("""
            update tenant
               set status = :status, suspended_at = :suspendedAt, suspension_reason = :reason,
                   updated_at = :now, row_version = row_version + 1
             where id = :id""")
    int updateStatus(UUID id, String status, Instant suspendedAt, String reason, Instant now);
}
