package io.metaplatform.plugins.runtime.internal.sync;

import static io.metaplatform.plugins.runtime.internal.jooq.Tables.SYNC_DEAD_LETTER;
import static io.metaplatform.plugins.runtime.internal.jooq.Tables.SYNC_EXTERNAL_REF;
import static io.metaplatform.plugins.runtime.internal.jooq.Tables.SYNC_STREAM_STATE;

import io.metaplatform.core.TenantId;
import io.metaplatform.plugins.api.ExternalRef;
import io.metaplatform.plugins.api.FieldProblem;
import io.metaplatform.registry.ChangePosition;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Row2;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sync engine's tables: external refs, stream state (pull checkpoints, push cursors) and dead
 * letters. One statement per batch, never per record. Callers run inside a transaction with the
 * tenant bound; every statement filters by tenant as well.
 */
@Repository
class SyncStore {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext db;

    SyncStore(DSLContext db) {
        this.db = db;
    }

    // ---- external refs ----

    /** The links of these external ids of one stream, by external id. */
    Map<String, ExternalLink> linksByExternalId(TenantId tenant, UUID connection, String stream, Collection<String> externalIds) {
        if (externalIds.isEmpty()) {
            return Map.of();
        }
        Map<String, ExternalLink> links = new HashMap<>();
        db.selectFrom(SYNC_EXTERNAL_REF)
                .where(SYNC_EXTERNAL_REF.TENANT_ID.eq(tenant.value()), SYNC_EXTERNAL_REF.CONNECTION_ID.eq(connection),
                        SYNC_EXTERNAL_REF.STREAM.eq(stream), SYNC_EXTERNAL_REF.EXTERNAL_ID.in(externalIds))
                .forEach(row -> links.put(row.getExternalId(), link(row)));
        return links;
    }

    /** The platform records that external refs (of any stream of the connection) were synced into. */
    Map<ExternalRef, UUID> resolve(TenantId tenant, UUID connection, Collection<ExternalRef> refs) {
        if (refs.isEmpty()) {
            return Map.of();
        }
        List<Row2<String, String>> keys = refs.stream().map(ref -> DSL.row(ref.stream(), ref.externalId())).toList();
        Map<ExternalRef, UUID> resolved = new HashMap<>();
        db.select(SYNC_EXTERNAL_REF.STREAM, SYNC_EXTERNAL_REF.EXTERNAL_ID, SYNC_EXTERNAL_REF.RECORD_ID)
                .from(SYNC_EXTERNAL_REF)
                .where(SYNC_EXTERNAL_REF.TENANT_ID.eq(tenant.value()), SYNC_EXTERNAL_REF.CONNECTION_ID.eq(connection),
                        DSL.row(SYNC_EXTERNAL_REF.STREAM, SYNC_EXTERNAL_REF.EXTERNAL_ID).in(keys))
                .forEach(row -> resolved.put(new ExternalRef(row.value1(), row.value2()), row.value3()));
        return resolved;
    }

    /** The links of these platform records (in any stream of the connection), by record id; the newest wins. */
    Map<UUID, ExternalLink> linksByRecordId(TenantId tenant, UUID connection, Collection<UUID> recordIds) {
        if (recordIds.isEmpty()) {
            return Map.of();
        }
        Map<UUID, ExternalLink> links = new HashMap<>();
        db.selectFrom(SYNC_EXTERNAL_REF)
                .where(SYNC_EXTERNAL_REF.TENANT_ID.eq(tenant.value()), SYNC_EXTERNAL_REF.CONNECTION_ID.eq(connection),
                        SYNC_EXTERNAL_REF.RECORD_ID.in(recordIds))
                .orderBy(SYNC_EXTERNAL_REF.SYNCED_AT)
                .forEach(row -> links.put(row.getRecordId(), link(row)));
        return links;
    }

