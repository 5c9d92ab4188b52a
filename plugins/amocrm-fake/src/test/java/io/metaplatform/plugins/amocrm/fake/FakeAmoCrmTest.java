package io.metaplatform.plugins.amocrm.fake;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.plugins.api.Json;
import io.metaplatform.plugins.api.JsonValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake behaves as the reference says amoCRM does, where the connector's tests rely on it. */
class FakeAmoCrmTest {

    private static final String REDIRECT = "https://platform.example/oauth/callback";
    private final FakeAmoCrm amo = FakeAmoCrm.start(REDIRECT);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        amo.close();
    }

    @Test
    void codesAreSingleUseAndRefreshTokensRotateAndAReusedOneRevokesTheGrant() throws Exception {
        String code = amo.issueCode();
        var first = token(Map.of("grant_type", "authorization_code", "code", code));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(token(Map.of("grant_type", "authorization_code", "code", code)).statusCode()).isEqualTo(400);
        String refresh1 = Json.parse(first.body()).get("refresh_token").string().orElseThrow();

        var second = token(Map.of("grant_type", "refresh_token", "refresh_token", refresh1));
        assertThat(second.statusCode()).isEqualTo(200);
        String access2 = Json.parse(second.body()).get("access_token").string().orElseThrow();
        assertThat(get("/api/v4/account", access2).statusCode()).isEqualTo(200);

        var reuse = token(Map.of("grant_type", "refresh_token", "refresh_token", refresh1));
        assertThat(reuse.statusCode()).isEqualTo(401);
        assertThat(reuse.body()).contains("Token has been revoked");
        assertThat(get("/api/v4/account", access2).statusCode()).isEqualTo(401);
        assertThat(amo.retiredTokenCalls()).isEqualTo(1);
    }

    @Test
    void listsPageWithHalLinksEndWith204AndHideDeletedOnesUnlessAsked() throws Exception {
        String access = authorise();
        for (int i = 0; i < 3; i++) {
            amo.add(FakeAmoCrm.ENTITY_LEADS, Map.of("name", "Lead " + i, "price", 100 * i));
            amo.advance(10);
        }
        long deleted = amo.add(FakeAmoCrm.ENTITY_LEADS, Map.of("name", "Gone"));
        amo.delete(FakeAmoCrm.ENTITY_LEADS, deleted);

        JsonValue page1 = Json.parse(get("/api/v4/leads?limit=2&page=1&order[updated_at]=asc", access).body());
        assertThat(page1.at("_embedded.leads").items()).hasSize(2);
        assertThat(page1.at("_links.next").isNull()).isFalse();
        JsonValue page2 = Json.parse(get("/api/v4/leads?limit=2&page=2&order[updated_at]=asc", access).body());
        assertThat(page2.at("_embedded.leads").items()).hasSize(1);
        assertThat(page2.at("_links.next").isNull()).isTrue();
        assertThat(get("/api/v4/leads?limit=2&page=3", access).statusCode()).isEqualTo(204);
        long from = amo.now() - 5;
        assertThat(get("/api/v4/leads?filter[updated_at][from]=" + from, access).statusCode()).isEqualTo(204);
        assertThat(Json.parse(get("/api/v4/leads?filter[updated_at][from]=" + (from - 10), access).body()).at("_embedded.leads").items())
                .hasSize(1);
        assertThat(Json.parse(get("/api/v4/leads?with=only_deleted", access).body()).at("_embedded.leads").items())
                .extracting(lead -> lead.get("id").integer().orElseThrow()).containsExactly(deleted);
    }

    @Test
    void aBatchWithOneInvalidEntityIsRefusedWholeNamingItsRequestIdAndPath() throws Exception {
        String access = authorise();
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String email = i == 17 ? "not-an-email" : "c" + i + "@example.com";
            batch.add(Map.of("name", "Contact " + i, "request_id", "r" + i, "custom_fields_values",
                    List.of(Map.of("field_code", "EMAIL", "values", List.of(Map.of("value", email, "enum_code", "WORK"))))));
        }
        var refused = send("POST", "/api/v4/contacts", access, Json.write(batch));
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonValue errors = Json.parse(refused.body()).get("validation-errors");
        assertThat(errors.items()).hasSize(1);
        assertThat(errors.get(0).get("request_id").string()).contains("r17");
        assertThat(errors.get(0).at("errors").get(0).get("path").string()).contains("custom_fields_values.0.values.0.value");
        assertThat(amo.all(FakeAmoCrm.ENTITY_CONTACTS)).isEmpty();

        batch.remove(17);
        var created = send("POST", "/api/v4/contacts", access, Json.write(batch));
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(Json.parse(created.body()).at("_embedded.contacts").items()).hasSize(49);
    }

    @Test
    void beyondSevenRequestsASecondItAnswers429AndThenBansTheIpWith403() throws Exception {
        String access = authorise();
        amo.banAfter(3);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            statuses.add(get("/api/v4/account", access).statusCode());
        }
        assertThat(statuses.subList(0, 7)).containsOnly(200);
        assertThat(statuses).contains(429).endsWith(403);
        assertThat(amo.banned()).isTrue();
    }

    @Test
    void pipelinesCarryTheWonLostAndUnsortedStatuses() throws Exception {
        String access = authorise();
        JsonValue pipelines = Json.parse(get("/api/v4/leads/pipelines", access).body()).at("_embedded.pipelines");
        assertThat(pipelines.items()).hasSize(2);
        assertThat(pipelines.get(0).at("_embedded.statuses").items()).extracting(status -> status.get("id").integer().orElseThrow())
                .contains(FakeAmoCrm.WON, FakeAmoCrm.LOST, FakeAmoCrm.UNSORTED_STATUS);
    }

    private String authorise() throws Exception {
        var answer = token(Map.of("grant_type", "authorization_code", "code", amo.issueCode()));
        return Json.parse(answer.body()).get("access_token").string().orElseThrow();
    }

    private HttpResponse<String> token(Map<String, String> grant) throws Exception {
        var body = new java.util.HashMap<String, Object>(grant);
        body.put("client_id", FakeAmoCrm.CLIENT_ID);
        body.put("client_secret", amo.clientSecret());
        body.put("redirect_uri", REDIRECT);
        return http.send(HttpRequest.newBuilder(URI.create(amo.accountUrl() + "/oauth2/access_token"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String access) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(amo.accountUrl() + path.replace("[", "%5B").replace("]", "%5D")))
                .header("Authorization", "Bearer " + access).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String access, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(amo.accountUrl() + path)).header("Authorization", "Bearer " + access)
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
