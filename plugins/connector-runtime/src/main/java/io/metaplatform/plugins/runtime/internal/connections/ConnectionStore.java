package io.metaplatform.plugins.runtime.internal.connections;

import static io.metaplatform.plugins.runtime.internal.jooq.Tables.CONNECTOR_CONNECTION;
import static io.metaplatform.plugins.runtime.internal.jooq.Tables.CONNECTOR_SCHEDULE;
import static io.metaplatform.plugins.runtime.internal.jooq.Tables.CONNECTOR_STREAM_RUN;

import io.metaplatform.core.TenantId;
import io.metaplatform.plugins.runtime.Connection;
import io.metaplatform.plugins.runtime.ConnectionStatus;
import io.metaplatform.plugins.runtime.RunStatus;
import io.metaplatform.plugins.runtime.StreamOverride;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code connector_connection} (tenant-owned, under row-level security), its lifecycle row in
 * {@code connector_schedule} (no row-level security, so every tenant statement here filters by
 * tenant itself) and when its streams last ran, {@code connector_stream_run} (tenant-owned). Tenant methods need the tenant bound and a running transaction.
 */
@Repository
public class ConnectionStore {

    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<LinkedHashMap<String, StreamOverride>> OVERRIDES = new TypeReference<>() {
    };

    private final DSLContext db;
    private final JsonMapper json;