    /** Inserts or replaces links, in one statement. */
    void saveLinks(TenantId tenant, UUID connection, Collection<ExternalLink> links, Instant now) {
        if (links.isEmpty()) {
            return;
        }
        var insert = db.insertInto(SYNC_EXTERNAL_REF, SYNC_EXTERNAL_REF.TENANT_ID, SYNC_EXTERNAL_REF.CONNECTION_ID, SYNC_EXTERNAL_REF.STREAM,
                SYNC_EXTERNAL_REF.EXTERNAL_ID, SYNC_EXTERNAL_REF.OBJECT_API_NAME, SYNC_EXTERNAL_REF.RECORD_ID, SYNC_EXTERNAL_REF.EXTERNAL_VERSION,
                SYNC_EXTERNAL_REF.CONTENT_HASH, SYNC_EXTERNAL_REF.SYNCED_AT);
        for (ExternalLink link : links) {
            insert = insert.values(tenant.value(), connection, link.stream(), link.externalId(), link.object(), link.recordId(),
                    link.externalVersion(), link.contentHash(), utc(now));
        }
        insert.onConflict(SYNC_EXTERNAL_REF.TENANT_ID, SYNC_EXTERNAL_REF.CONNECTION_ID, SYNC_EXTERNAL_REF.STREAM, SYNC_EXTERNAL_REF.EXTERNAL_ID)
                .doUpdate()
                .set(SYNC_EXTERNAL_REF.OBJECT_API_NAME, DSL.excluded(SYNC_EXTERNAL_REF.OBJECT_API_NAME))
                .set(SYNC_EXTERNAL_REF.RECORD_ID, DSL.excluded(SYNC_EXTERNAL_REF.RECORD_ID))
                .set(SYNC_EXTERNAL_REF.EXTERNAL_VERSION, DSL.excluded(SYNC_EXTERNAL_REF.EXTERNAL_VERSION))
                .set(SYNC_EXTERNAL_REF.CONTENT_HASH, DSL.excluded(SYNC_EXTERNAL_REF.CONTENT_HASH))
                .set(SYNC_EXTERNAL_REF.SYNCED_AT, DSL.excluded(SYNC_EXTERNAL_REF.SYNCED_AT))
                .execute();
    }

    /** The links of one platform record (in any stream of the connection), ordered by stream. */
    List<ExternalLink> linksOfRecord(TenantId tenant, UUID connection, UUID recordId) {
        return db.selectFrom(SYNC_EXTERNAL_REF)
                .where(SYNC_EXTERNAL_REF.TENANT_ID.eq(tenant.value()), SYNC_EXTERNAL_REF.CONNECTION_ID.eq(connection),
                        SYNC_EXTERNAL_REF.RECORD_ID.eq(recordId))
                .orderBy(SYNC_EXTERNAL_REF.STREAM, SYNC_EXTERNAL_REF.EXTERNAL_ID)
                .fetch(SyncStore::link);
    }

    boolean deleteLinkOfRecord(TenantId tenant, UUID connection, String stream, UUID recordId) {
        return db.deleteFrom(SYNC_EXTERNAL_REF)
                .where(SYNC_EXTERNAL_REF.TENANT_ID.eq(tenant.value()), SYNC_EXTERNAL_REF.CONNECTION_ID.eq(connection),
                        SYNC_EXTERNAL_REF.STREAM.eq(stream), SYNC_EXTERNAL_REF.RECORD_ID.eq(recordId))
                .execute() > 0;
    }

    /** Serialises hand-made links of one stream of a connection (a transaction-scoped advisory lock). */
    void lockStream(TenantId tenant, UUID connection, String stream) {
        db.select(DSL.function("pg_advisory_xact_lock", Object.class,
                DSL.function("hashtextextended", Long.class, DSL.val(tenant.value() + "/" + connection + "/" + stream), DSL.val(0L)))).fetch();
    }

    void deleteLinks(TenantId tenant, UUID connection, String stream, Collection<String> externalIds) {
        if (externalIds.isEmpty()) {
            return;
        }
        db.deleteFrom(SYNC_EXTERNAL_REF)
                .where(SYNC_EXTERNAL_REF.TENANT_ID.eq(tenant.value()), SYNC_EXTERNAL_REF.CONNECTION_ID.eq(connection),
                        SYNC_EXTERNAL_REF.STREAM.eq(stream), SYNC_EXTERNAL_REF.EXTERNAL_ID.in(externalIds))
                .execute();
    }

    // ---- reconciliation and child sets ----

