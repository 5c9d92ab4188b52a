package io.metaplatform.plugins.lexware.fake;

import io.metaplatform.plugins.api.Json;
import java.math.BigDecimal;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake behaves like the reference of the real API, independently of the connector. */
class FakeLexwareTest {

    private static final String KEY = "test-key";
    private final FakeLexware fake = FakeLexware.start(KEY).permitsPerSecond(1000);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void pagesContactsInTheSpringEnvelope() {
        for (int i = 0; i < 7; i++) {
            fake.seedCompany("Firma " + i, null);
        }

        var page = get("/contacts?page=1&size=3");

        assertThat(page.status).isEqualTo(200);
        assertThat(page.body).containsEntry("first", false).containsEntry("last", false)
                .containsEntry("totalPages", new BigDecimal("3")).containsEntry("totalElements", new BigDecimal("7"))
                .containsEntry("numberOfElements", new BigDecimal("3")).containsEntry("size", new BigDecimal("3"))
                .containsEntry("number", new BigDecimal("1")).containsKey("sort");
        assertThat(FakeValues.list(get("/contacts?page=2&size=3").body.get("content"))).hasSize(1);
        assertThat(get("/contacts?page=2&size=3").body).containsEntry("last", true);
        assertThat(FakeValues.list(get("/contacts").body.get("content"))).hasSize(7);
    }

    @Test
    void filtersContactsByNameEmailNumberAndRole() {
        var acme = fake.seedCompany("ACME & Söhne GmbH", "info@acme.de");
        fake.seedCompany("Beta AG", "info@beta.de");
        var inge = fake.seedPerson("Inge", "Musterfrau");
        var customerNumber = FakeValues.text(FakeValues.at(fake.contact(acme), "roles.customer.number"));

        assertThat(ids(get("/contacts?name=acme%20%26amp%3B%20s"))).containsExactly(acme);
        assertThat(ids(get("/contacts?name=mus_er%25frau"))).containsExactly(inge);
        assertThat(get("/contacts?name=ab").status).isEqualTo(400);
        assertThat(ids(get("/contacts?email=INFO@acme.de"))).containsExactly(acme);
        assertThat(ids(get("/contacts?number=" + customerNumber))).containsExactly(acme);
        assertThat(ids(get("/contacts?vendor=true"))).isEmpty();
        assertThat(ids(get("/contacts?customer=true&name=Inge"))).containsExactly(inge);
    }

    @Test
    void createsWithVersionZeroAndRefusesStaleVersionsWith409() {
        var created = send("POST", "/contacts", "{\"version\":0,\"roles\":{\"customer\":{}},\"company\":{\"name\":\"Neu GmbH\"}}");
        assertThat(created.status).isEqualTo(200);
        var id = FakeValues.text(created.body.get("id"));
        assertThat(created.body).containsKeys("resourceUri", "createdDate", "updatedDate").containsEntry("version", new BigDecimal("1"));
        var stored = get("/contacts/" + id).body;
        assertThat(FakeValues.at(stored, "roles.customer.number")).isNotNull();

        var update = "{\"version\":%d,\"roles\":{\"customer\":{}},\"company\":{\"name\":\"Neu GmbH & Co\"}}";
        assertThat(send("PUT", "/contacts/" + id, update.formatted(1)).body).containsEntry("version", new BigDecimal("2"));
        var stale = send("PUT", "/contacts/" + id, update.formatted(1));
        assertThat(stale.status).isEqualTo(409);
        assertThat(stale.body).containsEntry("status", new BigDecimal("409"));
        assertThat(FakeValues.at(get("/contacts/" + id).body, "roles.customer.number"))
                .isEqualTo(FakeValues.at(stored, "roles.customer.number"));
    }

