package io.metaplatform.plugins.runtime.internal.connections;

import static io.metaplatform.plugins.runtime.internal.jooq.Tables.CONNECTOR_SCHEDULE;
import static io.metaplatform.plugins.runtime.internal.jooq.Tables.CONNECTOR_STREAM_RUN;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.TenantContext;
import io.metaplatform.plugins.runtime.Connection;
import io.metaplatform.plugins.runtime.ConnectionRun;
import io.metaplatform.plugins.runtime.RunStatus;
import io.metaplatform.plugins.runtime.RunTrigger;
import io.metaplatform.plugins.runtime.internal.sync.RunCounts;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Two runtimes (own instance ids, executors and schedulers) share one database, as two server instances do. */
class ClaimTest extends ConnectionsTestSupport {

    @Autowired
    ConnectionStore store;
    @Autowired
    io.metaplatform.core.TenantGate gate;
    @Autowired
    io.metaplatform.core.SharedRedis redis;

    RunExecutor executorA;
    RunExecutor executorB;
    ConnectionScheduler schedulerA;
    ConnectionScheduler schedulerB;

    /** The schedulers serve every tenant: connections other tests left due would be run here too. */
    @BeforeEach
    void onlyThisTestsConnectionsBecomeDue() {
        transactions.execute(status -> db.update(CONNECTOR_SCHEDULE).setNull(CONNECTOR_SCHEDULE.NEXT_RUN_AT)
                .where(CONNECTOR_SCHEDULE.NEXT_RUN_AT.isNotNull()).execute());
    }

    @BeforeEach
    void twoRuntimes() {
        executorA = new RunExecutor(collaborators, "instance-a", Duration.ofMillis(100), Duration.ofSeconds(1), 8);
        executorB = new RunExecutor(collaborators, "instance-b", Duration.ofMillis(100), Duration.ofSeconds(1), 8);
        schedulerA = new ConnectionScheduler(store, executorA, transactions, gate, Duration.ofMillis(10), false);
        schedulerB = new ConnectionScheduler(store, executorB, transactions, gate, Duration.ofMillis(10), false);
    }

    @AfterEach
    void stop() {
        executorA.close();
        executorB.close();
    }

    @Test
    void twoRuntimesPollingTogetherRunEveryDueConnectionExactlyOnce() throws InterruptedException {
        List<UUID> due = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Connection connection = enabled("CRM " + i);
            due.add(connection.id());
            runner.script(connection.id(), (job, stream) -> pause(30));
        }
        int overlapsBefore = runner.overlaps();

        hammer(() -> due.stream().allMatch(id -> lastRun(id).filter(run -> run.status() == RunStatus.SUCCEEDED).isPresent()), null);

