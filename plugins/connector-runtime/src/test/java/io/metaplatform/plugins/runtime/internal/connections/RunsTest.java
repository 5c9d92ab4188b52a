package io.metaplatform.plugins.runtime.internal.connections;

import static io.metaplatform.plugins.runtime.internal.connections.ConnectionLifecycleTest.catchPlatform;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.plugins.api.CredentialsException;
import io.metaplatform.plugins.api.RetriableException;
import io.metaplatform.plugins.runtime.Connection;
import io.metaplatform.plugins.runtime.ConnectionChange;
import io.metaplatform.plugins.runtime.ConnectionRun;
import io.metaplatform.plugins.runtime.ConnectionService;
import io.metaplatform.plugins.runtime.ConnectionStatus;
import io.metaplatform.plugins.runtime.RunErrorCode;
import io.metaplatform.plugins.runtime.RunStatus;
import io.metaplatform.plugins.runtime.RunTrigger;
import io.metaplatform.plugins.runtime.StreamOverride;
import io.metaplatform.plugins.runtime.internal.sync.RunCounts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Running a connection now: counts, totals, failures, the one-run-at-a-time rule, and secrets kept out of errors and logs. */
@ExtendWith(OutputCaptureExtension.class)
class RunsTest extends ConnectionsTestSupport {

    @Test
    void aRunRecordsItsCountsAndAddsToTheConnectionsTotals() {
        Connection connection = enabled("CRM");
        inTenant(() -> connections.update(connection.id(), new ConnectionChange(null, Map.of(),
                List.of(new StreamOverride("people", null, null, null, null, null, true, null)), null), "admin"));
        runner.script(connection.id(), (job, stream) -> new RunCounts(10, 4, 3, 2, 1, 0));

        ConnectionRun started = inTenant(() -> connections.runNow(connection.id()));
        ConnectionRun finished = finishedRun(connection.id());
        Connection after = inTenant(() -> connections.get(connection.id()));

        assertThat(started.trigger()).isEqualTo(RunTrigger.MANUAL);
        assertThat(finished.id()).isEqualTo(started.id());
        assertThat(finished.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(finished.finishedAt()).isPresent();
        // companies and people are pulled, people pushed (1 read, 1 updated)
        assertThat(List.of(finished.read(), finished.created(), finished.updated(), finished.unchanged(), finished.deleted()))
                .containsExactly(21L, 8L, 7L, 4L, 2L);
        assertThat(after.totals()).isEqualTo(new Connection.Totals(1, 1, 0, 17));
        assertThat(after.nextRunAt()).hasValueSatisfying(next ->
                assertThat(next).isAfter(finished.finishedAt().orElseThrow().plus(Duration.ofMinutes(59))));
    }

    @Test
    void runNowWhileARunIsRunningIsAConflict() throws InterruptedException {
        Connection connection = enabled("CRM");
        CountDownLatch release = new CountDownLatch(1);
        runner.script(connection.id(), (job, stream) -> {
            await(release);
            return RunCounts.ZERO;
        });

        inTenant(() -> connections.runNow(connection.id()));
        var second = catchPlatform(() -> inTenant(() -> connections.runNow(connection.id())));
        release.countDown();
        finishedRun(connection.id());

        assertThat(second.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(inTenant(() -> connections.runs(connection.id(), 10, null)).runs()).hasSize(1);
    }

    @Test
    void aConnectionThatIsNotEnabledDoesNotRun() {
        Connection draft = create("CRM", Map.of("apiKey", SECRET));

        assertThat(catchPlatform(() -> inTenant(() -> connections.runNow(draft.id()))).code()).isEqualTo(ErrorCode.CONFLICT);
    }

    @Test
    void refusedCredentialsStopTheScheduleUntilACheckPasses(CapturedOutput output) {
        Connection connection = enabled("CRM");
        runner.script(connection.id(), (job, stream) -> {
            throw new CredentialsException("token " + job.configuration().string("apiKey") + " expired");
        });

        inTenant(() -> connections.runNow(connection.id()));
        ConnectionRun failed = finishedRun(connection.id());
        Connection invalid = inTenant(() -> connections.get(connection.id()));
        Connection.Check check = inTenant(() -> connections.check(connection.id()));
        Connection fixed = inTenant(() -> connections.get(connection.id()));

        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.error()).hasValueSatisfying(error -> assertThat(error).contains("expired").doesNotContain(TestConnector.GOOD_KEY));
        assertThat(invalid.status()).isEqualTo(ConnectionStatus.CREDENTIALS_INVALID);
        assertThat(invalid.nextRunAt()).isEmpty();
        assertThat(invalid.totals()).isEqualTo(new Connection.Totals(1, 0, 1, 0));
        assertThat(check.passed()).isTrue();
        assertThat(fixed.status()).isEqualTo(ConnectionStatus.ENABLED);
        assertThat(fixed.nextRunAt()).isPresent();
        assertThat(output.getAll()).doesNotContain(TestConnector.GOOD_KEY);
    }

    @Test
    void aTransientFailureKeepsTheScheduleForTheNextRun() {
        Connection connection = enabled("CRM");
        runner.script(connection.id(), (job, stream) -> {
            throw new RetriableException("503 from the API");
        });

        inTenant(() -> connections.runNow(connection.id()));
        ConnectionRun failed = finishedRun(connection.id());
        Connection after = inTenant(() -> connections.get(connection.id()));

        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.error()).hasValue("503 from the API");
        assertThat(after.status()).isEqualTo(ConnectionStatus.ENABLED);
        assertThat(after.nextRunAt()).isPresent();
    }