    @Test
    void rejectsInvalidContactsWith406InTheConfiguredShape() {
        var body = "{\"version\":0,\"roles\":{\"customer\":{}},\"company\":{\"name\":\"\"},"
                + "\"addresses\":{\"billing\":[{\"countryCode\":\"DE\"},{\"countryCode\":\"DE\"}]}}";

        var issueList = send("POST", "/contacts", body);
        fake.contactErrorShape(FakeLexware.ErrorShape.REGULAR);
        var regular = send("POST", "/contacts", body);
        fake.contactErrorShape(FakeLexware.ErrorShape.BARE);
        var bare = send("POST", "/contacts", body);

        assertThat(issueList.status).isEqualTo(406);
        assertThat(FakeValues.list(issueList.body.get("IssueList"))).extracting(issue -> FakeValues.object(issue).get("source"))
                .containsExactly("company.name", "addresses.billing");
        assertThat(FakeValues.list(regular.body.get("details"))).extracting(detail -> FakeValues.object(detail).get("field"))
                .containsExactly("company.name", "addresses.billing");
        assertThat(bare.body).containsOnlyKeys("message");
        assertThat(fake.contactCount()).isZero();
    }

    @Test
    void refusesPostsWithoutJsonContentType() {
        var request = HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/contacts"))
                .header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();

        assertThat(exchange(request).status).isEqualTo(415);
    }

    @Test
    void answers401ToUnknownKeysWithTheBareShape() {
        var request = HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/contacts"))
                .header("Authorization", "Bearer wrong").GET().build();

        var response = exchange(request);

        assertThat(response.status).isEqualTo(401);
        assertThat(response.body).containsEntry("message", "Unauthorized");
    }

    @Test
    void answers429WhenAKeyExceedsTwoRequestsPerSecond() {
        fake.permitsPerSecond(2);

        var statuses = java.util.stream.IntStream.range(0, 5).mapToObj(i -> get("/contacts").status).toList();

        assertThat(statuses.subList(0, 2)).containsOnly(200);
        assertThat(statuses).contains(429);
        assertThat(fake.count(429)).isPositive();
    }

    @Test
    void voucherlistNeedsTypeAndStatusAndKeepsOverdueAlone() {
        assertThat(get("/voucherlist?voucherStatus=open").status).isEqualTo(400);
        assertThat(get("/voucherlist?voucherType=invoice").status).isEqualTo(400);
        assertThat(get("/voucherlist?voucherType=invoice&voucherStatus=overdue,open").status).isEqualTo(400);
        assertThat(get("/voucherlist?voucherType=invoice&voucherStatus=overdue").status).isEqualTo(200);
    }

    @Test
    void voucherlistFiltersUpdatedDatesAsWholeDaysInBerlin() {
        // 23:30 UTC on 1 March is already 2 March in Berlin.
        var late = fake.seedVoucher("invoice", "open", "RE1", null, LocalDate.of(2024, 3, 1),
                Instant.parse("2024-03-01T23:30:00Z"), List.of(line()), false);
        fake.seedVoucher("invoice", "open", "RE2", null, LocalDate.of(2024, 3, 1),
                Instant.parse("2024-03-01T12:00:00Z"), List.of(line()), false);

        var page = get("/voucherlist?voucherType=invoice&voucherStatus=any&updatedDateFrom=2024-03-02");

        assertThat(ids(page)).containsExactly(late);
        assertThat(get("/voucherlist?voucherType=invoice&voucherStatus=any&updatedDateFrom=2024-03-02T00:00").status)
                .isEqualTo(400);
        var item = FakeValues.object(FakeValues.list(page.body.get("content")).getFirst());
        assertThat(FakeValues.text(item.get("updatedDate"))).isEqualTo("2024-03-02T00:30:00.000+01:00");
    }

