package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.core.PlatformException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** Rollups over to-many relations: exact at every read, with filters, sortable and filterable, under concurrent child writes. */
class RollupFieldsTest extends RegistryTestSupport {

    @Autowired
    TransactionTemplate transactions;

    private UUID company;

    @BeforeEach
    void invoicesWithRollups() {
        addField("invoice", "paid", new FieldType.Rollup(ApiName.of("payments"), ApiName.of("amount"), FieldType.RollupFunction.SUM, null, 2));
        addField("invoice", "paymentCount", new FieldType.Rollup(ApiName.of("payments"), null, FieldType.RollupFunction.COUNT));
        addField("invoice", "bankPayments", new FieldType.Rollup(ApiName.of("payments"), null, FieldType.RollupFunction.COUNT,
                "ISPICKVAL(method, 'BANK_TRANSFER')", 0));
        addField("invoice", "largest", new FieldType.Rollup(ApiName.of("payments"), ApiName.of("amount"), FieldType.RollupFunction.MAX, null, 2));
        addField("invoice", "smallest", new FieldType.Rollup(ApiName.of("payments"), ApiName.of("amount"), FieldType.RollupFunction.MIN, null, 2));
        addField("invoice", "average", new FieldType.Rollup(ApiName.of("payments"), ApiName.of("amount"), FieldType.RollupFunction.AVG, null, 3));
        addField("invoice", "open", new FieldType.Formula("totalGross - paid", FieldType.ResultKind.CURRENCY, 2));
        company = inTenant(() -> records.create("company", Map.of("name", "Acme"), "alice")).id();
    }

    private UUID invoice(String number, String gross) {
        return inTenant(() -> records.create("invoice", Map.of("number", number, "company", company, "totalGross", Map.of("amount", gross)),
                "alice")).id();
    }

    private void pay(UUID invoice, String amount, String method) {
        inTenant(() -> records.create("payment", Map.of("invoice", invoice, "amount", Map.of("amount", amount), "date", "2026-12-01",
                "method", method), "alice"));
    }

    @Test
    void everyFunctionWithAndWithoutChildren() {
        UUID none = invoice("R-0", "10");
        UUID some = invoice("R-1", "100");
        pay(some, "30", "BANK_TRANSFER");
        pay(some, "20.5", "CASH");
        pay(some, "10", "BANK_TRANSFER");

        assertThat(inTenant(() -> records.get("invoice", some)).orElseThrow().values()).containsEntry("paid", new BigDecimal("60.50"))
                .containsEntry("paymentCount", 3L).containsEntry("bankPayments", 2L).containsEntry("largest", new BigDecimal("30.00"))
                .containsEntry("smallest", new BigDecimal("10.00")).containsEntry("average", new BigDecimal("20.167"))
                .containsEntry("open", new BigDecimal("39.50"));
        assertThat(inTenant(() -> records.get("invoice", none)).orElseThrow().values()).containsEntry("paid", new BigDecimal("0.00"))
                .containsEntry("paymentCount", 0L).containsEntry("largest", null).containsEntry("average", null)
                .containsEntry("open", new BigDecimal("10.00"));
    }

    @Test
    void deletedChildrenNoLongerCount() {
        UUID invoice = invoice("R-1", "100");
        pay(invoice, "30", "CASH");
        UUID payment = inTenant(() -> records.list("payment", RecordQuery.firstPage(1))).records().getFirst().id();

        run(() -> records.delete("payment", payment, "alice"));

        assertThat(inTenant(() -> records.get("invoice", invoice)).orElseThrow().values()).containsEntry("paid", new BigDecimal("0.00"));
    }

    @Test
    void rollupsFilterAndSort() {
        UUID a = invoice("A", "100");
        UUID b = invoice("B", "100");
        invoice("C", "100");
        pay(a, "90", "CASH");
        pay(b, "10", "CASH");
        pay(b, "10", "CASH");

        RecordPage open = inTenant(() -> records.list("invoice", RecordQuery.firstPage(10)
                .where(Filter.compare("open", Filter.Operator.GT, "50")).orderBy(SortKey.asc("open"))));
        RecordPage byCount = inTenant(() -> records.list("invoice", RecordQuery.firstPage(10).orderBy(SortKey.desc("paymentCount"), SortKey.asc("number"))));

        assertThat(open.records()).extracting(record -> record.values().get("number")).containsExactly("B", "C");
        assertThat(byCount.records()).extracting(record -> record.values().get("number")).containsExactly("B", "A", "C");
    }

    @Test
    void concurrentPaymentsOfOneInvoiceAreAllCounted() throws Exception {
        UUID invoice = invoice("R-1", "1000");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> writes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            writes.add(pool.submit(() -> {
                start.await();
                pay(invoice, "1.25", "CASH");
                return null;
            }));
        }
        start.countDown();
        for (Future<?> write : writes) {
            write.get();
        }
        pool.shutdown();

        assertThat(inTenant(() -> records.get("invoice", invoice)).orElseThrow().values()).containsEntry("paid", new BigDecimal("25.00"))
                .containsEntry("paymentCount", 20L);
    }

    @Test
    void aRollupIsCheckedWhenSaved() {
        assertThatThrownBy(() -> addField("invoice", "bad", new FieldType.Rollup(ApiName.of("lines"), ApiName.of("description"),
                FieldType.RollupFunction.SUM)))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(violationCodes(e)).containsExactly("NOT_NUMERIC"));
        assertThatThrownBy(() -> addField("invoice", "bad", new FieldType.Rollup(ApiName.of("nothing"), null, FieldType.RollupFunction.COUNT)))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(violationCodes(e)).containsExactly("UNKNOWN_RELATION"));
        assertThatThrownBy(() -> addField("invoice", "bad", new FieldType.Rollup(ApiName.of("payments"), null, FieldType.RollupFunction.COUNT,
                "amount + 1", 0)))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(violationCodes(e)).containsExactly("TYPE_MISMATCH"));
        assertThatThrownBy(() -> run(() -> metadata.deleteField("payment", "method", null, "admin")))
                .as("built-in fields are protected anyway").isInstanceOf(PlatformException.class);
    }
}