    ConnectionStore(DSLContext db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    public void insert(ConnectionRow row, String actor) {
        db.insertInto(CONNECTOR_CONNECTION)
                .set(CONNECTOR_CONNECTION.TENANT_ID, row.tenant().value())
                .set(CONNECTOR_CONNECTION.ID, row.id())
                .set(CONNECTOR_CONNECTION.CONNECTOR_ID, row.connectorId())
                .set(CONNECTOR_CONNECTION.NAME, row.name())
                .set(CONNECTOR_CONNECTION.CONFIG, write(row.config()))
                .set(CONNECTOR_CONNECTION.SECRETS, write(row.sealedSecrets()))
                .set(CONNECTOR_CONNECTION.STREAMS, write(row.streams()))
                .set(CONNECTOR_CONNECTION.SCHEDULE_SECONDS, row.schedule().map(Duration::toSeconds).orElse(null))
                .set(CONNECTOR_CONNECTION.SERVICE_ROLE, row.serviceRole().orElse(null))
                .set(CONNECTOR_CONNECTION.CREATED_AT, time(row.createdAt()))
                .set(CONNECTOR_CONNECTION.UPDATED_AT, time(row.updatedAt()))
                .set(CONNECTOR_CONNECTION.CREATED_BY, actor)
                .set(CONNECTOR_CONNECTION.UPDATED_BY, actor)
                .execute();
        db.insertInto(CONNECTOR_SCHEDULE)
                .set(CONNECTOR_SCHEDULE.TENANT_ID, row.tenant().value())
                .set(CONNECTOR_SCHEDULE.CONNECTION_ID, row.id())
                .set(CONNECTOR_SCHEDULE.STATUS, row.status().name())
                .execute();
    }

    /** Writes name, configuration, secrets, stream overrides and schedule; a changed configuration clears the last check. */
    public void update(ConnectionRow row, boolean configChanged, Instant at, String actor) {
        var update = db.update(CONNECTOR_CONNECTION)
                .set(CONNECTOR_CONNECTION.NAME, row.name())
                .set(CONNECTOR_CONNECTION.CONFIG, write(row.config()))
                .set(CONNECTOR_CONNECTION.SECRETS, write(row.sealedSecrets()))
                .set(CONNECTOR_CONNECTION.STREAMS, write(row.streams()))
                .set(CONNECTOR_CONNECTION.SCHEDULE_SECONDS, row.schedule().map(Duration::toSeconds).orElse(null))
                .set(CONNECTOR_CONNECTION.SERVICE_ROLE, row.serviceRole().orElse(null))
                .set(CONNECTOR_CONNECTION.UPDATED_AT, time(at))
                .set(CONNECTOR_CONNECTION.UPDATED_BY, actor);
        if (configChanged) {
            update = update.setNull(CONNECTOR_CONNECTION.LAST_CHECK_PASSED)
                    .setNull(CONNECTOR_CONNECTION.LAST_CHECK_MESSAGE)
                    .setNull(CONNECTOR_CONNECTION.LAST_CHECK_AT);
        }
        update.where(key(row.tenant(), row.id())).execute();
    }

    public Optional<ConnectionRow> find(TenantId tenant, UUID id) {
        return select().where(key(tenant, id)).fetchOptional(this::row);
    }

    /** The tenant's connections, ordered by name. */
    public List<ConnectionRow> list(TenantId tenant) {
        return select().where(CONNECTOR_CONNECTION.TENANT_ID.eq(tenant.value()))
                .orderBy(CONNECTOR_CONNECTION.NAME).fetch(this::row);
    }

    public boolean nameTaken(TenantId tenant, String name, Optional<UUID> except) {
        Condition others = except.map(CONNECTOR_CONNECTION.ID::ne).orElse(DSL.noCondition());
        return db.fetchExists(CONNECTOR_CONNECTION, CONNECTOR_CONNECTION.TENANT_ID.eq(tenant.value())
                .and(CONNECTOR_CONNECTION.NAME.eq(name)).and(others));
    }

    /**
     * Replaces the (non-secret) configuration values, for example with the account URL an OAuth redirect
     * named; not a configuration change, since the grant that just succeeded used these values.
     */
    public void replaceConfig(TenantId tenant, UUID id, Map<String, String> config) {
        db.update(CONNECTOR_CONNECTION).set(CONNECTOR_CONNECTION.CONFIG, write(config)).where(key(tenant, id)).execute();
    }

    /** Replaces the sealed secrets, for example sealed anew with the active key; not a configuration change. */
    public void replaceSecrets(TenantId tenant, UUID id, Map<String, String> sealed) {
        db.update(CONNECTOR_CONNECTION).set(CONNECTOR_CONNECTION.SECRETS, write(sealed)).where(key(tenant, id)).execute();
    }

    public void recordCheck(TenantId tenant, UUID id, Connection.Check check) {
        db.update(CONNECTOR_CONNECTION)
                .set(CONNECTOR_CONNECTION.LAST_CHECK_PASSED, check.passed())
                .set(CONNECTOR_CONNECTION.LAST_CHECK_MESSAGE, truncate(check.message(), 1000))
                .set(CONNECTOR_CONNECTION.LAST_CHECK_AT, time(check.checkedAt()))
                .where(key(tenant, id))
                .execute();
    }

    public void delete(TenantId tenant, UUID id) {
        db.deleteFrom(CONNECTOR_CONNECTION).where(key(tenant, id)).execute();
    }

    /** Adds a finished run to the connection's totals (a cancelled run counts in the total only). */
    public void addRun(TenantId tenant, UUID id, RunStatus status, long recordsSynced) {
        db.update(CONNECTOR_CONNECTION)
                .set(CONNECTOR_CONNECTION.SYNCS_TOTAL, CONNECTOR_CONNECTION.SYNCS_TOTAL.plus(1))
                .set(CONNECTOR_CONNECTION.SYNCS_SUCCEEDED, CONNECTOR_CONNECTION.SYNCS_SUCCEEDED.plus(status == RunStatus.SUCCEEDED ? 1 : 0))
                .set(CONNECTOR_CONNECTION.SYNCS_FAILED, CONNECTOR_CONNECTION.SYNCS_FAILED.plus(status == RunStatus.FAILED ? 1 : 0))
                .set(CONNECTOR_CONNECTION.RECORDS_SYNCED, CONNECTOR_CONNECTION.RECORDS_SYNCED.plus(recordsSynced))
                .where(key(tenant, id))
                .execute();
    }

    // ---- connector_schedule: the lifecycle state every instance scans ----

    /**
     * Locks the connection's lifecycle row for a claim, or empty when it is gone or (with
     * {@code skipLocked}) another transaction holds it.
     */
    public Optional<ScheduleState> lockSchedule(TenantId tenant, UUID id, boolean skipLocked) {
        var query = db.select(CONNECTOR_SCHEDULE.STATUS, CONNECTOR_SCHEDULE.NEXT_RUN_AT, CONNECTOR_SCHEDULE.LEASE_UNTIL)
                .from(CONNECTOR_SCHEDULE)
                .where(scheduleKey(tenant, id))
                .forUpdate();
        var locked = skipLocked ? query.skipLocked() : query;
        return locked.fetchOptional(record -> new ScheduleState(ConnectionStatus.valueOf(record.value1()),
                instant(record.value2()), instant(record.value3())));
    }

    public void setStatus(TenantId tenant, UUID id, ConnectionStatus status, Optional<Instant> nextRunAt) {
        db.update(CONNECTOR_SCHEDULE)
                .set(CONNECTOR_SCHEDULE.STATUS, status.name())
                .set(CONNECTOR_SCHEDULE.NEXT_RUN_AT, nextRunAt.map(ConnectionStore::time).orElse(null))
                .where(scheduleKey(tenant, id))
                .execute();
    }

    public void setNextRun(TenantId tenant, UUID id, Optional<Instant> nextRunAt) {
        db.update(CONNECTOR_SCHEDULE)
                .set(CONNECTOR_SCHEDULE.NEXT_RUN_AT, nextRunAt.map(ConnectionStore::time).orElse(null))
                .where(scheduleKey(tenant, id))
                .execute();
    }

    /** A connection's tenant and status, found by its id alone (webhook calls carry nothing else). */
    public record Owner(TenantId tenant, ConnectionStatus status) {
    }

    /**
     * The tenant and status of a connection of any tenant, by id. Runs without a tenant bound (the
     * lifecycle table has no row-level security); the caller then binds the tenant found here.
     */
    public Optional<Owner> owner(UUID connectionId) {
        return db.select(CONNECTOR_SCHEDULE.TENANT_ID, CONNECTOR_SCHEDULE.STATUS).from(CONNECTOR_SCHEDULE)
                .where(CONNECTOR_SCHEDULE.CONNECTION_ID.eq(connectionId))
                .fetchOptional(record -> new Owner(new TenantId(record.value1()), ConnectionStatus.valueOf(record.value2())));
    }

    /** Notes that another run is wanted as soon as the running one ends. */
    public void wantRerun(TenantId tenant, UUID id) {
        db.update(CONNECTOR_SCHEDULE).set(CONNECTOR_SCHEDULE.RERUN_WANTED, true).where(scheduleKey(tenant, id)).execute();
    }

    /** Whether another run was wanted, clearing the wish. */
    public boolean takeRerun(TenantId tenant, UUID id) {
        return db.update(CONNECTOR_SCHEDULE).set(CONNECTOR_SCHEDULE.RERUN_WANTED, false)
                .where(scheduleKey(tenant, id).and(CONNECTOR_SCHEDULE.RERUN_WANTED.isTrue())).execute() == 1;
    }

    /** Holds (or, with {@code null}, releases) the claim of a running run until {@code until}. */
    public void lease(TenantId tenant, UUID id, Instant until) {
        db.update(CONNECTOR_SCHEDULE)
                .set(CONNECTOR_SCHEDULE.LEASE_UNTIL, until == null ? null : time(until))
                .where(scheduleKey(tenant, id))
                .execute();
    }

    /**
     * Connections of every tenant that are due at {@code now}: enabled, and either their next run is
     * due and no run holds a lease, or a run's lease lapsed (its instance stopped). Ids only, oldest first.
     * Runs without a tenant bound: the table has no row-level security.
     */
    public List<DueConnection> due(Instant now, int limit) {
        var at = time(now);
        Condition due = CONNECTOR_SCHEDULE.LEASE_UNTIL.isNull().and(CONNECTOR_SCHEDULE.NEXT_RUN_AT.le(at))
                .or(CONNECTOR_SCHEDULE.LEASE_UNTIL.lt(at));
        return db.select(CONNECTOR_SCHEDULE.TENANT_ID, CONNECTOR_SCHEDULE.CONNECTION_ID)
                .from(CONNECTOR_SCHEDULE)
                .where(CONNECTOR_SCHEDULE.STATUS.eq(ConnectionStatus.ENABLED.name()).and(due))
                .orderBy(DSL.coalesce(CONNECTOR_SCHEDULE.LEASE_UNTIL, CONNECTOR_SCHEDULE.NEXT_RUN_AT))
                .limit(limit)
                .fetch(record -> new DueConnection(new TenantId(record.value1()), record.value2()));
    }

    /** Connections of all tenants per status, and how many hold a run's lease: figures without tenant data. */
    public Map<ConnectionStatus, Integer> countByStatus() {
        var counts = new EnumMap<ConnectionStatus, Integer>(ConnectionStatus.class);
        for (ConnectionStatus status : ConnectionStatus.values()) {
            counts.put(status, 0);
        }
        db.select(CONNECTOR_SCHEDULE.STATUS, DSL.count()).from(CONNECTOR_SCHEDULE).groupBy(CONNECTOR_SCHEDULE.STATUS)
                .forEach(record -> counts.put(ConnectionStatus.valueOf(record.value1()), record.value2()));
        return counts;
    }

    /** Connections whose run currently holds a lease, across tenants. */
    public int countLeased(Instant now) {
        return db.fetchCount(CONNECTOR_SCHEDULE, CONNECTOR_SCHEDULE.LEASE_UNTIL.ge(time(now)));
    }

    /** Enabled connections whose scheduled run is more than {@code late} overdue, across tenants. */
    public int countOverdue(Instant now, Duration late) {
        return db.fetchCount(CONNECTOR_SCHEDULE, CONNECTOR_SCHEDULE.STATUS.eq(ConnectionStatus.ENABLED.name())
                .and(CONNECTOR_SCHEDULE.LEASE_UNTIL.isNull())
                .and(CONNECTOR_SCHEDULE.NEXT_RUN_AT.lt(time(now.minus(late)))));
    }

    public Optional<ConnectionStatus> status(TenantId tenant, UUID id) {
        return db.select(CONNECTOR_SCHEDULE.STATUS).from(CONNECTOR_SCHEDULE).where(scheduleKey(tenant, id))
                .fetchOptional(record -> ConnectionStatus.valueOf(record.value1()));
    }

    /** The lifecycle row of a connection; {@code nextRunAt} and {@code leaseUntil} may be {@code null}. */
    public record ScheduleState(ConnectionStatus status, Instant nextRunAt, Instant leaseUntil) {

        /** The same test as {@link #due(Instant, int)}, for a row already read. */
        public boolean dueAt(Instant now) {
            if (status != ConnectionStatus.ENABLED) {
                return false;
            }
            return leaseUntil == null ? nextRunAt != null && !nextRunAt.isAfter(now) : leaseUntil.isBefore(now);
        }
    }

    /** A connection that is due, by ids only. */
    public record DueConnection(TenantId tenant, UUID connectionId) {
    }

    private org.jooq.SelectOnConditionStep<Record> select() {
        return db.select(CONNECTOR_CONNECTION.fields()).select(CONNECTOR_SCHEDULE.STATUS, CONNECTOR_SCHEDULE.NEXT_RUN_AT)
                .from(CONNECTOR_CONNECTION)
                .join(CONNECTOR_SCHEDULE).on(CONNECTOR_SCHEDULE.TENANT_ID.eq(CONNECTOR_CONNECTION.TENANT_ID)
                        .and(CONNECTOR_SCHEDULE.CONNECTION_ID.eq(CONNECTOR_CONNECTION.ID)));
    }

    private ConnectionRow row(Record record) {
        Optional<Connection.Check> check = Optional.ofNullable(record.get(CONNECTOR_CONNECTION.LAST_CHECK_AT))
                .map(at -> new Connection.Check(Boolean.TRUE.equals(record.get(CONNECTOR_CONNECTION.LAST_CHECK_PASSED)),
                        record.get(CONNECTOR_CONNECTION.LAST_CHECK_MESSAGE), at.toInstant()));
        Map<String, StreamOverride> overrides = json.readValue(record.get(CONNECTOR_CONNECTION.STREAMS).data(), OVERRIDES);
        return new ConnectionRow(
                new TenantId(record.get(CONNECTOR_CONNECTION.TENANT_ID)),
                record.get(CONNECTOR_CONNECTION.ID),
                record.get(CONNECTOR_CONNECTION.CONNECTOR_ID),
                record.get(CONNECTOR_CONNECTION.NAME),
                json.readValue(record.get(CONNECTOR_CONNECTION.CONFIG).data(), STRINGS),
                json.readValue(record.get(CONNECTOR_CONNECTION.SECRETS).data(), STRINGS),
                overrides,
                Optional.ofNullable(record.get(CONNECTOR_CONNECTION.SCHEDULE_SECONDS)).map(Duration::ofSeconds),
                ConnectionStatus.valueOf(record.get(CONNECTOR_SCHEDULE.STATUS)),
                Optional.ofNullable(instant(record.get(CONNECTOR_SCHEDULE.NEXT_RUN_AT))),
                check,
                new Connection.Totals(record.get(CONNECTOR_CONNECTION.SYNCS_TOTAL), record.get(CONNECTOR_CONNECTION.SYNCS_SUCCEEDED),
                        record.get(CONNECTOR_CONNECTION.SYNCS_FAILED), record.get(CONNECTOR_CONNECTION.RECORDS_SYNCED)),
                record.get(CONNECTOR_CONNECTION.CREATED_AT).toInstant(),
                record.get(CONNECTOR_CONNECTION.UPDATED_AT).toInstant(),
                Optional.ofNullable(record.get(CONNECTOR_CONNECTION.SERVICE_ROLE)));
    }

    /** When each stream and direction of the connection last ran in a run. */
    Map<StreamSchedule.Key, Instant> streamRuns(TenantId tenant, UUID id) {
        Map<StreamSchedule.Key, Instant> result = new LinkedHashMap<>();
        db.select(CONNECTOR_STREAM_RUN.STREAM, CONNECTOR_STREAM_RUN.DIRECTION, CONNECTOR_STREAM_RUN.LAST_RUN_AT)
                .from(CONNECTOR_STREAM_RUN)
                .where(CONNECTOR_STREAM_RUN.TENANT_ID.eq(tenant.value()).and(CONNECTOR_STREAM_RUN.CONNECTION_ID.eq(id)))
                .forEach(record -> result.put(new StreamSchedule.Key(record.value1(), StreamSchedule.Direction.valueOf(record.value2())),
                        record.value3().toInstant()));
        return result;
    }

    /** Forgets when the connection's streams were last reconciled, so that its next run reconciles every stream that can be. */
    public void forgetReconciliations(TenantId tenant, UUID id) {
        db.deleteFrom(CONNECTOR_STREAM_RUN)
                .where(CONNECTOR_STREAM_RUN.TENANT_ID.eq(tenant.value()), CONNECTOR_STREAM_RUN.CONNECTION_ID.eq(id),
                        CONNECTOR_STREAM_RUN.DIRECTION.eq(StreamSchedule.Direction.RECONCILE.name()))
                .execute();
    }

    /** Records that a stream's direction ran, starting at {@code at}. */
    void streamRan(TenantId tenant, UUID id, StreamSchedule.Key key, Instant at) {
        db.insertInto(CONNECTOR_STREAM_RUN)
                .set(CONNECTOR_STREAM_RUN.TENANT_ID, tenant.value())
                .set(CONNECTOR_STREAM_RUN.CONNECTION_ID, id)
                .set(CONNECTOR_STREAM_RUN.STREAM, key.stream())
                .set(CONNECTOR_STREAM_RUN.DIRECTION, key.direction().name())
                .set(CONNECTOR_STREAM_RUN.LAST_RUN_AT, time(at))
                .onConflict(CONNECTOR_STREAM_RUN.TENANT_ID, CONNECTOR_STREAM_RUN.CONNECTION_ID, CONNECTOR_STREAM_RUN.STREAM,
                        CONNECTOR_STREAM_RUN.DIRECTION)
                .doUpdate()
                .set(CONNECTOR_STREAM_RUN.LAST_RUN_AT, time(at))
                .execute();
    }

    private static Condition key(TenantId tenant, UUID id) {
        return CONNECTOR_CONNECTION.TENANT_ID.eq(tenant.value()).and(CONNECTOR_CONNECTION.ID.eq(id));
    }

    private static Condition scheduleKey(TenantId tenant, UUID id) {
        return CONNECTOR_SCHEDULE.TENANT_ID.eq(tenant.value()).and(CONNECTOR_SCHEDULE.CONNECTION_ID.eq(id));
    }

    private JSONB write(Object value) {
        return JSONB.valueOf(json.writeValueAsString(value));
    }

    static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
