package io.metaplatform.plugins.runtime.internal.connections;

import static io.metaplatform.plugins.runtime.internal.connections.ConnectionStore.instant;
import static io.metaplatform.plugins.runtime.internal.connections.ConnectionStore.time;
import static io.metaplatform.plugins.runtime.internal.connections.ConnectionStore.truncate;
import static io.metaplatform.plugins.runtime.internal.jooq.Tables.CONNECTOR_RUN;

import io.metaplatform.core.StorableText;
import io.metaplatform.core.TenantId;
import io.metaplatform.plugins.runtime.ConnectionRun;
import io.metaplatform.plugins.runtime.RunErrorCode;
import io.metaplatform.plugins.runtime.RunStatus;
import io.metaplatform.plugins.runtime.RunTrigger;
import io.metaplatform.plugins.runtime.internal.sync.RunCounts;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.Record;
import org.springframework.stereotype.Repository;

/** {@code connector_run}: tenant-owned, under row-level security; every call needs the tenant bound and a transaction. */
@Repository
public class RunStore {

    private final DSLContext db;

    RunStore(DSLContext db) {
        this.db = db;
    }

    /** The connection's running run, if any (the database allows at most one). */
    public Optional<ConnectionRun> running(TenantId tenant, UUID connectionId) {
        return db.select(CONNECTOR_RUN.fields()).from(CONNECTOR_RUN)
                .where(CONNECTOR_RUN.TENANT_ID.eq(tenant.value()).and(CONNECTOR_RUN.CONNECTION_ID.eq(connectionId))
                        .and(CONNECTOR_RUN.STATUS.eq(RunStatus.RUNNING.name())))
                .fetchOptional(RunStore::run);
    }

    public void insertRunning(TenantId tenant, UUID runId, UUID connectionId, RunTrigger trigger, String instance, Instant at) {
        db.insertInto(CONNECTOR_RUN)
                .set(CONNECTOR_RUN.TENANT_ID, tenant.value())
                .set(CONNECTOR_RUN.ID, runId)
                .set(CONNECTOR_RUN.CONNECTION_ID, connectionId)
                .set(CONNECTOR_RUN.RUN_TRIGGER, trigger.name())
                .set(CONNECTOR_RUN.STATUS, RunStatus.RUNNING.name())
                .set(CONNECTOR_RUN.CLAIMED_BY, instance)
                .set(CONNECTOR_RUN.STARTED_AT, time(at))
                .set(CONNECTOR_RUN.HEARTBEAT_AT, time(at))
                .execute();
    }

    /** Renews a running run's heartbeat if this instance still holds it; false when it lost it. */
    public boolean heartbeat(TenantId tenant, UUID runId, String instance, Instant at) {
        return db.update(CONNECTOR_RUN).set(CONNECTOR_RUN.HEARTBEAT_AT, time(at))
                .where(held(tenant, runId, instance))
                .execute() == 1;
    }

    /**
     * Ends a running run that {@code instance} holds; false (and nothing written) when it no longer
     * holds it, because another instance took it over or the connection was deleted.
     */
    public boolean finish(TenantId tenant, UUID runId, String instance, RunStatus status, RunCounts counts, RunErrorCode errorCode,
            String error, Instant at) {
        return db.update(CONNECTOR_RUN)
                .set(CONNECTOR_RUN.STATUS, status.name())
                .set(CONNECTOR_RUN.FINISHED_AT, time(at))
                .set(CONNECTOR_RUN.RECORDS_READ, counts.read())
                .set(CONNECTOR_RUN.RECORDS_CREATED, counts.created())
                .set(CONNECTOR_RUN.RECORDS_UPDATED, counts.updated())
                .set(CONNECTOR_RUN.RECORDS_UNCHANGED, counts.unchanged())
                .set(CONNECTOR_RUN.RECORDS_DELETED, counts.deleted())
                .set(CONNECTOR_RUN.RECORDS_FAILED, counts.failed())
                .set(CONNECTOR_RUN.ERROR_CODE, errorCode == null ? null : errorCode.name())
                .set(CONNECTOR_RUN.ERROR, storable(error))
                .where(held(tenant, runId, instance))
                .execute() == 1;
    }

