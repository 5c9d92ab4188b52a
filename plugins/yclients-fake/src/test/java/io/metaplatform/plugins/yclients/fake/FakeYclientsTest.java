package io.metaplatform.plugins.yclients.fake;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.plugins.api.Json;
import io.metaplatform.plugins.api.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeYclientsTest {

    private static final String PARTNER = "partner-token";
    private final FakeYclients fake = FakeYclients.start(PARTNER);
    private final HttpClient http = HttpClient.newHttpClient();
    private String user;

    FakeYclientsTest() {
        fake.addCompany(4564, "Salon");
        user = fake.addUser("79161234567", "secret");
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void authAnswers201WithAUserTokenThatAPasswordChangeReplaces() throws Exception {
        var answer = send("POST", "/auth", "{\"login\":\"79161234567\",\"password\":\"secret\"}", false);
        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.body().at("data.user_token").text()).contains(user);

        fake.changePassword("79161234567", "new");

        assertThat(send("GET", "/clients/4564", null, true).status()).isEqualTo(401);
        assertThat(send("GET", "/clients/4564", null, true).body().at("meta.message").text()).contains("Необходима авторизация");
        assertThat(send("POST", "/auth", "{\"login\":\"79161234567\",\"password\":\"secret\"}", false).status()).isEqualTo(401);
    }

    @Test
    void searchPagesClientsInTheV2EnvelopeAndReturnsOnlyTheFieldsAsked() throws Exception {
        for (int i = 0; i < 5; i++) {
            fake.seedClient("Client " + i, "7916000000" + i, Map.of());
        }

        var page = send("POST", "/company/4564/clients/search", "{\"page\":2,\"page_size\":2,\"fields\":[\"id\",\"name\"]}", true).body();

        assertThat(page.get("success").bool()).contains(true);
        assertThat(page.get("data").items()).hasSize(2);
        assertThat(page.get("data").get(0).members().keySet()).containsExactly("id", "name");
        assertThat(page.at("meta.total_count").integer()).contains(5L);
    }

    @Test
    void transactionsHaveAnEmptyArrayAsMetaAndAmountsAsStrings() throws Exception {
        long client = fake.seedClient("Anna", "79160000001", Map.of());
        fake.seedTransaction(client, null, "1000.00");

        var first = send("GET", "/transactions/4564?page=1&count=50", null, true).body();
        var second = send("GET", "/transactions/4564?page=2&count=50", null, true).body();

        assertThat(first.get("meta")).isEqualTo(JsonValue.JsonArray.EMPTY);
        assertThat(first.get("data").get(0).get("amount")).isEqualTo(new JsonValue.JsonString("1000.00"));
        assertThat(second.get("data").items()).isEmpty();
    }

    @Test
    void recordsChangedAfterIncludeDeletedOnesOnlyWhenAsked() throws Exception {
        long client = fake.seedClient("Anna", "79160000001", Map.of());
        long staff = fake.seedStaff("Oksana");
        long service = fake.seedService("Haircut", "100");
        long kept = fake.seedRecord(client, staff, service, LocalDateTime.of(2026, 2, 1, 10, 0), 0);
        long cancelled = fake.seedRecord(client, staff, service, LocalDateTime.of(2026, 2, 1, 12, 0), 0);
        fake.changeRecord(cancelled, Map.of("deleted", true));

        var without = send("GET", "/records/4564?page=1&count=50", null, true).body();
        var with = send("GET", "/records/4564?page=1&count=50&with_deleted=1&changed_after=2026-01-01T09:00:00", null, true).body();

        assertThat(without.get("data").items()).extracting(item -> item.get("id").id().orElseThrow()).containsExactly(String.valueOf(kept));
        assertThat(with.get("data").items()).hasSize(2);
        assertThat(with.at("meta.total_count").integer()).contains(2L);
    }

    @Test
    void createsAnswer201AndRefuseMissingPhonesWith422FieldErrors() throws Exception {
        var created = send("POST", "/clients/4564", "{\"name\":\"Anna\",\"phone\":\"+7 916 123-45-67\"}", true);
        var refused = send("POST", "/clients/4564", "{\"name\":\"Anna\"}", true);

        assertThat(created.status()).isEqualTo(201);
        assertThat(fake.clientCount()).isEqualTo(1);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().at("meta.errors").members()).containsKey("phone");
        assertThat(send("DELETE", "/client/4564/" + created.body().at("data.id").id().orElseThrow(), null, true).status()).isEqualTo(204);
    }

    @Test
    void aFaultAfterCommitLosesTheAnswerButKeepsTheCreate() throws Exception {
        fake.inject(new FakeYclients.Fault("POST", "/clients/", 504, true));

        var answer = send("POST", "/clients/4564", "{\"name\":\"Anna\",\"phone\":\"79161234567\"}", true);

        assertThat(answer.status()).isEqualTo(504);
        assertThat(fake.clientCount()).isEqualTo(1);
    }

    @Test
    void moreThanFiveRequestsInASecondGet429() throws Exception {
        int tooMany = 0;
        for (int i = 0; i < 8; i++) {
            if (send("GET", "/clients/4564", null, true).status() == 429) {
                tooMany++;
            }
        }
        assertThat(tooMany).isGreaterThanOrEqualTo(2);
    }

    @Test
    void paymentRequiredAndForbiddenHaveTheirOwnStatus() throws Exception {
        fake.paymentRequired(true);
        assertThat(send("GET", "/clients/4564", null, true).status()).isEqualTo(402);
        fake.paymentRequired(false);
        fake.forbidden(true);
        assertThat(send("GET", "/clients/4564", null, true).status()).isEqualTo(403);
    }

    private record Answer(int status, JsonValue body) {
    }

    private Answer send(String method, String path, String body, boolean withUser) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(fake.baseUrl() + path))
                .header("Accept", "application/vnd.yclients.v2+json")
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + PARTNER + (withUser ? ", User " + user : ""))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body().isEmpty() ? JsonValue.JsonNull.INSTANCE : Json.parse(response.body()));
    }
}
