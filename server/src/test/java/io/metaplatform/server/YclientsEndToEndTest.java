package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.TenantId;
import io.metaplatform.plugins.yclients.fake.FakeYclients;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The YCLIENTS connector end to end in two server runtimes (see {@link LexwareServers}: one database, one
 * Redis, the plugins folder's YCLIENTS jar in its own class loader), through the admin and data APIs, against
 * the fake YCLIENTS with its real limits of 5 requests/s and 200/min for the whole egress.
 *
 * <p>The full sync's size is small by default, to keep the suite fast; {@code -Dyclients.e2e.clients=2000}
 * (records and transactions twice as many) gives the figure.
 */
@SpringBootTest(classes = LexwareEndToEndTest.RealConnectors.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {LexwareServers.SCHEDULER_OFF, LexwareServers.SERVER_A})
class YclientsEndToEndTest extends LexwareServers {

    static final String PARTNER = "yc-partner-e2e";
    static final long SALON = 4564;
    private static final long SECOND_SALON = 77;
    private final List<FakeYclients> fakes = new ArrayList<>();

    @Override
    List<String> sharedProperties() {
        return List.of(SCHEDULER_OFF);
    }

    @AfterAll
    void stopFakes() {
        fakes.forEach(FakeYclients::close);
    }

    @Test
    void twoServersSyncTwoLocationsWithinTheSharedEgressBudgetWithNo429AndEveryRecordOnce() {
        int clients = Integer.getInteger("yclients.e2e.clients", 150);
        FakeYclients yclients = fake();
        String token = yclients.addUser("79161234567", "secret");
        seed(yclients, clients);
        TenantId first = createTenant("Salon Nevsky");
        TenantId second = createTenant("Salon Moskva");
        String connectionA = enabledConnection(serverA, admin(first), yclients, token, SALON, List.of());
        String connectionB = enabledConnection(serverB, admin(second), yclients, token, SECOND_SALON, List.of());
        int setup = yclients.requests().size();

        long start = System.nanoTime();
        JsonNode runA = startRun(serverA, admin(first), connectionA);
        JsonNode runB = startRun(serverB, admin(second), connectionB);
        JsonNode endedA = awaitRun(serverA, admin(first), connectionA, runA.path("id").asString(), Duration.ofMinutes(10));
        JsonNode endedB = awaitRun(serverB, admin(second), connectionB, runB.path("id").asString(), Duration.ofMinutes(10));
        double seconds = (System.nanoTime() - start) / 1e9;
        int requests = yclients.requests().size() - setup;
        System.out.printf("YCLIENTS end to end: %d clients, %d records and %d transactions synced into each of two tenants by two"
                + " servers in %.1f s, %d requests to YCLIENTS (%.1f/s), %d answered 429%n", clients, 2 * clients, 2 * clients, seconds,
                requests, requests / seconds, yclients.count(429));

        assertThat(endedA.path("status").asString()).as(endedA.toString()).isEqualTo("SUCCEEDED");
        assertThat(endedB.path("status").asString()).as(endedB.toString()).isEqualTo("SUCCEEDED");
        assertThat(yclients.count(429)).isZero();
        Map<String, Integer> expected = Map.of("contacts", clients, "ycVisits", 2 * clients, "ycPayments", 2 * clients, "ycStaffs", 1,
                "ycServices", 1);
        assertThat(counts(serverA, admin(first))).isEqualTo(expected);
        assertThat(counts(serverB, admin(second))).isEqualTo(expected);
        JsonNode payment = dataApi(serverA, admin(first), "{ ycPayments(first: 1, orderBy: [{field: date, direction: ASC}]) {"
                + " edges { node { amount client { id } visit { id } } } } }").path("ycPayments").path("edges").get(0).path("node");
        assertThat(new java.math.BigDecimal(payment.path("amount").asString())).isEqualByComparingTo("1000.50");
        assertThat(payment.path("client").path("id").isMissingNode() || payment.path("client").isNull()).isFalse();
        JsonNode packages = adminApi(serverA, admin(first), "{ managedPackages { connector version protected objects } }", Map.of())
                .path("managedPackages");
        assertThat(packages.get(0).path("connector").asString()).isEqualTo("yclients");
        assertThat(packages.get(0).path("protected").asBoolean()).isTrue();
        JsonNode visit = adminApi(serverA, admin(first), "{ object(apiName: \"ycVisit\") { managedBy fields { apiName managedBy } } }",
                Map.of()).path("object");
        assertThat(visit.path("managedBy").asString()).isEqualTo("connector yclients");
        assertThat(visit.path("fields").findValuesAsString("managedBy")).contains("connector yclients");
        JsonNode company = adminApi(serverA, admin(first), "{ object(apiName: \"company\") { managedBy } }", Map.of()).path("object");
        assertThat(company.path("managedBy").isNull()).as("a built-in object is nobody's package").isTrue();
        TenantId bystander = createTenant("Salon without YCLIENTS");
        assertThat(adminApi(serverB, admin(bystander), "{ managedPackages { connector } }", Map.of()).path("managedPackages"))
                .as("another tenant's packages").isEmpty();
    }

    @Test
    void anIncrementalRunBringsChangesAndCancellationsAsSoftDeletes() {
        FakeYclients yclients = fake();
        String token = yclients.addUser("79161234567", "secret");
        List<long[]> seeded = seed(yclients, 20);
        TenantId tenant = createTenant("Salon incremental");
        String admin = admin(tenant);
        String connection = enabledConnection(serverA, admin, yclients, token, SALON, List.of());
        run(serverA, admin, connection, Duration.ofMinutes(2));
        yclients.changeClient(seeded.get(0)[0], Map.of("name", "Renamed"));
        yclients.changeRecord(seeded.get(1)[1], Map.of("deleted", true));
        int before = yclients.requests().size();

        JsonNode second = run(serverA, admin, connection, Duration.ofMinutes(2));

        assertThat(second.path("status").asString()).as(second.toString()).isEqualTo("SUCCEEDED");
        assertThat(second.path("deleted").asInt()).isEqualTo(1);
        assertThat(second.path("updated").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(counts(serverA, admin).get("ycVisits")).isEqualTo(39);
        assertThat(dataApi(serverA, admin, "{ contacts(filter: {firstName: {eq: \"Renamed\"}}, first: 5) { totalCount } }")
                .path("contacts").path("totalCount").asInt()).isEqualTo(1);
        assertThat(yclients.requests().size() - before).as("an incremental run reads changes, not everything").isLessThan(12);
    }

    @Test
    void clientCategoriesBecomeOptionsOfTheContactsMultiSelectAsTheyAppear() {
        FakeYclients yclients = fake();
        String token = yclients.addUser("79161234568", "secret");
        long anna = yclients.seedClient("Anna", "79160000101", Map.of("surname", "Ivanova",
                "categories", List.of(Map.of("id", 3, "title", "VIP", "color", "#e8d313"))));
        yclients.seedClient("Boris", "79160000102", Map.of("surname", "Petrov",
                "categories", List.of(Map.of("id", 3, "title", "VIP"), Map.of("id", 7, "title", "Постоянный"))));
        TenantId tenant = createTenant("Salon categories");
        String admin = admin(tenant);
        String connection = enabledConnection(serverA, admin, yclients, token, SALON, List.of());

        JsonNode first = run(serverA, admin, connection, Duration.ofMinutes(2));
        JsonNode vips = dataApi(serverA, admin, "{ contacts(filter: {ycCategories: {containsAny: [VIP]}}, first: 5) { totalCount"
                + " edges { node { lastName ycCategories } } } }").path("contacts");
        yclients.changeClient(anna, Map.of("categories", List.of(Map.of("id", 9, "title", "Birthday club"))));
        JsonNode second = run(serverA, admin, connection, Duration.ofMinutes(2));
        JsonNode annaNow = dataApi(serverA, admin, "{ contacts(filter: {lastName: {eq: \"Ivanova\"}}, first: 1) { edges { node {"
                + " ycCategories } } } }").path("contacts").path("edges").get(0).path("node");
        JsonNode options = adminApi(serverA, admin, "{ object(apiName: \"contact\") { fields { apiName kind type } } }", Map.of())
                .path("object").path("fields").valueStream().filter(field -> field.path("apiName").asString().equals("ycCategories"))
                .findFirst().orElseThrow();

        assertThat(first.path("status").asString()).as(first.toString()).isEqualTo("SUCCEEDED");
        assertThat(second.path("status").asString()).as(second.toString()).isEqualTo("SUCCEEDED");
        assertThat(vips.path("totalCount").asInt()).isEqualTo(2);
        assertThat(vips.path("edges").valueStream().filter(edge -> edge.path("node").path("lastName").asString().equals("Petrov"))
                .findFirst().orElseThrow().path("node").path("ycCategories").valueStream().map(JsonNode::asString).toList())
                .containsExactly("VIP", "POSTOYANNYY");
        assertThat(annaNow.path("ycCategories").valueStream().map(JsonNode::asString).toList()).containsExactly("BIRTHDAY_CLUB");
        assertThat(options.path("kind").asString()).isEqualTo("MULTI_SELECT");
        assertThat(options.path("type").path("options").valueStream().map(option -> option.path("value").asString() + "="
                + option.path("label").asString()).toList()).containsExactly("VIP=VIP", "POSTOYANNYY=Постоянный", "BIRTHDAY_CLUB=Birthday club");
    }

    @Test
    void pushRefusesA422PerRecordAndA504OnCreateDoesNotDuplicateTheClient() {
        FakeYclients yclients = fake();
        String token = yclients.addUser("79161234567", "secret");
        TenantId tenant = createTenant("Salon push");
        String admin = admin(tenant);
        String connection = enabledConnection(serverA, admin, yclients, token, SALON, List.of(Map.of("name", "clients", "push", true)));
        run(serverA, admin, connection, Duration.ofMinutes(2));
        dataApi(serverA, admin, "mutation { createContact(data: {lastName: \"Petrova\", phone: \"79161112233\", email: \"anna@example.com\","
                + " firstName: \"Anna\"}) { id } }");
        dataApi(serverA, admin, "mutation { createContact(data: {lastName: \"Nophone\"}) { id } }");
        yclients.inject(new FakeYclients.Fault("POST", "/clients/", 504, true));

        JsonNode pushed = run(serverA, admin, connection, Duration.ofMinutes(2));
        JsonNode again = run(serverA, admin, connection, Duration.ofMinutes(2));

        assertThat(pushed.path("status").asString()).as(pushed.toString()).isEqualTo("SUCCEEDED");
        assertThat(pushed.path("created").asInt() + again.path("created").asInt()).as(pushed + " / " + again).isEqualTo(1);
        assertThat(pushed.path("failed").asInt() + again.path("failed").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(yclients.count(504)).isEqualTo(1);
        assertThat(yclients.clientsWhere("phone", "79161112233")).hasSize(1);
        assertThat(yclients.clientCount()).isEqualTo(1);
        JsonNode letters = adminApi(serverA, admin, "{ deadLetters(connection: \"" + connection + "\") { nodes { stream reason } } }", Map.of())
                .path("deadLetters").path("nodes");
        assertThat(letters.toString()).contains("phone");
    }

    @Test
    void aServerStoppedInTheMiddleOfARunLeavesCheckpointsAnotherServerResumesWithoutLossOrDoubling() {
        FakeYclients yclients = fake();
        String token = yclients.addUser("79161234567", "secret");
        int clients = 600;
        seed(yclients, clients);
        TenantId tenant = createTenant("Salon interrupted");
        String admin = admin(tenant);
        String connection = enabledConnection(serverA, admin, yclients, token, SALON, List.of());
        ConfigurableApplicationContext doomed = new SpringApplicationBuilder(LexwareEndToEndTest.RealConnectors.class)
                .run("--server.port=0", "--platform.connectors.instance-id=server-doomed", "--" + SCHEDULER_OFF);
        Api doomedServer = new Api(doomed.getEnvironment().getRequiredProperty("local.server.port", Integer.class));

        JsonNode interrupted = startRun(doomedServer, admin, connection);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (yclients.count("GET", "/records/") < 3 && System.nanoTime() < deadline) {
            sleep(5);
        }
        doomed.close();
        JsonNode stopped = awaitRun(serverA, admin, connection, interrupted.path("id").asString(), Duration.ofMinutes(2));
        int recordPagesBefore = (int) yclients.count("GET", "/records/");
        JsonNode resumed = run(serverA, admin, connection, Duration.ofMinutes(3));

        assertThat(stopped.path("status").asString()).as(stopped.toString()).isNotEqualTo("SUCCEEDED");
        assertThat(resumed.path("status").asString()).as(resumed.toString()).isEqualTo("SUCCEEDED");
        assertThat(counts(serverA, admin)).isEqualTo(Map.of("contacts", clients, "ycVisits", 2 * clients, "ycPayments", 2 * clients,
                "ycStaffs", 1, "ycServices", 1));
        // 1,200 records are 6 pages of 200: the resumed run went on from its checkpoint instead of starting again.
        assertThat(yclients.count("GET", "/records/") - recordPagesBefore).as("record pages read after resuming").isLessThan(6);
    }

    private FakeYclients fake() {
        FakeYclients fake = FakeYclients.start(PARTNER);
        fake.addCompany(SALON, "Salon Nevsky");
        fake.addCompany(SECOND_SALON, "Salon Moskva");
        fakes.add(fake);
        return fake;
    }

    /** Seeds clients, two records and two transactions each; returns {client, first record} per client. */
    static List<long[]> seed(FakeYclients fake, int clients) {
        long staff = fake.seedStaff("Oksana");
        long service = fake.seedService("Haircut", "1500.00");
        List<long[]> seeded = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            long client = fake.seedClient("Client " + i, String.valueOf(79160000000L + i), Map.of("surname", "Surname" + i));
            long record = fake.seedRecord(client, staff, service, LocalDateTime.of(2026, 2, 1, 9, 0).plusHours(i), i % 4 - 1);
            long another = fake.seedRecord(client, staff, service, LocalDateTime.of(2026, 3, 1, 9, 0).plusHours(i), 0);
            fake.seedTransaction(client, record, (1000 + i) + ".50");
            fake.seedTransaction(client, another, "250.00");
            seeded.add(new long[] {client, record});
        }
        return seeded;
    }

    static String enabledConnection(Api server, String token, FakeYclients fake, String userToken, long company,
                                            List<Map<String, Object>> streams) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("partnerToken", PARTNER);
        config.put("userToken", userToken);
        config.put("companyId", String.valueOf(company));
        config.put("baseUrl", fake.baseUrl());
        String id = adminApi(server, token, "mutation($config: JSON, $streams: [StreamSettingsInput!]) { createConnection(input: {"
                + "connector: \"yclients\", name: \"YCLIENTS\", config: $config, streams: $streams, scheduleInterval: \"PT1H\"}) { id } }",
                Map.of("config", config, "streams", streams)).path("createConnection").path("id").asString();
        JsonNode check = adminApi(server, token, "mutation { checkConnection(id: \"" + id + "\") { passed message } }", Map.of());
        assertThat(check.path("checkConnection").path("passed").asBoolean()).as(check.toString()).isTrue();
        assertThat(check.path("checkConnection").path("message").asString()).contains(String.valueOf(company));
        adminApi(server, token, "mutation { enableConnection(id: \"" + id + "\") { status } }", Map.of());
        return id;
    }

    static Map<String, Integer> counts(Api server, String token) {
        JsonNode data = dataApi(server, token, "{ contacts(first: 1) { totalCount } ycVisits(first: 1) { totalCount }"
                + " ycPayments(first: 1) { totalCount } ycStaffs(first: 1) { totalCount } ycServices(first: 1) { totalCount } }");
        Map<String, Integer> counts = new LinkedHashMap<>();
        data.properties().forEach(entry -> counts.put(entry.getKey(), entry.getValue().path("totalCount").asInt()));
        return counts;
    }
}
