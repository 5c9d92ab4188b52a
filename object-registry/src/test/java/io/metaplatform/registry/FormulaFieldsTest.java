package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.core.PlatformException;
import io.metaplatform.core.Violation;
import io.metaplatform.registry.Filter.Operator;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Formula fields end to end: saved with checks, computed in SQL on every read, filtered, sorted and aggregated. */
class FormulaFieldsTest extends RegistryTestSupport {

    private UUID acme;

    @BeforeEach
    void jobsWithFormulas() {
        run(() -> metadata.createObject(new NewObject("job", "Job", "Jobs", null), "admin"));
        addField("job", "title", new FieldType.Text(100));
        addField("job", "hours", new FieldType.Decimal(10, 2));
        addField("job", "rate", new FieldType.Currency(2));
        addField("job", "discount", new FieldType.Percent(2));
        addField("job", "due", new FieldType.Date());
        addField("job", "company", new FieldType.Relation(ApiName.of("company"), FieldType.Cardinality.MANY_TO_ONE, null,
                ApiName.of("jobs"), "Jobs"));
        addField("job", "total", new FieldType.Formula("hours * rate * (1 - discount)", FieldType.ResultKind.CURRENCY, 2));
        addField("job", "label", new FieldType.Formula("UPPER(title) & ' @ ' & BLANKVALUE(company.name, '-')", FieldType.ResultKind.TEXT));
        addField("job", "late", new FieldType.Formula("due < DATE(2026, 1, 1)", FieldType.ResultKind.BOOLEAN));
        addField("job", "doubled", new FieldType.Formula("total * 2 / 3", FieldType.ResultKind.DECIMAL, 3));
        acme = inTenant(() -> records.create("company", Map.of("name", "Acme"), "alice").id());
    }

    private DataRecord job(String title, String hours, String rate, String discount, String due, UUID company) {
        Map<String, Object> values = new java.util.HashMap<>(Map.of("title", title, "hours", hours, "rate", Map.of("amount", rate),
                "discount", discount, "due", due));
        if (company != null) {
            values.put("company", company);
        }
        return inTenant(() -> records.create("job", values, "alice"));
    }

    @Test
    void formulasAreComputedOnEveryReadWithTheirResultTypeAndScale() {
        DataRecord created = job("Roof", "10.5", "80", "10", "2025-12-31", acme);

        assertThat(created.values()).containsEntry("total", new BigDecimal("756.00")).containsEntry("label", "ROOF @ Acme")
                .containsEntry("late", true).containsEntry("doubled", new BigDecimal("504.000"));
        DataRecord read = inTenant(() -> records.get("job", created.id())).orElseThrow();
        assertThat(read.values()).containsEntry("total", new BigDecimal("756.00")).containsEntry("label", "ROOF @ Acme");

        inTenant(() -> records.update("job", created.id(), Map.of("hours", "1"), null, "alice"));
        inTenant(() -> records.update("company", acme, Map.of("name", "Acme Inc"), null, "alice"));
        DataRecord listed = inTenant(() -> records.list("job", RecordQuery.firstPage(10))).records().getFirst();
        assertThat(listed.values()).as("recomputed from the current values, also of the related company")
                .containsEntry("total", new BigDecimal("72.00")).containsEntry("label", "ROOF @ Acme Inc");
    }

    @Test
    void aReadOfSomeFieldsComputesOnlyTheFormulasItNames() {
        DataRecord created = job("Roof", "10.5", "80", "10", "2025-12-31", acme);

        // Filter and sort may name a formula the page does not read; the page still holds only what it names.
        RecordPage some = inTenant(() -> records.list("job", RecordQuery.firstPage(10).where(Filter.compare("total", Operator.GTE, "1"))
                .orderBy(SortKey.desc("doubled")).selecting(java.util.Set.of("title", "total"))));
        DataRecord one = inTenant(() -> records.get("job", created.id(), java.util.Set.of("label"))).orElseThrow();

        assertThat(some.records().getFirst().values()).containsOnlyKeys("title", "total").containsEntry("title", "Roof")
                .containsEntry("total", new BigDecimal("756.00"));
        assertThat(one.values()).containsOnlyKeys("label").containsEntry("label", "ROOF @ Acme");
        assertThat(one.id()).isEqualTo(created.id());
    }

    @Test
    void nullsPropagateAndAMissingRelationReadsAsNull() {
        DataRecord bare = inTenant(() -> records.create("job", Map.of("title", "Bare"), "alice"));

        assertThat(bare.values()).containsEntry("total", null).containsEntry("late", null).containsEntry("label", "BARE @ -");
    }

