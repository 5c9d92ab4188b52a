package io.metaplatform.plugins.runtime.internal.connections;

import static io.metaplatform.plugins.runtime.internal.connections.ConnectionLifecycleTest.catchPlatform;
import static io.metaplatform.plugins.runtime.internal.jooq.Tables.CONNECTOR_SCHEDULE;
import static io.metaplatform.plugins.runtime.internal.jooq.Tables.CONNECTOR_STREAM_RUN;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantId;
import io.metaplatform.plugins.runtime.Connection;
import io.metaplatform.plugins.runtime.ConnectionChange;
import io.metaplatform.plugins.runtime.RunStatus;
import io.metaplatform.plugins.runtime.RunTrigger;
import io.metaplatform.plugins.runtime.StreamOverride;
import io.metaplatform.plugins.runtime.internal.sync.StreamSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Streams with intervals of their own: a scheduled run reads and pushes only the streams that are due,
 * the connection wakes at the earliest due stream, and a manual run does everything. Time passes by
 * moving the recorded run times back.
 */
class StreamIntervalsTest extends ConnectionsTestSupport {

    @Autowired
    RunExecutor executor;

    @Test
    void aScheduledRunSyncsOnlyTheDueStreamsAndTheConnectionWakesAtTheEarliestDueOne() {
        // companies: every hour (the connection's schedule); people: read every 4 hours, pushed every 30 minutes
        Connection connection = withIntervals(tenant, "Intervals");

        assertThat(scheduledRun(connection.id())).containsExactly("pull companies", "pull people", "push people");
        assertThat(nextRunIn(connection.id())).isBetween(Duration.ofMinutes(29), Duration.ofMinutes(30));

        passes(connection.id(), Duration.ofMinutes(30));
        assertThat(scheduledRun(connection.id())).containsExactly("push people");
        assertThat(nextRunIn(connection.id())).isBetween(Duration.ofMinutes(29), Duration.ofMinutes(30));

        passes(connection.id(), Duration.ofMinutes(30));
        assertThat(scheduledRun(connection.id())).containsExactly("pull companies", "push people");

        passes(connection.id(), Duration.ofMinutes(30));
        assertThat(scheduledRun(connection.id())).containsExactly("push people");
    }

    @Test
    void runNowSyncsEveryStreamWhetherDueOrNot() {
        Connection connection = withIntervals(tenant, "Intervals");
        scheduledRun(connection.id());

        inTenant(() -> connections.runNow(connection.id()));
        finishedRun(connection.id());

        assertThat(runner.takeCalls(connection.id())).containsExactly("pull companies", "pull people", "push people");
    }

