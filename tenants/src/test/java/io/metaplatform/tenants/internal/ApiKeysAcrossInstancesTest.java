package io.metaplatform.tenants.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.SharedRedis;
import io.metaplatform.core.TenantCache;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantGate;
import io.metaplatform.core.TenantId;
import io.metaplatform.tenants.ApiKeyService;
import io.metaplatform.tenants.CreatedApiKey;
import io.metaplatform.tenants.NewApiKey;
import io.metaplatform.tenants.TenantService;
import io.metaplatform.tenants.TenantSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A key revoked on one server instance is refused by the others at their next request (Redis pub/sub), and
 * without Redis after the recheck interval. The other instance is a second {@link ApiKeyAuthentication} over the
 * same database, with a recheck interval of an hour, so only the message can tell it.
 */
@SpringBootTest
class ApiKeysAcrossInstancesTest {

    @Autowired
    TenantService tenants;
    @Autowired
    ApiKeyService keys;
    @Autowired
    ApiKeyStore store;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    TenantGate gate;
    @Autowired
    SharedRedis redis;

    @Test
    void aRevocationOnOneInstanceIsRefusedOnAnotherAtOnceThroughRedis() throws InterruptedException {
        var otherInstance = instance(redis, Duration.ofHours(1));
        TenantId tenant = newTenant();
        CreatedApiKey created = TenantContext.callAs(tenant, () -> keys.create(new NewApiKey("ci", List.of("tenant-user"), null), "admin"));
        assertThat(otherInstance.authenticate(created.secret())).isPresent();

        TenantContext.callAs(tenant, () -> keys.revoke(created.apiKey().id(), "admin"));

        assertThat(awaitRefused(otherInstance, created.secret(), Duration.ofSeconds(3))).isTrue();
    }

    @Test
    void withoutRedisAnotherInstanceRefusesTheKeyAfterTheRecheckInterval() throws InterruptedException {
        var otherInstance = instance(Optional::empty, Duration.ofMillis(300));
        TenantId tenant = newTenant();
        CreatedApiKey created = TenantContext.callAs(tenant, () -> keys.create(new NewApiKey("ci", List.of("tenant-user"), null), "admin"));
        assertThat(otherInstance.authenticate(created.secret())).isPresent();

        TenantContext.callAs(tenant, () -> keys.revoke(created.apiKey().id(), "admin"));

        assertThat(awaitRefused(otherInstance, created.secret(), Duration.ofSeconds(3))).isTrue();
    }

    @Test
    void aKeyOfOneTenantIsNotFoundUnderAnotherTenantsId() {
        TenantId tenant = newTenant();
        TenantId other = newTenant();
        CreatedApiKey created = TenantContext.callAs(tenant, () -> keys.create(new NewApiKey("ci", List.of("tenant-user"), null), "admin"));
        String hex = tenant.value().toString().replace("-", "");

        var instance = instance(redis, Duration.ofHours(1));

        assertThat(instance.authenticate(created.secret())).map(holder -> holder.tenant()).contains(tenant);
        assertThat(instance.authenticate(created.secret().replace(hex, other.value().toString().replace("-", "")))).isEmpty();
        assertThat(TenantContext.callAs(other, () -> keys.list())).isEmpty();
    }

    private ApiKeyAuthentication instance(SharedRedis shared, Duration recheck) {
        return new ApiKeyAuthentication(store, transactions, gate, new TenantCache<>(shared, ApiKeyAuthentication.CHANNEL, recheck, 100),
                Clock.systemUTC());
    }

    private TenantId newTenant() {
        String slug = "keys-" + UUID.randomUUID().toString().substring(0, 8);
        return tenants.create(new io.metaplatform.tenants.NewTenant(slug, "Keys", new TenantSettings(null, null, null)), "op").id();
    }

    private static boolean awaitRefused(ApiKeyAuthentication instance, String secret, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (instance.authenticate(secret).isEmpty()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
