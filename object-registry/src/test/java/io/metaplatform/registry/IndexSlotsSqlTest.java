package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The index slots as SQL sees them, on the application role's connections (no table owner, row-level security
 * forced): their comparisons are index conditions under the policy, and a tenant never reaches another tenant's
 * slot values, by the registry's queries or by SQL that leaves out the tenant filter.
 */
class IndexSlotsSqlTest extends RegistryTestSupport {

    @Autowired
    DSLContext db;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void slotComparisonsAreIndexConditionsUnderRowLevelSecurity() {
        FieldDefinition city = addField("company", "cityCopy", new FieldType.Text(100));
        FieldDefinition amount = addField("company", "amount", new FieldType.Decimal(12, 2));
        String citySlot = ((Storage.CustomKey) city.storage()).index();
        String amountSlot = ((Storage.CustomKey) amount.storage()).index();
        assertThat(citySlot).startsWith("ix_t");
        assertThat(amountSlot).startsWith("ix_n");
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            inputs.add(Map.of("name", "c" + i, "cityCopy", i % 2 == 0 ? "Berlin" : "Kiel", "amount", String.valueOf(i * 10.5)));
        }
        inTenant(() -> records.createMany("company", inputs, null, "test"));

        String eq = plan("select id from company where tenant_id = ?::uuid and " + citySlot + " = 'Berlin' order by "
                + amountSlot + ", id limit 20");
        assertThat(eq).contains("Index Cond").contains(citySlot).doesNotContain("Seq Scan");
        String range = plan("select id from company where tenant_id = ?::uuid and " + amountSlot
                + " >= registry_number_key(100.5) and " + amountSlot + " < registry_number_key(300) order by " + amountSlot + ", id limit 20");
        assertThat(range).containsPattern("Index Cond: .*" + amountSlot + " >=");
    }

    // enable_seqscan off leaves the index if the condition may be one: a non-LEAKPROOF operator would stay a Filter.
    // enable_sort off too: with statistics taken while the table was nearly empty (other tests ran first), the planner
    // otherwise reads the tenant's few rows by primary key and sorts them, which says nothing about the slot's operators.
    private String plan(String sql) {
        return inTenant(() -> transactions.execute(status -> {
            db.execute("set local enable_seqscan = off");
            db.execute("set local enable_bitmapscan = off");
            db.execute("set local enable_sort = off");
            StringBuilder text = new StringBuilder();
            for (Record row : db.fetch("explain " + sql, tenant.value().toString())) {
                text.append(row.get(0, String.class)).append('\n');
            }
            return text.toString();
        }));
    }

    @Test
    void aFillUnderConcurrentWritesLosesNothing() throws Exception {
        inTenant(() -> metadata.createField("company", new NewField("score", null, null, new FieldType.Int(), null, null, false), "admin"));
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (int i = 0; i < 6000; i++) {
            inputs.add(Map.of("name", "c" + i, "score", (long) (i % 97)));
        }
        List<java.util.UUID> ids = inTenant(() -> records.createMany("company", inputs, null, "test")).stream().map(DataRecord::id).toList();
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
        Thread writer = new Thread(() -> {
            java.util.Random random = new java.util.Random(7);
            while (writing.get()) {
                Map<java.util.UUID, Map<String, Object>> changes = new java.util.LinkedHashMap<>();
                for (int i = 0; i < 20; i++) {
                    Map<String, Object> change = new java.util.HashMap<>();
                    change.put("score", random.nextInt(4) == 0 ? null : (long) random.nextInt(1000));
                    changes.put(ids.get(random.nextInt(ids.size())), change);
                }
                inTenant(() -> {
                    records.updateEach("company", changes, "writer");
                    return null;
                });
                writes.incrementAndGet();
            }
        });
        writer.start();
        inTenant(() -> metadata.setFieldIndexed("company", "score", true, null, "admin"));
        FieldDefinition score = awaitIndexed("company", "score");
        Thread.sleep(200);
        writing.set(false);
        writer.join();
        assertThat(writes.get()).isPositive();

        String slot = ((Storage.CustomKey) score.storage()).index();
        String key = ((Storage.CustomKey) score.storage()).key();
        Object stale = inTenant(() -> transactions.execute(status -> db.fetchValue("select count(*) from company where "
                + slot + " is distinct from registry_number_key((custom ->> '" + key + "')::numeric)")));
        assertThat(((Number) stale).longValue()).isZero();
    }

    @Test
    void aFillCutShortByAStoppedInstanceIsTakenUpWhenTheSchemaIsNextLoaded() {
        FieldDefinition weight = addField("company", "weight", new FieldType.Decimal(10, 2));
        inTenant(() -> records.createMany("company", List.of(Map.of("name", "a", "weight", "1.5"), Map.of("name", "b", "weight", "2.5"),
                Map.of("name", "c")), null, "test"));
        awaitIndexed("company", "weight");
        String slot = ((Storage.CustomKey) weight.storage()).index();
        String key = ((Storage.CustomKey) weight.storage()).key();
        // What an instance stopped in the middle of the fill leaves behind: the slot assigned, not filled, not marked filled.
        inTenant(() -> transactions.execute(status -> {
            db.execute("update company set " + slot + " = null");
            db.execute("update field_def set storage = jsonb_set(storage, '{indexReady}', 'false') where id = ?", weight.id().value());
            return null;
        }));

        // The next load of the tenant's schema from the database: after a restart the first request, here a change.
        inTenant(() -> metadata.createField("company", new NewField("note", null, null, new FieldType.Text(10), null, null, false), "admin"));
        inTenant(() -> records.list("company", RecordQuery.firstPage(1)));
        awaitIndexed("company", "weight");

        Object filled = inTenant(() -> transactions.execute(status -> db.fetchValue("select count(*) from company where " + slot
                + " is not null and " + slot + " = registry_number_key((custom ->> '" + key + "')::numeric)")));
        assertThat(((Number) filled).longValue()).isEqualTo(2);
        assertThat(inTenant(() -> records.list("company", RecordQuery.firstPage(5).where(Filter.compare("weight", Filter.Operator.GT, "2"))))
                .records()).extracting(record -> record.values().get("name")).containsExactly("b");
    }

    @Test
    void aCursorTakenBeforeTheIndexWasReadyIsRefusedNotMisread() {
        inTenant(() -> metadata.createField("company", new NewField("weight", null, null, new FieldType.Decimal(10, 2), null, null, false),
                "admin"));
        inTenant(() -> records.createMany("company", List.of(Map.of("name", "a", "weight", "1.5"), Map.of("name", "b", "weight", "2.5"),
                Map.of("name", "c", "weight", "3.5")), null, "test"));
        RecordQuery query = RecordQuery.firstPage(1).orderBy(SortKey.asc("weight"));
        String cursor = inTenant(() -> records.list("company", query)).edges().getFirst().cursor();
        inTenant(() -> metadata.setFieldIndexed("company", "weight", true, null, "admin"));
        awaitIndexed("company", "weight");

        assertThatThrownBy(() -> inTenant(() -> records.list("company", query.after(cursor))))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(violationCodes(e)).containsExactly("INVALID_CURSOR"));
        String fresh = inTenant(() -> records.list("company", query)).edges().getFirst().cursor();
        assertThat(inTenant(() -> records.list("company", query.after(fresh))).edges())
                .extracting(edge -> edge.record().values().get("name")).containsExactly("b");
    }

    @Test
    void registryNumberKeyOrdersLikeTheNumbers() {
        List<String> numbers = List.of("-1000000.5", "-1000000", "-12.5", "-10", "-9.99", "-1", "-0.5", "-0.05", "-0.0001", "0", "0.0001",
                "0.05", "0.5", "1", "1.05", "1.5", "9.99", "10", "12.5", "1000000", "1000000.5");
        List<String> keys = inTenant(() -> transactions.execute(status -> numbers.stream()
                .map(number -> db.fetchValue("select registry_number_key(?::numeric) collate \"C\"", number).toString()).toList()));
        assertThat(keys).isSortedAccordingTo(String::compareTo).doesNotHaveDuplicates();
        Object same = inTenant(() -> transactions.execute(status -> db.fetchValue("select registry_number_key(1.50) = registry_number_key(1.5)")));
        assertThat(same).isEqualTo(true);
    }

    // Slot filters carry their values as SQL literals (a plan per value): quotes and backslashes must stay data.
    @Test
    void slotFilterValuesAreLiteralsThatStayData() {
        addField("company", "code", new FieldType.Text(40));
        addField("company", "amount", new FieldType.Decimal(12, 2));
        String tricky = "O'Brien\\'; drop table company; --";
        inTenant(() -> records.createMany("company", List.of(Map.of("name", "tricky", "code", tricky, "amount", "-1.50"),
                Map.of("name", "plain", "code", "plain", "amount", "2.25")), null, "test"));
        awaitIndexed("company", "code");
        awaitIndexed("company", "amount");

        RecordPage byCode = inTenant(() -> records.list("company", RecordQuery.firstPage(10)
                .where(Filter.compare("code", Filter.Operator.IN, List.of(tricky, "none"))).orderBy(SortKey.asc("code"))));
        assertThat(byCode.edges()).extracting(edge -> edge.record().values().get("name")).containsExactly("tricky");
        RecordPage byAmount = inTenant(() -> records.list("company", RecordQuery.firstPage(10)
                .where(Filter.compare("amount", Filter.Operator.LT, "0")).orderBy(SortKey.asc("amount"))));
        assertThat(byAmount.edges()).extracting(edge -> edge.record().values().get("name")).containsExactly("tricky");
        assertThat(inTenant(() -> records.list("company", RecordQuery.firstPage(10)).edges())).hasSize(2);
    }

    @Test
    void aTenantNeverSeesAnotherTenantsSlotValues() {
        TenantId other = TenantId.random();
        FieldDefinition mine = addField("company", "code", new FieldType.Text(20));
        FieldDefinition theirs = as(other, () -> metadata.createField("company", new NewField("code", null, null, new FieldType.Text(20), null,
                null), "admin"));
        assertThat(((Storage.CustomKey) theirs.storage()).index()).isEqualTo(((Storage.CustomKey) mine.storage()).index());
        inTenant(() -> records.createMany("company", List.of(Map.of("name", "mine", "code", "X")), null, "test"));
        awaitIndexed("company", "code");
        as(other, () -> records.createMany("company", List.of(Map.of("name", "theirs", "code", "X"), Map.of("name", "theirs 2", "code", "X")),
                null, "test"));

        RecordPage page = inTenant(() -> records.list("company", RecordQuery.firstPage(10).where(Filter.compare("code", Filter.Operator.EQ, "X"))
                .orderBy(SortKey.asc("code"))));
        assertThat(page.edges()).extracting(edge -> edge.record().values().get("name")).containsExactly("mine");

        // RLS alone: SQL without any tenant condition still sees only the tenant of the transaction.
        String slot = ((Storage.CustomKey) mine.storage()).index();
        List<String> names = as(other, () -> transactions.execute(status -> db.fetch("select name from company where " + slot + " = 'X' order by name")
                .getValues(0, String.class)));
        assertThat(names).containsExactly("theirs", "theirs 2");
    }

    @Test
    void indexingBeyondTheFreeSlotsIsRefusedAndSwitchingOffFreesASlot() {
        List<FieldDefinition> dates = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            dates.add(addField("company", "day" + i, new FieldType.Date()));
        }
        FieldDefinition third = addField("company", "day2", new FieldType.Date());
        assertThat(((Storage.CustomKey) third.storage()).index()).as("no free time slot: created unindexed").isNull();
        assertThatThrownBy(() -> inTenant(() -> metadata.createField("company",
                new NewField("day3", null, null, new FieldType.Date(), null, null, true), "admin")))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED));

        inTenant(() -> records.createMany("company", List.of(Map.of("name", "a", "day0", "2024-01-02", "day2", "2024-03-04"),
                Map.of("name", "b", "day2", "2024-01-01")), null, "test"));
        inTenant(() -> metadata.setFieldIndexed("company", "day0", false, null, "admin"));
        FieldDefinition indexedNow = inTenant(() -> metadata.setFieldIndexed("company", "day2", true, null, "admin"));
        assertThat(((Storage.CustomKey) indexedNow.storage()).index()).isEqualTo(((Storage.CustomKey) dates.getFirst().storage()).index());
        awaitIndexed("company", "day2");
        // Filled from the values records already held, and the released field's values are gone from the slot.
        RecordPage page = inTenant(() -> records.list("company", RecordQuery.firstPage(10)
                .where(Filter.compare("day2", Filter.Operator.GTE, "2024-01-01")).orderBy(SortKey.asc("day2"))));
        assertThat(page.edges()).extracting(edge -> edge.record().values().get("name")).containsExactly("b", "a");
        RecordPage byOld = inTenant(() -> records.list("company", RecordQuery.firstPage(10)
                .where(Filter.compare("day0", Filter.Operator.EQ, "2024-01-02"))));
        assertThat(byOld.edges()).extracting(edge -> edge.record().values().get("name")).containsExactly("a");
    }
}
