package io.metaplatform.plugins.runtime.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.metaplatform.core.SharedRedis;
import io.metaplatform.core.TenantId;
import io.metaplatform.plugins.api.CancelledException;
import io.metaplatform.plugins.api.ConfigProperty;
import io.metaplatform.plugins.api.ConfigSchema;
import io.metaplatform.plugins.api.Configuration;
import io.metaplatform.plugins.api.ConnectorDescriptor;
import io.metaplatform.plugins.api.ConnectorHttp;
import io.metaplatform.plugins.api.ConnectorHttp.CallOptions;
import io.metaplatform.plugins.api.RateLimit;
import io.metaplatform.plugins.api.RetriableException;
import io.metaplatform.plugins.api.StreamDescriptor;
import io.metaplatform.plugins.runtime.internal.http.FakeServer.Answer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The client connectors get, against fake external systems on the loopback interface and the real
 * Redis at 127.0.0.1:6379 (each "runtime" with a Lettuce connection of its own).
 */
class ConnectorHttpTest {

    private static final String API_KEY = "lx-secret-" + UUID.randomUUID();
    private static final ConnectorHttpSettings FAST = new ConnectorHttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(2),
            Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(5), 50, 4, 4, Duration.ofSeconds(30), null, null);
    /** The fakes run on 127.0.0.1, which the tests allow as an operator would allow a private host. */
    static final EgressPolicy FAKES_ALLOWED = EgressPolicy.allowing(List.of("127.0.0.1"));
    private static final SharedRedis NO_REDIS = Optional::empty;

    private static RedisClient redisClient;
    private final List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
    private final List<FakeServer> servers = new ArrayList<>();
    private final TenantId tenant = TenantId.random();

    @BeforeAll
    static void connectRedis() {
        redisClient = RedisClient.create("redis://127.0.0.1:6379");
    }

    @AfterAll
    static void disconnectRedis() {
        redisClient.shutdown();
    }

    @AfterEach
    void stop() {
        servers.forEach(FakeServer::close);
        connections.forEach(StatefulRedisConnection::close);
    }

    @Test
    void twoRuntimesSharingRedisKeepTheAccountsBudgetAndSeeNoTooManyRequests() throws Exception {
        var lexware = serve(new TokenBucketBudget(2));
        var descriptor = descriptor(RateLimit.perSecond(2, "apiKey"));
        var runtimeA = new DefaultConnectorHttpFactory(FAST, redis(), null, egress(FAST));
        var runtimeB = new DefaultConnectorHttpFactory(FAST, redis(), null, egress(FAST));
        assertThat(runtimeA.sharedRateLimits()).isTrue();
        // Two connections of one Lexware account, one on each runtime.
        ConnectorHttp httpA = runtimeA.create(tenant, UUID.randomUUID(), descriptor, config(), untilDeadline(5));
        ConnectorHttp httpB = runtimeB.create(tenant, UUID.randomUUID(), descriptor, config(), untilDeadline(5));

        long elapsed = hammer(lexware, List.of(httpA, httpB), 8);

        assertThat(lexware.received()).extracting(FakeServer.Received::status).doesNotContain(429);
        // A token bucket of 2 permits refilled at 2/s: at most 2 + 2 in any second, 2 + 2/s overall.
        assertThat(lexware.maxInWindow(TimeUnit.SECONDS.toNanos(1))).isLessThanOrEqualTo(4);
        assertThat(lexware.requests()).isBetween(6, 2 + (int) Math.ceil(2 * elapsed / 1e9) + 1);
    }

    @Test
    void anEgressBudgetIsSharedByEveryConnectionOfTheConnectorWhateverItsAccountOrTenant() {
        var server = serve((number, request) -> Answer.of(200));
        var descriptor = ConnectorDescriptor.builder("test-" + HexFormat.of().formatHex(randomBytes()), "Test", "1.0")
                .config(ConfigSchema.of(ConfigProperty.secret("apiKey", "API key")))
                .stream(StreamDescriptor.of("contacts", "contact", List.of()))
                .rateLimit(RateLimit.perEgress(10, Duration.ofSeconds(1)))
                .rateLimit(RateLimit.perEgress(3, Duration.ofSeconds(30)))
                .build();
        var runtime = new DefaultConnectorHttpFactory(FAST, NO_REDIS, null, egress(FAST));
        var one = runtime.create(tenant, UUID.randomUUID(), descriptor, config(), untilDeadline(5));
        var other = runtime.create(TenantId.random(), UUID.randomUUID(), descriptor, new Configuration(Map.of("apiKey", "another-key")),
                untilDeadline(1));

        one.send(get(server), HttpResponse.BodyHandlers.ofString());
        other.send(get(server), HttpResponse.BodyHandlers.ofString());

        // 10 per second would allow more; the second window (3 per 30 s, 2 with the reserve) is spent by the two.
        assertThatThrownBy(() -> other.send(get(server), HttpResponse.BodyHandlers.ofString())).isInstanceOf(CancelledException.class);
        assertThat(server.requests()).isEqualTo(2);
        assertThat(DefaultConnectorHttpFactory.accountKey(descriptor.id(), descriptor.rateLimits().get(0), config(), UUID.randomUUID()))
                .isNotEqualTo(DefaultConnectorHttpFactory.accountKey(descriptor.id(), descriptor.rateLimits().get(1), config(), UUID.randomUUID()));
    }

    @Test
    void anOperatorsRateLimitOverrideReplacesTheDeclaredBudgetOfThatConnectorOnly() {
        var server = serve((number, request) -> Answer.of(200));
        var overridden = descriptor(new RateLimit(1, Duration.ofSeconds(30), "apiKey"));
        var other = descriptor(new RateLimit(1, Duration.ofSeconds(30), "apiKey"));
        var runtime = new DefaultConnectorHttpFactory(FAST, NO_REDIS, null, ConnectorRateLimits.of(Map.of(overridden.id(), "20/1s")), egress(FAST));
        var fast = runtime.create(tenant, UUID.randomUUID(), overridden, config(), untilDeadline(5));
        var declared = runtime.create(tenant, UUID.randomUUID(), other, config(), untilDeadline(1));

        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            assertThat(fast.send(get(server), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
        long elapsed = System.nanoTime() - start;
        declared.send(get(server), HttpResponse.BodyHandlers.ofString());

        // 1 permit per 30 s declared; 20 per second overridden: ten requests within the burst.
        assertThat(elapsed).isLessThan(TimeUnit.SECONDS.toNanos(3));
        assertThatThrownBy(() -> declared.send(get(server), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(CancelledException.class);
    }

    @Test
    void theLimiterHoldsOnePermitOfTheBurstInReserveAndKeepsTheRate() {
        // Lexware: 2 per second becomes 1 per 500 ms, so a request that arrives late cannot make the next two look like a burst.
        assertThat(RateLimiter.withReserve(RateLimit.perSecond(2, "apiKey"))).isEqualTo(new RateLimit(1, Duration.ofMillis(500), "apiKey"));
        assertThat(RateLimiter.withReserve(RateLimit.perSecond(50, "apiKey"))).isEqualTo(new RateLimit(49, Duration.ofMillis(980), "apiKey"));
        assertThat(RateLimiter.withReserve(new RateLimit(1, Duration.ofSeconds(30), "apiKey"))).isEqualTo(new RateLimit(1, Duration.ofSeconds(30), "apiKey"));
    }

    @Test
    void aMalformedRateLimitOverrideIsRefusedNamingTheProperty() {
        assertThat(ConnectorRateLimits.of(Map.of("lexware", "20/1s")).effective("lexware", RateLimit.perSecond(2, "apiKey")))
                .isEqualTo(new RateLimit(20, Duration.ofSeconds(1), "apiKey"));
        assertThat(ConnectorRateLimits.of(Map.of("lexware", "100/PT1M")).effective("lexware", RateLimit.perSecond(2, "apiKey")))
                .isEqualTo(new RateLimit(100, Duration.ofMinutes(1), "apiKey"));
        for (String bad : List.of("fast", "0/1s", "20/soon", "20/-1s", "20")) {
            assertThatThrownBy(() -> ConnectorRateLimits.of(Map.of("lexware", bad)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("platform.connectors.rate-limits.lexware ");
        }
    }

    @Test
    void withoutRedisOneRuntimeKeepsTheBudgetInProcess() throws Exception {
        var lexware = serve(new TokenBucketBudget(2));
        var runtime = new DefaultConnectorHttpFactory(FAST, NO_REDIS, null, egress(FAST));
        assertThat(runtime.sharedRateLimits()).isFalse();
        var descriptor = descriptor(RateLimit.perSecond(2, "apiKey"));
        ConnectorHttp first = runtime.create(tenant, UUID.randomUUID(), descriptor, config(), untilDeadline(3));
        ConnectorHttp second = runtime.create(tenant, UUID.randomUUID(), descriptor, config(), untilDeadline(3));

        long elapsed = hammer(lexware, List.of(first, second), 8);

        assertThat(lexware.received()).extracting(FakeServer.Received::status).doesNotContain(429);
        assertThat(lexware.maxInWindow(TimeUnit.SECONDS.toNanos(1))).isLessThanOrEqualTo(4);
        assertThat(lexware.requests()).isBetween(4, 2 + (int) Math.ceil(2 * elapsed / 1e9) + 1);
    }

    @Test
    void whenRedisFailsMidwayRequestsGoOnUnderTheBudgetOfThisProcess() {
        var server = serve((number, request) -> Answer.of(200));
        var connection = redisClient.connect();
        var runtime = new DefaultConnectorHttpFactory(FAST, () -> Optional.of(connection), null, egress(FAST));
        long cancelAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        var slowBudget = descriptor(new RateLimit(1, Duration.ofSeconds(30), "apiKey"));
        var http = runtime.create(tenant, UUID.randomUUID(), slowBudget, config(), () -> System.nanoTime() > cancelAt);
        connection.close();

        assertThat(http.send(get(server), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> http.send(get(server), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(CancelledException.class);
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void accountsWithDifferentKeysHaveBudgetsOfTheirOwnAndKeysRevealNoValue() {
        var limit = RateLimit.perSecond(2, "apiKey");
        UUID connection = UUID.randomUUID();
        String one = DefaultConnectorHttpFactory.accountKey("lexware", limit, config(), connection);
        var otherKey = new Configuration(Map.of("apiKey", "another-key"));

        assertThat(one).isEqualTo(DefaultConnectorHttpFactory.accountKey("lexware", limit, config(), UUID.randomUUID()))
                .isNotEqualTo(DefaultConnectorHttpFactory.accountKey("lexware", limit, otherKey, connection))
                .isNotEqualTo(DefaultConnectorHttpFactory.accountKey("yclients", limit, config(), connection))
                .doesNotContain(API_KEY);
    }

    @Test
    void tooManyRequestsIsRetriedAfterTheRetryAfterTheServerAsks() throws Exception {
        var server = serve((number, request) -> number == 1 ? Answer.of(429).header("Retry-After", "1") : Answer.of(200));
        long start = System.nanoTime();

        var response = http(server, NO_REDIS).send(get(server), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(server.requests()).isEqualTo(2);
        List<FakeServer.Received> received = server.received();
        assertThat(received.get(1).nanoTime() - received.get(0).nanoTime())
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(990));
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(3));
    }

    @Test
    void tooManyRequestsIsRetriedEvenForPost() {
        var server = serve((number, request) -> number == 1 ? Answer.of(429).header("Retry-After", "0") : Answer.of(201));

        var response = http(server, NO_REDIS).send(post(server), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void serverErrorIsRetriedForGetAndTheLastAnswerReturnedWhenAttemptsRunOut() {
        var server = serve((number, request) -> Answer.of(500));

        var response = http(server, NO_REDIS).send(get(server), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(server.requests()).isEqualTo(3);
    }

    @Test
    void serverErrorIsNotRetriedForPost() {
        var server = serve((number, request) -> Answer.of(500));

        var response = http(server, NO_REDIS).send(post(server), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void gatewayTimeoutOnPostIsNeverBlindlyRetried() {
        var server = serve((number, request) -> Answer.of(504));

        var response = http(server, NO_REDIS).send(post(server), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void serviceUnavailableOnPostIsRetriedSinceNothingWasProcessed() {
        var server = serve((number, request) -> number == 1 ? Answer.of(503) : Answer.of(201));

        var response = http(server, NO_REDIS).send(post(server), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void callOptionsLimitTheAttempts() {
        var server = serve((number, request) -> Answer.of(503));

        var lenientCircuit = new ConnectorHttpSettings(null, null, Duration.ofMillis(5), Duration.ofMillis(10),
                null, null, null, null, null, null, null);
        var http = new DefaultConnectorHttpFactory(lenientCircuit, NO_REDIS, null, egress(lenientCircuit))
                .create(tenant, UUID.randomUUID(), descriptor(null), config());

        var response = http.send(get(server), HttpResponse.BodyHandlers.ofString(), new CallOptions(true, 5));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(server.requests()).isEqualTo(5);
    }

    @Test
    void circuitOpeningDuringRetriesEndsThemWithTheLastAnswer() {
        var server = serve((number, request) -> Answer.of(503));

        var response = http(server, NO_REDIS).send(get(server), HttpResponse.BodyHandlers.ofString(), new CallOptions(true, 10));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(server.requests()).isEqualTo(4);
    }

    @Test
    void timeoutIsRetriedForGet() {
        var server = serve((number, request) -> {
            if (number == 1) {
                Thread.sleep(1_500);
            }
            return Answer.of(200);
        });
        var request = HttpRequest.newBuilder(server.uri("/v1/contacts")).timeout(Duration.ofMillis(500)).GET().build();

        var response = http(server, NO_REDIS).send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void timeoutOfPostIsNotRetriedAndSaysToReRead() {
        var server = serve((number, request) -> {
            Thread.sleep(1_500);
            return Answer.of(201);
        });
        var request = HttpRequest.newBuilder(server.uri("/v1/vouchers")).timeout(Duration.ofMillis(500))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();

        assertThatThrownBy(() -> http(server, NO_REDIS).send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(RetriableException.class)
                .hasMessageContaining("re-read");
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void requestWithoutTimeoutGetsTheConfiguredOne() {
        var server = serve((number, request) -> {
            Thread.sleep(3_000);
            return Answer.of(200);
        });
        var request = HttpRequest.newBuilder(server.uri("/v1/contacts")).GET().build();
        long start = System.nanoTime();

        var once = new CallOptions(true, 1);
        assertThatThrownBy(() -> http(server, NO_REDIS).send(request, HttpResponse.BodyHandlers.ofString(), once))
                .isInstanceOf(RetriableException.class);
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.MILLISECONDS.toNanos(2_900));
    }

    @Test
    void noResponseEndsInRetriableExceptionWithoutSecretsAfterTheLastAttempt() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var runtime = new DefaultConnectorHttpFactory(FAST, NO_REDIS, null, egress(FAST));
        var http = runtime.create(tenant, UUID.randomUUID(), descriptor(null), config());
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + closedPort + "/v1/contacts?api_key=" + API_KEY))
                .header("X-Api-Key", API_KEY).GET().build();

        assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(RetriableException.class)
                .hasMessageContaining("no answer")
                .hasMessageContaining("/v1/contacts")
                .hasMessageNotContaining(API_KEY)
                .hasMessageNotContaining("api_key")
                .hasNoCause();
    }

    @Test
    void circuitOpensAfterRepeatedFailuresAndThenFailsFastWithoutCallingTheServer() {
        var server = serve((number, request) -> Answer.of(502));
        var http = http(server, NO_REDIS);
        var once = new CallOptions(true, 1);
        for (int i = 0; i < 4; i++) {
            assertThat(http.send(get(server), HttpResponse.BodyHandlers.ofString(), once).statusCode()).isEqualTo(502);
        }
        long start = System.nanoTime();

        assertThatThrownBy(() -> http.send(get(server), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(RetriableException.class)
                .hasMessageContaining("Circuit open");
        assertThat(server.requests()).isEqualTo(4);
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.MILLISECONDS.toNanos(200));
    }

    @Test
    void circuitOfOneConnectionLeavesOtherConnectionsAlone() {
        var server = serve((number, request) -> number <= 4 ? Answer.of(502) : Answer.of(200));
        var runtime = new DefaultConnectorHttpFactory(FAST, NO_REDIS, null, egress(FAST));
        var broken = runtime.create(tenant, UUID.randomUUID(), descriptor(null), config());
        for (int i = 0; i < 4; i++) {
            broken.send(get(server), HttpResponse.BodyHandlers.ofString(), new CallOptions(true, 1));
        }
        var other = runtime.create(tenant, UUID.randomUUID(), descriptor(null), config());

        assertThat(other.send(get(server), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> broken.send(get(server), HttpResponse.BodyHandlers.ofString()))
                .hasMessageContaining("Circuit open");
    }

    @Test
    void waitingForAPermitEndsWhenTheRunIsCancelled() {
        var server = serve((number, request) -> Answer.of(200));
        var runtime = new DefaultConnectorHttpFactory(FAST, NO_REDIS, null, egress(FAST));
        long cancelAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        var slowBudget = descriptor(new RateLimit(1, Duration.ofSeconds(30), "apiKey"));
        var http = runtime.create(tenant, UUID.randomUUID(), slowBudget, config(), () -> System.nanoTime() > cancelAt);
        assertThat(http.send(get(server), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        long start = System.nanoTime();

        assertThatThrownBy(() -> http.send(get(server), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(CancelledException.class);
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(2));
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void secretsInHeadersAndQueriesNeverReachTheLogs() {
        Logger logger = (Logger) LoggerFactory.getLogger("io.metaplatform.plugins.runtime");
        Level previous = logger.getLevel();
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.DEBUG);
        try {
            var server = serve((number, request) -> number % 2 == 1 ? Answer.of(503) : Answer.of(500));
            var request = HttpRequest.newBuilder(server.uri("/v1/contacts?token=" + API_KEY))
                    .header("X-Api-Key", API_KEY).GET().build();

            http(server, NO_REDIS).send(request, HttpResponse.BodyHandlers.ofString());

            assertThat(server.received()).extracting(FakeServer.Received::apiKey).containsOnly(API_KEY);
            assertThat(appender.list).isNotEmpty();
            assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).noneMatch(line -> line.contains(API_KEY));
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(previous);
        }
    }

    /** Runs threads over the clients, each sending GETs until its client is cancelled; returns the nanos taken. */
    private static long hammer(FakeServer server, List<ConnectorHttp> clients, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        var failures = new AtomicInteger();
        long start = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                ConnectorHttp http = clients.get(i % clients.size());
                done.add(pool.submit(() -> {
                    try {
                        while (true) {
                            int status = http.send(get(server), HttpResponse.BodyHandlers.ofString()).statusCode();
                            if (status != 200) {
                                failures.incrementAndGet();
                            }
                        }
                    } catch (CancelledException e) {
                        return;
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).hasValue(0);
        return System.nanoTime() - start;
    }

    private static BooleanSupplier untilDeadline(int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        return () -> System.nanoTime() > deadline;
    }

    private ConnectorHttp http(FakeServer server, SharedRedis redis) {
        return new DefaultConnectorHttpFactory(FAST, redis, null, egress(FAST)).create(tenant, UUID.randomUUID(), descriptor(null), config());
    }

    private SharedRedis redis() {
        var connection = redisClient.connect();
        connections.add(connection);
        return () -> Optional.of(connection);
    }

    private FakeServer serve(FakeServer.Behaviour behaviour) {
        var server = new FakeServer(behaviour);
        servers.add(server);
        return server;
    }

    private static HttpRequest get(FakeServer server) {
        return HttpRequest.newBuilder(server.uri("/v1/contacts")).header("X-Api-Key", API_KEY).GET().build();
    }

    private static HttpRequest post(FakeServer server) {
        return HttpRequest.newBuilder(server.uri("/v1/vouchers")).header("X-Api-Key", API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"invoice\"}")).build();
    }

    private static Configuration config() {
        return new Configuration(Map.of("apiKey", API_KEY));
    }

    /** A connector whose id is new per call, so rate-limit keys in the shared Redis never meet another test's. */
    private static ConnectorDescriptor descriptor(RateLimit limit) {
        return ConnectorDescriptor.builder("test-" + HexFormat.of().formatHex(randomBytes()), "Test", "1.0")
                .config(ConfigSchema.of(ConfigProperty.secret("apiKey", "API key")))
                .stream(StreamDescriptor.of("contacts", "contact", List.of()))
                .rateLimit(limit)
                .build();
    }

    private static byte[] randomBytes() {
        var bytes = new byte[6];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    /**
     * Lexware's budget as the server enforces it: a token bucket of {@code permits} refilled at
     * {@code permits} per second, 429 when empty. It forgives a fifth of a token, the jitter between
     * a permit being granted and the request arriving.
     */
    static final class TokenBucketBudget implements FakeServer.Behaviour {
        private final int permits;
        private double tokens;
        private long refilledAt = System.nanoTime();

        TokenBucketBudget(int permits) {
            this.permits = permits;
            this.tokens = permits;
        }

        @Override
        public synchronized Answer answer(int number, FakeServer.Request request) {
            long now = System.nanoTime();
            tokens = Math.min(permits, tokens + (now - refilledAt) * permits / 1e9);
            refilledAt = now;
            if (tokens < 0.8) {
                return Answer.of(429).header("Retry-After", "1");
            }
            tokens -= 1;
            return Answer.of(200);
        }
    }

    private static EgressClient egress(ConnectorHttpSettings settings) {
        return new EgressClient(FAKES_ALLOWED, settings, 5);
    }
}
