package io.metaplatform.plugins.runtime.internal.connections;

import static io.metaplatform.plugins.runtime.internal.connections.ConnectionStore.time;
import static io.metaplatform.plugins.runtime.internal.jooq.Tables.CONNECTOR_UPLOAD;

import io.metaplatform.core.TenantId;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/** {@code connector_upload}: tenant-owned, under row-level security; every call needs the tenant bound and a transaction. */
@Repository
public class UploadStore {

    private final DSLContext db;

    UploadStore(DSLContext db) {
        this.db = db;
    }

    public void insert(TenantId tenant, UUID connectionId, UUID runId, String contentType, byte[] content, Instant at) {
        db.insertInto(CONNECTOR_UPLOAD)
                .set(CONNECTOR_UPLOAD.TENANT_ID, tenant.value())
                .set(CONNECTOR_UPLOAD.ID, UUID.randomUUID())
                .set(CONNECTOR_UPLOAD.CONNECTION_ID, connectionId)
                .set(CONNECTOR_UPLOAD.RUN_ID, runId)
                .set(CONNECTOR_UPLOAD.CONTENT_TYPE, contentType)
                .set(CONNECTOR_UPLOAD.SIZE_BYTES, (long) content.length)
                .set(CONNECTOR_UPLOAD.CONTENT, content)
                .set(CONNECTOR_UPLOAD.CREATED_AT, time(at))
                .execute();
    }

    /** Whether the run has an upload, without reading it. */
    public boolean exists(TenantId tenant, UUID runId) {
        return db.fetchExists(CONNECTOR_UPLOAD, CONNECTOR_UPLOAD.TENANT_ID.eq(tenant.value()).and(CONNECTOR_UPLOAD.RUN_ID.eq(runId)));
    }

    public Optional<byte[]> content(TenantId tenant, UUID runId) {
        return db.select(CONNECTOR_UPLOAD.CONTENT).from(CONNECTOR_UPLOAD)
                .where(CONNECTOR_UPLOAD.TENANT_ID.eq(tenant.value()).and(CONNECTOR_UPLOAD.RUN_ID.eq(runId)))
                .fetchOptional(CONNECTOR_UPLOAD.CONTENT);
    }

    public void deleteForRun(TenantId tenant, UUID runId) {
        db.deleteFrom(CONNECTOR_UPLOAD).where(CONNECTOR_UPLOAD.TENANT_ID.eq(tenant.value()).and(CONNECTOR_UPLOAD.RUN_ID.eq(runId))).execute();
    }

    /** Deletes the tenant's uploads created before {@code before} (those of runs that did not succeed). */
    public int deleteOlderThan(TenantId tenant, Instant before) {
        return db.deleteFrom(CONNECTOR_UPLOAD)
                .where(CONNECTOR_UPLOAD.TENANT_ID.eq(tenant.value()).and(CONNECTOR_UPLOAD.CREATED_AT.lt(time(before))))
                .execute();
    }

    public void deleteForConnection(TenantId tenant, UUID connectionId) {
        db.deleteFrom(CONNECTOR_UPLOAD)
                .where(CONNECTOR_UPLOAD.TENANT_ID.eq(tenant.value()).and(CONNECTOR_UPLOAD.CONNECTION_ID.eq(connectionId)))
                .execute();
    }
}
