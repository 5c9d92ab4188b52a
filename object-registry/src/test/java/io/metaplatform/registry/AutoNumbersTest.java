package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantId;
import io.metaplatform.registry.internal.AutoNumbers;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

class AutoNumbersTest extends RegistryTestSupport {

    private static final String YEAR = String.valueOf(Year.now(ZoneOffset.UTC).getValue());

    @Autowired
    TransactionTemplate transactions;

    @BeforeEach
    void tickets() {
        run(() -> metadata.createObject(new NewObject("ticket", "Ticket", "Tickets", null), "admin"));
        addField("ticket", "title", new FieldType.Text(100));
    }

    private String number(String title) {
        return (String) inTenant(() -> records.create("ticket", Map.of("title", title), "alice")).values().get("number");
    }

    @Test
    void formatsPadTheNumberAndPutInTheYear() {
        assertThat(AutoNumbers.format(new FieldType.AutoNumber(null, 0, "RE-{YYYY}-{0000}"), 7, 2026)).isEqualTo("RE-2026-0007");
        assertThat(AutoNumbers.format(new FieldType.AutoNumber(null, 0, "KD-{000000}"), 1234567, 2026)).isEqualTo("KD-1234567");
        assertThat(AutoNumbers.format(new FieldType.AutoNumber("T-", 5), 42, 2026)).isEqualTo("T-00042");
    }

    @Test
    void createsAreNumberedInOrderAndBatchesInInputOrder() {
        addField("ticket", "number", new FieldType.AutoNumber(null, 0, "RE-{YYYY}-{0000}"));

        assertThat(number("a")).isEqualTo("RE-" + YEAR + "-0001");
        List<DataRecord> batch = inTenant(() -> records.createMany("ticket", List.of(Map.of("title", "b"), Map.of("title", "c")), null, "csv"));
        assertThat(batch).extracting(record -> record.values().get("number")).containsExactly("RE-" + YEAR + "-0002", "RE-" + YEAR + "-0003");
        RecordPage sorted = inTenant(() -> records.list("ticket", RecordQuery.firstPage(10).orderBy(SortKey.desc("number"))
                .where(Filter.compare("number", Filter.Operator.STARTS_WITH, "RE-"))));
        assertThat(sorted.records()).extracting(record -> record.values().get("title")).containsExactly("c", "b", "a");
    }

    @Test
    void aRolledBackCreateGivesItsNumberBackAndNoGapRemains() {
        addField("ticket", "number", new FieldType.AutoNumber(null, 0, "T{000}"));
        assertThat(number("a")).isEqualTo("T001");

        assertThatThrownBy(() -> inTenant(() -> transactions.execute(status -> {
            assertThat(records.create("ticket", Map.of("title", "lost"), "alice").values()).containsEntry("number", "T002");
            throw new IllegalStateException("the caller's transaction fails after the create");
        }))).isInstanceOf(IllegalStateException.class);

        assertThat(number("b")).isEqualTo("T002");
    }

    @Test
    void fiftyConcurrentCreatesGetFiftyDifferentNumbersWithoutGaps() throws Exception {
        addField("ticket", "number", new FieldType.AutoNumber(null, 0, "{0000}"));
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> numbers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int n = i;
            numbers.add(pool.submit(() -> {
                start.await();
                return number("t" + n);
            }));
        }
        start.countDown();
        List<String> got = new ArrayList<>();
        for (Future<String> number : numbers) {
            got.add(number.get());
        }
        pool.shutdown();

        assertThat(got).doesNotHaveDuplicates().hasSize(50);
        assertThat(got.stream().map(Integer::parseInt).sorted().toList()).isEqualTo(java.util.stream.IntStream.rangeClosed(1, 50).boxed().toList());
    }

    @Test
    void existingRecordsAreNumberedOldestFirstWhenTheFieldIsAdded() {
        DataRecord first = inTenant(() -> records.create("ticket", Map.of("title", "old 1"), "alice"));
        DataRecord second = inTenant(() -> records.create("ticket", Map.of("title", "old 2"), "alice"));
        run(() -> records.delete("ticket", second.id(), "alice"));

        addField("ticket", "number", new FieldType.AutoNumber(null, 0, "KD-{000000}"));

        assertThat(inTenant(() -> records.get("ticket", first.id())).orElseThrow().values()).containsEntry("number", "KD-000001");
        assertThat(number("new")).as("the deleted record kept number 2").isEqualTo("KD-000003");
    }

    @Test
    void numbersAreNotWritableAndFormatsAreChecked() {
        addField("ticket", "number", new FieldType.AutoNumber(null, 0, "{0000}"));

        assertThatThrownBy(() -> inTenant(() -> records.create("ticket", Map.of("title", "x", "number", "9999"), "alice")))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(violationCodes(e)).containsExactly("READ_ONLY"));
        assertThatThrownBy(() -> addField("ticket", "other", new FieldType.AutoNumber(null, 0, "RE-{YY}")))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(violationCodes(e)).containsExactly("INVALID_FORMAT", "INVALID_FORMAT"));
    }

    @Test
    void eachTenantCountsOnItsOwn() {
        addField("ticket", "number", new FieldType.AutoNumber(null, 0, "{0000}"));
        number("a");
        number("b");
        TenantId other = TenantId.random();
        as(other, () -> metadata.createObject(new NewObject("ticket", "Ticket", "Tickets", null), "admin"));
        as(other, () -> metadata.createField("ticket", new NewField("number", null, null, new FieldType.AutoNumber(null, 0, "{0000}"), null, null), "admin"));

        assertThat(as(other, () -> records.create("ticket", Map.of(), "bob")).values()).containsEntry("number", "0001");
    }
}