    @Test
    void formulasFilterSortPageAndAggregateInSql() {
        job("a", "1", "100", "0", "2026-02-01", acme);
        job("b", "3", "100", "50", "2025-02-01", null);
        job("c", "2", "100", "0", "2026-03-01", acme);
        job("d", "5", "100", "0", "2025-01-01", null);

        RecordPage expensive = inTenant(() -> records.list("job", RecordQuery.firstPage(10)
                .where(Filter.compare("total", Operator.GTE, "150")).orderBy(SortKey.desc("total"))));
        assertThat(expensive.records()).extracting(record -> record.values().get("title")).containsExactly("d", "c", "b");

        RecordPage first = inTenant(() -> records.list("job", RecordQuery.firstPage(2).orderBy(SortKey.asc("total"))));
        RecordPage second = inTenant(() -> records.list("job", new RecordQuery(null, List.of(SortKey.asc("total")), 2,
                first.edges().getLast().cursor(), null, null, false, false)));
        assertThat(first.records()).extracting(record -> record.values().get("title")).containsExactly("a", "b");
        assertThat(second.records()).extracting(record -> record.values().get("title")).containsExactly("c", "d");

        RecordPage late = inTenant(() -> records.list("job", RecordQuery.firstPage(10).where(Filter.and(
                Filter.compare("late", Operator.EQ, true), Filter.compare("label", Operator.CONTAINS, "@ -")))));
        assertThat(late.records()).extracting(record -> record.values().get("title")).containsExactlyInAnyOrder("b", "d");

        List<Aggregation.Row> sums = inTenant(() -> records.aggregate("job", new Aggregation.Query(null, List.of(),
                List.of(new Aggregation.Metric(Aggregation.Function.SUM, "total"), new Aggregation.Metric(Aggregation.Function.MAX, "doubled")))));
        assertThat((BigDecimal) sums.getFirst().metrics().get("sum_total")).isEqualByComparingTo("950");
        assertThat((BigDecimal) sums.getFirst().metrics().get("max_doubled")).isEqualByComparingTo("333.333");
    }

    @Test
    void writesOfAFormulaAreRefusedAsReadOnly() {
        DataRecord created = job("Roof", "1", "1", "0", "2026-01-01", null);

        assertThatThrownBy(() -> inTenant(() -> records.create("job", Map.of("title", "x", "total", "5"), "alice")))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("total", "READ_ONLY", "is computed and cannot be written")));
        assertThatThrownBy(() -> inTenant(() -> records.update("job", created.id(), Map.of("label", "x"), null, "alice")))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(violationCodes(e)).containsExactly("READ_ONLY"));
        assertThatThrownBy(() -> inTenant(() -> records.createMany("job", List.of(Map.of("title", "y"), Map.of("late", true)), null, "csv")))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(violationFields(e)).containsExactly("[1].late"));
    }

    @Test
    void aFormulaIsCheckedWhenSavedWithPositionsInItsErrors() {
        assertThatThrownBy(() -> addField("job", "bad", new FieldType.Formula("hours * 2 + amout", FieldType.ResultKind.DECIMAL)))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.violations()).containsExactly(
                        new Violation("type.expression", "UNKNOWN_FIELD", "at 13: 'amout' is not a field of job")));
        assertThatThrownBy(() -> addField("job", "bad", new FieldType.Formula("title & 'x'", FieldType.ResultKind.INTEGER)))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(violationCodes(e)).containsExactly("TYPE_MISMATCH"));
        assertThatThrownBy(() -> addField("job", "bad", new FieldType.Formula(" ", null)))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(violationFields(e))
                        .containsExactly("type.resultKind", "type.expression"));
    }

    @Test
    void aCycleBetweenFormulasIsRefused() {
        assertThatThrownBy(() -> inTenant(() -> metadata.updateField("job", "total", new FieldChange(null, null, null, null,
                new FieldType.Formula("doubled + 1", FieldType.ResultKind.CURRENCY, 2), null), null, "admin")))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.violations()).containsExactly(
                        new Violation("type.expression", "CYCLE", "at 1: 'doubled' reads this formula back (a cycle of formulas)")));

        inTenant(() -> metadata.updateField("job", "total", new FieldChange(null, null, null, null,
                new FieldType.Formula("hours * rate", FieldType.ResultKind.CURRENCY, 2), null), null, "admin"));
        assertThat(job("x", "2", "3", "50", "2026-01-01", null).values()).containsEntry("total", new BigDecimal("6.00"));
    }

    @Test
    void aFieldAFormulaReadsCannotBeDeletedRenamedOrRetyped() {
        assertThatThrownBy(() -> run(() -> metadata.deleteField("job", "hours", null, "admin")))
                .isInstanceOfSatisfying(PlatformException.class, e -> {
                    assertThat(e.getMessage()).contains("job.total");
                    assertThat(violationCodes(e)).containsExactly("REFERENCED_BY_DERIVED_FIELD");
                });
        assertThatThrownBy(() -> inTenant(() -> metadata.updateField("job", "title", new FieldChange("name", null, null, null, null, null),
                null, "admin"))).hasMessageContaining("job.label");
        assertThatThrownBy(() -> inTenant(() -> metadata.updateField("job", "title", new FieldChange(null, null, null, null,
                new FieldType.LongText(500), null), null, "admin"))).hasMessageContaining("job.label");
        assertThatThrownBy(() -> run(() -> metadata.deleteField("job", "company", null, "admin"))).hasMessageContaining("job.label");

        run(() -> metadata.deleteField("job", "doubled", null, "admin"));
        run(() -> metadata.deleteField("job", "total", null, "admin"));
        run(() -> metadata.deleteField("job", "hours", null, "admin"));
        assertThat(inTenant(() -> metadata.schema()).object("job").orElseThrow().field("hours")).isEmpty();
    }

    @Test
    void tenantsSeeOnlyTheirOwnFormulasAndValues() {
        job("mine", "1", "10", "0", "2026-01-01", acme);
        io.metaplatform.core.TenantId other = io.metaplatform.core.TenantId.random();

        assertThat(as(other, () -> metadata.schema()).object("job")).isEmpty();
        as(other, () -> metadata.createField("company", new NewField("shout", null, null,
                new FieldType.Formula("UPPER(name)", FieldType.ResultKind.TEXT), null, null), "admin"));
        assertThat(as(other, () -> records.list("company", RecordQuery.firstPage(10))).records()).isEmpty();
        assertThat(inTenant(() -> records.get("company", acme)).orElseThrow().values()).doesNotContainKey("shout");
    }
}