    @Test
    void sendsAmountsAsStringsWhenSeededSo() {
        var id = fake.seedVoucher("invoice", "open", "RE3", null, LocalDate.of(2024, 3, 1), Instant.now(),
                List.of(new FakeLexware.Line("Kabel", "2", "13.40", "19")), true);

        var document = get("/invoices/" + id).body;
        var item = FakeValues.object(FakeValues.list(get("/voucherlist?voucherType=invoice&voucherStatus=any").body.get("content")).getFirst());

        assertThat(FakeValues.at(document, "totalPrice.totalGrossAmount")).isEqualTo("31.89");
        assertThat(item.get("totalAmount")).isEqualTo("31.89");
        assertThat(get("/quotations/" + id).status).isEqualTo(404);
    }

    @Test
    void refusesPagesBeyondTheSearchWindow() {
        fake.searchWindow(10);
        for (int i = 0; i < 12; i++) {
            fake.seedCompany("Firma " + i, null);
        }

        var beyond = get("/contacts?page=1&size=10");

        assertThat(beyond.status).isEqualTo(400);
        assertThat(beyond.body).containsEntry("message", "Maximum search window size exceeded");
        assertThat(get("/contacts?page=0&size=10").body).containsEntry("totalElements", new BigDecimal("10"));
    }

    @Test
    void a504OnPostMayStillHaveCreatedTheContact() {
        fake.timeoutAfterPost("/contacts");

        var response = send("POST", "/contacts", "{\"version\":0,\"roles\":{\"customer\":{}},\"person\":{\"lastName\":\"Zeit\"}}");

        assertThat(response.status).isEqualTo(504);
        assertThat(fake.contactCount()).isEqualTo(1);
    }

    @Test
    void managesEventSubscriptionsLikeLexware() {
        var created = send("POST", "/event-subscriptions", "{\"eventType\":\"contact.changed\",\"callbackUrl\":\"https://x.test/hook\"}");
        var id = FakeValues.text(created.body.get("id"));

        assertThat(created.status).isEqualTo(200);
        assertThat(send("POST", "/event-subscriptions", "{\"eventType\":\"contact.changed\",\"callbackUrl\":\"https://x.test/hook\"}").status)
                .isEqualTo(409);
        assertThat(send("POST", "/event-subscriptions", "{\"eventType\":\"contact.changed\",\"callbackUrl\":\"http://x.test/hook\"}").status)
                .isEqualTo(406);
        var list = get("/event-subscriptions").body;
        assertThat(list).containsOnlyKeys("content");
        assertThat(FakeValues.object(FakeValues.list(list.get("content")).getFirst())).containsEntry("subscriptionId", id);
        assertThat(send("DELETE", "/event-subscriptions/" + id, null).status).isEqualTo(204);
        assertThat(fake.subscriptions()).isEmpty();
    }

    @Test
    void signsCallbacksWithRsaSha512OverTheRawBody() throws Exception {
        var event = fake.event("invoice.changed", "abc");
        var pem = fake.publicKeyPem().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        var key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        var verifier = Signature.getInstance("SHA512withRSA");
        verifier.initVerify(key);
        verifier.update(event.body());

        assertThat(verifier.verify(Base64.getDecoder().decode(event.signature()))).isTrue();
        assertThat(FakeValues.object(Json.parse(event.body()).toJava()))
                .containsOnlyKeys("organizationId", "eventType", "resourceId", "eventDate");
    }

    private static FakeLexware.Line line() {
        return new FakeLexware.Line("Beratung", "1", "100", "19");
    }

    private record Answer(int status, Map<String, Object> body) {
    }

    private Answer get(String path) {
        return send("GET", path, null);
    }

    private Answer send(String method, String path, String body) {
        var builder = HttpRequest.newBuilder(URI.create(fake.baseUrl() + path)).header("Authorization", "Bearer " + KEY);
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return exchange(builder.build());
    }

    private Answer exchange(HttpRequest request) {
        try {
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            var text = response.body();
            return new Answer(response.statusCode(), text.isEmpty() ? Map.of() : FakeValues.object(Json.parse(text).toJava()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> ids(Answer page) {
        return FakeValues.list(page.body.get("content")).stream().map(item -> FakeValues.text(FakeValues.object(item).get("id"))).toList();
    }
}
