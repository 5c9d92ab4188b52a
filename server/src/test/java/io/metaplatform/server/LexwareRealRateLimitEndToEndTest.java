package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.TenantId;
import io.metaplatform.plugins.lexware.fake.FakeLexware;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/**
 * Lexware's real budget, 2 requests/s per API key as the connector declares it (no operator
 * override), held by two server runtimes ({@link LexwareServers}) syncing two connections of one
 * key against a fake that answers 429 beyond it. A small data set keeps it under a minute.
 */
@SpringBootTest(classes = LexwareEndToEndTest.RealConnectors.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {LexwareServers.SCHEDULER_OFF, LexwareServers.SERVER_A})
class LexwareRealRateLimitEndToEndTest extends LexwareServers {

    @Override
    List<String> sharedProperties() {
        return List.of(SCHEDULER_OFF);
    }

    @Test
    void twoServersKeepLexwaresTwoRequestsPerSecondAcrossBothConnectionsOfAKey() {
        String apiKey = newApiKey();
        FakeLexware lexware = fake(apiKey, 2);
        Seeded seeded = seed(lexware, 30, 30);
        TenantId first = createTenant("Lexware real first");
        TenantId second = createTenant("Lexware real second");
        String connectionA = enabledConnection(serverA, admin(first), lexware, apiKey, List.of());
        String connectionB = enabledConnection(serverB, admin(second), lexware, apiKey, List.of());

        long start = System.nanoTime();
        JsonNode runA = startRun(serverA, admin(first), connectionA);
        JsonNode runB = startRun(serverB, admin(second), connectionB);
        JsonNode endedA = awaitRun(serverA, admin(first), connectionA, runA.path("id").asString(), Duration.ofMinutes(2));
        JsonNode endedB = awaitRun(serverB, admin(second), connectionB, runB.path("id").asString(), Duration.ofMinutes(2));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("Lexware at 2 req/s: two servers, %d requests in %.1f s, %d answered 429%n",
                lexware.requests().size(), seconds, lexware.count(429));

        assertThat(endedA.path("status").asString()).as(endedA.toString()).isEqualTo("SUCCEEDED");
        assertThat(endedB.path("status").asString()).as(endedB.toString()).isEqualTo("SUCCEEDED");
        assertThat(lexware.count(429)).isZero();
        // A bucket of 2 refilled at 2/s: never more than 2 + 2 requests within one second.
        assertThat(lexware.maxRequestsPerSecond(apiKey)).isLessThanOrEqualTo(4);
        assertThat(recordCounts(serverA, admin(first))).isEqualTo(seeded.byObject());
        assertThat(recordCounts(serverB, admin(second))).isEqualTo(seeded.byObject());
    }
}
