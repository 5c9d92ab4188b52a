package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordLifecycleTest extends RegistryTestSupport {

    @Test
    void createsReadsUpdatesAndSoftDeletesABuiltInRecord() {
        DataRecord created = inTenant(() -> records.create("company", Map.of("name", "  ACME GmbH ", "email", "Info@ACME.Example",
                "website", "https://acme.example"), "alice"));

        assertThat(created.get("name")).isEqualTo("ACME GmbH");
        assertThat(created.get("email")).isEqualTo("Info@acme.example");
        assertThat(created.get("status")).as("default").isEqualTo("LEAD");
        assertThat(created.version()).isEqualTo(1);
        assertThat(created.createdBy()).isEqualTo("alice");

        DataRecord updated = inTenant(() -> records.update("company", created.id(), Map.of("status", "ACTIVE", "city", "Berlin"), 1, "bob"));
        assertThat(updated.get("status")).isEqualTo("ACTIVE");
        assertThat(updated.get("name")).isEqualTo("ACME GmbH");
        assertThat(updated.version()).isEqualTo(2);

        run(() -> records.delete("company", created.id(), "bob"));
        assertThat(inTenant(() -> records.get("company", created.id()))).isEmpty();
        DataRecord restored = inTenant(() -> records.restore("company", created.id(), "bob"));
        assertThat(restored.deletedAt()).isNull();
        assertThat(restored.get("city")).isEqualTo("Berlin");
    }

    @Test
    void customFieldIsAtOnceWritableFilterableSortableAndAggregatable() {
        addField("company", "employees", new FieldType.Int());
        addField("company", "segment", new FieldType.Select(List.of(
                new SelectOption("smb", "SMB", "Small", 0, null, false),
                new SelectOption("ent", "ENTERPRISE", "Enterprise", 1, null, false))));
        run(() -> records.createMany("company", List.of(
                Map.of("name", "A", "employees", 10, "segment", "SMB"),
                Map.of("name", "B", "employees", 5000, "segment", "ENTERPRISE"),
                Map.of("name", "C", "employees", 40, "segment", "SMB")), null, "alice"));

        RecordPage page = inTenant(() -> records.list("company", RecordQuery.firstPage(10)
                .where(Filter.compare("segment", Filter.Operator.EQ, "SMB"))
                .orderBy(SortKey.desc("employees"))));
        List<Aggregation.Row> sums = inTenant(() -> records.aggregate("company", new Aggregation.Query(null,
                List.of(new Aggregation.GroupKey("segment", null)),
                List.of(new Aggregation.Metric(Aggregation.Function.COUNT, null), new Aggregation.Metric(Aggregation.Function.SUM, "employees")))));

        assertThat(page.records()).extracting(record -> record.get("name")).containsExactly("C", "A");
        // Groups of a select come in the order of its options (SMB first), not of their ids.
        assertThat(sums).extracting(row -> row.group().get("segment")).containsExactly("SMB", "ENTERPRISE");
        assertThat(sums.get(0).metrics().get("count")).isEqualTo(2);
        assertThat((BigDecimal) sums.get(0).metrics().get("sum_employees")).isEqualByComparingTo("50");
    }

    @Test
    void reportsEveryViolationAtOnceAndWritesNothing() {
        addField("company", "rating", new FieldType.Int(), Constraints.NONE.withRange(BigDecimal.ONE, BigDecimal.TEN));
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("email", "not-an-email");
        input.put("status", "PARTNER");
        input.put("rating", 11);
        input.put("colour", "red");
        input.put("website", "ftp://x");

        assertThatThrownBy(() -> inTenant(() -> records.create("company", input, "alice")))
                .isInstanceOfSatisfying(PlatformException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(violationFields(e)).containsExactlyInAnyOrder("email", "status", "rating", "colour", "website", "name");
                    assertThat(violationCodes(e)).contains("INVALID_EMAIL", "INVALID_OPTION", "TOO_LARGE", "UNKNOWN_FIELD", "INVALID_URL",
                            "REQUIRED");
                });
        assertThat(inTenant(() -> records.list("company", RecordQuery.firstPage(10).counted())).totalCount()).isZero();
    }

    @Test
    void historyRecordsEveryWriteWithOldAndNewValues() {
        DataRecord created = inTenant(() -> records.create("company", Map.of("name", "Hist"), "alice"));
        run(() -> records.update("company", created.id(), Map.of("name", "Hist 2"), null, "bob"));
        run(() -> records.delete("company", created.id(), "carol"));

        List<RecordChangeEntry> history = inTenant(() -> records.history("company", created.id(), 10));

        assertThat(history).extracting(RecordChangeEntry::operation).containsExactly("DELETE", "UPDATE", "CREATE");
        assertThat(history).extracting(RecordChangeEntry::actor).containsExactly("carol", "bob", "alice");
        assertThat(history.get(1).changes().get("name")).containsEntry("old", "Hist").containsEntry("new", "Hist 2");
    }

    @Test
    void staleExpectedVersionIsAConflict() {
        DataRecord created = inTenant(() -> records.create("company", Map.of("name", "Locked"), "alice"));
        run(() -> records.update("company", created.id(), Map.of("city", "Hamburg"), 1, "alice"));

        assertThatThrownBy(() -> inTenant(() -> records.update("company", created.id(), Map.of("city", "Köln"), 1, "bob")))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(inTenant(() -> records.get("company", created.id())).orElseThrow().get("city")).isEqualTo("Hamburg");
    }
}
