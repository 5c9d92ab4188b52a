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

    @Query("select id from tenant where status = 'ACTIVE' order by updated_at desc, id limit :limit")
    List<UUID> findActiveIds(int limit);

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

    /** Starts a deletion: the tenant is refused from now on; a tenant already being deleted keeps its request. */
    @Modifying
    @Query("""
            update tenant
               set status = 'DELETING', suspended_at = coalesce(suspended_at, :now),
                   deletion_requested_at = :now, deletion_requested_by = :actor, updated_at = :now,
                   row_version = row_version + 1
             where id = :id and status <> 'DELETING'""")
    int markDeleting(UUID id, String actor, Instant now);

    /** Takes the lease on a deletion that nobody holds (or whose holder let it lapse); 1 if taken. */
    @Modifying
    @Query("""
            update tenant set deletion_lease_until = :until
             where id = :id and status = 'DELETING'
               and (deletion_lease_until is null or deletion_lease_until < :now)""")
    int claimDeletion(UUID id, Instant now, Instant until);

    /** Counts deleted rows and renews the lease, in the transaction that deleted them. */
    @Modifying
    @Query("update tenant set deleted_rows = deleted_rows + :rows, deletion_lease_until = :until where id = :id")
    int recordDeleted(UUID id, long rows, Instant until);

    @Query("select id from tenant where status = 'DELETING' and (deletion_lease_until is null or deletion_lease_until < :now)")
    List<UUID> findLapsedDeletions(Instant now);

    @Query("""
            select id, slug, status, deletion_requested_at, deletion_requested_by, deleted_rows
              from tenant where id = :id""")
    Optional<DeletionRow> findDeletion(UUID id);

    record DeletionRow(UUID id, String slug, TenantStatus status, Instant deletionRequestedAt, String deletionRequestedBy,
            long deletedRows) {
    }
}
