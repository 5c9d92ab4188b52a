package io.metaplatform.plugins.lexware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.plugins.api.ExternalRecord;
import io.metaplatform.plugins.api.ExternalRef;
import io.metaplatform.plugins.api.SyncMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ContactReadTest {

    private final LexwareFixture lexware = new LexwareFixture();

    @AfterEach
    void stop() {
        lexware.close();
    }

    @Test
    void readsEveryPageOfCompaniesWithACheckpointPerPage() {
        for (int i = 0; i < 600; i++) {
            lexware.fake.seedCompany(String.format("Firma %03d", i), null);
        }
        lexware.fake.seedPerson("Inge", "Musterfrau");
        var sink = lexware.read("companies", Clock.systemUTC());

        assertThat(sink.records("companies")).hasSize(600)
                .extracting(r -> r.externalId()).doesNotHaveDuplicates();
        assertThat(sink.checkpoints()).containsExactly(Map.of("page", "1"), Map.of("page", "2"), Map.of("page", "0"));
        assertThat(lexware.fake.count("GET", "/contacts")).isEqualTo(3);
    }

    @Test
    void mapsACompanyWithRolesNumbersAndFirstEntries() {
        var id = lexware.fake.seedContact(testfirma());
        var record = lexware.read("companies", Clock.systemUTC()).records("companies").getFirst();
        assertThat(record.externalId()).isEqualTo(id);
        assertThat(record.externalVersion()).contains("3");
        assertThat(record.fields()).containsEntry("name", "Testfirma")
                .containsEntry("customerNumber", "10307").containsEntry("vendorNumber", "70303")
                .containsEntry("isCustomer", true).containsEntry("isVendor", true).containsEntry("roles", List.of("CUSTOMER", "VENDOR"))
                .containsEntry("email", "business@lexoffice.de").containsEntry("phone", "08000/1231")
                .containsEntry("taxNumber", "12345/12345").containsEntry("vatRegistrationId", "DE123456789")
                .containsEntry("street", "Hauptstr. 5").containsEntry("zip", "12345").containsEntry("city", "Musterort")
                .containsEntry("countryCode", "DE").containsEntry("note", "Notizen");
    }

    @Test
    void personsAndContactPersonsBecomeContactsLinkedToTheirCompany() {
        var company = lexware.fake.seedContact(testfirma());
        var person = lexware.fake.seedPerson("Inge", "Musterfrau");
        var sink = lexware.read("contacts", Clock.systemUTC());

        var records = sink.records("contacts");
        assertThat(records).extracting(r -> r.externalId())
                .containsExactlyInAnyOrder(person, io.metaplatform.plugins.lexware.internal.ContactMapping
                        .contactPersons(lexware.fake.contact(company)).getFirst().externalId());
        var contactPerson = records.stream().filter(r -> r.externalId().startsWith(company)).findFirst().orElseThrow();
        assertThat(contactPerson.fields()).containsEntry("firstName", "Max").containsEntry("lastName", "Mustermann")
                .containsEntry("email", "contactpersonmail@lexoffice.de").containsEntry("primary", true)
                .containsEntry("company", new ExternalRef("companies", company));
        assertThat(sink.records("companies")).isEmpty();
    }

    @Test
    void anIncrementalReadResumesAtTheCheckpointedPage() {
        for (int i = 0; i < 300; i++) {
            lexware.fake.seedCompany(String.format("Firma %03d", i), null);
        }
        var sink = lexware.read("companies", Clock.systemUTC(), SyncMode.INCREMENTAL, Map.of("page", "1"));

        assertThat(sink.records("companies")).hasSize(50);
        assertThat(sink.checkpoints()).containsExactly(Map.of("page", "0"));
    }

    @Test
    void readsOneRecordByIdForEitherStream() {
        var company = lexware.fake.seedContact(testfirma());
        var person = lexware.fake.seedPerson("Inge", "Musterfrau");

        var companyRecord = readOne("companies", company);
        var personRecord = readOne("contacts", person);
        var contactPerson = readOne("contacts", company + "/contactPersons/0");
        var personAsCompany = readOne("companies", person);
        var missing = readOne("companies", "00000000-0000-0000-0000-000000000000");

        assertThat(companyRecord).hasValueSatisfying(r -> assertThat(r.fields()).containsEntry("name", "Testfirma"));
        assertThat(personRecord).hasValueSatisfying(r -> assertThat(r.fields()).containsEntry("lastName", "Musterfrau"));
        assertThat(contactPerson).hasValueSatisfying(r -> assertThat(r.fields()).containsEntry("lastName", "Mustermann"));
        assertThat(personAsCompany).isEmpty();
        assertThat(missing).isEmpty();
    }

    @Test
    void searchesContactsWithLexwareFiltersEncodingAmpersands() {
        var acme = lexware.fake.seedCompany("Müller & Söhne", "info@mueller.de");
        lexware.fake.seedCompany("Beta AG", "info@beta.de");

        var byName = search("companies", Map.of("name", "Müller & S"));
        var byEmail = search("companies", Map.of("email", "info@beta.de"));

        assertThat(byName).extracting(r -> r.externalId()).containsExactly(acme);
        assertThat(byEmail).extracting(r -> r.fields().get("name")).containsExactly("Beta AG");
    }

    @Test
    void searchFindsCompaniesInTheCompaniesStreamAndPersonsInTheContactsStream() {
        var company = lexware.fake.seedCompany("Schmidt Bau GmbH", "info@schmidt.de");
        var person = lexware.fake.seedPerson("Anna", "Schmidt");

        var companies = search("companies", Map.of("name", "Schmidt"));
        var persons = search("contacts", Map.of("name", "Schmidt"));

        assertThat(companies).extracting(ExternalRecord::externalId).containsExactly(company);
        assertThat(persons).extracting(ExternalRecord::externalId).containsExactly(person);
        assertThat(persons.getFirst().fields()).containsEntry("lastName", "Schmidt").containsEntry("salutation", "Frau");
    }

    @Test
    void searchRefusesAShortNameAnUnknownCriterionAndNoCriterionBeforeAskingLexware() {
        int before = lexware.fake.requests().size();

        assertThatThrownBy(() -> search("companies", Map.of("name", "ab")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 3 characters");
        assertThatThrownBy(() -> search("companies", Map.of("city", "Berlin")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be searched by city");
        assertThatThrownBy(() -> search("contacts", Map.of("email", " ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one of name, email, number");
        assertThat(lexware.fake.requests()).hasSize(before);
    }

    @Test
    void voucherStreamsCannotBeSearched() {
        assertThat(lexware.connector.descriptor().stream("invoices").orElseThrow().searchCriteria()).isEmpty();
        assertThatThrownBy(() -> search("invoices", Map.of("name", "RE-1")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    private List<ExternalRecord> search(String stream, Map<String, String> criteria) {
        return lexware.connector.search(lexware.context().stream(stream).criteria(criteria).build());
    }

    private Optional<ExternalRecord> readOne(String stream, String externalId) {
        return lexware.connector.readOne(lexware.context().stream(stream).externalId(externalId).build());
    }

    /** The reference's example contact, with a third version. */
    static Map<String, Object> testfirma() {
        var contact = new LinkedHashMap<String, Object>();
        contact.put("version", new java.math.BigDecimal(3));
        contact.put("roles", map("customer", map("number", 10307), "vendor", map("number", 70303)));
        contact.put("company", map("name", "Testfirma", "taxNumber", "12345/12345", "vatRegistrationId", "DE123456789",
                "allowTaxFreeInvoices", true,
                "contactPersons", list(map("salutation", "Herr", "firstName", "Max", "lastName", "Mustermann",
                        "emailAddress", "contactpersonmail@lexoffice.de", "phoneNumber", "08000/11111"))));
        contact.put("addresses", map("billing", list(map("supplement", "Rechnungsadressenzusatz", "street", "Hauptstr. 5",
                "zip", "12345", "city", "Musterort", "countryCode", "DE"))));
        contact.put("emailAddresses", map("business", list("business@lexoffice.de"), "office", list(), "private", list(), "other", list()));
        contact.put("phoneNumbers", map("business", list("08000/1231"), "office", list(), "mobile", list(), "private", list(),
                "fax", list(), "other", list()));
        contact.put("note", "Notizen");
        contact.put("archived", false);
        return contact;
    }

    static Map<String, Object> map(Object... keysAndValues) {
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static List<Object> list(Object... values) {
        return new ArrayList<>(List.of(values));
    }
}
