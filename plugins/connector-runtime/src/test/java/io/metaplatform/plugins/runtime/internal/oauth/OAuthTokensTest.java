package io.metaplatform.plugins.runtime.internal.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.metaplatform.core.CredentialCipher;
import io.metaplatform.core.SharedRedis;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantGate;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestDatabase;
import io.metaplatform.plugins.api.ConfigProperty;
import io.metaplatform.plugins.api.ConfigSchema;
import io.metaplatform.plugins.api.ConfigType;
import io.metaplatform.plugins.api.Configuration;
import io.metaplatform.plugins.api.ConnectorDescriptor;
import io.metaplatform.plugins.api.ConnectorHttp;
import io.metaplatform.plugins.api.CredentialsException;
import io.metaplatform.plugins.api.OAuth2Spec;
import io.metaplatform.plugins.api.StreamDescriptor;
import io.metaplatform.plugins.runtime.internal.http.ConnectorHttpSettings;
import io.metaplatform.plugins.runtime.internal.http.DefaultConnectorHttpFactory;
import io.metaplatform.plugins.runtime.internal.http.EgressClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * OAuth connections against a fake amoCRM (rotating refresh tokens, a used one refused), the real
 * PostgreSQL, and two "server instances": the context's {@link OAuthTokens} and a second one over
 * the same database, each behind its own {@link DefaultConnectorHttpFactory}.
 */