        assertThat(due).allSatisfy(id -> {
            assertThat(inTenant(() -> connections.runs(id, 10, null)).runs()).hasSize(1);
            assertThat(runner.runsOf(id)).isEqualTo(1);
        });
        assertThat(runner.overlaps()).isEqualTo(overlapsBefore);
    }

    @Test
    void aConnectionDueAgainAndAgainNeverRunsTwiceAtOnce() throws InterruptedException {
        Connection connection = enabled("CRM");
        runner.script(connection.id(), (job, stream) -> pause(15));
        int overlapsBefore = runner.overlaps();
        long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();

        hammer(() -> System.nanoTime() > deadline, () -> makeDue(connection.id()));
        await(() -> lastRun(connection.id()).filter(run -> run.status() != RunStatus.RUNNING).isPresent());

        List<ConnectionRun> runs = inTenant(() -> connections.runs(connection.id(), 100, null)).runs();
        assertThat(runs.size()).as("the connection was due many times").isGreaterThan(5);
        assertThat(runs).extracting(ConnectionRun::claimedBy).contains("instance-a", "instance-b");
        assertThat(runs).allSatisfy(run -> assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED));
        assertThat(runner.overlaps()).isEqualTo(overlapsBefore);
        // A run made due while the previous one was still recording its streams finds them just synced and skips them.
        assertThat(runner.runsOf(connection.id())).isGreaterThan(5).isLessThanOrEqualTo(runs.size());
    }

    @Test
    void aRunWhoseInstanceStoppedIsTakenOverOnceItsHeartbeatIsStale() {
        Connection connection = enabled("CRM");
        // instance-a claims the run and dies before it starts working: no heartbeat ever follows
        RunExecutor.Claim claim = inTenant(() -> executorA.claim(connection.id(), RunTrigger.SCHEDULE));
        assertThat(claim).isInstanceOf(RunExecutor.Claimed.class);
        executorA.close();

        assertThat(schedulerB.pollOnce()).as("the claim is fresh").isZero();
        await(() -> schedulerB.pollOnce() == 1);
        await(() -> lastRun(connection.id()).filter(run -> run.status() == RunStatus.SUCCEEDED).isPresent());

        List<ConnectionRun> runs = inTenant(() -> connections.runs(connection.id(), 10, null)).runs();
        assertThat(runs).extracting(ConnectionRun::claimedBy, ConnectionRun::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("instance-b", RunStatus.SUCCEEDED),
                        org.assertj.core.groups.Tuple.tuple("instance-a", RunStatus.FAILED));
        assertThat(runs.getLast().error()).hasValueSatisfying(error -> assertThat(error).contains("Abandoned", "instance-a"));
        assertThat(runs.getLast().errorCode()).contains(io.metaplatform.plugins.runtime.RunErrorCode.ABANDONED);
        assertThat(inTenant(() -> connections.get(connection.id())).totals().syncsFailed()).isEqualTo(1);
    }

    @Test
    void cancellingADeletedConnectionsRunReachesTheInstanceRunningItThroughRedisWithoutWaitingForAHeartbeat() {
        // heartbeats ten minutes apart: only the message can stop the run on instance b in time
        RunExecutor a = new RunExecutor(collaborators, "instance-a2", Duration.ofMinutes(10), Duration.ofMinutes(10), 8, redis);
        RunExecutor b = new RunExecutor(collaborators, "instance-b2", Duration.ofMinutes(10), Duration.ofMinutes(10), 8, redis);
        try {
            Connection connection = enabled("CRM");
            AtomicBoolean sawCancel = runsUntilCancelled(connection.id(), b);

            boolean ended = inTenant(() -> a.cancelAndWait(connection.id(), Duration.ofSeconds(20)));

            assertThat(ended).isTrue();
            assertThat(sawCancel).isTrue();
            assertThat(lastRun(connection.id()).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void withoutRedisAnotherInstancesRunIsWaitedForAndNotCutShort() {
        io.metaplatform.core.SharedRedis none = java.util.Optional::empty;
        RunExecutor a = new RunExecutor(collaborators, "instance-a3", Duration.ofMinutes(10), Duration.ofMinutes(10), 8, none);
        RunExecutor b = new RunExecutor(collaborators, "instance-b3", Duration.ofMinutes(10), Duration.ofMinutes(10), 8, none);
        try {
            Connection connection = enabled("CRM");
            AtomicBoolean sawCancel = runsUntilCancelled(connection.id(), b);

            boolean ended = inTenant(() -> a.cancelAndWait(connection.id(), Duration.ofMillis(500)));

            assertThat(ended).as("the run on b goes on until its heartbeat").isFalse();
            assertThat(sawCancel).isFalse();
            b.close();
        } finally {
            a.close();
        }
    }

    /** Starts a run of the connection on {@code executor} whose pull works until the run is cancelled (at most 30 s). */
    private AtomicBoolean runsUntilCancelled(UUID connection, RunExecutor executor) {
        AtomicBoolean sawCancel = new AtomicBoolean();
        runner.script(connection, (job, stream) -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                if (job.cancelled().getAsBoolean()) {
                    sawCancel.set(true);
                    break;
                }
                pause(10);
            }
            return new RunCounts(0, 0, 0, 0, 0, 0);
        });
        RunExecutor.Claim claim = inTenant(() -> executor.claim(connection, RunTrigger.MANUAL));
        assertThat(claim).isInstanceOf(RunExecutor.Claimed.class);
        executor.start((RunExecutor.Claimed) claim);
        await(() -> runner.runsOf(connection) == 1);
        return sawCancel;
    }

    /** Both schedulers poll on their own threads until {@code done}; {@code between} runs between rounds on the test thread. */
    private void hammer(java.util.function.BooleanSupplier done, Runnable between) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> pollers = List.of(schedulerA, schedulerB).stream().map(scheduler -> Thread.ofVirtual().start(() -> {
            while (!stop.get()) {
                scheduler.pollOnce();
                Thread.onSpinWait();
            }
        })).toList();
        try {
            await(() -> {
                if (between != null) {
                    between.run();
                }
                return done.getAsBoolean();
            });
        } finally {
            stop.set(true);
            for (Thread poller : pollers) {
                poller.join();
            }
        }
    }

    /** Makes the connection and its streams due now unless a run holds it, as its schedule eventually would. */
    private void makeDue(UUID connection) {
        TenantContext.callAs(tenant, () -> transactions.execute(status -> {
            db.deleteFrom(CONNECTOR_STREAM_RUN)
                    .where(CONNECTOR_STREAM_RUN.TENANT_ID.eq(tenant.value()).and(CONNECTOR_STREAM_RUN.CONNECTION_ID.eq(connection)))
                    .execute();
            return db.update(CONNECTOR_SCHEDULE)
                    .set(CONNECTOR_SCHEDULE.NEXT_RUN_AT, OffsetDateTime.now().minusSeconds(1))
                    .where(CONNECTOR_SCHEDULE.TENANT_ID.eq(tenant.value()).and(CONNECTOR_SCHEDULE.CONNECTION_ID.eq(connection)))
                    .execute();
        }));
    }

    private static RunCounts pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new RunCounts(1, 0, 0, 1, 0, 0);
    }

    @Test
    void aSuspendedTenantsDueConnectionDoesNotRunAndWaitsWithoutCrowdingOthersOut() {
        Connection connection = enabled("CRM");
        io.metaplatform.core.TenantGate suspended = tenant -> tenant.equals(this.tenant)
                ? io.metaplatform.core.TenantGate.TenantState.SUSPENDED : io.metaplatform.core.TenantGate.TenantState.ACTIVE;
        var scheduler = new ConnectionScheduler(store, executorA, transactions, suspended, Duration.ofMillis(10), false);

        int started = scheduler.pollOnce();
        OffsetDateTime next = transactions.execute(status -> db.select(CONNECTOR_SCHEDULE.NEXT_RUN_AT).from(CONNECTOR_SCHEDULE)
                .where(CONNECTOR_SCHEDULE.CONNECTION_ID.eq(connection.id())).fetchOne(CONNECTOR_SCHEDULE.NEXT_RUN_AT));

        assertThat(started).isZero();
        assertThat(lastRun(connection.id())).isEmpty();
        assertThat(next.toInstant()).as("moved ahead, out of the due list")
                .isAfter(java.time.Instant.now().plus(ConnectionScheduler.INACTIVE_TENANT_RECHECK).minusSeconds(30));
        assertThat(schedulerA.pollOnce()).as("an active tenant's scheduler would have run it; now it is not due").isZero();
    }
}