    /** Marks the links of these external ids of one stream as seen by a reconciliation's run, in one statement. */
    void markSeen(TenantId tenant, UUID connection, String stream, UUID runId, Collection<String> externalIds) {
        if (externalIds.isEmpty()) {
            return;
        }
        db.update(SYNC_EXTERNAL_REF)
                .set(SYNC_EXTERNAL_REF.SEEN_RUN_ID, runId)
                .where(SYNC_EXTERNAL_REF.TENANT_ID.eq(tenant.value()), SYNC_EXTERNAL_REF.CONNECTION_ID.eq(connection),
                        SYNC_EXTERNAL_REF.STREAM.eq(stream), SYNC_EXTERNAL_REF.EXTERNAL_ID.in(externalIds))
                .execute();
    }

    /** How many links the stream has. */
    long countLinks(TenantId tenant, UUID connection, String stream) {
        return db.fetchCount(SYNC_EXTERNAL_REF, SYNC_EXTERNAL_REF.TENANT_ID.eq(tenant.value()),
                SYNC_EXTERNAL_REF.CONNECTION_ID.eq(connection), SYNC_EXTERNAL_REF.STREAM.eq(stream));
    }

    /** How many links of the stream existed before {@code before} and were not seen by the run. */
    long countVanished(TenantId tenant, UUID connection, String stream, UUID runId, Instant before) {
        return db.fetchCount(SYNC_EXTERNAL_REF, vanished(tenant, connection, stream, runId, before));
    }

    /** Up to {@code limit} links of the stream that existed before {@code before} and were not seen by the run. */
    List<ExternalLink> vanished(TenantId tenant, UUID connection, String stream, UUID runId, Instant before, int limit) {
        return db.selectFrom(SYNC_EXTERNAL_REF)
                .where(vanished(tenant, connection, stream, runId, before))
                .orderBy(SYNC_EXTERNAL_REF.EXTERNAL_ID)
                .limit(limit)
                .fetch(SyncStore::link);
    }

    // A link saved after the complete read began (a record fetched on its own meanwhile) is not judged by it.
    private static org.jooq.Condition vanished(TenantId tenant, UUID connection, String stream, UUID runId, Instant before) {
        return DSL.and(SYNC_EXTERNAL_REF.TENANT_ID.eq(tenant.value()), SYNC_EXTERNAL_REF.CONNECTION_ID.eq(connection),
                SYNC_EXTERNAL_REF.STREAM.eq(stream), SYNC_EXTERNAL_REF.SEEN_RUN_ID.isDistinctFrom(runId),
                SYNC_EXTERNAL_REF.SYNCED_AT.lt(utc(before)));
    }

    /**
     * Moves links to new external ids (new id to old id), in one statement; a new id that is linked already
     * keeps its link, and the old one stays.
     */
    void renameLinks(TenantId tenant, UUID connection, String stream, Map<String, String> fromByTo) {
        if (fromByTo.isEmpty()) {
            return;
        }
        List<Row2<String, String>> rows = fromByTo.entrySet().stream().map(entry -> DSL.row(entry.getValue(), entry.getKey())).toList();
        var given = DSL.values(rows.toArray(Row2[]::new)).as("given", "from_id", "to_id");
        org.jooq.Field<String> from = given.field("from_id", String.class);
        org.jooq.Field<String> to = given.field("to_id", String.class);
        var taken = SYNC_EXTERNAL_REF.as("taken");
        db.update(SYNC_EXTERNAL_REF)
                .set(SYNC_EXTERNAL_REF.EXTERNAL_ID, to)
                .from(given)
                .where(SYNC_EXTERNAL_REF.TENANT_ID.eq(tenant.value()), SYNC_EXTERNAL_REF.CONNECTION_ID.eq(connection),
                        SYNC_EXTERNAL_REF.STREAM.eq(stream), SYNC_EXTERNAL_REF.EXTERNAL_ID.eq(from),
                        DSL.notExists(DSL.selectOne().from(taken).where(taken.TENANT_ID.eq(tenant.value()),
                                taken.CONNECTION_ID.eq(connection), taken.STREAM.eq(stream), taken.EXTERNAL_ID.eq(to))))
                .execute();
    }

