package io.metaplatform.plugins.runtime.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.core.StatementCounter;
import io.metaplatform.core.TenantId;
import io.metaplatform.plugins.api.ExternalRecord;
import io.metaplatform.plugins.api.ExternalRef;
import io.metaplatform.plugins.api.FieldMapping;
import io.metaplatform.plugins.api.FieldProblem;
import io.metaplatform.plugins.api.RetriableException;
import io.metaplatform.plugins.api.SyncMode;
import io.metaplatform.registry.Constraints;
import io.metaplatform.registry.DataRecord;
import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.NewField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PullTest extends SyncTestSupport {

    @Test
    void createsUpdatesSkipsAndDeletesRecordsByTheirExternalId() {
        connector.reader = context -> {
            context.sink().record(company("1", null, "Alpha"));
            context.sink().record(company("2", null, "Beta"));
            context.sink().record(company("3", null, "Gamma"));
            context.sink().checkpoint(Map.of("since", "t1"));
        };
        assertThat(pull("companies")).isEqualTo(new RunCounts(3, 3, 0, 0, 0, 0));

        connector.reader = context -> {
            assertThat(context.state()).isEqualTo(Map.of("since", "t1"));
            context.sink().record(company("1", null, "Alpha"));
            context.sink().record(company("2", null, "Beta GmbH"));
            context.sink().deleted("companies", "3");
            context.sink().checkpoint(Map.of("since", "t2"));
        };
        assertThat(pull("companies")).isEqualTo(new RunCounts(2, 0, 1, 1, 1, 0));

        assertThat(names("company")).containsExactly("Alpha", "Beta GmbH");
        DataRecord beta = byCustomerNumber("K-2");
        assertThat(beta.updatedBy()).isEqualTo("connector:" + connection);
    }

    @Test
    void skipsRecordsWhoseExternalVersionIsUnchangedAndUpdatesWhenItMoves() {
        connector.reader = context -> {
            context.sink().record(company("1", "v1", "Alpha"));
            context.sink().checkpoint(Map.of());
        };
        pull("companies");
        assertThat(pull("companies")).isEqualTo(new RunCounts(1, 0, 0, 1, 0, 0));

        connector.reader = context -> {
            context.sink().record(company("1", "v2", "Alpha AG"));
            context.sink().checkpoint(Map.of());
        };
        assertThat(pull("companies")).isEqualTo(new RunCounts(1, 0, 1, 0, 0, 0));
        assertThat(names("company")).containsExactly("Alpha AG");
    }

    @Test
    void resolvesReferencesToParentsEmittedBeforeTheirChildren() {
        connector.reader = context -> {
            context.sink().record("companies", company("c1", null, "Alpha"));
            context.sink().record(contact("p1", "Miller", new ExternalRef("companies", "c1")));
            context.sink().checkpoint(Map.of());
        };
        RunCounts counts = pull("contacts");

        assertThat(counts.created()).isEqualTo(2);
        DataRecord contact = all("contact").getFirst();
        assertThat(contact.get("company")).isEqualTo(byCustomerNumber("K-c1").id());
    }

    @Test
    void leavesAnUnresolvedReferenceEmptyAndLinksItOnceTheParentArrivesEvenAtTheSameExternalVersion() {
        connector.reader = context -> {
            context.sink().record(contact("p1", "Miller", new ExternalRef("companies", "c9")));
            context.sink().checkpoint(Map.of());
        };
        pull("contacts");
        assertThat(all("contact").getFirst().get("company")).isNull();

        connector.reader = context -> {
            context.sink().record(company("c9", null, "Late Parent"));
            context.sink().checkpoint(Map.of());
        };
        pull("companies");
        connector.reader = context -> {
            context.sink().record(contact("p1", "Miller", new ExternalRef("companies", "c9")));
            context.sink().checkpoint(Map.of());
        };
        assertThat(pull("contacts").updated()).isEqualTo(1);

        assertThat(all("contact")).singleElement().satisfies(contact ->
                assertThat(contact.get("company")).isEqualTo(byCustomerNumber("K-c9").id()));
    }

    @Test
    void matchesARecordThatAlreadyExistsLocallyByTheUpsertField() {
        UUID local = inTenant(() -> records.create("company", Map.of("name", "Alpha (local)", "customerNumber", "K-1"), "alice")).id();
        streams.put("companies", new StreamSettings("companies", true, "company", TestConnector.COMPANY_MAPPINGS,
                Optional.of("customerNumber"), SyncMode.INCREMENTAL, false, Optional.empty()));
        connector.reader = context -> {
            context.sink().record(company("1", null, "Alpha"));
            context.sink().checkpoint(Map.of());
        };

        assertThat(pull("companies")).isEqualTo(new RunCounts(1, 0, 1, 0, 0, 0));
        assertThat(all("company")).singleElement().satisfies(company -> {
            assertThat(company.id()).isEqualTo(local);
            assertThat(company.get("name")).isEqualTo("Alpha");
        });

        connector.reader = context -> {
            context.sink().record(company("1", null, "Alpha 2"));
            context.sink().checkpoint(Map.of());
        };
        assertThat(pull("companies").updated()).isEqualTo(1);
        assertThat(all("company")).singleElement().satisfies(company -> assertThat(company.id()).isEqualTo(local));
    }

    @Test
    void mapsAnExternalCustomFieldIntoATenantCustomFieldWhenTheAdminOverridesTheMappings() {
        inTenant(() -> metadata.createField("company", new NewField("loyaltyTier", "Loyalty tier", null, new FieldType.Text(50),
                Constraints.NONE, null), "admin"));
        List<FieldMapping> mappings = new ArrayList<>(TestConnector.COMPANY_MAPPINGS);
        mappings.add(FieldMapping.read("cf_tier", "loyaltyTier"));
        streams.put("companies", settings("companies", "company", mappings));
        connector.reader = context -> {
            Map<String, Object> fields = new LinkedHashMap<>(company("1", null, "Alpha").fields());
            fields.put("cf_tier", "gold");
            context.sink().record(new ExternalRecord("1", Optional.empty(), fields));
            context.sink().checkpoint(Map.of());
        };

        pull("companies");

        assertThat(byCustomerNumber("K-1").get("loyaltyTier")).isEqualTo("gold");
    }

    @Test
    void sendsInvalidAndRejectedRecordsToDeadLettersAndCommitsTheRestWithTheCheckpoint() {
        connector.reader = context -> {
            context.sink().record(company("1", null, "Alpha"));
            Map<String, Object> bad = new LinkedHashMap<>(company("2", null, "Beta").fields());
            bad.put("mail", "not-an-address");
            context.sink().record(new ExternalRecord("2", Optional.empty(), bad));
            context.sink().record(new ExternalRecord("3", Optional.empty(), Map.of("number", "K-3")));
            context.sink().reject("companies", null, "row 7 has no id", "7;;Gamma");
            context.sink().record(company("4", null, "Delta"));
            context.sink().checkpoint(Map.of("page", "1"));
        };

        RunCounts counts = pull("companies");

        assertThat(counts).isEqualTo(new RunCounts(5, 2, 0, 0, 0, 3));
        assertThat(names("company")).containsExactly("Alpha", "Delta");
        List<DeadLetter> letters = engine.deadLetters(tenant, connection, 10, null).deadLetters();
        assertThat(letters).extracting(DeadLetter::externalId).containsExactlyInAnyOrder("2", "3", null);
        assertThat(letters).filteredOn(letter -> "2".equals(letter.externalId())).singleElement().satisfies(letter -> {
            assertThat(letter.direction()).isEqualTo(DeadLetter.Direction.PULL);
            assertThat(letter.problems()).extracting(FieldProblem::field, FieldProblem::code).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("email", "INVALID_EMAIL"));
            assertThat(letter.raw()).contains("not-an-address");
        });
        assertThat(letters).filteredOn(letter -> "3".equals(letter.externalId())).singleElement()
                .satisfies(letter -> assertThat(letter.problems()).extracting(FieldProblem::code).containsExactly("REQUIRED"));
        assertThat(letters).filteredOn(letter -> letter.externalId() == null).singleElement().satisfies(letter -> {
            assertThat(letter.reason()).isEqualTo("row 7 has no id");
            assertThat(letter.raw()).isEqualTo("7;;Gamma");
        });

        connector.reader = context -> assertThat(context.state()).isEqualTo(Map.of("page", "1"));
        pull("companies");
    }

    @Test
    void nulCharactersDeadLetterTheirRecordWithAPlainCodedReasonAndTheRestImports() {
        connector.reader = context -> {
            context.sink().record(company("1", null, "Alpha"));
            context.sink().record(company("2", null, "Be\u0000ta").withSource("line 2"));
            context.sink().record(company("3\u0000", null, "Gamma"));
            context.sink().record(new ExternalRecord("4", Optional.of("v\u00001"), company("4", null, "Delta").fields()));
            context.sink().reject("companies", "5\u0000", "row 5 is \u0000 malformed", "5;\u0000");
            context.sink().record(company("6", null, "Epsilon"));
            context.sink().checkpoint(Map.of("page", "1"));
        };

        RunCounts counts = pull("companies");

        assertThat(counts).isEqualTo(new RunCounts(6, 2, 0, 0, 0, 4));
        assertThat(names("company")).containsExactly("Alpha", "Epsilon");
        List<DeadLetter> letters = engine.deadLetters(tenant, connection, 10, null).deadLetters();
        assertThat(letters).extracting(DeadLetter::code).containsExactlyInAnyOrder(DeadLetter.Code.INVALID_RECORD,
                DeadLetter.Code.INVALID_EXTERNAL_ID, DeadLetter.Code.INVALID_EXTERNAL_ID, DeadLetter.Code.REJECTED);
        assertThat(letters).filteredOn(letter -> letter.code() == DeadLetter.Code.INVALID_RECORD).singleElement().satisfies(letter -> {
            assertThat(letter.externalId()).isEqualTo("2");
            assertThat(letter.source()).isEqualTo("line 2");
            assertThat(letter.reason()).isEqualTo("the company record is not valid");
            assertThat(letter.problems()).extracting(FieldProblem::field, FieldProblem::code).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("name", "INVALID_CHARACTERS"));
            assertThat(letter.raw()).contains("Be\uFFFDta");
        });
        assertThat(letters).filteredOn(letter -> letter.code() == DeadLetter.Code.REJECTED).singleElement().satisfies(letter -> {
            assertThat(letter.externalId()).isNull();
            assertThat(letter.reason()).isEqualTo("row 5 is \uFFFD malformed");
        });
        assertThat(letters).allSatisfy(letter -> assertThat(letter.reason()).doesNotContain("Exception", "SQL"));
    }

    @Test
    void aRunKilledHalfwayResumesFromItsLastCheckpointWithNothingLostAndNothingDoubled() {
        int pages = 5;
        int perPage = 20;
        connector.reader = context -> {
            int from = Integer.parseInt(context.state().getOrDefault("page", "0"));
            for (int page = from; page < pages; page++) {
                for (int i = 0; i < perPage; i++) {
                    context.sink().record(company(String.valueOf(page * perPage + i), null, "Company " + (page * perPage + i)));
                }
                if (page == 3 && context.state().isEmpty()) {
                    throw new RetriableException("connection reset while reading page 4");
                }
                context.sink().checkpoint(Map.of("page", String.valueOf(page + 1)));
            }
        };

        assertThatThrownBy(() -> pull("companies")).isInstanceOf(RetriableException.class);
        assertThat(all("company")).hasSize(3 * perPage);

        List<Integer> resumedFrom = new ArrayList<>();
        var killed = connector.reader;
        connector.reader = context -> {
            resumedFrom.add(Integer.parseInt(context.state().get("page")));
            killed.accept(context);
        };
        RunCounts resumed = pull("companies");

        assertThat(resumedFrom).containsExactly(3);
        assertThat(resumed).isEqualTo(new RunCounts(2 * perPage, 2 * perPage, 0, 0, 0, 0));
        List<String> numbers = all("company").stream().map(record -> (String) record.get("customerNumber")).sorted().toList();
        assertThat(numbers).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, pages * perPage).mapToObj(i -> "K-" + i).toList());
        connector.reader = context -> assertThat(context.state()).isEqualTo(Map.of("page", "5"));
        pull("companies");
    }

    @Test
    void overlappingWindowsNeverDuplicateAndCountAsUnchanged() {
        connector.reader = context -> {
            IntStream.range(0, 10).forEach(i -> context.sink().record(company(String.valueOf(i), null, "Company " + i)));
            context.sink().checkpoint(Map.of("until", "10"));
        };
        pull("companies");
        connector.reader = context -> {
            IntStream.range(5, 15).forEach(i -> context.sink().record(company(String.valueOf(i), null, "Company " + i)));
            context.sink().checkpoint(Map.of("until", "15"));
        };

        assertThat(pull("companies")).isEqualTo(new RunCounts(10, 5, 0, 5, 0, 0));
        assertThat(all("company")).hasSize(15);
    }

    @Test
    void aCrashInsideTheCommitRollsBackThePagesRecordsTogetherWithItsState() {
        connector.reader = context -> {
            context.sink().record(company("1", null, "Alpha"));
            context.sink().checkpoint(Map.of("page", "1"));
            context.sink().record(company("2", null, "Beta"));
            // PostgreSQL refuses \u0000 in jsonb: the state write fails after the page's records were written.
            context.sink().checkpoint(Map.of("page", "2\u0000"));
        };

        assertThatThrownBy(() -> pull("companies")).isInstanceOf(RuntimeException.class);

        assertThat(names("company")).containsExactly("Alpha");
        connector.reader = context -> assertThat(context.state()).isEqualTo(Map.of("page", "1"));
        pull("companies");
    }

    @Test
    void recordsEmittedAfterTheLastCheckpointCommitWhenTheReadEndsNormally() {
        connector.reader = context -> {
            context.sink().record(company("1", null, "Alpha"));
            context.sink().checkpoint(Map.of("page", "1"));
            context.sink().record(company("2", null, "Beta"));
        };

        assertThat(pull("companies").created()).isEqualTo(2);
        connector.reader = context -> assertThat(context.state()).isEqualTo(Map.of("page", "1"));
        pull("companies");
    }

    @Test
    void fullModeIgnoresTheCheckpoint() {
        connector.reader = context -> context.sink().checkpoint(Map.of("page", "9"));
        pull("companies");
        streams.put("companies", new StreamSettings("companies", true, "company", TestConnector.COMPANY_MAPPINGS, Optional.empty(),
                SyncMode.FULL, false, Optional.empty()));
        List<Map<String, String>> seen = new ArrayList<>();
        connector.reader = context -> seen.add(context.state());

        pull("companies");

        assertThat(seen).containsExactly(Map.of());
    }

    @Test
    void anotherTenantsConnectionWithTheSameExternalIdsGetsRecordsOfItsOwn() {
        connector.reader = context -> {
            context.sink().record(company("1", null, "Alpha"));
            context.sink().reject("companies", "x", "broken", "");
            context.sink().checkpoint(Map.of("page", "1"));
        };
        pull("companies");
        TenantId other = TenantId.random();

        List<Map<String, String>> otherState = new ArrayList<>();
        connector.reader = context -> {
            otherState.add(context.state());
            context.sink().record(company("1", null, "Alpha of B"));
            context.sink().checkpoint(Map.of("page", "1"));
        };
        RunCounts counts = engine.pull(job(other, connection), "companies");

        assertThat(otherState).containsExactly(Map.of());
        assertThat(counts.created()).isEqualTo(1);
        assertThat(names("company")).containsExactly("Alpha");
        assertThat(all(other, "company")).singleElement().satisfies(company -> assertThat(company.get("name")).isEqualTo("Alpha of B"));
        assertThat(engine.deadLetters(other, connection, 10, null).deadLetters()).isEmpty();
        assertThat(engine.deadLetters(tenant, connection, 10, null).deadLetters()).hasSize(1);
    }

    @Test
    void aPageOf500RecordsCostsAHandfulOfStatements() {
        connector.reader = context -> {
            IntStream.range(0, 500).forEach(i -> context.sink().record(company(String.valueOf(i), null, "Company " + i)));
            context.sink().checkpoint(Map.of("page", "1"));
        };
        pull("companies");
        connector.reader = context -> {
            IntStream.range(0, 500).forEach(i -> context.sink().record(company(String.valueOf(i), null, "Company " + i + "!")));
            context.sink().checkpoint(Map.of("page", "2"));
        };

        StatementCounter.reset();
        RunCounts counts = pull("companies");
        int statements = StatementCounter.count();

        assertThat(counts.updated()).isEqualTo(500);
        assertThat(statements).isLessThan(20);
    }

    @Test
    void deadLettersArePagedNewestFirst() {
        connector.reader = context -> {
            IntStream.range(0, 5).forEach(i -> context.sink().reject("companies", "r" + i, "broken " + i, ""));
            context.sink().checkpoint(Map.of());
        };
        pull("companies");

        DeadLetterPage first = engine.deadLetters(tenant, connection, 3, null);
        DeadLetterPage second = engine.deadLetters(tenant, connection, 3, first.endCursor());

        assertThat(first.deadLetters()).hasSize(3);
        assertThat(second.deadLetters()).hasSize(2);
        assertThat(second.endCursor()).isNull();
        List<String> ids = new ArrayList<>();
        first.deadLetters().forEach(letter -> ids.add(letter.externalId()));
        second.deadLetters().forEach(letter -> ids.add(letter.externalId()));
        assertThat(ids).containsExactlyInAnyOrder("r0", "r1", "r2", "r3", "r4");
        assertThatThrownBy(() -> engine.deadLetters(tenant, connection, 3, "nonsense"))
                .isInstanceOf(io.metaplatform.core.PlatformException.class);
    }

    static ExternalRecord contact(String id, String lastName, ExternalRef company) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("last", lastName);
        fields.put("company", company);
        return new ExternalRecord(id, Optional.of("v1"), fields);
    }
}
