package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

class ChangeFeedAndBatchWritesTest extends RegistryTestSupport {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void readsEveryChangeOfAnObjectOnceInCommitOrderAndContinuesAfterAPosition() {
        UUID a = inTenant(() -> records.create("company", Map.of("name", "A"), "alice")).id();
        inTenant(() -> records.update("company", a, Map.of("name", "A2"), null, "bob"));
        UUID b = inTenant(() -> records.create("company", Map.of("name", "B"), "alice")).id();
        inTenant(() -> records.create("contact", Map.of("lastName", "Other object"), "alice"));
        awaitSettled();

        List<PositionedChange> all = inTenant(() -> records.changesAfter("company", ChangePosition.START, 100));

        assertThat(all).extracting(change -> change.change().recordId(), change -> change.change().operation(), change -> change.change().actor())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(a, "CREATE", "alice"), org.assertj.core.groups.Tuple.tuple(a, "UPDATE", "bob"),
                        org.assertj.core.groups.Tuple.tuple(b, "CREATE", "alice"));
        assertThat(inTenant(() -> records.changesAfter("company", all.get(1).position(), 100))).extracting(change -> change.change().recordId())
                .containsExactly(b);
        assertThat(inTenant(() -> records.changesAfter("company", all.get(2).position(), 100))).isEmpty();
        assertThat(inTenant(() -> records.lastChange("company"))).isEqualTo(all.get(2).position());
        assertThat(as(io.metaplatform.core.TenantId.random(), () -> records.changesAfter("company", ChangePosition.START, 100))).isEmpty();
    }

    @Test
    void hidesChangesBehindARunningTransactionUntilItEnds() throws Exception {
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<UUID> slow = CompletableFuture.supplyAsync(() -> as(tenant, () -> transactions.execute(status -> {
            UUID id = records.create("company", Map.of("name", "Slow"), "alice").id();
            written.countDown();
            await(release);
            return id;
        })));
        await(written);
        UUID fast = inTenant(() -> records.create("company", Map.of("name", "Fast"), "alice")).id();

        assertThat(inTenant(() -> records.changesAfter("company", ChangePosition.START, 100))).isEmpty();

        release.countDown();
        UUID slowId = slow.get(30, TimeUnit.SECONDS);
        awaitSettled();
        assertThat(inTenant(() -> records.changesAfter("company", ChangePosition.START, 100)))
                .extracting(change -> change.change().recordId()).containsExactly(slowId, fast);
    }

    @Test
    void updatesEachRecordWithItsOwnValuesOnlyWhenEveryOneIsValid() {
        UUID a = inTenant(() -> records.create("company", Map.of("name", "A"), "alice")).id();
        UUID b = inTenant(() -> records.create("company", Map.of("name", "B"), "alice")).id();
        Map<UUID, Map<String, Object>> invalid = new LinkedHashMap<>();
        invalid.put(a, Map.of("name", "A2"));
        invalid.put(b, Map.of("email", "not-an-address"));

        assertThatThrownBy(() -> run(() -> records.updateEach("company", invalid, "sync")))
                .isInstanceOfSatisfying(PlatformException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(violationFields(e)).containsExactly("[1].email");
                });
        assertThat(inTenant(() -> records.get("company", a)).orElseThrow().get("name")).isEqualTo("A");

        Map<UUID, Map<String, Object>> valid = new LinkedHashMap<>();
        valid.put(a, Map.of("name", "A2"));
        valid.put(b, Map.of("city", "Berlin"));
        run(() -> records.updateEach("company", valid, "sync"));

        assertThat(inTenant(() -> records.getMany("company", List.of(a, b))))
                .extracting(record -> record.id().equals(a) ? record.get("name") : record.get("city"), DataRecord::version, DataRecord::updatedBy)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("A2", 2, "sync"), org.assertj.core.groups.Tuple.tuple("Berlin", 2, "sync"));
        assertThat(inTenant(() -> records.history("company", b, 10)).getFirst().changes()).containsOnlyKeys("city");
    }

    @Test
    void deletesManyLiveRecordsAndSkipsUnknownOrDeletedOnes() {
        UUID a = inTenant(() -> records.create("company", Map.of("name", "A"), "alice")).id();
        UUID b = inTenant(() -> records.create("company", Map.of("name", "B"), "alice")).id();
        run(() -> records.delete("company", b, "alice"));

        int deleted = inTenant(() -> records.deleteMany("company", List.of(a, b, UUID.randomUUID()), "sync"));

        assertThat(deleted).isEqualTo(1);
        assertThat(inTenant(() -> records.get("company", a))).isEmpty();
    }

    private void awaitSettled() {
        long mark = jdbc.queryForObject("select pg_current_xact_id()::text::bigint", Long.class);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (jdbc.queryForObject("select pg_snapshot_xmin(pg_current_snapshot())::text::bigint", Long.class) <= mark) {
            assertThat(Instant.now()).as("changes settle").isBefore(deadline);
            sleep();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
