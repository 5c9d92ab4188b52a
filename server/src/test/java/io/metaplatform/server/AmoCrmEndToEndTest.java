package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.TenantId;
import io.metaplatform.plugins.amocrm.fake.FakeAmoCrm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/**
 * The amoCRM connector end to end: the plugin jar from the plugins folder, authorised through the admin
 * API against the fake amoCRM's OAuth server, syncing through the sync engine into the data API, with
 * amoCRM's real 7 requests/s.
 */
@SpringBootTest(classes = LexwareEndToEndTest.RealConnectors.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {LexwareServers.SCHEDULER_OFF, LexwareServers.SERVER_A})
class AmoCrmEndToEndTest extends LexwareServers {

    static final String REDIRECT = "https://admin.platform.example/oauth/amocrm";
    private final List<FakeAmoCrm> amos = new ArrayList<>();

    @Override
    List<String> sharedProperties() {
        return List.of(SCHEDULER_OFF);
    }

    @AfterAll
    void stopFakes() {
        amos.forEach(FakeAmoCrm::close);
    }

    @Test
    void authorisedThroughTheAdminApiItSyncsFullyThenIncrementallyRefreshesAnExpiredTokenOnceAndStopsWhenTheGrantIsRevoked() {
        FakeAmoCrm amo = amo();
        long company = amo.add(FakeAmoCrm.ENTITY_COMPANIES, Map.of("name", "ООО Ромашка",
                "custom_fields_values", List.of(FakeAmoCrm.multitext(FakeAmoCrm.PHONE_FIELD, "PHONE", "+74951234567", "WORK"))));
        long contact = amo.add(FakeAmoCrm.ENTITY_CONTACTS, Map.of("name", "Иван Иванов", "first_name", "Иван", "last_name", "Иванов",
                "_embedded", Map.of("companies", List.of(Map.of("id", company))),
                "custom_fields_values", List.of(FakeAmoCrm.multitext(FakeAmoCrm.PHONE_FIELD, "PHONE", "+79161234567", "MOB"),
                        FakeAmoCrm.multitext(FakeAmoCrm.EMAIL_FIELD, "EMAIL", "ivan@romashka.ru", "WORK"))));
        for (int i = 0; i < 230; i++) {
            amo.add(FakeAmoCrm.ENTITY_LEADS, Map.of("name", "Сделка " + i, "price", 1000 + i, "pipeline_id", FakeAmoCrm.MAIN_PIPELINE,
                    "status_id", i == 0 ? FakeAmoCrm.WON : FakeAmoCrm.NEGOTIATION_STATUS,
                    "_embedded", Map.of("contacts", List.of(Map.of("id", contact, "is_main", true)), "companies", List.of(Map.of("id", company)))));
        }
        TenantId tenant = createTenant("amoCRM");
        String token = admin(tenant);
        String connection = authorisedConnection(token, amo, List.of());

        JsonNode full = run(serverA, token, connection, Duration.ofMinutes(2));
        Map<String, Integer> counts = counts(token);
        JsonNode won = dataApi(serverA, token, "{ deals(first: 1, filter: {status: {eq: WON}}) { edges { node { name stage { name isWon }"
                + " contact { lastName mobile email company { name phone } } } } } }").path("deals").path("edges").get(0).path("node");

        amo.advance(60);
        long changed = Long.parseLong(String.valueOf(amo.all(FakeAmoCrm.ENTITY_LEADS).get(5).get("id")));
        amo.change(FakeAmoCrm.ENTITY_LEADS, changed, Map.of("status_id", FakeAmoCrm.LOST));
        long deleted = Long.parseLong(String.valueOf(amo.all(FakeAmoCrm.ENTITY_LEADS).get(6).get("id")));
        amo.delete(FakeAmoCrm.ENTITY_LEADS, deleted);
        amo.expireAccessTokens();
        JsonNode incremental = run(serverA, token, connection, Duration.ofMinutes(1));
        JsonNode lost = dataApi(serverA, token, "{ deals(first: 5, filter: {status: {eq: LOST}}) { totalCount } }").path("deals");
        int refreshes = amo.refreshes();
        int retiredTokenCalls = amo.retiredTokenCalls();

        amo.revokeGrant();
        amo.expireAccessTokens();
        JsonNode refused = run(serverA, token, connection, Duration.ofMinutes(1));
        JsonNode stopped = connection(serverA, token, connection);
        JsonNode again = authorize(token, connection, amo.issueCode(), null);
        JsonNode reenabled = connection(serverA, token, connection);

        assertThat(full.path("status").asString()).as(full.toString()).isEqualTo("SUCCEEDED");
        assertThat(counts).containsEntry("deals", 230).containsEntry("pipelines", 2).containsEntry("pipelineStages", 8)
                .containsEntry("contacts", 1).containsEntry("companies", 1);
        assertThat(won.path("name").asString()).isEqualTo("Сделка 0");
        assertThat(won.path("stage").path("isWon").asBoolean()).isTrue();
        assertThat(won.path("contact").path("mobile").asString()).isEqualTo("+79161234567");
        assertThat(won.path("contact").path("email").asString()).isEqualTo("ivan@romashka.ru");
        assertThat(won.path("contact").path("company").path("phone").asString()).isEqualTo("+74951234567");
        assertThat(incremental.path("status").asString()).as(incremental.toString()).isEqualTo("SUCCEEDED");
        assertThat(incremental.path("deleted").asInt()).isEqualTo(1);
        assertThat(lost.path("totalCount").asInt()).isEqualTo(1);
        assertThat(refreshes).as("refreshes of the expired token").isEqualTo(1);
        assertThat(retiredTokenCalls).as("calls with a replaced token").isZero();
        assertThat(refused.path("status").asString()).isEqualTo("FAILED");
        assertThat(refused.path("error").asString()).contains("authorise the connection again");
        assertThat(stopped.path("status").asString()).isEqualTo("CREDENTIALS_INVALID");
        assertThat(again.path("authorizeConnection").asBoolean()).isTrue();
        assertThat(reenabled.path("status").asString()).isEqualTo("ENABLED");
        assertThat(adminApi(serverA, admin(createTenant("other")), "{ connection(id: \"" + connection + "\") { id } }", Map.of())
                .path("connection").isNull()).as("another tenant's view").isTrue();
    }