    /** Ends a run whose instance stopped heartbeating, whoever held it. */
    public void abandon(TenantId tenant, UUID runId, String error, Instant at) {
        db.update(CONNECTOR_RUN)
                .set(CONNECTOR_RUN.STATUS, RunStatus.FAILED.name())
                .set(CONNECTOR_RUN.FINISHED_AT, time(at))
                .set(CONNECTOR_RUN.ERROR_CODE, RunErrorCode.ABANDONED.name())
                .set(CONNECTOR_RUN.ERROR, storable(error))
                .where(key(tenant, runId).and(CONNECTOR_RUN.STATUS.eq(RunStatus.RUNNING.name())))
                .execute();
    }

    public Optional<ConnectionRun> find(TenantId tenant, UUID runId) {
        return db.select(CONNECTOR_RUN.fields()).from(CONNECTOR_RUN).where(key(tenant, runId)).fetchOptional(RunStore::run);
    }

    /** Runs of a connection, newest first, after the run {@code after} (exclusive) when given. */
    public List<ConnectionRun> page(TenantId tenant, UUID connectionId, Optional<ConnectionRun> after, int limit) {
        Condition older = after.map(run -> DSL.row(CONNECTOR_RUN.STARTED_AT, CONNECTOR_RUN.ID).lt(time(run.startedAt()), run.id()))
                .orElse(DSL.noCondition());
        return db.select(CONNECTOR_RUN.fields()).from(CONNECTOR_RUN)
                .where(CONNECTOR_RUN.TENANT_ID.eq(tenant.value()).and(CONNECTOR_RUN.CONNECTION_ID.eq(connectionId)).and(older))
                .orderBy(CONNECTOR_RUN.STARTED_AT.desc(), CONNECTOR_RUN.ID.desc())
                .limit(limit)
                .fetch(RunStore::run);
    }

    // Messages may quote external data; PostgreSQL refuses NUL characters in text.
    private static String storable(String error) {
        return truncate(StorableText.storable(error), 2000);
    }

    private static Condition key(TenantId tenant, UUID runId) {
        return CONNECTOR_RUN.TENANT_ID.eq(tenant.value()).and(CONNECTOR_RUN.ID.eq(runId));
    }

    private static Condition held(TenantId tenant, UUID runId, String instance) {
        return key(tenant, runId).and(CONNECTOR_RUN.STATUS.eq(RunStatus.RUNNING.name())).and(CONNECTOR_RUN.CLAIMED_BY.eq(instance));
    }

    private static ConnectionRun run(Record record) {
        return new ConnectionRun(
                record.get(CONNECTOR_RUN.ID),
                record.get(CONNECTOR_RUN.CONNECTION_ID),
                RunTrigger.valueOf(record.get(CONNECTOR_RUN.RUN_TRIGGER)),
                RunStatus.valueOf(record.get(CONNECTOR_RUN.STATUS)),
                record.get(CONNECTOR_RUN.CLAIMED_BY),
                record.get(CONNECTOR_RUN.STARTED_AT).toInstant(),
                record.get(CONNECTOR_RUN.HEARTBEAT_AT).toInstant(),
                Optional.ofNullable(instant(record.get(CONNECTOR_RUN.FINISHED_AT))),
                record.get(CONNECTOR_RUN.RECORDS_READ),
                record.get(CONNECTOR_RUN.RECORDS_CREATED),
                record.get(CONNECTOR_RUN.RECORDS_UPDATED),
                record.get(CONNECTOR_RUN.RECORDS_UNCHANGED),
                record.get(CONNECTOR_RUN.RECORDS_DELETED),
                record.get(CONNECTOR_RUN.RECORDS_FAILED),
                Optional.ofNullable(record.get(CONNECTOR_RUN.ERROR_CODE)).map(RunErrorCode::valueOf),
                Optional.ofNullable(record.get(CONNECTOR_RUN.ERROR)));
    }
}