    /** Records the parent of child links (child external id to parent external id), in one statement. */
    void assignParents(TenantId tenant, UUID connection, String childStream, String parentStream, Map<String, String> parentByChild) {
        if (parentByChild.isEmpty()) {
            return;
        }
        List<Row2<String, String>> rows = parentByChild.entrySet().stream().map(entry -> DSL.row(entry.getKey(), entry.getValue())).toList();
        var given = DSL.values(rows.toArray(Row2[]::new)).as("given", "child_id", "parent_id");
        org.jooq.Field<String> child = given.field("child_id", String.class);
        org.jooq.Field<String> parent = given.field("parent_id", String.class);
        db.update(SYNC_EXTERNAL_REF)
                .set(SYNC_EXTERNAL_REF.PARENT_STREAM, parentStream)
                .set(SYNC_EXTERNAL_REF.PARENT_EXTERNAL_ID, parent)
                .from(given)
                .where(SYNC_EXTERNAL_REF.TENANT_ID.eq(tenant.value()), SYNC_EXTERNAL_REF.CONNECTION_ID.eq(connection),
                        SYNC_EXTERNAL_REF.STREAM.eq(childStream), SYNC_EXTERNAL_REF.EXTERNAL_ID.eq(child))
                .execute();
    }

    /** The child links (of any stream, or of {@code childStream} when given) of these parents of one stream. */
    List<ExternalLink> children(TenantId tenant, UUID connection, String childStream, String parentStream, Collection<String> parentIds) {
        if (parentIds.isEmpty()) {
            return List.of();
        }
        return db.selectFrom(SYNC_EXTERNAL_REF)
                .where(SYNC_EXTERNAL_REF.TENANT_ID.eq(tenant.value()), SYNC_EXTERNAL_REF.CONNECTION_ID.eq(connection),
                        SYNC_EXTERNAL_REF.PARENT_STREAM.eq(parentStream), SYNC_EXTERNAL_REF.PARENT_EXTERNAL_ID.in(parentIds),
                        childStream == null ? DSL.noCondition() : SYNC_EXTERNAL_REF.STREAM.eq(childStream))
                .fetch(SyncStore::link);
    }

    private static ExternalLink link(io.metaplatform.plugins.runtime.internal.jooq.tables.records.SyncExternalRefRecord row) {
        return new ExternalLink(row.getStream(), row.getExternalId(), row.getObjectApiName(), row.getRecordId(), row.getExternalVersion(),
                row.getContentHash());
    }

    /** Deletes the connection's external refs, stream state and dead letters. */
    void deleteConnection(TenantId tenant, UUID connection) {
        db.deleteFrom(SYNC_EXTERNAL_REF)
                .where(SYNC_EXTERNAL_REF.TENANT_ID.eq(tenant.value()), SYNC_EXTERNAL_REF.CONNECTION_ID.eq(connection)).execute();
        db.deleteFrom(SYNC_STREAM_STATE)
                .where(SYNC_STREAM_STATE.TENANT_ID.eq(tenant.value()), SYNC_STREAM_STATE.CONNECTION_ID.eq(connection)).execute();
        db.deleteFrom(SYNC_DEAD_LETTER)
                .where(SYNC_DEAD_LETTER.TENANT_ID.eq(tenant.value()), SYNC_DEAD_LETTER.CONNECTION_ID.eq(connection)).execute();
    }

    // ---- stream state ----

    /** The checkpoint of the last committed pull page, if any. */
    Optional<Map<String, String>> pullState(TenantId tenant, UUID connection, String stream) {
        return db.select(SYNC_STREAM_STATE.PULL_STATE).from(SYNC_STREAM_STATE)
                .where(SYNC_STREAM_STATE.TENANT_ID.eq(tenant.value()), SYNC_STREAM_STATE.CONNECTION_ID.eq(connection),
                        SYNC_STREAM_STATE.STREAM.eq(stream), SYNC_STREAM_STATE.PULL_STATE.isNotNull())
                .fetchOptional(row -> JSON.readValue(row.value1().data(), new TypeReference<Map<String, String>>() { }));
    }

