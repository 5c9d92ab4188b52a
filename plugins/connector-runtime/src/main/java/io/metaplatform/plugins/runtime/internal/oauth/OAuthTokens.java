package io.metaplatform.plugins.runtime.internal.oauth;

import io.metaplatform.core.CredentialCipher;
import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantId;
import io.metaplatform.plugins.api.Configuration;
import io.metaplatform.plugins.api.CredentialsException;
import io.metaplatform.plugins.api.OAuth2Spec;
import io.metaplatform.plugins.api.RetriableException;
import java.net.URI;
import io.metaplatform.plugins.runtime.internal.http.EgressClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The OAuth tokens of connections: stored sealed, cached per instance, renewed one refresh at a time
 * per connection on all instances together.
 *
 * <p>A refresh locks the connection's row ({@code select … for update}) in a transaction of its own,
 * re-reads it (another instance may have refreshed meanwhile: then its tokens are used), calls the
 * token endpoint, and commits the new access token and the rotated refresh token before any
 * request uses them. A refresh token is therefore used at most once, which servers that rotate
 * them and refuse a used one (amoCRM) require. Within an instance, callers of one connection queue
 * on a lock first, so only one of them holds a database connection while waiting. Thread-safe.
 */
@Service
public final class OAuthTokens {

    /** Tokens that expire within this margin are renewed before use. */
    static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);

    private final OAuthTokenStore store;
    private final CredentialCipher cipher;
    private final TransactionTemplate ownTransaction;
    private final TokenEndpoint endpoint;
    private final Clock clock;
    private final Map<Key, TokenSet> cache = new ConcurrentHashMap<>();
    private final Map<Key, ReentrantLock> locks = new ConcurrentHashMap<>();

    @Autowired
    OAuthTokens(OAuthTokenStore store, CredentialCipher cipher, PlatformTransactionManager transactionManager, EgressClient http) {
        this(store, cipher, transactionManager, http, Clock.systemUTC());
    }

    OAuthTokens(OAuthTokenStore store, CredentialCipher cipher, PlatformTransactionManager transactionManager, EgressClient http,
            Clock clock) {
        this.store = store;
        this.cipher = cipher;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.endpoint = new TokenEndpoint(http);
        this.clock = clock;
    }

    private record Key(TenantId tenant, UUID connectionId) {
        String context(String which) {
            return OAuthTokens.context(tenant, connectionId, which);
        }
    }

    /**
     * Exchanges an authorisation code (the admin's grant) for tokens and stores them, replacing
     * any the connection had.
     *
     * @throws CredentialsException when the authorisation server refuses the code
     * @throws RetriableException   when it does not answer properly
     */
    public void exchangeCode(TenantId tenant, UUID connectionId, OAuth2Spec spec, Configuration configuration, String code,
            URI redirectUri) {
        Key key = new Key(tenant, connectionId);
        TokenSet tokens = endpoint.exchangeCode(spec, configuration, code, redirectUri, clock.instant());
        inOwnTransaction(key, () -> {
            save(key, tokens, Optional.of(redirectUri.toString()));
            return tokens;
        });
        cache.put(key, tokens);
    }

    /** Deletes the connection's tokens (when the connection is deleted or re-authorised from scratch). */
    public void forget(TenantId tenant, UUID connectionId) {
        Key key = new Key(tenant, connectionId);
        inOwnTransaction(key, () -> store.delete(tenant, connectionId));
        cache.remove(key);
    }

    /**
     * Deletes the connection's tokens in the caller's transaction (tenant bound), so they go together
     * with the rest of a deleted connection or not at all.
     */
    public void forgetWithin(TenantId tenant, UUID connectionId) {
        store.delete(tenant, connectionId);
        cache.remove(new Key(tenant, connectionId));
    }

    /** The tokens of one connection, as its HTTP client uses them. */
    public ConnectionTokens forConnection(TenantId tenant, UUID connectionId, OAuth2Spec spec, Configuration configuration) {
        return new ConnectionTokens(this, new Key(tenant, connectionId), spec, configuration);
    }

    /** A connection's view, bound to its configuration (client id and secret, token URI). */
    public static final class ConnectionTokens {
        private final OAuthTokens tokens;
        private final Key key;
        private final OAuth2Spec spec;
        private final Configuration configuration;

        private ConnectionTokens(OAuthTokens tokens, Key key, OAuth2Spec spec, Configuration configuration) {
            this.tokens = tokens;
            this.key = key;
            this.spec = Objects.requireNonNull(spec, "spec");
            this.configuration = Objects.requireNonNull(configuration, "configuration");
        }

        /**
         * An access token that does not expire within the margin, renewed first when needed.
         *
         * @throws CredentialsException when the connection has no tokens or the refresh was refused
         */
        public String accessToken() {
            Optional<String> longLived = spec.longLivedToken(configuration);
            return longLived.isPresent() ? longLived.get() : tokens.accessToken(key, spec, configuration);
        }

        /**
         * A token other than {@code rejected}, which the API answered 401 to: one another instance
         * stored meanwhile, else a refreshed one.
         */
        public String renewAfterRejection(String rejected) {
            if (spec.longLivedToken(configuration).isPresent()) {
                throw new CredentialsException("The external system refused the long-lived token (HTTP 401): it expired or was"
                        + " revoked; paste a new one or authorise the connection instead.");
            }
            return tokens.renew(key, spec, configuration, Optional.of(rejected));
        }
    }

    private String accessToken(Key key, OAuth2Spec spec, Configuration configuration) {
        TokenSet cached = cache.get(key);
        if (cached != null && usable(cached, Optional.empty())) {
            return cached.accessToken();
        }
        return renew(key, spec, configuration, Optional.empty());
    }

    private String renew(Key key, OAuth2Spec spec, Configuration configuration, Optional<String> rejected) {
        ReentrantLock lock = locks.computeIfAbsent(key, ignored -> new ReentrantLock());
        lock.lock();
        try {
            TokenSet cached = cache.get(key);
            if (cached != null && usable(cached, rejected)) {
                return cached.accessToken();
            }
            TokenSet current = inOwnTransaction(key, () -> renewLocked(key, spec, configuration, rejected));
            cache.put(key, current);
            return current.accessToken();
        } finally {
            lock.unlock();
        }
    }

    private TokenSet renewLocked(Key key, OAuth2Spec spec, Configuration configuration, Optional<String> rejected) {
        OAuthTokenStore.SealedTokens row = store.lock(key.tenant(), key.connectionId())
                .orElseThrow(() -> new CredentialsException("The connection has no OAuth tokens: authorise it first."));
        TokenSet stored = open(key, row);
        if (usable(stored, rejected)) {
            return stored;
        }
        String refreshToken = stored.refreshToken().orElseThrow(() -> new CredentialsException(
                "The access token expired and the authorisation server gave no refresh token: authorise the connection again."));
        TokenSet fresh = endpoint.refresh(spec, configuration, refreshToken, row.redirectUri(), clock.instant());
        save(key, fresh, Optional.empty());
        return fresh;
    }

    private boolean usable(TokenSet tokens, Optional<String> rejected) {
        boolean wasRejected = rejected.map(tokens.accessToken()::equals).orElse(false);
        return !wasRejected && !tokens.expiresWithin(clock.instant(), REFRESH_MARGIN);
    }

    private void save(Key key, TokenSet tokens, Optional<String> redirectUri) {
        store.save(key.tenant(), key.connectionId(), cipher.seal(tokens.accessToken(), key.context("access")),
                tokens.refreshToken().map(refresh -> cipher.seal(refresh, key.context("refresh"))).orElse(null),
                tokens.expiresAt().orElse(null), clock.instant(),
                redirectUri);
    }

    private TokenSet open(Key key, OAuthTokenStore.SealedTokens row) {
        try {
            return new TokenSet(cipher.open(row.accessToken(), key.context("access")),
                    Optional.ofNullable(row.refreshToken()).map(refresh -> cipher.open(refresh, key.context("refresh"))),
                    Optional.ofNullable(row.expiresAt()));
        } catch (IllegalArgumentException e) {
            throw new CredentialsException("The connection's stored OAuth tokens cannot be opened: authorise it again.");
        }
    }

    /** Binds the ciphertext to its tenant, connection and role, so a copied value opens nowhere else. */
    static String context(TenantId tenant, UUID connectionId, String which) {
        return tenant + "/" + connectionId + "/oauth/" + which;
    }

    private <T> T inOwnTransaction(Key key, Supplier<T> work) {
        try {
            return TenantContext.callAs(key.tenant(), () -> ownTransaction.execute(status -> work.get()));
        } catch (DataAccessException e) {
            throw new RetriableException("The connection's OAuth tokens could not be read or stored ("
                    + e.getClass().getSimpleName() + ").");
        } catch (PlatformException e) {
            // A statement timeout (another instance holding the row's lock through a slow refresh) passes like any other
            // database hiccup; the platform's own refusals do not.
            if (e.code() != ErrorCode.QUERY_TIMEOUT) {
                throw e;
            }
            throw new RetriableException("The connection's OAuth tokens could not be read or stored (statement timeout).");
        }
    }
}
