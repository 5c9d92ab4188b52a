package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RelationsAndUniquenessTest extends RegistryTestSupport {

    @Test
    void referenceToAnotherTenantsRecordIsRefused() {
        TenantId other = TenantId.random();
        DataRecord foreign = as(other, () -> records.create("company", Map.of("name", "Theirs"), "eve"));

        assertThatThrownBy(() -> inTenant(() -> records.create("contact", Map.of("lastName", "Doe", "company", foreign.id().toString()), "eve")))
                .isInstanceOfSatisfying(PlatformException.class, e -> {
                    assertThat(violationFields(e)).containsExactly("company");
                    assertThat(violationCodes(e)).containsExactly("REFERENCE_NOT_FOUND");
                });
        assertThat(inTenant(() -> records.get("company", foreign.id()))).as("nor can it be read").isEmpty();
    }

    @Test
    void referenceToADeletedRecordIsRefused() {
        DataRecord gone = inTenant(() -> records.create("company", Map.of("name", "Gone"), "alice"));
        run(() -> records.delete("company", gone.id(), "alice"));

        assertThatThrownBy(() -> inTenant(() -> records.create("contact", Map.of("lastName", "Doe", "company", gone.id().toString()), "a")))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(violationCodes(e)).containsExactly("REFERENCE_NOT_FOUND"));
    }

    @Test
    void deletingACompanyClearsItsContactsRestrictsOnInvoicesAndCascadesToLines() {
        DataRecord acme = inTenant(() -> records.create("company", Map.of("name", "ACME"), "alice"));
        DataRecord jane = inTenant(() -> records.create("contact", Map.of("lastName", "Doe", "company", acme.id().toString()), "alice"));

        run(() -> records.delete("company", acme.id(), "alice"));
        DataRecord janeAfter = inTenant(() -> records.get("contact", jane.id())).orElseThrow();
        assertThat(janeAfter.get("company")).as("contact.company is SET NULL").isNull();
        assertThat(inTenant(() -> records.history("contact", jane.id(), 5))).extracting(RecordChangeEntry::operation).first().isEqualTo("UPDATE");

        DataRecord billed = inTenant(() -> records.create("company", Map.of("name", "Billed"), "alice"));
        DataRecord invoice = inTenant(() -> records.create("invoice", Map.of("number", "INV-1", "company", billed.id().toString()), "alice"));
        DataRecord line = inTenant(() -> records.create("invoiceLine", Map.of("invoice", invoice.id().toString(), "description", "Work"), "a"));

        assertThatThrownBy(() -> run(() -> records.delete("company", billed.id(), "alice")))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(inTenant(() -> records.get("company", billed.id()))).as("nothing was deleted").isPresent();

        run(() -> records.delete("invoice", invoice.id(), "alice"));
        assertThat(inTenant(() -> records.get("invoiceLine", line.id()))).as("invoiceLine.invoice cascades").isEmpty();
    }

    @Test
    void destroyRemovesTheRecordAndFollowsTheRulesForDeletedReferencesToo() {
        DataRecord acme = inTenant(() -> records.create("company", Map.of("name", "ACME"), "alice"));
        DataRecord jane = inTenant(() -> records.create("contact", Map.of("lastName", "Doe", "company", acme.id().toString()), "alice"));
        run(() -> records.delete("contact", jane.id(), "alice"));

        run(() -> records.destroy("company", acme.id(), "admin"));

        assertThat(inTenant(() -> records.list("company", RecordQuery.firstPage(5).includingDeleted())).records()).isEmpty();
        assertThat(inTenant(() -> records.list("contact", RecordQuery.firstPage(5).includingDeleted())).records().getFirst().get("company"))
                .isNull();
        assertThat(inTenant(() -> records.history("company", acme.id(), 5))).extracting(RecordChangeEntry::operation).containsExactly("DESTROY");
    }

    @Test
    void atMostOnePrimaryContactPerCompany() {
        DataRecord acme = inTenant(() -> records.create("company", Map.of("name", "ACME"), "alice"));
        inTenant(() -> records.create("contact", Map.of("lastName", "A", "company", acme.id().toString(), "isPrimary", true), "alice"));

        assertThatThrownBy(() -> inTenant(() -> records.create("contact",
                Map.of("lastName", "B", "company", acme.id().toString(), "isPrimary", true), "alice")))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(inTenant(() -> records.list("contact", RecordQuery.firstPage(5).counted())).totalCount()).isEqualTo(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void manyToManyLinksAreWrittenReadFilteredAndReplaced() {
        addField("deal", "stakeholders", new FieldType.Relation(ApiName.of("contact"), FieldType.Cardinality.MANY_TO_MANY, null,
                ApiName.of("stakeholderDeals"), "Deals"));
        DataRecord a = inTenant(() -> records.create("contact", Map.of("lastName", "A"), "alice"));
        DataRecord b = inTenant(() -> records.create("contact", Map.of("lastName", "B"), "alice"));
        DataRecord deal = inTenant(() -> records.create("deal", Map.of("name", "Big", "stakeholders", List.of(a.id().toString(),
                b.id().toString())), "alice"));

        assertThat((List<Object>) deal.get("stakeholders")).as("linked in one write: ordered by id").containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(inTenant(() -> records.list("deal", RecordQuery.firstPage(5).where(Filter.compare("stakeholders",
                Filter.Operator.CONTAINS_ALL, List.of(a.id().toString(), b.id().toString()))))).records()).hasSize(1);

        DataRecord updated = inTenant(() -> records.update("deal", deal.id(), Map.of("stakeholders", List.of(b.id().toString())), null, "a"));
        assertThat(updated.get("stakeholders")).isEqualTo(List.of(b.id()));
        run(() -> records.destroy("contact", b.id(), "admin"));
        assertThat(inTenant(() -> records.get("deal", deal.id())).orElseThrow().get("stakeholders")).isEqualTo(List.of());
    }

    @Test
    void upsertUpdatesRecordsFoundByTheUniqueFieldAndCreatesTheRest() {
        DataRecord existing = inTenant(() -> records.create("company", Map.of("name", "Old", "customerNumber", "K-1"), "alice"));

        List<DataRecord> result = inTenant(() -> records.createMany("company", List.of(
                Map.of("customerNumber", "K-1", "name", "Renamed"),
                Map.of("customerNumber", "K-2", "name", "New")), "customerNumber", "sync"));

        assertThat(result.getFirst().id()).isEqualTo(existing.id());
        assertThat(result.getFirst().get("name")).isEqualTo("Renamed");
        assertThat(result.getFirst().version()).isEqualTo(2);
        assertThat(result.get(1).get("name")).isEqualTo("New");
        assertThat(inTenant(() -> records.list("company", RecordQuery.firstPage(10).counted())).totalCount()).isEqualTo(2);
    }

    @Test
    void uniqueCustomValueHoldsUnderTwentyConcurrentInserts() throws Exception {
        addField("company", "taxNumber", new FieldType.Text(30), Constraints.NONE.withUnique(true));

        List<String> outcomes = concurrently(20, () -> records.create("company", Map.of("name", "X", "taxNumber", "DE-1"), "racer"));

        assertThat(outcomes).filteredOn("created"::equals).hasSize(1);
        assertThat(outcomes).filteredOn(outcome -> !outcome.equals("created")).allMatch(o -> o.equals("CONFLICT") || o.equals("VALIDATION_FAILED"));
        assertThat(inTenant(() -> records.list("company", RecordQuery.firstPage(50).counted())).totalCount()).isEqualTo(1);
    }

    @Test
    void uniqueBuiltInValueHoldsUnderTwentyConcurrentInserts() throws Exception {
        List<String> outcomes = concurrently(20, () -> records.create("company", Map.of("name", "X", "customerNumber", "K-9"), "racer"));

        assertThat(outcomes).filteredOn("created"::equals).hasSize(1);
        assertThat(inTenant(() -> records.list("company", RecordQuery.firstPage(50).counted())).totalCount()).isEqualTo(1);
    }

    @Test
    void softDeletedRecordsReleaseTheirUniqueValues() {
        addField("company", "taxNumber", new FieldType.Text(30), Constraints.NONE.withUnique(true));
        DataRecord first = inTenant(() -> records.create("company", Map.of("name", "A", "taxNumber", "T-1", "customerNumber", "C-1"), "a"));

        assertThatThrownBy(() -> inTenant(() -> records.create("company", Map.of("name", "B", "taxNumber", "T-1", "customerNumber", "C-1"), "a")))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(violationFields(e))
                        .containsExactlyInAnyOrder("taxNumber", "customerNumber"));
        run(() -> records.delete("company", first.id(), "a"));
        DataRecord second = inTenant(() -> records.create("company", Map.of("name", "B", "taxNumber", "T-1", "customerNumber", "C-1"), "a"));

        assertThat(second.get("taxNumber")).isEqualTo("T-1");
        assertThatThrownBy(() -> inTenant(() -> records.restore("company", first.id(), "a")))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
    }

    @Test
    void makingAFieldUniqueIsRefusedWhileLiveRecordsShareAValue() {
        addField("company", "ref", new FieldType.Text(30));
        inTenant(() -> records.createMany("company", List.of(Map.of("name", "A", "ref", "R"), Map.of("name", "B", "ref", "R")), null, "a"));

        assertThatThrownBy(() -> inTenant(() -> metadata.updateField("company", "ref",
                new FieldChange(null, null, null, null, null, Constraints.NONE.withUnique(true)), null, "admin")))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(violationCodes(e)).containsExactly("DUPLICATE_VALUES"));
    }

    private List<String> concurrently(int writers, Runnable write) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<String>> futures = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                try {
                    run(write);
                    return "created";
                } catch (PlatformException e) {
                    return e.code().name();
                }
            }));
        }
        start.countDown();
        List<String> outcomes = new ArrayList<>();
        for (Future<String> future : futures) {
            outcomes.add(future.get());
        }
        pool.shutdown();
        return outcomes;
    }

    static UUID id(DataRecord record) {
        return record.id();
    }
}