    void savePullState(TenantId tenant, UUID connection, String stream, UUID runId, Map<String, String> state, Instant now) {
        JSONB json = JSONB.valueOf(JSON.writeValueAsString(new LinkedHashMap<>(state)));
        db.insertInto(SYNC_STREAM_STATE)
                .set(SYNC_STREAM_STATE.TENANT_ID, tenant.value())
                .set(SYNC_STREAM_STATE.CONNECTION_ID, connection)
                .set(SYNC_STREAM_STATE.STREAM, stream)
                .set(SYNC_STREAM_STATE.PULL_STATE, json)
                .set(SYNC_STREAM_STATE.PULL_RUN_ID, runId)
                .set(SYNC_STREAM_STATE.PULL_UPDATED_AT, utc(now))
                .onConflict(SYNC_STREAM_STATE.TENANT_ID, SYNC_STREAM_STATE.CONNECTION_ID, SYNC_STREAM_STATE.STREAM)
                .doUpdate()
                .set(SYNC_STREAM_STATE.PULL_STATE, json)
                .set(SYNC_STREAM_STATE.PULL_RUN_ID, runId)
                .set(SYNC_STREAM_STATE.PULL_UPDATED_AT, utc(now))
                .execute();
    }

    /** Where push has read the change log up to, and since when it runs. */
    record PushCursor(ChangePosition position, Instant since) {
    }

    Optional<PushCursor> pushCursor(TenantId tenant, UUID connection, String stream) {
        return db.select(SYNC_STREAM_STATE.PUSH_TRANSACTION, SYNC_STREAM_STATE.PUSH_SEQUENCE, SYNC_STREAM_STATE.PUSH_SINCE)
                .from(SYNC_STREAM_STATE)
                .where(SYNC_STREAM_STATE.TENANT_ID.eq(tenant.value()), SYNC_STREAM_STATE.CONNECTION_ID.eq(connection),
                        SYNC_STREAM_STATE.STREAM.eq(stream), SYNC_STREAM_STATE.PUSH_SINCE.isNotNull())
                .fetchOptional(row -> new PushCursor(new ChangePosition(row.value1(), row.value2()), row.value3().toInstant()));
    }

    void savePushCursor(TenantId tenant, UUID connection, String stream, PushCursor cursor, Instant now) {
        db.insertInto(SYNC_STREAM_STATE)
                .set(SYNC_STREAM_STATE.TENANT_ID, tenant.value())
                .set(SYNC_STREAM_STATE.CONNECTION_ID, connection)
                .set(SYNC_STREAM_STATE.STREAM, stream)
                .set(SYNC_STREAM_STATE.PUSH_TRANSACTION, cursor.position().transaction())
                .set(SYNC_STREAM_STATE.PUSH_SEQUENCE, cursor.position().sequence())
                .set(SYNC_STREAM_STATE.PUSH_SINCE, utc(cursor.since()))
                .set(SYNC_STREAM_STATE.PUSH_UPDATED_AT, utc(now))
                .onConflict(SYNC_STREAM_STATE.TENANT_ID, SYNC_STREAM_STATE.CONNECTION_ID, SYNC_STREAM_STATE.STREAM)
                .doUpdate()
                .set(SYNC_STREAM_STATE.PUSH_TRANSACTION, cursor.position().transaction())
                .set(SYNC_STREAM_STATE.PUSH_SEQUENCE, cursor.position().sequence())
                .set(SYNC_STREAM_STATE.PUSH_SINCE, utc(cursor.since()))
                .set(SYNC_STREAM_STATE.PUSH_UPDATED_AT, utc(now))
                .execute();
    }

    // ---- dead letters ----

