package io.metaplatform.plugins.lexware;

import static io.metaplatform.plugins.lexware.ContactReadTest.list;
import static io.metaplatform.plugins.lexware.ContactReadTest.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.plugins.api.ConflictException;
import io.metaplatform.plugins.api.FieldProblem;
import io.metaplatform.plugins.api.OutgoingRecord;
import io.metaplatform.plugins.api.RecordRejectedException;
import io.metaplatform.plugins.api.WriteOperation;
import io.metaplatform.plugins.lexware.fake.FakeLexware;
import io.metaplatform.plugins.lexware.internal.Values;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ContactWriteTest {

    private final LexwareFixture lexware = new LexwareFixture();

    @AfterEach
    void stop() {
        lexware.close();
    }

    @Test
    void createsACompanyWithVersionZeroAndACustomerRole() {
        var result = write("companies", create(Map.of("name", "Neu GmbH", "email", "info@neu.de", "city", "Berlin",
                "countryCode", "DE")));

        var stored = lexware.fake.contact(result.externalId());
        assertThat(result.externalVersion()).contains("1");
        assertThat(Values.at(stored, "company.name")).isEqualTo("Neu GmbH");
        assertThat(Values.at(stored, "emailAddresses.business")).isEqualTo(List.of("info@neu.de"));
        assertThat(Values.at(stored, "roles.customer.number")).isNotNull();
        assertThat(Values.list(Values.at(stored, "addresses.billing"))).hasSize(1);
    }

    @Test
    void createsAPersonForTheContactsStream() {
        var result = write("contacts", create(Map.of("firstName", "Inge", "lastName", "Musterfrau", "mobile", "0170 1")));

        var stored = lexware.fake.contact(result.externalId());
        assertThat(Values.at(stored, "person.lastName")).isEqualTo("Musterfrau");
        assertThat(Values.at(stored, "phoneNumbers.mobile")).isEqualTo(List.of("0170 1"));
        assertThat(stored).doesNotContainKey("company");
    }

    @Test
    void updatesWithTheVersionItWasGivenAndKeepsWhatItDoesNotMap() {
        var id = lexware.fake.seedContact(ContactReadTest.testfirma());

        var result = write("companies", update(id, "3", Map.of("name", "Testfirma AG", "email", "neu@testfirma.de")));

        var stored = lexware.fake.contact(id);
        assertThat(result.externalVersion()).contains("4");
        assertThat(Values.at(stored, "company.name")).isEqualTo("Testfirma AG");
        assertThat(Values.at(stored, "emailAddresses.business")).isEqualTo(List.of("neu@testfirma.de"));
        assertThat(Values.at(stored, "company.taxNumber")).isEqualTo("12345/12345");
        assertThat(new java.math.BigDecimal(String.valueOf(Values.at(stored, "roles.vendor.number")))).isEqualByComparingTo("70303");
        assertThat(Values.list(Values.at(stored, "company.contactPersons"))).hasSize(1);
    }

    @Test
    void aStaleVersionIsAConflictAndNothingIsWritten() {
        var id = lexware.fake.seedContact(ContactReadTest.testfirma());

        assertThatThrownBy(() -> write("companies", update(id, "2", Map.of("name", "Alt"))))
                .isInstanceOf(ConflictException.class);
        assertThat(lexware.fake.count("PUT", "/contacts")).isZero();
        assertThat(Values.at(lexware.fake.contact(id), "company.name")).isEqualTo("Testfirma");
    }

    @Test
    void a409FromLexwareIsAConflict() {
        var id = lexware.fake.seedContact(ContactReadTest.testfirma());
        lexware.fake.inject(new FakeLexware.Fault("PUT", "/contacts", 409,
                "{\"status\":409,\"error\":\"Conflict\",\"message\":\"changed meanwhile\"}", false));

        assertThatThrownBy(() -> write("companies", update(id, "3", Map.of("name", "Neu"))))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void validationErrorsBecomeFieldProblemsInEachOfLexwaresThreeShapes() {
        var invalid = create(Map.of("name", "Neu GmbH", "email", "kein-email", "countryCode", "Deutschland"));

        var issueList = rejection(invalid);
        lexware.fake.contactErrorShape(FakeLexware.ErrorShape.REGULAR);
        var regular = rejection(invalid);
        lexware.fake.contactErrorShape(FakeLexware.ErrorShape.BARE);
        var bare = rejection(invalid);

        assertThat(issueList).extracting(FieldProblem::field, FieldProblem::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("email", "INVALID_VALUE"),
                        org.assertj.core.groups.Tuple.tuple("countryCode", "INVALID_VALUE"));
        assertThat(regular).extracting(FieldProblem::field).containsExactly("email", "countryCode");
        assertThat(regular).extracting(FieldProblem::code).containsOnly("NOTVALID");
        assertThat(bare).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("record");
            assertThat(problem.message()).contains("Validierung fehlgeschlagen");
        });
        assertThat(lexware.fake.contactCount()).isZero();
    }

    @Test
    void refusesToUpdateAContactWithMoreThanOneEntryInAListWithoutCallingPut() {
        var contact = ContactReadTest.testfirma();
        contact.put("addresses", map("billing", list(map("street", "A", "countryCode", "DE"), map("street", "B", "countryCode", "DE"))));
        var id = lexware.fake.seedContact(contact);

        assertThatThrownBy(() -> write("companies", update(id, "3", Map.of("name", "Neu"))))
                .isInstanceOfSatisfying(RecordRejectedException.class, e -> assertThat(e.problems())
                        .extracting(FieldProblem::field, FieldProblem::code)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("street", "TOO_MANY_ENTRIES")));
        assertThat(lexware.fake.count("PUT", "/contacts")).isZero();
    }

    @Test
    void refusesARecordWithSeveralValuesForOneEntry() {
        var record = create(Map.of("name", "Neu GmbH", "email", List.of("a@neu.de", "b@neu.de")));

        assertThatThrownBy(() -> write("companies", record))
                .isInstanceOfSatisfying(RecordRejectedException.class, e -> assertThat(e.problems())
                        .extracting(FieldProblem::field).containsExactly("email"));
        assertThat(lexware.fake.count("POST", "/contacts")).isZero();
    }

    @Test
    void updatesACompanysContactPersonInPlace() {
        var id = lexware.fake.seedContact(ContactReadTest.testfirma());

        write("contacts", update(id + "/contactPersons/0", "3", Map.of("lastName", "Musterfrau", "email", "mm@testfirma.de")));

        var person = Values.object(Values.list(Values.at(lexware.fake.contact(id), "company.contactPersons")).getFirst());
        assertThat(person).containsEntry("lastName", "Musterfrau").containsEntry("emailAddress", "mm@testfirma.de")
                .containsEntry("firstName", "Max");
    }

    @Test
    void aTimedOutPostThatWasCarriedOutIsFoundInsteadOfPostedAgain() {
        lexware.fake.timeoutAfterPost("/contacts");

        var result = write("companies", create(Map.of("name", "Neu GmbH", "email", "info@neu.de")));

        assertThat(lexware.fake.contactCount()).isEqualTo(1);
        assertThat(lexware.fake.contact(result.externalId())).isNotNull();
        assertThat(lexware.fake.count("POST", "/contacts")).isEqualTo(1);
    }

    @Test
    void aTimedOutPostThatWasNotCarriedOutIsPostedOnceMoreAfterLooking() {
        lexware.fake.inject(new FakeLexware.Fault("POST", "/contacts", 504, "{\"message\":\"Gateway Timeout\"}", false));

        var result = write("companies", create(Map.of("name", "Neu GmbH")));

        assertThat(lexware.fake.contactCount()).isEqualTo(1);
        assertThat(lexware.fake.contact(result.externalId())).isNotNull();
        assertThat(lexware.fake.count("POST", "/contacts")).isEqualTo(2);
        assertThat(lexware.fake.count("GET", "/contacts")).isEqualTo(1);
    }

    private io.metaplatform.plugins.api.WriteResult write(String stream, OutgoingRecord record) {
        return lexware.connector.write(lexware.context().stream(stream).record(record).build());
    }

    private List<FieldProblem> rejection(OutgoingRecord record) {
        try {
            write("companies", record);
        } catch (RecordRejectedException e) {
            return e.problems();
        }
        throw new AssertionError("the record was not rejected");
    }

    private static OutgoingRecord create(Map<String, Object> fields) {
        return new OutgoingRecord(WriteOperation.CREATE, "rec-1", Optional.empty(), Optional.empty(), fields);
    }

    private static OutgoingRecord update(String id, String version, Map<String, Object> fields) {
        return new OutgoingRecord(WriteOperation.UPDATE, "rec-1", Optional.of(id), Optional.of(version), fields);
    }
}