    @Test
    void aWebhookCallIsTakenOnlyWithTheConnectionsTokenInItsUrlAndItsLeadIsReadAgain() throws Exception {
        FakeAmoCrm amo = amo();
        long lead = amo.add(FakeAmoCrm.ENTITY_LEADS, Map.of("name", "Before", "pipeline_id", FakeAmoCrm.MAIN_PIPELINE,
                "status_id", FakeAmoCrm.FIRST_CONTACT_STATUS));
        TenantId tenant = createTenant("amoCRM webhook");
        String token = admin(tenant);
        String connection = authorisedConnection(token, amo, List.of());
        run(serverA, token, connection, Duration.ofMinutes(1));
        amo.change(FakeAmoCrm.ENTITY_LEADS, lead, Map.of("name", "After"));
        var mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(amo.clientSecret().getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        String secret = java.util.HexFormat.of().formatHex(mac.doFinal(("amocrm-webhook/" + connection)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        byte[] body = amo.webhookBody("leads", "update", lead).getBytes(java.nio.charset.StandardCharsets.UTF_8);

        Api.Response forged = serverA.post("/api/webhooks/" + connection + "?token=forged", null, "application/x-www-form-urlencoded", body,
                Map.of());
        Api.Response bare = serverA.post("/api/webhooks/" + connection, null, "application/x-www-form-urlencoded", body, Map.of());
        Api.Response taken = serverA.post("/api/webhooks/" + connection + "?token=" + secret, null, "application/x-www-form-urlencoded",
                body, Map.of());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String name = "";
        while (!name.equals("After") && System.nanoTime() < deadline) {
            sleep(200);
            name = dataApi(serverA, token, "{ deals(first: 1) { edges { node { name } } } }").path("deals").path("edges").get(0)
                    .path("node").path("name").asString();
        }

        assertThat(forged.status()).isEqualTo(401);
        assertThat(bare.status()).isEqualTo(401);
        assertThat(taken.status()).as(taken.body()).isEqualTo(202);
        assertThat(name).as("the lead read again after the hint").isEqualTo("After");
    }

    @Test
    void anAmoCrmCustomFieldIsDiscoveredMappedOntoAFieldCreatedOnRequestAndSynced() {
        FakeAmoCrm amo = amo();
        amo.add(FakeAmoCrm.ENTITY_LEADS, Map.of("name", "Сделка с сайта", "price", 500, "pipeline_id", FakeAmoCrm.MAIN_PIPELINE,
                "status_id", FakeAmoCrm.NEGOTIATION_STATUS, "custom_fields_values", List.of(Map.of("field_id", FakeAmoCrm.LEAD_SOURCE_FIELD,
                        "values", List.of(Map.of("value", "Сайт"))))));
        TenantId tenant = createTenant("amoCRM custom fields");
        String token = admin(tenant);
        String connection = authorisedConnection(token, amo, List.of());
        String source = "cf_" + FakeAmoCrm.LEAD_SOURCE_FIELD;

        JsonNode discovered = adminApi(serverA, token, "{ externalFields(connection: \"" + connection + "\") { stream name label type options mappedTo } }",
                Map.of()).path("externalFields");
        String notNamespaced = mapExternalField(token, connection, "leads", source, "leadSource", true);
        String unknown = mapExternalField(token, connection, "leads", "cf_999999", "amoOrigin", true);
        String elsewhere = serverA.post("/graphql/admin", admin(createTenant("other")), JSON.writeValueAsString(Map.of("query",
                "{ externalFields(connection: \"" + connection + "\") { name } }"))).body();
        JsonNode mapped = adminApi(serverA, token, "mutation { mapExternalField(connection: \"" + connection + "\", stream: \"leads\", externalField: \""
                + source + "\", targetField: \"amoSource\", createField: true) { name mappedTo } }", Map.of()).path("mapExternalField");
        JsonNode run = run(serverA, token, connection, Duration.ofMinutes(1));
        JsonNode deal = dataApi(serverA, token, "{ deals(first: 1) { edges { node { name amoSource } } } }").path("deals").path("edges").get(0).path("node");
        String deleteManaged = serverA.post("/graphql/admin", token, JSON.writeValueAsString(Map.of("query",
                "mutation { deleteField(object: \"deal\", field: \"amoSource\") { metadataVersion } }"))).body();

        assertThat(discovered).anySatisfy(field -> {
            assertThat(field.path("stream").asString()).isEqualTo("leads");
            assertThat(field.path("name").asString()).isEqualTo(source);
            assertThat(field.path("label").asString()).isEqualTo("Источник");
            assertThat(field.path("type").asString()).isEqualTo("text");
            assertThat(field.path("mappedTo").isNull()).isTrue();
        });
        assertThat(discovered.toString()).as("PHONE and EMAIL are mapped by the streams already").doesNotContain("Телефон");
        assertThat(notNamespaced).contains("NOT_NAMESPACED").contains("targetField");
        assertThat(unknown).contains("UNKNOWN_EXTERNAL_FIELD").contains("externalField");
        assertThat(elsewhere).contains("NOT_FOUND");
        assertThat(mapped.path("mappedTo").asString()).isEqualTo("amoSource");
        assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(deal.path("amoSource").asString()).isEqualTo("Сайт");
        assertThat(deleteManaged).as("the field is the connector's while the connection exists").contains("errors").contains("amocrm");
    }

    @Test
    void anUnpaidAccountStopsTheConnectionAsAccessRefusedUntilACheckPassesAgain() {
        FakeAmoCrm amo = amo();
        TenantId tenant = createTenant("amoCRM unpaid");
        String token = admin(tenant);
        String connection = authorisedConnection(token, amo, List.of());

        amo.unpaid(true);
        JsonNode refused = run(serverA, token, connection, Duration.ofMinutes(1));
        JsonNode stopped = connection(serverA, token, connection);
        int callsAfterTheRun = amo.calls().size();
        JsonNode failingCheck = adminApi(serverA, token, "mutation { checkConnection(id: \"" + connection + "\") { passed } }", Map.of());
        JsonNode stillStopped = connection(serverA, token, connection);
        amo.unpaid(false);
        JsonNode passingCheck = adminApi(serverA, token, "mutation { checkConnection(id: \"" + connection + "\") { passed } }", Map.of());
        JsonNode enabled = connection(serverA, token, connection);

        assertThat(refused.path("status").asString()).isEqualTo("FAILED");
        assertThat(refused.path("errorCode").asString()).isEqualTo("ACCESS_REFUSED");
        assertThat(refused.path("error").asString()).contains("402").contains("not paid");
        assertThat(stopped.path("status").asString()).as("not CREDENTIALS_INVALID: the token is fine").isEqualTo("ACCESS_REFUSED");
        assertThat(callsAfterTheRun).as("calls of the refused run").isPositive();
        assertThat(failingCheck.path("checkConnection").path("passed").asBoolean()).isFalse();
        assertThat(stillStopped.path("status").asString()).isEqualTo("ACCESS_REFUSED");
        assertThat(passingCheck.path("checkConnection").path("passed").asBoolean()).isTrue();
        assertThat(enabled.path("status").asString()).isEqualTo("ENABLED");
    }

    private String mapExternalField(String token, String connection, String stream, String external, String target, boolean create) {
        return serverA.post("/graphql/admin", token, JSON.writeValueAsString(Map.of("query", "mutation { mapExternalField(connection: \""
                + connection + "\", stream: \"" + stream + "\", externalField: \"" + external + "\", targetField: \"" + target
                + "\", createField: " + create + ") { mappedTo } }"))).body();
    }

    @Test
    void aRefererOutsideAmoCrmsDomainsIsRefusedAndNothingIsStored() {
        FakeAmoCrm amo = amo();
        TenantId tenant = createTenant("amoCRM referer");
        String token = admin(tenant);
        String connection = createConnection(token, amo, List.of());
        String state = adminApi(serverA, token, "{ connectionAuthorization(connection: \"" + connection + "\", redirectUri: \"" + REDIRECT
                + "\") { authorizationUrl state } }", Map.of()).path("connectionAuthorization").path("state").asString();

        Api.Response response = serverA.post("/graphql/admin", token, JSON.writeValueAsString(Map.of("query",
                "mutation($code: String!, $state: String!) { authorizeConnection(connection: \"" + connection + "\", code: $code, state: $state,"
                        + " redirectUri: \"" + REDIRECT + "\", referer: \"evil.example.com\") }",
                "variables", Map.of("code", amo.issueCode(), "state", state))));

        assertThat(response.body()).contains("VALIDATION_FAILED").contains("referer").doesNotContain(amo.clientSecret());
        assertThat(amo.refreshes()).isZero();
        assertThat(adminApi(serverA, token, "{ connection(id: \"" + connection + "\") { config } }", Map.of()).path("connection")
                .path("config").path("baseUrl").asString()).isEqualTo(amo.accountUrl());
    }

    @Test
    void pushOfFiftyNewContactsWritesOneBatchAndDeadLettersOnlyTheOneAmoCrmRefuses() {
        FakeAmoCrm amo = amo();
        TenantId tenant = createTenant("amoCRM push");
        String token = admin(tenant);
        String connection = authorisedConnection(token, amo, List.of(Map.of("name", "contacts", "push", true)));
        run(serverA, token, connection, Duration.ofMinutes(1));
        for (int i = 0; i < 50; i++) {
            String email = i == 31 ? "broken@mail.invalid" : "push" + i + "@example.ru";
            dataApi(serverA, token, "mutation { createContact(data: {firstName: \"Пётр\", lastName: \"Пушкин " + i + "\", email: \"" + email
                    + "\"}) { id } }");
        }

        JsonNode pushed = run(serverA, token, connection, Duration.ofMinutes(1));
        JsonNode second = run(serverA, token, connection, Duration.ofMinutes(1));
        JsonNode letters = adminApi(serverA, token, "{ deadLetters(connection: \"" + connection + "\") { nodes { stream direction code reason"
                + " problems { field code message } } } }", Map.of()).path("deadLetters").path("nodes");

        assertThat(pushed.path("created").asInt() + second.path("created").asInt()).isEqualTo(49);
        assertThat(pushed.path("failed").asInt() + second.path("failed").asInt()).isEqualTo(1);
        assertThat(amo.all(FakeAmoCrm.ENTITY_CONTACTS)).hasSize(49);
        assertThat(amo.calls()).filteredOn(call -> call.method().equals("POST") && call.path().equals("/api/v4/contacts"))
                .as("the batch of 50, then the 49 without the refused one").hasSizeLessThanOrEqualTo(3);
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).path("code").asString()).isEqualTo("REFUSED_BY_EXTERNAL_SYSTEM");
        assertThat(letters.get(0).path("problems").get(0).path("field").asString()).isEqualTo("email");
        assertThat(letters.get(0).path("problems").get(0).path("message").asString()).containsPattern("custom_fields_values\\.\\d\\.values\\.0\\.value");
    }

    @Test
    void aRunThatDiesInTheMiddleOfTheLeadsIsResumedByTheNextWithoutLossOrDoubling() {
        FakeAmoCrm amo = amo();
        for (int i = 0; i < 1_000; i++) {
            amo.add(FakeAmoCrm.ENTITY_LEADS, Map.of("name", "Сделка " + i, "price", i, "pipeline_id", FakeAmoCrm.MAIN_PIPELINE,
                    "status_id", FakeAmoCrm.FIRST_CONTACT_STATUS));
        }
        TenantId tenant = createTenant("amoCRM resume");
        String token = admin(tenant);
        String connection = authorisedConnection(token, amo, List.of());
        // The newest-lead probe, then two pages of 200; the third page fails three times: the run ends there.
        amo.failListingAfter("/api/v4/leads", 3, 503, 3);

        JsonNode died = run(serverA, token, connection, Duration.ofMinutes(1));
        int afterDeath = counts(token).get("deals");
        JsonNode resumed = run(serverA, token, connection, Duration.ofMinutes(1));

        assertThat(died.path("status").asString()).as(died.toString()).isEqualTo("FAILED");
        assertThat(afterDeath).as("deals committed by the run that died").isEqualTo(400);
        assertThat(resumed.path("status").asString()).as(resumed.toString()).isEqualTo("SUCCEEDED");
        assertThat(resumed.path("created").asInt()).as("deals the resumed run created: the rest, none twice").isEqualTo(600);
        assertThat(counts(token)).containsEntry("deals", 1_000);
        assertThat(amo.calls()).filteredOn(call -> call.path().equals("/api/v4/leads") && "1".equals(call.query().get("page"))
                && "contacts".equals(call.query().get("with")))
                .as("first pages of the leads listing: the resumed run did not start over").hasSize(1);
    }

    @Test
    void aFullSyncOf5000Leads3000ContactsAnd1000CompaniesKeepsToSevenRequestsASecondWithNo429() {
        FakeAmoCrm amo = amo();
        List<Long> companies = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            companies.add(amo.add(FakeAmoCrm.ENTITY_COMPANIES, Map.of("name", "Компания " + i)));
        }
        List<Long> contacts = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            contacts.add(amo.add(FakeAmoCrm.ENTITY_CONTACTS, Map.of("name", "Контакт " + i, "last_name", "Контакт " + i,
                    "_embedded", Map.of("companies", List.of(Map.of("id", companies.get(i % 1_000)))))));
        }
        for (int i = 0; i < 5_000; i++) {
            amo.add(FakeAmoCrm.ENTITY_LEADS, Map.of("name", "Сделка " + i, "price", i, "pipeline_id", FakeAmoCrm.MAIN_PIPELINE,
                    "status_id", FakeAmoCrm.FIRST_CONTACT_STATUS, "_embedded", Map.of("contacts", List.of(Map.of("id", contacts.get(i % 3_000), "is_main", true)))));
            if (i % 1_000 == 0) {
                amo.advance(1);
            }
        }
        TenantId tenant = createTenant("amoCRM volume");
        String token = admin(tenant);
        String connection = authorisedConnection(token, amo, List.of());
        int before = amo.calls().size();

