package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.registry.internal.RowStore;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Reads by id reuse the SQL rendered for their shape (issue 20): each read still finds its own records, of its own
 * tenant, with the fields of the schema in use.
 */
class ReadsByIdTest extends RegistryTestSupport {

    @Autowired
    RowStore rows;

    @Test
    void aShapeIsRenderedOnceAndEveryReadBindsItsOwnIds() {
        addField("company", "tier", new FieldType.Text(20));
        List<UUID> ids = List.of(company("Acme", "gold"), company("Beta", "silver"), company("Gamma", null));
        inTenant(() -> records.get("company", ids.getFirst()));
        int shapes = rows.byIdShapes();

        for (UUID id : ids) {
            DataRecord read = inTenant(() -> records.get("company", id)).orElseThrow();
            assertThat(read.id()).isEqualTo(id);
        }
        assertThat(inTenant(() -> records.get("company", ids.get(1))).orElseThrow().values()).containsEntry("name", "Beta")
                .containsEntry("tier", "silver");
        assertThat(inTenant(() -> records.get("company", UUID.randomUUID()))).isEmpty();
        assertThat(rows.byIdShapes()).as("one read of one company by id: one shape").isEqualTo(shapes);

        List<DataRecord> two = inTenant(() -> records.getMany("company", List.of(ids.get(2), ids.get(0)), null));
        List<DataRecord> otherTwo = inTenant(() -> records.getMany("company", List.of(ids.get(1), ids.get(2)), null));
        assertThat(two).extracting(record -> record.values().get("name")).containsExactlyInAnyOrder("Acme", "Gamma");
        assertThat(otherTwo).extracting(record -> record.values().get("name")).containsExactlyInAnyOrder("Beta", "Gamma");
        assertThat(rows.byIdShapes()).as("two ids: one more shape").isEqualTo(shapes + 1);
    }

    @Test
    void aFieldAddedLaterIsReadAndAnotherTenantFindsNothing() {
        UUID acme = company("Acme", null);
        assertThat(inTenant(() -> records.get("company", acme)).orElseThrow().values()).doesNotContainKey("tier");

        addField("company", "tier", new FieldType.Text(20));
        inTenant(() -> records.update("company", acme, Map.of("tier", "gold"), null, "alice"));

        assertThat(inTenant(() -> records.get("company", acme)).orElseThrow().values()).containsEntry("tier", "gold");
        io.metaplatform.core.TenantId other = io.metaplatform.core.TenantId.random();
        assertThat(as(other, () -> records.get("company", acme))).isEmpty();
        assertThat(as(other, () -> records.getMany("company", List.of(acme), null))).isEmpty();
        assertThat(inTenant(() -> records.get("company", acme))).isPresent();
    }

    @Test
    void recordsOfACustomObjectInTheSharedTableAndTheirFormulasAreReadById() {
        run(() -> metadata.createObject(new NewObject("job", "Job", "Jobs", null), "admin"));
        addField("job", "hours", new FieldType.Decimal(10, 2));
        addField("job", "doubled", new FieldType.Formula("hours * 2", FieldType.ResultKind.DECIMAL, 2));
        run(() -> metadata.createObject(new NewObject("task", "Task", "Tasks", null), "admin"));
        UUID job = inTenant(() -> records.create("job", Map.of("hours", "1.5"), "alice").id());
        UUID task = inTenant(() -> records.create("task", Map.of(), "alice").id());

        for (int i = 0; i < 2; i++) {
            assertThat(inTenant(() -> records.get("job", job)).orElseThrow().values()).containsEntry("doubled", new BigDecimal("3.00"));
            assertThat(inTenant(() -> records.get("job", task))).as("a task is not a job, although both share one table").isEmpty();
            assertThat(inTenant(() -> records.get("job", job, Set.of("hours"))).orElseThrow().values())
                    .containsOnlyKeys("hours").containsEntry("hours", new BigDecimal("1.50"));
        }
    }

    @Test
    void pagesOfChildrenKeepTheirStatementPerShapeAndEachFindsItsOwnParents() {
        UUID acme = company("Acme", null);
        UUID beta = company("Beta", null);
        UUID gamma = company("Gamma", null);
        contacts(acme, "Adams", "Baker", "Clark");
        contacts(beta, "Davis");
        contacts(gamma, "Evans", "Ford");
        RecordQuery byName = RecordQuery.firstPage(2).orderBy(SortKey.asc("lastName"));
        int before = rows.partitionedShapes();
        inTenant(() -> records.listByParents("contact", "company", List.of(acme, beta), byName));
        int shapes = rows.partitionedShapes();
        assertThat(shapes).as("the statement is kept, bound by position").isEqualTo(before + 1);

        Map<UUID, RecordPage> first = inTenant(() -> records.listByParents("contact", "company", List.of(acme, beta), byName));
        Map<UUID, RecordPage> second = inTenant(() -> records.listByParents("contact", "company", List.of(gamma, acme), byName));

        assertThat(names(first.get(acme))).containsExactly("Adams", "Baker");
        assertThat(first.get(acme).hasNextPage()).isTrue();
        assertThat(names(first.get(beta))).containsExactly("Davis");
        assertThat(names(second.get(gamma))).containsExactly("Evans", "Ford");
        assertThat(names(second.get(acme))).containsExactly("Adams", "Baker");
        assertThat(rows.partitionedShapes()).as("two parents, one order, one size: one statement").isEqualTo(shapes);
        assertThat(as(io.metaplatform.core.TenantId.random(), () -> records.listByParents("contact", "company", List.of(acme, beta), byName))
                .values()).allSatisfy(page -> assertThat(page.edges()).isEmpty());
        // A cursor or a filter is rendered as before, and still right.
        RecordPage after = inTenant(() -> records.listByParents("contact", "company", List.of(acme),
                byName.after(first.get(acme).endCursor()))).get(acme);
        assertThat(names(after)).containsExactly("Clark");
    }

    private static List<Object> names(RecordPage page) {
        return page.records().stream().map(record -> record.values().get("lastName")).toList();
    }

    private void contacts(UUID company, String... lastNames) {
        for (String lastName : lastNames) {
            inTenant(() -> records.create("contact", Map.of("lastName", lastName, "company", company), "alice"));
        }
    }

    private UUID company(String name, String tier) {
        Map<String, Object> values = tier == null ? Map.of("name", name) : Map.of("name", name, "tier", tier);
        return inTenant(() -> records.create("company", values, "alice").id());
    }
}
