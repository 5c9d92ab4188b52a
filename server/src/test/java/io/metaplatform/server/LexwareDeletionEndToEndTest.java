package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.TenantId;
import io.metaplatform.plugins.lexware.fake.FakeLexware;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/**
 * Deletions in Lexware reach the platform, through the admin and data APIs against a fake Lexware: a line
 * removed from an invoice goes when the invoice is read again, a deleted contact goes with the next
 * reconciliation, and a reconciliation that would delete most of a stream deletes nothing and says so.
 */
@SpringBootTest(classes = LexwareEndToEndTest.RealConnectors.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {LexwareServers.SCHEDULER_OFF, LexwareServers.SERVER_A})
class LexwareDeletionEndToEndTest extends LexwareServers {

    @Override
    List<String> sharedProperties() {
        return List.of(SCHEDULER_OFF);
    }

    @Test
    void deletionsInLexwareReachThePlatformWithinTheSafetyStop() {
        String apiKey = newApiKey();
        FakeLexware lexware = fake(apiKey, 1000);
        List<String> companies = new ArrayList<>();
        for (String name : List.of("Bleibt AG", "Geht GmbH", "Auch AG", "Noch AG")) {
            companies.add(lexware.seedCompany(name, null));
        }
        String invoice = lexware.seedVoucher("invoice", "open", "RE1", companies.getFirst(), LocalDate.now().minusDays(3),
                Instant.now().minus(Duration.ofDays(3)), List.of(new FakeLexware.Line("Kabel", "2", "13.40", "19"),
                        new FakeLexware.Line("Beratung", "1", "100", "19"), new FakeLexware.Line("Anfahrt", "1", "50", "19")), false);
        TenantId tenant = createTenant("Lexware deletions");
        String token = admin(tenant);
        String connection = enabledConnection(serverA, token, lexware, apiKey, List.of());
        JsonNode first = run(serverA, token, connection, Duration.ofMinutes(1));
        assertThat(first.path("status").asString()).as(first.toString()).isEqualTo("SUCCEEDED");
        assertThat(lineDescriptions(token)).containsExactlyInAnyOrder("Kabel", "Beratung", "Anfahrt");

        lexware.removeVoucherLine(invoice, 1, Instant.now());
        lexware.deleteContact(companies.get(1));
        JsonNode reread = run(serverA, token, connection, Duration.ofMinutes(1));

        assertThat(reread.path("deleted").asInt()).as(reread.toString()).isEqualTo(1);
        assertThat(lineDescriptions(token)).containsExactlyInAnyOrder("Kabel", "Anfahrt");
        assertThat(companyNames(token)).as("an ordinary read does not reconcile").hasSize(4);

        JsonNode reconciled = reconcile(token, connection);
        assertThat(reconciled.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(reconciled.path("deleted").asInt()).isEqualTo(1);
        assertThat(reconciled.path("errorCode").isNull()).isTrue();
        assertThat(companyNames(token)).containsExactlyInAnyOrder("Bleibt AG", "Auch AG", "Noch AG");

        lexware.deleteContact(companies.get(2));
        lexware.deleteContact(companies.get(3));
        JsonNode held = reconcile(token, connection);

        assertThat(held.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(held.path("deleted").asInt()).isZero();
        assertThat(held.path("errorCode").asString()).isEqualTo("DELETIONS_HELD_BACK");
        assertThat(held.path("error").asString()).contains("companies").contains("2 of 3");
        assertThat(companyNames(token)).hasSize(3);
        assertThat(recordCounts(serverA, token).get("invoiceLines")).isEqualTo(2);
    }

    @Test
    void contactPersonsStayOnTheirRecordsWhenLexwareReordersAddsAndRemovesThem() {
        String apiKey = newApiKey();
        FakeLexware lexware = fake(apiKey, 1000);
        String company = lexware.seedCompany("Personen GmbH", null);
        Map<String, Object> anna = Map.of("firstName", "Anna", "lastName", "Albers", "emailAddress", "anna@personen.example");
        Map<String, Object> bernd = Map.of("firstName", "Bernd", "lastName", "Bauer", "emailAddress", "bernd@personen.example");
        Map<String, Object> carla = Map.of("firstName", "Carla", "lastName", "Conrad");
        Map<String, Object> dora = Map.of("firstName", "Dora", "lastName", "Dietz", "emailAddress", "dora@personen.example");
        lexware.setContactPersons(company, List.of(anna, bernd, carla));
        TenantId tenant = createTenant("Lexware contact persons");
        String token = admin(tenant);
        String connection = enabledConnection(serverA, token, lexware, apiKey, List.of());
        run(serverA, token, connection, Duration.ofMinutes(1));
        Map<String, String> before = contactIds(token);
        assertThat(before).containsOnlyKeys("Albers", "Bauer", "Conrad");

        lexware.setContactPersons(company, List.of(carla, anna, bernd));
        JsonNode reordered = run(serverA, token, connection, Duration.ofMinutes(1));
        assertThat(contactIds(token)).isEqualTo(before);
        assertThat(reordered.path("created").asInt() + reordered.path("deleted").asInt()).as(reordered.toString()).isZero();

        lexware.setContactPersons(company, List.of(dora, carla, anna));
        JsonNode changed = run(serverA, token, connection, Duration.ofMinutes(1));
        Map<String, String> after = contactIds(token);

        assertThat(changed.path("deleted").asInt()).as(changed.toString()).isEqualTo(1);
        assertThat(after).containsOnlyKeys("Albers", "Conrad", "Dietz")
                .containsEntry("Albers", before.get("Albers")).containsEntry("Conrad", before.get("Conrad"));
    }

    /** Record id by last name of every live contact. */
    private Map<String, String> contactIds(String token) {
        Map<String, String> ids = new java.util.TreeMap<>();
        dataApi(serverA, token, "{ contacts(first: 50) { edges { node { id lastName } } } }").path("contacts").path("edges")
                .forEach(edge -> ids.put(edge.path("node").path("lastName").asString(), edge.path("node").path("id").asString()));
        return ids;
    }

    private JsonNode reconcile(String token, String connection) {
        String id = adminApi(serverA, token, "mutation { runConnectionNow(id: \"" + connection + "\", reconcile: true) { id } }", Map.of())
                .path("runConnectionNow").path("id").asString();
        return awaitRun(serverA, token, connection, id, Duration.ofMinutes(1));
    }

    private List<String> lineDescriptions(String token) {
        List<String> descriptions = new ArrayList<>();
        dataApi(serverA, token, "{ invoiceLines(first: 50) { edges { node { description } } } }").path("invoiceLines").path("edges")
                .forEach(edge -> descriptions.add(edge.path("node").path("description").asString()));
        return descriptions;
    }

    private List<String> companyNames(String token) {
        List<String> names = new ArrayList<>();
        dataApi(serverA, token, "{ companies(first: 50) { edges { node { name } } } }").path("companies").path("edges")
                .forEach(edge -> names.add(edge.path("node").path("name").asString()));
        return names;
    }
}
