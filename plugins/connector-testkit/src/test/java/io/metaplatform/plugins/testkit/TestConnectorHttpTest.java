package io.metaplatform.plugins.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.plugins.api.ConnectorHttp.CallOptions;
import io.metaplatform.plugins.api.RetriableException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TestConnectorHttpTest {

    private final FakeHttpServer server = FakeHttpServer.start()
            .route("GET", "/ok", request -> FakeHttpServer.Response.text(200, "text/plain", "fine"))
            .route("POST", "/ok", request -> FakeHttpServer.Response.text(201, "text/plain", "created"));
    private final TestConnectorHttp http = new TestConnectorHttp();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void retriesRateLimitAndUnavailableAnswersWithinTheBudget() {
        server.failNext(1, 429);
        server.failNext(1, 503);

        var response = http.send(get("/ok"), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("fine");
        assertThat(server.requestCount()).isEqualTo(3);
    }

    @Test
    void returnsTheLastAnswerWhenTheBudgetIsSpent() {
        server.failNext(5, 503);

        var response = http.send(get("/ok"), HttpResponse.BodyHandlers.ofString(), new CallOptions(true, 4));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(server.requestCount()).isEqualTo(4);
    }

    @Test
    void neverRepeatsAPostAfterAnAnswerThatMayHaveProcessedIt() {
        server.failNext(1, 500);

        var response = http.send(post("/ok"), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void repeatsAPostAfterAnAnswerThatPromisesItWasNotProcessed() {
        server.failNext(1, 503);

        var response = http.send(post("/ok"), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void waitsAsLongAsRetryAfterAsks() {
        var calls = new AtomicInteger();
        server.route("GET", "/slow-down", request -> calls.getAndIncrement() == 0
                ? new FakeHttpServer.Response(429, Map.of("Retry-After", "1"), new byte[0])
                : FakeHttpServer.Response.text(200, "text/plain", "now"));
        var patient = new TestConnectorHttp(Duration.ofMillis(1), Duration.ofSeconds(5), Duration.ofSeconds(5));

        long start = System.nanoTime();
        var response = patient.send(get("/slow-down"), HttpResponse.BodyHandlers.ofString());

        assertThat(response.body()).isEqualTo("now");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void throwsRetriableWhenNothingAnswers() {
        var port = server.baseUrl().getPort();
        server.close();

        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ok")).build(),
                HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(RetriableException.class)
                .hasMessageStartingWith("no answer after 3 attempt(s)");
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(server.baseUrl().resolve(path)).build();
    }

    private HttpRequest post(String path) {
        return HttpRequest.newBuilder(server.baseUrl().resolve(path)).POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    }
}
