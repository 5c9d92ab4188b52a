package io.metaplatform.tenants.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.SharedRedis;
import io.metaplatform.core.TenantGate.TenantState;
import io.metaplatform.core.TenantId;
import io.metaplatform.tenants.NewTenant;
import io.metaplatform.tenants.TenantService;
import io.metaplatform.tenants.TenantSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A suspension made on one server instance shuts the tenant out on the others at their next
 * request (Redis pub/sub), and without Redis after the recheck interval. The other instance is a
 * second {@link TenantStatusCache} over the same database.
 */
@SpringBootTest
class TenantStatusAcrossInstancesTest {

    @Autowired
    TenantService tenants;
    @Autowired
    TenantRepository repository;
    @Autowired
    SharedRedis redis;

    @Test
    void aSuspensionOnOneInstanceReachesAnotherThroughRedisAtOnce() throws InterruptedException {
        var otherInstance = new TenantStatusCache(repository, redis, Duration.ofHours(1), 100);
        TenantId tenant = newTenant();
        assertThat(otherInstance.stateOf(tenant)).isEqualTo(TenantState.ACTIVE);

        tenants.suspend(tenant.toString(), "unpaid");
        assertThat(await(otherInstance, tenant, TenantState.SUSPENDED)).isEqualTo(TenantState.SUSPENDED);

        tenants.reactivate(tenant.toString());
        assertThat(await(otherInstance, tenant, TenantState.ACTIVE)).isEqualTo(TenantState.ACTIVE);
    }

    @Test
    void withoutRedisAnotherInstanceSeesTheSuspensionAfterTheRecheckInterval() throws InterruptedException {
        SharedRedis none = Optional::empty;
        var otherInstance = new TenantStatusCache(repository, none, Duration.ofMillis(300), 100);
        TenantId tenant = newTenant();
        assertThat(otherInstance.stateOf(tenant)).isEqualTo(TenantState.ACTIVE);

        tenants.suspend(tenant.toString(), "unpaid");

        assertThat(await(otherInstance, tenant, TenantState.SUSPENDED)).isEqualTo(TenantState.SUSPENDED);
    }

    private TenantId newTenant() {
        String slug = "status-" + UUID.randomUUID().toString().substring(0, 8);
        return tenants.create(new NewTenant(slug, "Status", new TenantSettings(null, null, null)), "op").id();
    }

    private static TenantState await(TenantStatusCache instance, TenantId tenant, TenantState expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        TenantState seen = instance.stateOf(tenant);
        while (seen != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
            seen = instance.stateOf(tenant);
        }
        return seen;
    }
}
