package io.metaplatform.plugins.lexware;

import static io.metaplatform.plugins.lexware.ContactReadTest.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.plugins.api.ExternalRecord;
import io.metaplatform.plugins.api.OutgoingRecord;
import io.metaplatform.plugins.api.WriteOperation;
import io.metaplatform.plugins.lexware.internal.ContactMapping;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Contact persons keep their ids when Lexware's list of them is reordered, grows or shrinks. */
class ContactPersonIdentityTest {

    private static final Map<String, Object> ANNA = map("firstName", "Anna", "lastName", "Albers", "emailAddress", "anna@firma.de");
    private static final Map<String, Object> BERND = map("firstName", "Bernd", "lastName", "Bauer", "emailAddress", "bernd@firma.de");
    private static final Map<String, Object> CARLA = map("firstName", "Carla", "lastName", "Conrad");
    private static final Map<String, Object> DORA = map("emailAddress", "dora@firma.de");

    private final LexwareFixture lexware = new LexwareFixture();

    @AfterEach
    void stop() {
        lexware.close();
    }

    @Test
    void reorderInsertAndRemovalKeepEachPersonsId() {
        String company = lexware.fake.seedCompany("Firma GmbH", null);
        lexware.fake.setContactPersons(company, List.of(ANNA, BERND, CARLA));
        Map<String, String> before = idsByName();
        assertThat(before.values()).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).startsWith(company + "/contactPersons/k"));

        lexware.fake.setContactPersons(company, List.of(CARLA, ANNA, BERND));
        assertThat(idsByName()).isEqualTo(before);

        lexware.fake.setContactPersons(company, List.of(DORA, CARLA, ANNA, BERND));
        Map<String, String> inserted = idsByName();
        assertThat(inserted).containsAllEntriesOf(before).containsKey("dora@firma.de");

        lexware.fake.setContactPersons(company, List.of(DORA, CARLA, BERND));
        Map<String, String> removed = idsByName();
        assertThat(removed).doesNotContainKey("Anna Albers")
                .containsEntry("Bernd Bauer", before.get("Bernd Bauer")).containsEntry("Carla Conrad", before.get("Carla Conrad"))
                .containsEntry("dora@firma.de", inserted.get("dora@firma.de"));
    }

    @Test
    void keysIgnoreCaseAndSpacingAndTellNamesakesApartByEmailOrOrder() {
        String company = lexware.fake.seedCompany("Firma GmbH", null);
        lexware.fake.setContactPersons(company, List.of(ANNA));
        String anna = ids().getFirst();

        lexware.fake.setContactPersons(company, List.of(map("firstName", " ANNA ", "lastName", "albers", "emailAddress", "Anna@Firma.de")));
        assertThat(ids()).containsExactly(anna);

        lexware.fake.setContactPersons(company, List.of(ANNA, map("firstName", "Anna", "lastName", "Albers", "emailAddress", "aa@firma.de"), ANNA));
        assertThat(ids()).doesNotHaveDuplicates().first().isEqualTo(anna);
        assertThat(ids().get(2)).isEqualTo(anna + "-2");
    }

    @Test
    void aPersonWithNeitherNameNorEmailKeepsThePositionAsKey() {
        String company = lexware.fake.seedCompany("Firma GmbH", null);
        lexware.fake.setContactPersons(company, List.of(ANNA, map("phoneNumber", "0800 1")));

        assertThat(ids().get(1)).isEqualTo(company + "/contactPersons/1");
    }

    @Test
    void idsByPositionFromBeforeKeysMoveToTheKeysAndStillReadAndWrite() {
        String company = lexware.fake.seedCompany("Firma GmbH", null);
        lexware.fake.setContactPersons(company, List.of(ANNA, map("phoneNumber", "0800 1"), BERND));
        List<String> ids = ids();

        assertThat(ContactMapping.legacyContactPersonIds(lexware.fake.contact(company))).containsExactly(
                Map.entry(company + "/contactPersons/0", ids.get(0)), Map.entry(company + "/contactPersons/2", ids.get(2)));
        Optional<ExternalRecord> legacy = lexware.connector.readOne(lexware.context().stream("contacts")
                .externalId(company + "/contactPersons/2").build());
        assertThat(legacy).hasValueSatisfying(record -> {
            assertThat(record.externalId()).isEqualTo(company + "/contactPersons/2");
            assertThat(record.fields()).containsEntry("lastName", "Bauer");
        });
    }

    @Test
    void writingAPersonsEmailGivesItTheNewIdWhichTheNextReadEmits() {
        String company = lexware.fake.seedCompany("Firma GmbH", null);
        // Lexware's API writes companies with at most one contact person.
        lexware.fake.setContactPersons(company, List.of(BERND));
        String bernd = ids().getFirst();
        String version = String.valueOf(lexware.fake.contact(company).get("version"));

        var result = lexware.connector.write(lexware.context().stream("contacts").record(new OutgoingRecord(WriteOperation.UPDATE,
                "rec-1", Optional.of(bernd), Optional.of(version), Map.of("email", "b.bauer@firma.de"))).build());

        assertThat(result.externalId()).isNotEqualTo(bernd).startsWith(company + "/contactPersons/k");
        assertThat(ids()).containsExactly(result.externalId());
    }

    private List<String> ids() {
        return lexware.read("contacts", Clock.systemUTC()).records("contacts").stream().map(ExternalRecord::externalId).toList();
    }

    /** Contact person id by "first last" (or e-mail when nameless). */
    private Map<String, String> idsByName() {
        Map<String, String> ids = new LinkedHashMap<>();
        for (ExternalRecord record : lexware.read("contacts", Clock.systemUTC()).records("contacts")) {
            Object first = record.fields().get("firstName");
            String name = first == null ? (String) record.fields().get("email") : first + " " + record.fields().get("lastName");
            ids.put(name, record.externalId());
        }
        return ids;
    }
}