@SpringBootTest(classes = OAuthTokensTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class OAuthTokensTest {

    /** This package, the HTTP client and the platform core; nothing else of the module. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @ComponentScan({"io.metaplatform.core", "io.metaplatform.plugins.runtime.internal.oauth",
            "io.metaplatform.plugins.runtime.internal.http"})
    static class App {
        @Bean
        TenantGate everyTenantActive() {
            return tenant -> TenantGate.TenantState.ACTIVE;
        }
    }

    private static final SharedRedis NO_REDIS = Optional::empty;

    @Autowired
    OAuthTokens instanceA;
    @Autowired
    OAuthTokenStore store;
    @Autowired
    CredentialCipher cipher;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    EgressClient egress;

    private final TenantId tenant = TenantId.random();
    private final UUID connection = UUID.randomUUID();
    private FakeAuthorisationServer amo;
    private boolean amoStyle;
    private String longLivedToken;
    private OAuthTokens instanceB;

    @BeforeEach
    void secondInstance() {
        instanceB = new OAuthTokens(store, cipher, transactionManager, egress);
    }

    @AfterEach
    void stopServer() {
        if (amo != null) {
            amo.close();
        }
    }

    @Test
    void concurrentCallsWithAnExpiredTokenRefreshItOnceOnAllInstancesAndStoreTheNewestRefreshToken() throws Exception {
        amo = new FakeAuthorisationServer(0);
        instanceA.exchangeCode(tenant, connection, spec(), config(), FakeAuthorisationServer.CODE, redirect());
        ConnectorHttp onA = http(instanceA, tenant);
        ConnectorHttp onB = http(instanceB, tenant);
        String expiredRefresh = amo.currentRefreshToken();

        List<Integer> statuses = concurrently(16,
                i -> (i % 2 == 0 ? onA : onB).send(get(), HttpResponse.BodyHandlers.ofString()).statusCode());

        assertThat(statuses).hasSize(16).containsOnly(200);
        assertThat(amo.refreshes()).isEqualTo(1);
        assertThat(amo.apiCalls()).isEqualTo(16);
        assertThat(amo.currentRefreshToken()).isNotEqualTo(expiredRefresh);
        assertThat(storedRefreshToken(tenant)).isEqualTo(amo.currentRefreshToken());
    }

    @Test
    void amoCrmStyle16ThreadsOnTwoInstancesWithAnExpiredTokenMakeOneJsonRefreshAndNobodyUsesARetiredToken() throws Exception {
        amo = new FakeAuthorisationServer(0, true);
        amoStyle = true;
        instanceA.exchangeCode(tenant, connection, spec(), config(), FakeAuthorisationServer.CODE, redirect());
        ConnectorHttp onA = http(instanceA, tenant);
        ConnectorHttp onB = http(instanceB, tenant);

        List<Integer> statuses = concurrently(16,
                i -> (i % 2 == 0 ? onA : onB).send(get(), HttpResponse.BodyHandlers.ofString()).statusCode());

        assertThat(statuses).hasSize(16).containsOnly(200);
        assertThat(amo.refreshes()).isEqualTo(1);
        assertThat(amo.staleTokenCalls()).isZero();
        assertThat(amo.apiCalls()).isEqualTo(16);
        assertThat(storedRefreshToken(tenant)).isEqualTo(amo.currentRefreshToken());
    }

    @Test
    void amoCrmStyleARevokedRefreshTokenIsACredentialsProblemAskingToAuthoriseAgain() {
        amo = new FakeAuthorisationServer(0, true);
        amoStyle = true;
        instanceA.exchangeCode(tenant, connection, spec(), config(), FakeAuthorisationServer.CODE, redirect());
        amo.withdrawGrant();

        assertThatThrownBy(() -> http(instanceA, tenant).send(get(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(CredentialsException.class)
                .hasMessageContaining("invalid_grant")
                .hasMessageContaining("authorise the connection again");
        assertThat(amo.apiCalls()).isZero();
    }

    @Test
    void aLongLivedTokenIsSentAsItIsNeverRefreshedAndA401EndsInACredentialsProblem() {
        amo = new FakeAuthorisationServer(3600, true);
        amoStyle = true;
        UUID other = UUID.randomUUID();
        instanceA.exchangeCode(tenant, other, spec(), config(), FakeAuthorisationServer.CODE, redirect());
        longLivedToken = amo.currentAccessToken();
        ConnectorHttp http = http(instanceA, tenant);

        assertThat(http.send(get(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        amo.revokeAccessToken();
        assertThatThrownBy(() -> http.send(get(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(CredentialsException.class)
                .hasMessageContaining("long-lived token")
                .hasMessageNotContaining(longLivedToken);
        assertThat(amo.refreshes()).isZero();
        assertThat(amo.apiCalls()).isEqualTo(2);
    }

    @Test
    void aRevokedAccessTokenIsRenewedOnceAndTheRequestRepeatedWithoutLoggingAnyToken() {
        Logger logger = (Logger) LoggerFactory.getLogger("io.metaplatform");
        Level previous = logger.getLevel();
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.DEBUG);
        try {
            amo = new FakeAuthorisationServer(3600);
            instanceA.exchangeCode(tenant, connection, spec(), config(), FakeAuthorisationServer.CODE, redirect());
            ConnectorHttp http = http(instanceA, tenant);
            assertThat(http.send(get(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            String revoked = amo.currentAccessToken();
            String used = amo.currentRefreshToken();
            amo.revokeAccessToken();

            var response = http.send(get(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(amo.refreshes()).isEqualTo(1);
            assertThat(amo.apiCalls()).isEqualTo(3);
            var secrets = List.of(revoked, used, amo.currentAccessToken(), amo.currentRefreshToken(),
                    FakeAuthorisationServer.CLIENT_SECRET);
            assertThat(appender.list).isNotEmpty().extracting(ILoggingEvent::getFormattedMessage)
                    .noneMatch(line -> secrets.stream().anyMatch(line::contains));
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(previous);
        }
    }

    @Test
    void anInstanceWhoseTokenWasRefreshedElsewhereTakesTheStoredOneWithoutRefreshingAgain() {
        amo = new FakeAuthorisationServer(3600);
        instanceA.exchangeCode(tenant, connection, spec(), config(), FakeAuthorisationServer.CODE, redirect());
        ConnectorHttp onA = http(instanceA, tenant);
        ConnectorHttp onB = http(instanceB, tenant);
        assertThat(onA.send(get(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        amo.revokeAccessToken();
        assertThat(onB.send(get(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        var response = onA.send(get(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(amo.refreshes()).isEqualTo(1);
    }

    @Test
    void aRefusedRefreshIsACredentialsProblemThatNamesNoSecretAndKeepsTheStoredTokens() {
        amo = new FakeAuthorisationServer(0);
        instanceA.exchangeCode(tenant, connection, spec(), config(), FakeAuthorisationServer.CODE, redirect());
        String stored = storedRefreshToken(tenant);
        amo.withdrawGrant();

        assertThatThrownBy(() -> http(instanceA, tenant).send(get(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(CredentialsException.class)
                .hasMessageContaining("invalid_grant")
                .hasMessageNotContaining(stored)
                .hasMessageNotContaining(FakeAuthorisationServer.CLIENT_SECRET);
        assertThat(storedRefreshToken(tenant)).isEqualTo(stored);
        assertThat(amo.apiCalls()).isZero();
    }

    @Test
    void theCodeExchangeStoresBothTokensSealedAndRequestsCarryItsAccessTokenInsteadOfThePluginsHeader() throws SQLException {
        amo = new FakeAuthorisationServer(3600);

        instanceA.exchangeCode(tenant, connection, spec(), config(), FakeAuthorisationServer.CODE, redirect());
        var withPluginsOwnHeader = HttpRequest.newBuilder(amo.api("/leads")).header("Authorization", "Bearer stale")
                .GET().build();
        var response = http(instanceA, tenant).send(withPluginsOwnHeader, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(amo.apiCalls()).isEqualTo(1);
        List<String> columns = rawColumns();
        assertThat(columns).hasSize(2).allMatch(value -> value.startsWith("v1:"))
                .noneMatch(value -> value.contains(amo.currentAccessToken()) || value.contains(amo.currentRefreshToken()));
    }

    @Test
    void aRefusedCodeStoresNothing() {
        amo = new FakeAuthorisationServer(3600);

        assertThatThrownBy(() -> instanceA.exchangeCode(tenant, connection, spec(), config(), "forged", redirect()))
                .isInstanceOf(CredentialsException.class)
                .hasMessageNotContaining("forged");
        assertThatThrownBy(() -> http(instanceA, tenant).send(get(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(CredentialsException.class)
                .hasMessageContaining("no OAuth tokens");
    }

    @Test
    void anotherTenantNeverSeesNorUsesTheTokensOfAConnection() {
        amo = new FakeAuthorisationServer(3600);
        instanceA.exchangeCode(tenant, connection, spec(), config(), FakeAuthorisationServer.CODE, redirect());
        TenantId other = TenantId.random();

        assertThatThrownBy(() -> http(instanceB, other).send(get(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(CredentialsException.class)
                .hasMessageContaining("no OAuth tokens");
        assertThat(TenantContext.callAs(other, () -> lockedRow(other))).isEmpty();
        assertThat(amo.apiCalls()).isZero();
    }

    @Test
    void forgottenTokensAreGone() {
        amo = new FakeAuthorisationServer(3600);
        instanceA.exchangeCode(tenant, connection, spec(), config(), FakeAuthorisationServer.CODE, redirect());

        instanceA.forget(tenant, connection);

        assertThatThrownBy(() -> http(instanceA, tenant).send(get(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(CredentialsException.class);
        assertThat(TenantContext.callAs(tenant, () -> lockedRow(tenant))).isEmpty();
    }

    private ConnectorHttp http(OAuthTokens instance, TenantId who) {
        var factory = new DefaultConnectorHttpFactory(ConnectorHttpSettings.defaults(), NO_REDIS, instance, egress);
        return factory.create(who, connection, descriptor(), config());
    }

    private HttpRequest get() {
        return HttpRequest.newBuilder(amo.api("/leads")).GET().build();
    }

    private String storedRefreshToken(TenantId who) {
        var row = TenantContext.callAs(who, () -> lockedRow(who)).orElseThrow();
        return cipher.open(row.refreshToken(), OAuthTokens.context(who, connection, "refresh"));
    }

    private Optional<OAuthTokenStore.SealedTokens> lockedRow(TenantId who) {
        var transactions = new TransactionTemplate(transactionManager);
        return transactions.execute(status -> store.lock(who, connection));
    }

    /** The stored columns as the database owner reads them, past row-level security. */
    private List<String> rawColumns() throws SQLException {
        var database = TestDatabase.get();
        try (var jdbc = DriverManager.getConnection(database.url(), database.ownerUser(), database.ownerPassword());
                var query = jdbc.prepareStatement(
                        "select access_token, refresh_token from connector_oauth_token where connection_id = ?")) {
            query.setObject(1, connection);
            try (var rows = query.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return List.of(rows.getString(1), rows.getString(2));
            }
        }
    }

    private static <T> List<T> concurrently(int threads, IndexedCall<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        var start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                Callable<T> task = () -> {
                    start.await();
                    return call.call(index);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface IndexedCall<T> {
        T call(int index) throws Exception;
    }

    private OAuth2Spec spec() {
        String tokenUri = "http://127.0.0.1:" + amo.tokenUri().getPort() + "/oauth2/{tokenPath}";
        var spec = new OAuth2Spec("https://www.amocrm.ru/oauth", tokenUri, List.of(), "clientId", "clientSecret");
        return amoStyle ? spec.withJsonTokenRequests().withLongLivedToken("longLivedToken") : spec;
    }

    private Configuration config() {
        var values = new java.util.HashMap<>(Map.of("clientId", FakeAuthorisationServer.CLIENT_ID,
                "clientSecret", FakeAuthorisationServer.CLIENT_SECRET, "tokenPath", "access_token"));
        if (longLivedToken != null) {
            values.put("longLivedToken", longLivedToken);
        }
        return new Configuration(values);
    }

    private static URI redirect() {
        return URI.create(FakeAuthorisationServer.REDIRECT);
    }

    private ConnectorDescriptor descriptor() {
        return ConnectorDescriptor.builder("amocrm-test", "amoCRM (test)", "1.0")
                .config(ConfigSchema.of(ConfigProperty.required("clientId", ConfigType.STRING, "client id"),
                        ConfigProperty.secret("clientSecret", "client secret"),
                        ConfigProperty.optional("tokenPath", ConfigType.STRING, "access_token", "path of the token URI"),
                        ConfigProperty.secret("longLivedToken", "long-lived token")))
                .stream(StreamDescriptor.of("leads", "deal", List.of()))
                .oauth(spec())
                .build();
    }
}