    @Test
    void changingAStreamsIntervalOrTheScheduleReschedulesTheNextRunAtOnce() {
        Connection connection = withIntervals(tenant, "Intervals");
        scheduledRun(connection.id());
        assertThat(nextRunIn(connection.id())).isBetween(Duration.ofMinutes(29), Duration.ofMinutes(30));

        // people pushed every 15 minutes instead of 30: the next run moves 15 minutes closer
        inTenant(() -> connections.update(connection.id(), new ConnectionChange(null, Map.of(),
                List.of(new StreamOverride("people", null, null, null, null, null, true, null, "PT4H", "PT15M")), null), "admin"));
        assertThat(nextRunIn(connection.id())).isBetween(Duration.ofMinutes(14), Duration.ofMinutes(15));

        // the connection's schedule to two hours and people back to 30 minutes: counted from the streams' last runs,
        // the push of people is the earliest due, not two hours from the change
        inTenant(() -> connections.update(connection.id(), new ConnectionChange(null, Map.of(),
                List.of(new StreamOverride("people", null, null, null, null, null, true, null, "PT4H", "PT30M")),
                Optional.of("PT2H")), "admin"));
        assertThat(nextRunIn(connection.id())).isBetween(Duration.ofMinutes(29), Duration.ofMinutes(30));

        // a stream that last ran long enough ago is due at once when its interval shrinks
        streamsRanEarlier(connection.id(), Duration.ofMinutes(20));
        assertThat(nextRunIn(connection.id())).isGreaterThan(Duration.ofMinutes(29));
        inTenant(() -> connections.update(connection.id(), new ConnectionChange(null, Map.of(),
                List.of(new StreamOverride("people", null, null, null, null, null, true, null, "PT4H", "PT15M")), null), "admin"));
        assertThat(nextRunIn(connection.id())).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theEffectiveIntervalsShowOnTheConnectionAndStreamsWithoutOneFollowTheSchedule() {
        Connection connection = withIntervals(tenant, "Intervals");

        Map<String, StreamSettings> streams = inTenant(() -> connections.get(connection.id())).streams().stream()
                .collect(java.util.stream.Collectors.toMap(StreamSettings::stream, settings -> settings));

        assertThat(streams.get("people").pullEvery()).contains(Duration.ofHours(4));
        assertThat(streams.get("people").pushEvery()).contains(Duration.ofMinutes(30));
        assertThat(streams.get("companies").pullEvery()).isEmpty();
    }

    @Test
    void intervalsShorterThanTheMinimumOrUnreadableAreRefusedWithTheirPathAndNothingIsWritten() {
        Connection connection = enabled("Intervals");

        PlatformException refused = catchPlatform(() -> inTenant(() -> connections.update(connection.id(), new ConnectionChange(null, Map.of(),
                List.of(new StreamOverride("people", null, null, null, null, null, true, null, "PT10S", "soon")), null), "admin")));

        assertThat(refused.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(fields(refused)).containsExactlyInAnyOrder("input.streams.people.pullEvery", "input.streams.people.pushEvery");
        assertThat(codes(refused)).containsExactlyInAnyOrder("TOO_SHORT", "INVALID_DURATION");
        StreamSettings people = inTenant(() -> connections.get(connection.id())).streams().get(1);
        assertThat(people.push()).isFalse();
        assertThat(people.pullEvery()).isEmpty();
    }

    @Test
    void anotherTenantsStreamRunsNeitherShowNorDelayItsOwnStreams() {
        Connection mine = withIntervals(tenant, "Intervals");
        scheduledRun(mine.id());
        TenantId other = TenantId.random();
        Connection theirs = withIntervals(other, "Intervals");

        List<String> theirRun = as(other, () -> {
            runScheduled(theirs.id());
            return runner.takeCalls(theirs.id());
        });
        int mineSeenByThem = as(other, () -> transactions.execute(status ->
                db.fetchCount(CONNECTOR_STREAM_RUN, CONNECTOR_STREAM_RUN.CONNECTION_ID.eq(mine.id()))));

        assertThat(theirRun).containsExactly("pull companies", "pull people", "push people");
        assertThat(mineSeenByThem).isZero();
        int mineSeenByMe = inTenant(() -> transactions.execute(status ->
                db.fetchCount(CONNECTOR_STREAM_RUN, CONNECTOR_STREAM_RUN.CONNECTION_ID.eq(mine.id()))));
        assertThat(mineSeenByMe).isEqualTo(3);
    }

    private Connection withIntervals(TenantId who, String name) {
        TenantId previous = tenant;
        tenant = who;
        try {
            Connection connection = enabled(name);
            inTenant(() -> connections.update(connection.id(), new ConnectionChange(null, Map.of(),
                    List.of(new StreamOverride("people", null, null, null, null, null, true, null, "PT4H", "PT30M")), null), "admin"));
            return connection;
        } finally {
            tenant = previous;
        }
    }

    /** Claims and runs a scheduled run of the bound tenant's connection, and returns what it pulled and pushed. */
    private List<String> scheduledRun(UUID connection) {
        inTenant(() -> runScheduled(connection));
        return runner.takeCalls(connection);
    }

    private Void runScheduled(UUID connection) {
        RunExecutor.Claim claim = executor.claim(connection, RunTrigger.SCHEDULE);
        assertThat(claim).isInstanceOf(RunExecutor.Claimed.class);
        UUID runId = ((RunExecutor.Claimed) claim).runId();
        executor.start((RunExecutor.Claimed) claim);
        await(() -> connections.runs(connection, 5, null).runs().stream()
                .anyMatch(run -> run.id().equals(runId) && run.status() != RunStatus.RUNNING));
        assertThat(connections.runs(connection, 1, null).runs().getFirst().status()).isEqualTo(RunStatus.SUCCEEDED);
        return null;
    }

    private Duration nextRunIn(UUID connection) {
        Instant next = inTenant(() -> connections.get(connection)).nextRunAt().orElseThrow();
        return Duration.between(Instant.now(), next);
    }

    /** Moves the connection's recorded stream runs and its next run back by {@code elapsed}, as if that much time passed. */
    private void passes(UUID connection, Duration elapsed) {
        inTenant(() -> transactions.execute(status -> {
            db.update(CONNECTOR_STREAM_RUN)
                    .set(CONNECTOR_STREAM_RUN.LAST_RUN_AT, back(CONNECTOR_STREAM_RUN.LAST_RUN_AT, elapsed))
                    .where(CONNECTOR_STREAM_RUN.TENANT_ID.eq(tenant.value()).and(CONNECTOR_STREAM_RUN.CONNECTION_ID.eq(connection)))
                    .execute();
            return db.update(CONNECTOR_SCHEDULE)
                    .set(CONNECTOR_SCHEDULE.NEXT_RUN_AT, back(CONNECTOR_SCHEDULE.NEXT_RUN_AT, elapsed))
                    .where(CONNECTOR_SCHEDULE.TENANT_ID.eq(tenant.value()).and(CONNECTOR_SCHEDULE.CONNECTION_ID.eq(connection)))
                    .execute();
        }));
        Optional<Instant> next = inTenant(() -> connections.get(connection)).nextRunAt();
        assertThat(next).hasValueSatisfying(at -> assertThat(at).isBefore(Instant.now().plusSeconds(1)));
    }

    /** Moves only the recorded stream runs back, leaving the planned next run as it is. */
    private void streamsRanEarlier(UUID connection, Duration elapsed) {
        inTenant(() -> transactions.execute(status -> db.update(CONNECTOR_STREAM_RUN)
                .set(CONNECTOR_STREAM_RUN.LAST_RUN_AT, back(CONNECTOR_STREAM_RUN.LAST_RUN_AT, elapsed))
                .where(CONNECTOR_STREAM_RUN.TENANT_ID.eq(tenant.value()).and(CONNECTOR_STREAM_RUN.CONNECTION_ID.eq(connection)))
                .execute()));
    }

    private static Field<OffsetDateTime> back(Field<OffsetDateTime> time, Duration elapsed) {
        return DSL.field("{0} - ({1} * interval '1 second')", time.getDataType(), time, DSL.inline(elapsed.toSeconds()));
    }
}
