package io.metaplatform.plugins.runtime.internal.connections;

import static io.metaplatform.plugins.runtime.internal.jooq.Tables.CONNECTOR_CONNECTION;
import static io.metaplatform.plugins.runtime.internal.jooq.Tables.CONNECTOR_OAUTH_TOKEN;
import static io.metaplatform.plugins.runtime.internal.jooq.Tables.CONNECTOR_RUN;
import static io.metaplatform.plugins.runtime.internal.jooq.Tables.CONNECTOR_SCHEDULE;
import static io.metaplatform.plugins.runtime.internal.jooq.Tables.CONNECTOR_UPLOAD;
import static io.metaplatform.plugins.runtime.internal.jooq.Tables.SYNC_DEAD_LETTER;
import static io.metaplatform.plugins.runtime.internal.jooq.Tables.SYNC_EXTERNAL_REF;
import static io.metaplatform.plugins.runtime.internal.jooq.Tables.SYNC_STREAM_STATE;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.TenantId;
import io.metaplatform.plugins.runtime.Connection;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jooq.JSONB;
import org.jooq.Table;
import org.jooq.TableField;
import org.junit.jupiter.api.Test;

/** Deleting a connection removes everything kept of it, in one transaction, and nothing of other connections. */
class ConnectionDeletionTest extends ConnectionsTestSupport {

    @Test
    void deletingAConnectionRemovesItsRunsUploadsScheduleTokensRefsStateAndDeadLettersButNoOtherConnections() {
        Connection doomed = enabled("Doomed");
        Connection kept = enabled("Kept");
        TenantId otherTenant = TenantId.random();
        TenantId mine = tenant;
        tenant = otherTenant;
        Connection foreign = enabled("Foreign");
        tenant = mine;
        for (var pair : Map.of(doomed.id(), mine, kept.id(), mine, foreign.id(), otherTenant).entrySet()) {
            as(pair.getValue(), () -> {
                runWithUpload(pair.getKey());
                finishedRun(pair.getValue(), pair.getKey());
                fillSyncTables(pair.getValue(), pair.getKey());
                return null;
            });
        }
        assertThat(counts(mine, doomed.id())).allSatisfy((table, count) -> assertThat(count).as(table).isPositive());

        inTenant(() -> {
            connections.delete(doomed.id());
            return null;
        });

        assertThat(counts(mine, doomed.id())).allSatisfy((table, count) -> assertThat(count).as(table).isZero());
        assertThat(counts(mine, kept.id())).allSatisfy((table, count) -> assertThat(count).as(table).isPositive());
        assertThat(counts(otherTenant, foreign.id())).allSatisfy((table, count) -> assertThat(count).as(table).isPositive());
    }

