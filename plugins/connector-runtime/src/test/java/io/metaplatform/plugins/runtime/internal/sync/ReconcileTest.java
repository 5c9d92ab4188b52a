package io.metaplatform.plugins.runtime.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.plugins.api.ExternalRecord;
import io.metaplatform.plugins.api.ExternalRef;
import io.metaplatform.plugins.api.ReadContext;
import io.metaplatform.plugins.api.SyncMode;
import io.metaplatform.registry.DataRecord;
import io.metaplatform.registry.RecordChangeEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ReconcileTest extends SyncTestSupport {

    /** The external system: the companies it lists now, read in pages of two. */
    private final List<ExternalRecord> external = new ArrayList<>();

    private Consumer<ReadContext> listing() {
        return context -> {
            for (int i = 0; i < external.size(); i++) {
                context.sink().record(external.get(i));
                if (i % 2 == 1) {
                    context.sink().checkpoint(Map.of("page", String.valueOf(i)));
                }
            }
            context.sink().checkpoint(Map.of());
        };
    }

    private void companies(String... ids) {
        external.clear();
        for (String id : ids) {
            external.add(company(id, "v1", "Company " + id));
        }
    }

    private Reconciliation reconcile() {
        Consumer<ReadContext> reader = connector.reader;
        connector.reader = context -> {
            assertThat(context.mode()).isEqualTo(SyncMode.FULL);
            assertThat(context.state()).isEmpty();
            reader.accept(context);
        };
        try {
            return engine.reconcile(job(), "companies");
        } finally {
            connector.reader = reader;
        }
    }

    @Test
    void softDeletesRecordsWhoseExternalIdsVanishedAsTheConnectionAndARerunDeletesNothingMore() {
        connector.reader = listing();
        companies("1", "2", "3", "4", "5");
        assertThat(reconcile().counts().created()).isEqualTo(5);
        UUID gone = byCustomerNumber("K-2").id();

        companies("1", "3", "4", "5");
        Reconciliation first = reconcile();

        assertThat(first.heldBack()).isFalse();
        assertThat(first.vanished()).isEqualTo(1);
        assertThat(first.counts()).isEqualTo(new RunCounts(4, 0, 0, 4, 1, 0));
        assertThat(names("company")).containsExactly("Company 1", "Company 3", "Company 4", "Company 5");
        List<RecordChangeEntry> history = inTenant(() -> records.history("company", gone, 10));
        assertThat(history.getFirst().operation()).isEqualTo("DELETE");
        assertThat(history.getFirst().actor()).isEqualTo("connector:" + connection);
        assertThat(engine.linkedRecord(tenant, connection, "companies", "2")).isEmpty();

        Reconciliation again = reconcile();
        assertThat(again.vanished()).isZero();
        assertThat(again.counts().deleted()).isZero();
        assertThat(names("company")).hasSize(4);
    }

    @Test
    void safetyStopDeletesNothingWhenMoreThanTheAllowedShareVanishedAtOnce() {
        connector.reader = listing();
        companies("1", "2", "3", "4");
        reconcile();

        companies("1");
        Reconciliation held = reconcile();

        assertThat(held.heldBack()).isTrue();
        assertThat(held.linked()).isEqualTo(4);
        assertThat(held.vanished()).isEqualTo(3);
        assertThat(held.counts().deleted()).isZero();
        assertThat(names("company")).hasSize(4);

        // The admin confirms: a larger share lets the next reconciliation delete them.
        StreamSettings current = streams.get("companies");
        streams.put("companies", new StreamSettings(current.stream(), true, current.targetObject(), current.mappings(), current.upsertOn(),
                current.mode(), false, Optional.empty(), Optional.empty(), Optional.empty(), current.reconcileEvery(), 1.0));
        Reconciliation confirmed = reconcile();
        assertThat(confirmed.heldBack()).isFalse();
        assertThat(confirmed.counts().deleted()).isEqualTo(3);
        assertThat(names("company")).containsExactly("Company 1");
    }

    @Test
    void exactlyTheAllowedShareIsDeleted() {
        connector.reader = listing();
        companies("1", "2", "3", "4");
        reconcile();

        companies("1", "2");
        Reconciliation half = reconcile();

        assertThat(half.heldBack()).isFalse();
        assertThat(half.counts().deleted()).isEqualTo(2);
    }

    @Test
    void aRecordTheConnectorRejectedStillExistsAndIsKept() {
        connector.reader = listing();
        companies("1", "2");
        reconcile();

        connector.reader = context -> {
            context.sink().record(company("1", "v1", "Company 1"));
            context.sink().reject("companies", "2", "unreadable", "");
            context.sink().checkpoint(Map.of());
        };
        Reconciliation result = reconcile();

        assertThat(result.vanished()).isZero();
        assertThat(names("company")).hasSize(2);
    }

    @Test
    void aReadThatFailsDeletesNothing() {
        connector.reader = listing();
        companies("1", "2", "3");
        reconcile();

        connector.reader = context -> {
            context.sink().record(company("1", "v1", "Company 1"));
            context.sink().checkpoint(Map.of());
            throw new io.metaplatform.plugins.api.RetriableException("the external system went away");
        };
        assertThatThrownBy(this::reconcile).isInstanceOf(io.metaplatform.plugins.api.RetriableException.class);

        assertThat(names("company")).hasSize(3);
    }

    @Test
    void anIncrementalPullNeverDeletesWhatItDidNotSee() {
        connector.reader = listing();
        companies("1", "2", "3");
        reconcile();

        companies("1");
        assertThat(pull("companies").deleted()).isZero();
        assertThat(names("company")).hasSize(3);
    }

    @Test
    void refusesAStreamThatDoesNotListAllItsIds() {
        assertThatThrownBy(() -> engine.reconcile(job(), "contacts")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not list all its ids");
    }

    @Test
    void marksSeenIdsWithAFewStatementsPerPageNotOnePerRecord() {
        connector.reader = context -> {
            external.forEach(context.sink()::record);
            context.sink().checkpoint(Map.of());
        };
        external.clear();
        for (int i = 0; i < 500; i++) {
            external.add(company("n" + i, "v1", "Company " + i));
        }
        reconcile();

        io.metaplatform.core.StatementCounter.reset();
        Reconciliation again = reconcile();
        int statements = io.metaplatform.core.StatementCounter.count();

        assertThat(again.counts().unchanged()).isEqualTo(500);
        assertThat(again.vanished()).isZero();
        assertThat(statements).isLessThan(20);
    }

    @Test
    void replacesAParentsChildrenAsAWholeSetWhenTheParentIsReread() {
        connector.reader = context -> {
            context.sink().record(company("c1", "v1", "Alpha"));
            context.sink().replaceChildren("contacts", new ExternalRef("companies", "c1"), List.of(
                    PullTest.contact("p1", "Miller", new ExternalRef("companies", "c1")),
                    PullTest.contact("p2", "Smith", new ExternalRef("companies", "c1")),
                    PullTest.contact("p3", "Jones", new ExternalRef("companies", "c1"))));
            context.sink().record(company("c2", "v1", "Beta"));
            context.sink().replaceChildren("contacts", new ExternalRef("companies", "c2"), List.of(
                    PullTest.contact("q1", "Brown", new ExternalRef("companies", "c2"))));
            context.sink().checkpoint(Map.of());
        };
        pull("companies");
        assertThat(lastNames()).containsExactly("Brown", "Jones", "Miller", "Smith");
        UUID miller = contactId("Miller");

        connector.reader = context -> {
            context.sink().record(company("c1", "v2", "Alpha"));
            context.sink().replaceChildren("contacts", new ExternalRef("companies", "c1"), List.of(
                    PullTest.contact("p1", "Miller", new ExternalRef("companies", "c1")),
                    PullTest.contact("p4", "Taylor", new ExternalRef("companies", "c1"))));
            context.sink().checkpoint(Map.of());
        };
        RunCounts counts = pull("companies");

        assertThat(counts.deleted()).isEqualTo(2);
        // Beta was not re-read: its child stays.
        assertThat(lastNames()).containsExactly("Brown", "Miller", "Taylor");
        assertThat(contactId("Miller")).isEqualTo(miller);

        connector.reader = context -> {
            context.sink().record(company("c1", "v3", "Alpha"));
            context.sink().replaceChildren("contacts", new ExternalRef("companies", "c1"), List.of());
            context.sink().checkpoint(Map.of());
        };
        assertThat(pull("companies").deleted()).isEqualTo(2);
        assertThat(lastNames()).containsExactly("Brown");
    }

    @Test
    void aParentDeletedExternallyTakesItsChildrenAlong() {
        connector.reader = listing();
        companies("c1", "c2");
        connector.reader = context -> {
            listing().accept(context);
            context.sink().replaceChildren("contacts", new ExternalRef("companies", "c1"), List.of(
                    PullTest.contact("p1", "Miller", new ExternalRef("companies", "c1"))));
            context.sink().checkpoint(Map.of());
        };
        reconcile();
        assertThat(lastNames()).containsExactly("Miller");

        connector.reader = listing();
        companies("c2");
        Reconciliation result = reconcile();

        assertThat(result.counts().deleted()).isEqualTo(2);
        assertThat(names("company")).containsExactly("Company c2");
        assertThat(lastNames()).isEmpty();
    }

    @Test
    void reconcilesOnlyTheConnectionsOwnRecords() {
        connector.reader = listing();
        companies("1", "2");
        reconcile();
        UUID other = UUID.randomUUID();
        companies("3", "4");
        engine.reconcile(job(tenant, other), "companies");
        assertThat(names("company")).hasSize(4);

        companies("1");
        reconcile();

        assertThat(names("company")).containsExactly("Company 1", "Company 3", "Company 4");
        assertThat(engine.linkedRecord(tenant, other, "companies", "4")).isPresent();
    }

    @Test
    void aRenamedExternalIdKeepsItsRecordAndNeverTakesAnotherRecordsLink() {
        connector.reader = context -> {
            context.sink().record(company("old-1", "v1", "Alpha"));
            context.sink().record(company("b", "v1", "Beta"));
            context.sink().checkpoint(Map.of());
        };
        pull("companies");
        UUID alpha = engine.linkedRecord(tenant, connection, "companies", "old-1").orElseThrow();
        UUID beta = engine.linkedRecord(tenant, connection, "companies", "b").orElseThrow();

        connector.reader = context -> {
            context.sink().renamed("companies", "old-1", "new-1");
            context.sink().record(company("new-1", "v1", "Alpha"));
            context.sink().renamed("companies", "b", "new-1");
            context.sink().checkpoint(Map.of());
        };
        RunCounts counts = pull("companies");

        assertThat(counts.created()).isZero();
        assertThat(engine.linkedRecord(tenant, connection, "companies", "new-1")).contains(alpha);
        assertThat(engine.linkedRecord(tenant, connection, "companies", "old-1")).isEmpty();
        assertThat(engine.linkedRecord(tenant, connection, "companies", "b")).contains(beta);
        assertThat(names("company")).containsExactly("Alpha", "Beta");
    }

    private List<String> lastNames() {
        return all("contact").stream().map(record -> (String) record.get("lastName")).sorted().toList();
    }

    private UUID contactId(String lastName) {
        return all("contact").stream().filter(record -> lastName.equals(record.get("lastName"))).map(DataRecord::id).findFirst().orElseThrow();
    }
}
