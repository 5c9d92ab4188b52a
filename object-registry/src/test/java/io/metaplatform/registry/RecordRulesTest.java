package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.core.Caller;
import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.registry.RecordPolicy.ObjectAccess;
import io.metaplatform.registry.RecordPolicy.Operation;
import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Record rules and field access enforced by the record service, on every read and write path, with two users who each own
 * their deals ({@code owner = $user}), both unable to read or edit a deal's amount; a third who may only read.
 */
@Import(RecordRulesTest.OwnerPolicies.class)
class RecordRulesTest extends RegistryTestSupport {

    /** A real policy: deals by owner, amounts hidden; invoices by number prefix; carol reads everything and writes nothing. */
    @TestConfiguration
    @org.springframework.context.annotation.Primary
    static class OwnerPolicies implements RecordPolicies {

        static final Set<String> DEAL_FIELDS = Set.of("name", "owner", "status", "company", "contact", "linkedInvoices", "code");

        @Override
        public RecordPolicy policyFor(Caller caller) {
            if (caller.subject().equals("carol")) {
                return object -> new ObjectAccess(Set.of(Operation.READ), true, Set.of(), Set.of(), Optional.empty(), Optional.empty());
            }
            Filter mine = Filter.compare("owner", Filter.Operator.EQ, caller.subject());
            if (caller.subject().equals("dora")) {
                // Reads and deletes every deal, but creates and updates only her own: one rule per write operation.
                return object -> object.equals("deal") ? new ObjectAccess(EnumSet.allOf(Operation.class), true, Set.of(), Set.of(),
                        Optional.empty(), Map.of(Operation.CREATE, mine, Operation.UPDATE, mine)) : ObjectAccess.full();
            }
            String prefix = caller.subject().substring(0, 1).toUpperCase() + "-";
            return object -> switch (object) {
                case "deal" -> new ObjectAccess(EnumSet.allOf(Operation.class), false, DEAL_FIELDS, DEAL_FIELDS, Optional.of(mine),
                        Optional.of(mine));
                case "invoice" -> new ObjectAccess(EnumSet.allOf(Operation.class), true, Set.of(), Set.of(),
                        Optional.of(Filter.compare("number", Filter.Operator.STARTS_WITH, prefix)), Optional.empty());
                default -> ObjectAccess.full();
            };
        }
    }

    DataRecord alicesDeal;
    DataRecord bobsDeal;

    @BeforeEach
    void twoOwners() {
        alicesDeal = inTenant(() -> records.create("deal", Map.of("name", "Alice's", "owner", "alice", "amount", money("100")), "admin"));
        bobsDeal = inTenant(() -> records.create("deal", Map.of("name", "Bob's", "owner", "bob", "amount", money("200")), "admin"));
    }

    @Test
    void listsAndReadsByIdShowOnlyOwnRecordsWithoutHiddenFields() {
        RecordPage page = as("alice", () -> records.list("deal", RecordQuery.firstPage(10).counted()));

        assertThat(page.records()).extracting(DataRecord::id).containsExactly(alicesDeal.id());
        assertThat(page.totalCount()).as("the count does not reveal bob's deal").isEqualTo(1);
        assertThat(page.records().getFirst().values()).containsEntry("name", "Alice's").doesNotContainKey("amount");
        assertThat(as("alice", () -> records.get("deal", bobsDeal.id()))).isEmpty();
        assertThat(as("alice", () -> records.getMany("deal", List.of(alicesDeal.id(), bobsDeal.id()))))
                .extracting(DataRecord::id).containsExactly(alicesDeal.id());
        assertThat(as("bob", () -> records.get("deal", bobsDeal.id()))).get()
                .satisfies(deal -> assertThat(deal.values()).doesNotContainKey("amount"));
        assertThat(inTenant(() -> records.get("deal", bobsDeal.id()))).as("the platform itself sees everything").get()
                .satisfies(deal -> assertThat(deal.values()).containsKey("amount"));
    }

