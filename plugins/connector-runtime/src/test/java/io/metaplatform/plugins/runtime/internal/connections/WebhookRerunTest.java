package io.metaplatform.plugins.runtime.internal.connections;

import static io.metaplatform.plugins.runtime.internal.jooq.Tables.CONNECTOR_SCHEDULE;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.plugins.runtime.Connection;
import io.metaplatform.plugins.runtime.ConnectionChange;
import io.metaplatform.plugins.runtime.RunStatus;
import io.metaplatform.plugins.runtime.RunTrigger;
import io.metaplatform.plugins.runtime.internal.sync.RunCounts;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jooq.Record2;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A webhook that asks for a run while one is running gets the next run right after it. */
class WebhookRerunTest extends ConnectionsTestSupport {

    @Autowired
    Webhooks webhooks;

    @Test
    void aWebhookDuringARunMakesTheNextRunDueWhenItEndsInsteadOfAfterTheSchedule() throws InterruptedException {
        Connection connection = enabled("Hooked");
        inTenant(() -> connections.update(connection.id(), new ConnectionChange(null, Map.of("webhookSecret", "s3cret"), List.of(), null), "admin"));
        CountDownLatch release = new CountDownLatch(1);
        runner.script(connection.id(), (job, stream) -> {
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return RunCounts.ZERO;
        });
        inTenant(() -> connections.runNow(connection.id()));

        Webhooks.Receipt forged = webhooks.receive(connection.id(), Map.of("x-test-secret", List.of("wrong")), "companies".getBytes());
        Webhooks.Receipt unknown = webhooks.receive(UUID.randomUUID(), Map.of("x-test-secret", List.of("s3cret")), "companies".getBytes());
        Webhooks.Receipt accepted = webhooks.receive(connection.id(), Map.of("x-test-secret", List.of("s3cret")), "companies".getBytes());
        await(() -> schedule(connection.id()).value1());
        release.countDown();
        finishedRun(connection.id());

        assertThat(forged).isEqualTo(Webhooks.Receipt.REFUSED);
        assertThat(unknown).isEqualTo(Webhooks.Receipt.UNKNOWN);
        assertThat(accepted).isEqualTo(Webhooks.Receipt.ACCEPTED);
        assertThat(lastRun(connection.id()).orElseThrow().trigger()).isEqualTo(RunTrigger.MANUAL);
        assertThat(lastRun(connection.id()).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
        Record2<Boolean, OffsetDateTime> after = schedule(connection.id());
        assertThat(after.value1()).isFalse();
        assertThat(after.value2().toInstant()).isBefore(Instant.now().plusSeconds(60));
    }

    @Test
    void aRecordFetchDuringARunWaitsForTheRunToEndSoTheWebhooksNewerCopyIsWrittenLast() throws InterruptedException {
        Connection connection = enabled("Hooked fetch");
        inTenant(() -> connections.update(connection.id(), new ConnectionChange(null, Map.of("webhookSecret", "s3cret"), List.of(), null), "admin"));
        CountDownLatch release = new CountDownLatch(1);
        runner.script(connection.id(), (job, stream) -> {
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return RunCounts.ZERO;
        });
        inTenant(() -> connections.runNow(connection.id()));
        String externalId = "c-" + UUID.randomUUID();

        Webhooks.Receipt accepted = webhooks.receive(connection.id(), Map.of("x-test-secret", List.of("s3cret")),
                ("companies:" + externalId).getBytes());
        Thread.sleep(600);
        boolean fetchedDuringRun = connector.lookups.contains(externalId);
        release.countDown();
        finishedRun(connection.id());
        await(() -> connector.lookups.contains(externalId));

        assertThat(accepted).isEqualTo(Webhooks.Receipt.ACCEPTED);
        assertThat(fetchedDuringRun).as("fetched while the run was still going").isFalse();
    }

    @Test
    void theSecretTokenAfterTheWebhookUrlReachesTheConnectorForSystemsThatCannotSign() {
        Connection connection = enabled("Token hooked");
        inTenant(() -> connections.update(connection.id(), new ConnectionChange(null, Map.of("webhookSecret", "url-secret-0123456789"),
                List.of(), null), "admin"));

        Webhooks.Receipt forged = webhooks.receive(connection.id(), java.util.Optional.of("guessed"), Map.of(), "companies".getBytes());
        Webhooks.Receipt bare = webhooks.receive(connection.id(), java.util.Optional.empty(), Map.of(), "companies".getBytes());
        Webhooks.Receipt accepted = webhooks.receive(connection.id(), java.util.Optional.of("url-secret-0123456789"), Map.of(),
                "companies".getBytes());

        assertThat(forged).isEqualTo(Webhooks.Receipt.REFUSED);
        assertThat(bare).isEqualTo(Webhooks.Receipt.REFUSED);
        assertThat(accepted).isEqualTo(Webhooks.Receipt.ACCEPTED);
    }

    private Record2<Boolean, OffsetDateTime> schedule(UUID connection) {
        return inTenant(() -> transactions.execute(status -> db.select(CONNECTOR_SCHEDULE.RERUN_WANTED, CONNECTOR_SCHEDULE.NEXT_RUN_AT)
                .from(CONNECTOR_SCHEDULE).where(CONNECTOR_SCHEDULE.CONNECTION_ID.eq(connection)).fetchOne()));
    }
}