    @Test
    void deletingAConnectionWaitsForItsRunningRunSoThatItsLastPageLeavesNothingBehind() {
        Connection connection = enabled("Busy");
        runner.script(connection.id(), (job, stream) -> {
            while (!job.cancelled().getAsBoolean()) {
                pause(20);
            }
            // A run notices the cancellation only at its next page, which it still commits.
            pause(300);
            as(job.tenant(), () -> {
                transactions.executeWithoutResult(status -> db.insertInto(SYNC_STREAM_STATE).set(SYNC_STREAM_STATE.TENANT_ID, job.tenant().value())
                        .set(SYNC_STREAM_STATE.CONNECTION_ID, job.connectionId()).set(SYNC_STREAM_STATE.STREAM, stream)
                        .set(SYNC_STREAM_STATE.PULL_STATE, JSONB.valueOf("{}")).execute());
                return null;
            });
            return io.metaplatform.plugins.runtime.internal.sync.RunCounts.ZERO;
        });
        inTenant(() -> connections.runNow(connection.id()));

        inTenant(() -> {
            connections.delete(connection.id());
            return null;
        });
        pause(500);

        assertThat(counts(tenant, connection.id())).allSatisfy((table, count) -> assertThat(count).as(table).isZero());
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void runWithUpload(UUID connection) {
        // A failing run keeps its upload, so the row is still there to be deleted with the connection.
        runner.script(connection, (job, stream) -> {
            throw new io.metaplatform.plugins.api.ConnectorException("the file is not what it should be");
        });
        connections.runWithUpload(connection, "text/csv", "id,name\n1,A\n".getBytes(StandardCharsets.UTF_8));
    }

    private void finishedRun(TenantId who, UUID connection) {
        await(() -> as(who, () -> connections.runs(connection, 1, null).runs().stream()
                .anyMatch(run -> run.status() != io.metaplatform.plugins.runtime.RunStatus.RUNNING)));
    }

    private void fillSyncTables(TenantId who, UUID connection) {
        OffsetDateTime now = OffsetDateTime.now();
        transactions.executeWithoutResult(status -> {
            db.insertInto(SYNC_EXTERNAL_REF).set(SYNC_EXTERNAL_REF.TENANT_ID, who.value()).set(SYNC_EXTERNAL_REF.CONNECTION_ID, connection)
                    .set(SYNC_EXTERNAL_REF.STREAM, "companies").set(SYNC_EXTERNAL_REF.EXTERNAL_ID, "ext-1")
                    .set(SYNC_EXTERNAL_REF.OBJECT_API_NAME, "company").set(SYNC_EXTERNAL_REF.RECORD_ID, UUID.randomUUID())
                    .set(SYNC_EXTERNAL_REF.CONTENT_HASH, "hash").set(SYNC_EXTERNAL_REF.SYNCED_AT, now).execute();
            db.insertInto(SYNC_STREAM_STATE).set(SYNC_STREAM_STATE.TENANT_ID, who.value()).set(SYNC_STREAM_STATE.CONNECTION_ID, connection)
                    .set(SYNC_STREAM_STATE.STREAM, "companies").set(SYNC_STREAM_STATE.PULL_STATE, JSONB.valueOf("{\"page\":\"2\"}")).execute();
            db.insertInto(SYNC_DEAD_LETTER).set(SYNC_DEAD_LETTER.TENANT_ID, who.value()).set(SYNC_DEAD_LETTER.ID, UUID.randomUUID())
                    .set(SYNC_DEAD_LETTER.CONNECTION_ID, connection).set(SYNC_DEAD_LETTER.RUN_ID, UUID.randomUUID())
                    .set(SYNC_DEAD_LETTER.STREAM, "companies").set(SYNC_DEAD_LETTER.DIRECTION, "PULL").set(SYNC_DEAD_LETTER.RAW, "{}")
                    .set(SYNC_DEAD_LETTER.REASON, "bad").set(SYNC_DEAD_LETTER.PROBLEMS, JSONB.valueOf("[]"))
                    .set(SYNC_DEAD_LETTER.CREATED_AT, now).execute();
            db.insertInto(CONNECTOR_OAUTH_TOKEN).set(CONNECTOR_OAUTH_TOKEN.TENANT_ID, who.value())
                    .set(CONNECTOR_OAUTH_TOKEN.CONNECTION_ID, connection).set(CONNECTOR_OAUTH_TOKEN.ACCESS_TOKEN, "v1:sealed")
                    .set(CONNECTOR_OAUTH_TOKEN.UPDATED_AT, now).set(CONNECTOR_OAUTH_TOKEN.VERSION, 1L).execute();
        });
    }

    /** Rows of the connection per table, read in its tenant (row-level security shows no other). */
    private Map<String, Integer> counts(TenantId who, UUID connection) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        as(who, () -> transactions.execute(status -> {
            count(counts, CONNECTOR_CONNECTION, CONNECTOR_CONNECTION.ID, connection);
            count(counts, CONNECTOR_SCHEDULE, CONNECTOR_SCHEDULE.CONNECTION_ID, connection);
            count(counts, CONNECTOR_RUN, CONNECTOR_RUN.CONNECTION_ID, connection);
            count(counts, CONNECTOR_UPLOAD, CONNECTOR_UPLOAD.CONNECTION_ID, connection);
            count(counts, CONNECTOR_OAUTH_TOKEN, CONNECTOR_OAUTH_TOKEN.CONNECTION_ID, connection);
            count(counts, SYNC_EXTERNAL_REF, SYNC_EXTERNAL_REF.CONNECTION_ID, connection);
            count(counts, SYNC_STREAM_STATE, SYNC_STREAM_STATE.CONNECTION_ID, connection);
            count(counts, SYNC_DEAD_LETTER, SYNC_DEAD_LETTER.CONNECTION_ID, connection);
            return null;
        }));
        return counts;
    }

    private void count(Map<String, Integer> counts, Table<?> table, TableField<?, UUID> field, UUID connection) {
        counts.put(table.getName(), db.fetchCount(table, field.eq(connection)));
    }
}