    @Test
    void secretsNeverReachErrorsOrLogsEvenWhenAConnectorPutsThemInMessages(CapturedOutput output) {
        Connection connection = create("CRM", Map.of("apiKey", SECRET));
        Connection.Check check = inTenant(() -> connections.check(connection.id()));
        inTenant(() -> connections.update(connection.id(), new ConnectionChange(null, Map.of("apiKey", TestConnector.GOOD_KEY,
                "webhookSecret", SECRET), List.of(), null), "admin"));
        inTenant(() -> connections.check(connection.id()));
        inTenant(() -> connections.enable(connection.id()));
        runner.script(connection.id(), (job, stream) -> {
            throw new IllegalStateException("bug: could not parse " + job.configuration().string("webhookSecret"));
        });

        inTenant(() -> connections.runNow(connection.id()));
        ConnectionRun failed = finishedRun(connection.id());

        assertThat(check.message()).contains(ConnectionSecrets.MASK).doesNotContain(SECRET);
        assertThat(failed.errorCode()).contains(RunErrorCode.INTERNAL);
        assertThat(failed.error()).hasValueSatisfying(error -> assertThat(error).contains("unexpected error", failed.id().toString())
                .doesNotContain("IllegalStateException", "bug", SECRET));
        assertThat(output.getAll()).contains("failed unexpectedly", "IllegalStateException").doesNotContain(SECRET);
    }

    @Test
    void aDatabaseErrorReachesTheAdminAsAPlainMessageAndTheLogWithoutItsSql(CapturedOutput output) {
        Connection connection = enabled("CRM");
        runner.script(connection.id(), (job, stream) -> {
            throw new org.springframework.dao.DataIntegrityViolationException("jOOQ; SQL [insert into sync_dead_letter values (?)]",
                    new IllegalArgumentException("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00"));
        });

        inTenant(() -> connections.runNow(connection.id()));
        ConnectionRun failed = finishedRun(connection.id());

        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.errorCode()).contains(RunErrorCode.INTERNAL);
        assertThat(failed.error()).hasValueSatisfying(error -> assertThat(error).doesNotContain("SQL", "insert", "jOOQ", "Exception"));
        assertThat(output.getAll()).contains("DataIntegrityViolationException").doesNotContain("invalid byte sequence");
    }

    @Test
    void aRefusedWriteOfThePlatformIsShownWithItsOwnMessage() {
        Connection connection = enabled("CRM");
        runner.script(connection.id(), (job, stream) -> {
            throw new io.metaplatform.core.PlatformException(ErrorCode.CONFLICT, "Another write changed the record first.");
        });

        inTenant(() -> connections.runNow(connection.id()));
        ConnectionRun failed = finishedRun(connection.id());

        assertThat(failed.errorCode()).contains(RunErrorCode.RECORDS_NOT_WRITTEN);
        assertThat(failed.error()).contains("The records could not be written: Another write changed the record first.");
    }

    @Test
    void aRunWhoseErrorQuotesNulCharactersIsRecordedAndTheNextRunStarts() {
        Connection connection = enabled("CRM");
        runner.script(connection.id(), (job, stream) -> {
            throw new io.metaplatform.plugins.api.ConnectorException("key column id is not one of the file's columns [\u0000\u0000]");
        });

        inTenant(() -> connections.runNow(connection.id()));
        ConnectionRun failed = finishedRun(connection.id());
        runner.script(connection.id(), (job, stream) -> RunCounts.ZERO);
        ConnectionRun next = inTenant(() -> connections.runNow(connection.id()));

        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.errorCode()).contains(RunErrorCode.CONNECTOR_FAILED);
        assertThat(failed.error()).contains("key column id is not one of the file's columns [\uFFFD\uFFFD]");
        assertThat(next.id()).isNotEqualTo(failed.id());
        assertThat(finishedRun(connection.id()).status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void disablingCancelsARunningRunAtItsNextHeartbeat() {
        Connection connection = enabled("CRM");
        CountDownLatch running = new CountDownLatch(1);
        runner.script(connection.id(), (job, stream) -> {
            running.countDown();
            ConnectionsTestSupport.await(() -> job.cancelled().getAsBoolean());
            return new RunCounts(1, 1, 0, 0, 0, 0);
        });

        inTenant(() -> connections.runNow(connection.id()));
        // Disabled while the connector works: a disable before the first stream began would cancel an empty run.
        await(running);
        inTenant(() -> connections.disable(connection.id()));
        ConnectionRun cancelled = finishedRun(connection.id());

        assertThat(cancelled.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(cancelled.created()).isEqualTo(1);
        assertThat(inTenant(() -> connections.get(connection.id())).status()).isEqualTo(ConnectionStatus.DISABLED);
    }

    @Test
    void runsArePagedNewestFirst() {
        Connection connection = enabled("CRM");
        for (int i = 0; i < 3; i++) {
            inTenant(() -> connections.runNow(connection.id()));
            finishedRun(connection.id());
        }

        ConnectionService.RunPage first = inTenant(() -> connections.runs(connection.id(), 2, null));
        ConnectionService.RunPage second = inTenant(() -> connections.runs(connection.id(), 2, first.runs().getLast().id().toString()));
        var badCursor = catchPlatform(() -> inTenant(() -> connections.runs(connection.id(), 2, "nope")));

        assertThat(first.runs()).hasSize(2);
        assertThat(first.hasNextPage()).isTrue();
        assertThat(first.runs().getFirst().startedAt()).isAfterOrEqualTo(first.runs().getLast().startedAt());
        assertThat(second.runs()).hasSize(1);
        assertThat(second.hasNextPage()).isFalse();
        assertThat(second.runs().getFirst().startedAt()).isBeforeOrEqualTo(first.runs().getLast().startedAt());
        assertThat(fields(badCursor)).containsExactly("after");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