    void insertDeadLetters(TenantId tenant, Collection<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return;
        }
        var insert = db.insertInto(SYNC_DEAD_LETTER, SYNC_DEAD_LETTER.TENANT_ID, SYNC_DEAD_LETTER.ID, SYNC_DEAD_LETTER.CONNECTION_ID,
                SYNC_DEAD_LETTER.RUN_ID, SYNC_DEAD_LETTER.STREAM, SYNC_DEAD_LETTER.DIRECTION, SYNC_DEAD_LETTER.EXTERNAL_ID,
                SYNC_DEAD_LETTER.RECORD_ID, SYNC_DEAD_LETTER.RAW, SYNC_DEAD_LETTER.CODE, SYNC_DEAD_LETTER.REASON, SYNC_DEAD_LETTER.PROBLEMS,
                SYNC_DEAD_LETTER.CREATED_AT, SYNC_DEAD_LETTER.SOURCE);
        for (DeadLetter letter : letters) {
            insert = insert.values(tenant.value(), letter.id(), letter.connectionId(), letter.runId(), letter.stream(), letter.direction().name(),
                    letter.externalId(), letter.recordId(), letter.raw(), letter.code().name(), letter.reason(),
                    JSONB.valueOf(JSON.writeValueAsString(letter.problems())), utc(letter.createdAt()), letter.source());
        }
        insert.execute();
    }

    /** A connection's dead letters matching the filter, newest first, after the one at {@code after} (created at, id) when given. */
    List<DeadLetter> deadLetters(TenantId tenant, UUID connection, int limit, DeadLetterKey after, DeadLetterFilter filter) {
        var where = DSL.and(matching(tenant, connection, filter),
                after == null ? DSL.noCondition()
                        : DSL.row(SYNC_DEAD_LETTER.CREATED_AT, SYNC_DEAD_LETTER.ID).lt(utc(after.createdAt()), after.id()));
        return db.selectFrom(SYNC_DEAD_LETTER).where(where)
                .orderBy(SYNC_DEAD_LETTER.CREATED_AT.desc(), SYNC_DEAD_LETTER.ID.desc()).limit(limit).fetch(SyncStore::deadLetter);
    }

    /** One dead letter of the connection. */
    Optional<DeadLetter> deadLetter(TenantId tenant, UUID connection, UUID id) {
        return db.selectFrom(SYNC_DEAD_LETTER)
                .where(SYNC_DEAD_LETTER.TENANT_ID.eq(tenant.value()), SYNC_DEAD_LETTER.CONNECTION_ID.eq(connection), SYNC_DEAD_LETTER.ID.eq(id))
                .fetchOptional(SyncStore::deadLetter);
    }

    /** Marks the unresolved dead letters matching the filter (and among {@code ids}, when given) resolved; how many. */
    int resolveDeadLetters(TenantId tenant, UUID connection, Collection<UUID> ids, DeadLetterFilter filter, Instant now) {
        return db.update(SYNC_DEAD_LETTER)
                .set(SYNC_DEAD_LETTER.RESOLVED_AT, utc(now))
                .where(matching(tenant, connection, filter), SYNC_DEAD_LETTER.RESOLVED_AT.isNull(),
                        ids == null ? DSL.noCondition() : SYNC_DEAD_LETTER.ID.in(ids))
                .execute();
    }

    private static org.jooq.Condition matching(TenantId tenant, UUID connection, DeadLetterFilter filter) {
        return DSL.and(SYNC_DEAD_LETTER.TENANT_ID.eq(tenant.value()), SYNC_DEAD_LETTER.CONNECTION_ID.eq(connection),
                filter.stream().map(SYNC_DEAD_LETTER.STREAM::eq).orElse(DSL.noCondition()),
                filter.code().map(code -> SYNC_DEAD_LETTER.CODE.eq(code.name())).orElse(DSL.noCondition()),
                filter.unresolvedOnly() ? SYNC_DEAD_LETTER.RESOLVED_AT.isNull() : DSL.noCondition());
    }

    private static DeadLetter deadLetter(io.metaplatform.plugins.runtime.internal.jooq.tables.records.SyncDeadLetterRecord letter) {
        return new DeadLetter(letter.getId(), letter.getConnectionId(), letter.getRunId(), letter.getStream(),
                DeadLetter.Direction.valueOf(letter.getDirection()), letter.getExternalId(), letter.getSource(), letter.getRecordId(), letter.getRaw(),
                DeadLetter.Code.valueOf(letter.getCode()), letter.getReason(),
                JSON.readValue(letter.getProblems().data(), new TypeReference<List<FieldProblem>>() { }),
                letter.getCreatedAt().toInstant(), letter.getResolvedAt() == null ? null : letter.getResolvedAt().toInstant());
    }

    /** The keyset position of a dead letter in newest-first order. */
    record DeadLetterKey(Instant createdAt, UUID id) {
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}
