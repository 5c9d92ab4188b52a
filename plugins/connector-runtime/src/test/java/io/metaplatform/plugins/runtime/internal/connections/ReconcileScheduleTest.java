package io.metaplatform.plugins.runtime.internal.connections;

import static io.metaplatform.plugins.runtime.internal.connections.ConnectionLifecycleTest.catchPlatform;
import static io.metaplatform.plugins.runtime.internal.jooq.Tables.CONNECTOR_SCHEDULE;
import static io.metaplatform.plugins.runtime.internal.jooq.Tables.CONNECTOR_STREAM_RUN;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.plugins.runtime.Connection;
import io.metaplatform.plugins.runtime.ConnectionChange;
import io.metaplatform.plugins.runtime.ConnectionRun;
import io.metaplatform.plugins.runtime.NewConnection;
import io.metaplatform.plugins.runtime.RunErrorCode;
import io.metaplatform.plugins.runtime.RunStatus;
import io.metaplatform.plugins.runtime.RunTrigger;
import io.metaplatform.plugins.runtime.StreamOverride;
import io.metaplatform.plugins.runtime.internal.sync.Reconciliation;
import io.metaplatform.plugins.runtime.internal.sync.RunCounts;
import io.metaplatform.plugins.runtime.internal.sync.StreamSettings;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Reconciliation of streams that list all their ids: on a schedule of its own (daily by default, per stream),
 * in place of that run's read; its deletions count in the run, and a safety stop leaves a warning on it.
 */
class ReconcileScheduleTest extends ConnectionsTestSupport {

    @Autowired
    RunExecutor executor;

    @Test
    void reconcilesAtOnceThenOnlyWhenItsOwnIntervalPassedWhileReadsFollowTheSchedule() {
        Connection connection = complete("Reconciled");

        assertThat(scheduledRun(connection.id())).containsExactly("reconcile companies", "pull people");
        passes(connection.id(), Duration.ofHours(1));
        assertThat(scheduledRun(connection.id())).containsExactly("pull companies", "pull people");
        passes(connection.id(), Duration.ofHours(23));
        assertThat(scheduledRun(connection.id())).containsExactly("reconcile companies", "pull people");
    }

    @Test
    void runNowReadsAndReconcilesOnlyWhenTheReconciliationIsDue() {
        Connection connection = complete("Reconciled");
        scheduledRun(connection.id());

        inTenant(() -> connections.runNow(connection.id()));
        finishedRun(connection.id());

        assertThat(runner.takeCalls(connection.id())).containsExactly("pull companies", "pull people");
    }

    @Test
    void anAdminCanAskARunToReconcileNowWhetherDueOrNot() {
        Connection connection = complete("Reconciled");
        scheduledRun(connection.id());

        inTenant(() -> connections.runNow(connection.id(), true));
        finishedRun(connection.id());

        assertThat(runner.takeCalls(connection.id())).containsExactly("reconcile companies", "pull people");
    }

    @Test
    void anIntervalOfItsOwnShowsOnTheStreamAndDecidesWhenItIsDue() {
        Connection connection = complete("Reconciled");
        inTenant(() -> connections.update(connection.id(), new ConnectionChange(null, Map.of(),
                List.of(new StreamOverride("companies", null, null, null, null, null, null, null, null, null, "PT2H", 0.2)), null), "admin"));
        StreamSettings companies = inTenant(() -> connections.get(connection.id())).streams().getFirst();
        assertThat(companies.reconcileEvery()).contains(Duration.ofHours(2));
        assertThat(companies.maxDeletedShare()).isEqualTo(0.2);
        assertThat(inTenant(() -> connections.get(connection.id())).streams().get(1).reconcileEvery()).isEmpty();

        scheduledRun(connection.id());
        passes(connection.id(), Duration.ofHours(2));
        assertThat(scheduledRun(connection.id())).containsExactly("reconcile companies", "pull people");
    }

    @Test
    void deletionsCountInTheRunAndAHeldBackReconciliationLeavesAWarningOnASucceededRun() {
        Connection connection = complete("Reconciled");
        runner.script(connection.id(), (job, stream) -> RunCounts.ZERO);
        runner.reconcileWith(connection.id(), new Reconciliation(new RunCounts(8, 0, 0, 8, 2, 0), 10, 2, false, true));
        inTenant(() -> runScheduled(connection.id()));
        ConnectionRun deleting = lastRun(connection.id()).orElseThrow();
        assertThat(deleting.deleted()).isEqualTo(2);
        assertThat(deleting.errorCode()).isEmpty();

        passes(connection.id(), Duration.ofDays(1));
        runner.reconcileWith(connection.id(), new Reconciliation(new RunCounts(3, 0, 0, 3, 0, 0), 10, 7, true, true));
        inTenant(() -> runScheduled(connection.id()));
        ConnectionRun held = lastRun(connection.id()).orElseThrow();

        assertThat(held.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(held.deleted()).isZero();
        assertThat(held.errorCode()).contains(RunErrorCode.DELETIONS_HELD_BACK);
        assertThat(held.error()).hasValueSatisfying(message -> assertThat(message)
                .contains("companies").contains("7 of 10").contains("70%").contains("50%").contains("maxDeletedShare"));
    }

    @Test
    void reconciliationSettingsAreRefusedWhereTheyCannotApplyWithTheirPath() {
        Connection connection = complete("Reconciled");

        PlatformException refused = catchPlatform(() -> inTenant(() -> connections.update(connection.id(), new ConnectionChange(null, Map.of(),
                List.of(new StreamOverride("people", null, null, null, null, null, null, null, null, null, "P1D", null),
                        new StreamOverride("companies", null, null, null, null, null, null, null, null, null, "PT5S", 1.5)), null), "admin")));

        assertThat(refused.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(fields(refused)).containsExactlyInAnyOrder("input.streams.people.reconcileEvery",
                "input.streams.companies.reconcileEvery", "input.streams.companies.maxDeletedShare");
        assertThat(codes(refused)).containsExactlyInAnyOrder("NOT_SUPPORTED", "TOO_SHORT", "OUT_OF_RANGE");
    }

    private Connection complete(String name) {
        Connection created = inTenant(() -> connections.create(new NewConnection(TestConnector.COMPLETE_ID, name,
                Map.of("apiKey", TestConnector.GOOD_KEY), List.of(), "PT1H"), "admin"));
        return inTenant(() -> {
            connections.check(created.id());
            return connections.enable(created.id());
        });
    }

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
        return null;
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
    }

    private static Field<OffsetDateTime> back(Field<OffsetDateTime> time, Duration elapsed) {
        return DSL.field("{0} - ({1} * interval '1 second')", time.getDataType(), time, DSL.inline(elapsed.toSeconds()));
    }
}
