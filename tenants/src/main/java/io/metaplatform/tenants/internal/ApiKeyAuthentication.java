package io.metaplatform.tenants.internal;

import io.metaplatform.core.ApiKeyAuthenticator;
import io.metaplatform.core.Sha256;
import io.metaplatform.core.SharedRedis;
import io.metaplatform.core.TenantCache;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantGate;
import io.metaplatform.core.TenantId;
import io.metaplatform.tenants.ApiKey;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checks presented API keys against the tenant's live keys, kept in memory per tenant ({@link TenantCache}):
 * creating or revoking a key drops the tenant's entry on every instance at once through Redis, and the
 * recheck interval bounds how long an instance without Redis keeps a revoked key. Expiry is checked on
 * every request. The secret is compared by hash in constant time. A key's last use is written at most
 * once a minute per instance, not per request.
 */
@Component
public final class ApiKeyAuthentication implements ApiKeyAuthenticator {

    static final String CHANNEL = "platform:api-keys-changed";
    private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthentication.class);
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final ApiKeyStore store;
    private final TransactionTemplate transactions;
    private final TenantGate gate;
    private final TenantCache<Map<UUID, ApiKeyStore.StoredKey>> live;
    private final Map<UUID, Instant> touched = new ConcurrentHashMap<>();
    private final Clock clock;

    @org.springframework.beans.factory.annotation.Autowired
    ApiKeyAuthentication(ApiKeyStore store, TransactionTemplate transactions, TenantGate gate, SharedRedis redis,
            @Value("${platform.api-keys.recheck-interval:30s}") Duration recheck,
            @Value("${platform.metadata.cached-tenants:10000}") int maxTenants) {
        this(store, transactions, gate, new TenantCache<>(redis, CHANNEL, recheck, maxTenants), Clock.systemUTC());
    }

    ApiKeyAuthentication(ApiKeyStore store, TransactionTemplate transactions, TenantGate gate,
            TenantCache<Map<UUID, ApiKeyStore.StoredKey>> live, Clock clock) {
        this.store = store;
        this.transactions = transactions;
        this.gate = gate;
        this.live = live;
        this.clock = clock;
    }

    @Override
    public Optional<ApiKeyHolder> authenticate(String presented) {
        Optional<KeyParts> parts = KeyParts.parse(presented);
        // An unknown or suspended tenant's keys are not even looked up (TenantResolutionFilter answers it).
        if (parts.isEmpty() || gate.stateOf(parts.get().tenant()) == TenantGate.TenantState.UNKNOWN) {
            return Optional.empty();
        }
        TenantId tenant = parts.get().tenant();
        ApiKeyStore.StoredKey stored = live.get(tenant, () -> load(tenant)).get(parts.get().keyId());
        Instant now = clock.instant();
        if (stored == null || !MessageDigest.isEqual(hash(parts.get().secret()), stored.secretHash()) || !stored.key().validAt(now)) {
            return Optional.empty();
        }
        ApiKey key = stored.key();
        touch(tenant, key.id(), now);
        return Optional.of(new ApiKeyHolder(tenant, key.id(), key.name(), key.roles(), key.tenantRoles(), key.expiresAt()));
    }

    /** The tenant's keys changed (committed): every instance reads them again. */
    public void changed(TenantId tenant) {
        live.changed(tenant);
    }

    /** SHA-256 of a secret: 256 random bits need no slow hash. */
    public static byte[] hash(String secret) {
        return Sha256.of(secret);
    }

    private Map<UUID, ApiKeyStore.StoredKey> load(TenantId tenant) {
        return TenantContext.callAs(tenant, () -> transactions.execute(status -> store.live(tenant)))
                .stream().collect(Collectors.toUnmodifiableMap(stored -> stored.key().id(), Function.identity()));
    }

    private void touch(TenantId tenant, UUID key, Instant now) {
        Instant last = touched.get(key);
        if (last != null && Duration.between(last, now).compareTo(TOUCH_EVERY) < 0) {
            return;
        }
        touched.put(key, now);
        try {
            TenantContext.callAs(tenant, () -> transactions.execute(status -> {
                store.touch(tenant, key, now);
                return null;
            }));
        } catch (RuntimeException e) {
            log.warn("Could not record the last use of API key {}: {}", key, e.getMessage());
        }
    }
}