        long start = System.nanoTime();
        JsonNode run = run(serverA, token, connection, Duration.ofMinutes(5));
        double seconds = (System.nanoTime() - start) / 1e9;
        int calls = amo.calls().size() - before;
        System.out.printf("amoCRM end to end: 5,000 leads, 3,000 contacts and 1,000 companies in %.1f s, %d requests (%.1f/s), %d answered 429%n",
                seconds, calls, calls / seconds, amo.answered(429));

        assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(amo.answered(429)).isZero();
        assertThat(counts(token)).containsEntry("deals", 5_000).containsEntry("contacts", 3_000).containsEntry("companies", 1_000);
    }

    private FakeAmoCrm amo() {
        FakeAmoCrm amo = FakeAmoCrm.start(REDIRECT);
        amos.add(amo);
        return amo;
    }

    private String createConnection(String token, FakeAmoCrm amo, List<Map<String, Object>> streams) {
        return createConnection(serverA, token, amo, streams);
    }

    static String createConnection(Api server, String token, FakeAmoCrm amo, List<Map<String, Object>> streams) {
        Map<String, Object> config = Map.of("baseUrl", amo.accountUrl(), "clientId", FakeAmoCrm.CLIENT_ID, "clientSecret", amo.clientSecret());
        return adminApi(server, token, "mutation($config: JSON, $streams: [StreamSettingsInput!]) { createConnection(input: {"
                + "connector: \"amocrm\", name: \"amoCRM\", config: $config, streams: $streams, scheduleInterval: \"PT1H\"}) { id } }",
                Map.of("config", config, "streams", streams)).path("createConnection").path("id").asString();
    }

    private String authorisedConnection(String token, FakeAmoCrm amo, List<Map<String, Object>> streams) {
        return authorisedConnection(serverA, token, amo, streams);
    }

    /** Creates a connection, runs the OAuth grant through the admin API as the admin UI would, checks and enables it. */
    static String authorisedConnection(Api server, String token, FakeAmoCrm amo, List<Map<String, Object>> streams) {
        String connection = createConnection(server, token, amo, streams);
        JsonNode authorization = adminApi(server, token, "{ connectionAuthorization(connection: \"" + connection + "\", redirectUri: \""
                + REDIRECT + "\") { authorizationUrl state } }", Map.of()).path("connectionAuthorization");
        assertThat(authorization.path("authorizationUrl").asString()).startsWith("https://www.amocrm.ru/oauth?mode=post_message&")
                .contains("client_id=" + FakeAmoCrm.CLIENT_ID).doesNotContain(amo.clientSecret());
        JsonNode authorized = authorize(server, token, connection, amo.issueCode(), authorization.path("state").asString());
        assertThat(authorized.path("authorizeConnection").asBoolean()).isTrue();
        JsonNode check = adminApi(server, token, "mutation { checkConnection(id: \"" + connection + "\") { passed message } }", Map.of());
        assertThat(check.path("checkConnection").path("passed").asBoolean()).as(check.toString()).isTrue();
        adminApi(server, token, "mutation { enableConnection(id: \"" + connection + "\") { status } }", Map.of());
        return connection;
    }

    private JsonNode authorize(String token, String connection, String code, String state) {
        return authorize(serverA, token, connection, code, state);
    }

    private static JsonNode authorize(Api server, String token, String connection, String code, String state) {
        String issued = state != null ? state : adminApi(server, token, "{ connectionAuthorization(connection: \"" + connection
                + "\", redirectUri: \"" + REDIRECT + "\") { state } }", Map.of()).path("connectionAuthorization").path("state").asString();
        return adminApi(server, token, "mutation($code: String!, $state: String!) { authorizeConnection(connection: \"" + connection
                + "\", code: $code, state: $state, redirectUri: \"" + REDIRECT + "\") }", Map.of("code", code, "state", issued));
    }

    private Map<String, Integer> counts(String token) {
        JsonNode data = dataApi(serverA, token, "{ deals(first: 1) { totalCount } pipelines(first: 1) { totalCount }"
                + " pipelineStages(first: 1) { totalCount } contacts(first: 1) { totalCount } companies(first: 1) { totalCount } }");
        Map<String, Integer> counts = new LinkedHashMap<>();
        data.properties().forEach(entry -> counts.put(entry.getKey(), entry.getValue().path("totalCount").asInt()));
        return counts;
    }
}