    @Test
    void aggregatesCountOnlyVisibleRecords() {
        List<Aggregation.Row> rows = as("alice", () -> records.aggregate("deal", new Aggregation.Query(null,
                List.of(new Aggregation.GroupKey("status", null)), List.of(new Aggregation.Metric(Aggregation.Function.COUNT, null)))));

        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst().metrics().values()).containsExactly(1);
    }

    @Test
    void filteringSortingOrAggregatingByAnUnreadableFieldIsForbiddenNamingTheField() {
        assertForbidden(() -> as("alice", () -> records.list("deal", RecordQuery.firstPage(10)
                .where(Filter.compare("amount", Filter.Operator.GT, 150)))), "filter.amount", "FIELD_NOT_READABLE");
        assertForbidden(() -> as("alice", () -> records.list("deal", RecordQuery.firstPage(10).orderBy(SortKey.desc("amount")))),
                "sort[0]", "FIELD_NOT_READABLE");
        assertForbidden(() -> as("alice", () -> records.aggregate("deal", new Aggregation.Query(null,
                List.of(new Aggregation.GroupKey("amount", null)), List.of()))), "groupBy[0]", "FIELD_NOT_READABLE");
        assertForbidden(() -> as("alice", () -> records.aggregate("deal", new Aggregation.Query(null, List.of(),
                List.of(new Aggregation.Metric(Aggregation.Function.SUM, "amount"))))), "metrics[0].field", "FIELD_NOT_READABLE");
        assertForbidden(() -> as("alice", () -> records.updateMany("deal", Filter.compare("amount", Filter.Operator.GT, 0),
                Map.of("status", "WON"), "alice")), "filter.amount", "FIELD_NOT_READABLE");
    }

    @Test
    void aRelationFilterSeesOnlyTheRelatedRecordsTheCallerMayRead() {
        DataRecord acme = inTenant(() -> records.create("company", Map.of("name", "ACME"), "admin"));
        run(() -> records.update("deal", bobsDeal.id(), Map.of("company", acme.id().toString()), null, "admin"));
        Filter withBobsDeal = new Filter.Related("deals", Filter.Quantifier.SOME, Filter.compare("name", Filter.Operator.EQ, "Bob's"));

        assertThat(inTenant(() -> records.list("company", RecordQuery.firstPage(5).where(withBobsDeal))).records()).hasSize(1);
        assertThat(as("alice", () -> records.list("company", RecordQuery.firstPage(5).where(withBobsDeal))).records()).isEmpty();
        assertThat(as("alice", () -> records.aggregate("company", new Aggregation.Query(withBobsDeal, List.of(),
                List.of(new Aggregation.Metric(Aggregation.Function.COUNT, null))))).getFirst().metrics().values()).containsExactly(0);
        assertForbidden(() -> as("alice", () -> records.list("company", RecordQuery.firstPage(5).where(new Filter.Related("deals",
                Filter.Quantifier.SOME, Filter.compare("amount", Filter.Operator.GT, 0))))), "filter.deals.amount", "FIELD_NOT_READABLE");
    }

    @Test
    void relationsBothWaysAndManyToManyShowOnlyVisibleRecords() {
        DataRecord acme = inTenant(() -> records.create("company", Map.of("name", "ACME"), "admin"));
        DataRecord a1 = inTenant(() -> records.create("invoice", Map.of("number", "A-1"), "admin"));
        DataRecord b1 = inTenant(() -> records.create("invoice", Map.of("number", "B-1"), "admin"));
        run(() -> records.update("deal", alicesDeal.id(), Map.of("company", acme.id().toString(),
                "linkedInvoices", List.of(a1.id().toString(), b1.id().toString())), null, "admin"));
        run(() -> records.update("deal", bobsDeal.id(), Map.of("company", acme.id().toString(),
                "linkedInvoices", List.of(a1.id().toString())), null, "admin"));

        RecordPage acmeDeals = as("alice", () -> records.listByParents("deal", "company", List.of(acme.id()),
                RecordQuery.firstPage(10).counted())).get(acme.id());
        assertThat(acmeDeals.records()).extracting(DataRecord::id).containsExactly(alicesDeal.id());
        assertThat(acmeDeals.totalCount()).isEqualTo(1);
        assertThat(acmeDeals.records().getFirst().values()).doesNotContainKey("amount");

        assertThat(as("alice", () -> records.links("deal", "linkedInvoices", alicesDeal.id())))
                .extracting(RecordLink::id).containsExactly(a1.id());
        assertThat(as("alice", () -> records.links("deal", "linkedInvoices", List.of(bobsDeal.id())))).as("bob's deal is hidden").isEmpty();
        assertThat(as("alice", () -> records.listByParents("deal", "linkedInvoices", List.of(a1.id()), RecordQuery.firstPage(10)))
                .get(a1.id()).records()).extracting(DataRecord::id).containsExactly(alicesDeal.id());
        assertThat(as("alice", () -> records.list("invoice", RecordQuery.firstPage(10))).records())
                .extracting(DataRecord::id).containsExactly(a1.id());
    }

    @Test
    void writesToAnInvisibleRecordAreNotFound() {
        UUID bobs = bobsDeal.id();
        assertCode(() -> as("alice", () -> records.update("deal", bobs, Map.of("name", "Mine now"), null, "alice")), ErrorCode.NOT_FOUND);
        assertCode(() -> as("alice", () -> {
            records.delete("deal", bobs, "alice");
            return null;
        }), ErrorCode.NOT_FOUND);
        assertCode(() -> as("alice", () -> {
            records.destroy("deal", bobs, "alice");
            return null;
        }), ErrorCode.NOT_FOUND);
        run(() -> records.delete("deal", bobs, "admin"));
        assertCode(() -> as("alice", () -> records.restore("deal", bobs, "alice")), ErrorCode.NOT_FOUND);
        assertThat(as("alice", () -> records.deleteMany("deal", List.of(bobs), "alice"))).isZero();

        assertThat(inTenant(() -> records.list("deal", RecordQuery.firstPage(5).includingDeleted())).records())
                .as("bob's deal was neither changed, restored nor destroyed").filteredOn(deal -> deal.id().equals(bobs))
                .singleElement().satisfies(deal -> {
                    assertThat(deal.get("name")).isEqualTo("Bob's");
                    assertThat(deal.deletedAt()).isNotNull();
                });
    }

    @Test
    void ownRecordsGoThroughTheWholeLifecycle() {
        DataRecord created = as("alice", () -> records.create("deal", Map.of("name", "New", "owner", "alice"), "alice"));
        assertThat(created.values()).doesNotContainKey("amount");
        assertThat(as("alice", () -> records.update("deal", created.id(), Map.of("name", "Renamed"), null, "alice")).get("name"))
                .isEqualTo("Renamed");
        run(() -> as("alice", () -> {
            records.delete("deal", created.id(), "alice");
            return null;
        }));
        assertThat(as("alice", () -> records.restore("deal", created.id(), "alice")).deletedAt()).isNull();
        run(() -> as("alice", () -> {
            records.destroy("deal", created.id(), "alice");
            return null;
        }));
        assertThat(inTenant(() -> records.get("deal", created.id()))).isEmpty();
    }

    @Test
    void aWriteThatLeavesTheRecordOutsideTheWriteRuleIsForbiddenAndWritesNothing() {
        assertForbidden(() -> as("alice", () -> records.create("deal", Map.of("name", "For bob", "owner", "bob"), "alice")),
                "id", "WRITE_RULE_VIOLATED");
        assertForbidden(() -> as("alice", () -> records.update("deal", alicesDeal.id(), Map.of("owner", "bob"), null, "alice")),
                "id", "WRITE_RULE_VIOLATED");

        assertThat(inTenant(() -> records.list("deal", RecordQuery.firstPage(10))).records())
                .extracting(deal -> deal.get("owner")).containsExactlyInAnyOrder("alice", "bob");
    }

    @Test
    void eachWriteOperationHasItsOwnWriteRule() {
        UUID bobs = bobsDeal.id();
        assertForbidden(() -> as("dora", () -> records.update("deal", bobs, Map.of("name", "Dora's now"), null, "dora")),
                "id", "RECORD_NOT_WRITABLE");
        assertThat(as("dora", () -> records.updateMany("deal", Filter.compare("owner", Filter.Operator.EQ, "bob"),
                Map.of("name", "Dora's now"), "dora"))).as("a bulk update matches only what dora may update").isZero();
        assertForbidden(() -> as("dora", () -> records.create("deal", Map.of("name", "For bob", "owner", "bob"), "dora")),
                "id", "WRITE_RULE_VIOLATED");

        run(() -> as("dora", () -> {
            records.delete("deal", bobs, "dora");
            return null;
        }));
        assertThat(as("dora", () -> records.restore("deal", bobs, "dora")).get("name")).isEqualTo("Bob's");
    }

    @Test
    void settingAnUneditableFieldIsForbiddenNamingTheField() {
        assertForbidden(() -> as("alice", () -> records.update("deal", alicesDeal.id(), Map.of("amount", money("1"), "name", "x"), null,
                "alice")), "amount", "FIELD_NOT_EDITABLE");
        assertForbidden(() -> as("alice", () -> records.create("deal", Map.of("name", "x", "owner", "alice", "amount", money("1")),
                "alice")), "amount", "FIELD_NOT_EDITABLE");
        assertThat(inTenant(() -> records.get("deal", alicesDeal.id())).orElseThrow().get("name")).isEqualTo("Alice's");
    }

    @Test
    void aMissingOperationIsForbiddenWithAStableCode() {
        assertThat(as("carol", () -> records.list("deal", RecordQuery.firstPage(10))).records()).hasSize(2);
        assertForbidden(() -> as("carol", () -> records.update("deal", alicesDeal.id(), Map.of("name", "x"), null, "carol")),
                "deal", "OPERATION_DENIED");
        assertForbidden(() -> as("carol", () -> records.create("deal", Map.of("name", "x"), "carol")), "deal", "OPERATION_DENIED");
        assertForbidden(() -> as("carol", () -> records.deleteMany("deal", List.of(alicesDeal.id()), "carol")), "deal", "OPERATION_DENIED");
    }

    @Test
    void bulkUpdateChangesOnlyPermittedRecordsAndFields() {
        inTenant(() -> records.create("deal", Map.of("name", "Alice's 2", "owner", "alice"), "admin"));
        inTenant(() -> records.create("deal", Map.of("name", "Bob's 2", "owner", "bob"), "admin"));

        int changed = as("alice", () -> records.updateMany("deal", null, Map.of("status", "WON"), "alice"));

        assertThat(changed).isEqualTo(2);
        assertThat(inTenant(() -> records.list("deal", RecordQuery.firstPage(10))).records())
                .allSatisfy(deal -> assertThat(deal.get("status")).isEqualTo("alice".equals(deal.get("owner")) ? "WON" : "OPEN"));
        assertForbidden(() -> as("alice", () -> records.updateMany("deal", null, Map.of("amount", money("5")), "alice")),
                "amount", "FIELD_NOT_EDITABLE");
        assertCode(() -> as("alice", () -> {
            records.updateEach("deal", Map.of(bobsDeal.id(), Map.of("name", "x")), "alice");
            return null;
        }), ErrorCode.NOT_FOUND);
    }

    @Test
    void anUpsertCannotTakeOverARecordTheCallerCannotWrite() {
        addField("deal", "code", new FieldType.Text(20), new Constraints(false, true, null, null, null, null, null, null));
        run(() -> records.update("deal", bobsDeal.id(), Map.of("code", "X1"), null, "admin"));

        assertForbidden(() -> as("alice", () -> records.createMany("deal", List.of(Map.of("code", "X1", "name", "Took", "owner", "alice")),
                "code", "alice")), "code", "RECORD_NOT_WRITABLE");
        assertThat(inTenant(() -> records.get("deal", bobsDeal.id())).orElseThrow().get("owner")).isEqualTo("bob");

        List<DataRecord> mine = as("alice", () -> records.createMany("deal", List.of(Map.of("code", "A1", "name", "Mine", "owner", "alice")),
                "code", "alice"));
        assertThat(mine).singleElement().satisfies(deal -> assertThat(deal.get("code")).isEqualTo("A1"));
    }

    @Test
    void historyAndChangeFeedHideInvisibleRecordsAndUnreadableFields() {
        ChangePosition start = inTenant(() -> records.lastChange("deal"));
        run(() -> records.update("deal", alicesDeal.id(), Map.of("name", "Alice's big", "amount", money("900")), null, "admin"));
        run(() -> records.update("deal", bobsDeal.id(), Map.of("name", "Bob's big"), null, "admin"));

        List<RecordChangeEntry> history = as("alice", () -> records.history("deal", alicesDeal.id(), 10));
        assertThat(history).hasSize(2).allSatisfy(entry -> assertThat(entry.changes()).doesNotContainKey("amount"));
        assertThat(history.getFirst().changes()).containsKey("name");
        assertThat(as("alice", () -> records.history("deal", bobsDeal.id(), 10))).isEmpty();
        assertThat(as("alice", () -> records.histories("deal", List.of(alicesDeal.id(), bobsDeal.id()), 10))).containsOnlyKeys(alicesDeal.id());

        List<PositionedChange> feed = awaitFeed(start, 1);
        assertThat(feed).extracting(change -> change.change().recordId()).containsOnly(alicesDeal.id());
        assertThat(feed).allSatisfy(change -> assertThat(change.change().changes()).doesNotContainKey("amount"));
    }

    private List<PositionedChange> awaitFeed(ChangePosition start, int expected) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<PositionedChange> feed = List.of();
        while (System.nanoTime() < deadline) {
            feed = as("alice", () -> records.changesAfter("deal", start, 100));
            if (feed.size() >= expected) {
                return feed;
            }
            Thread.onSpinWait();
        }
        return feed;
    }

    private <T> T as(String user, Supplier<T> work) {
        return inTenant(() -> Caller.callAs(new Caller(user, Caller.Kind.USER, Set.of(), Map.of()), work));
    }

    private static BigDecimal money(String amount) {
        return new BigDecimal(amount);
    }

    private static void assertForbidden(Runnable call, String field, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(PlatformException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(e.violations()).extracting(v -> v.field() + ":" + v.code()).contains(field + ":" + code);
        });
    }

    private static void assertCode(Runnable call, ErrorCode code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
