package io.metaplatform.tenants.internal;

import io.metaplatform.core.SharedRedis;
import io.metaplatform.core.TenantCache;
import io.metaplatform.core.TenantGate;
import io.metaplatform.core.TenantId;
import io.metaplatform.tenants.TenantStatus;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The gate every authenticated request passes: the tenant's status from memory instead of a
 * database read per request. Creating, suspending or reactivating a tenant drops the entry on
 * every instance (Redis pub/sub); the recheck interval bounds how long an instance that missed
 * the message keeps the old status.
 */
@Component
public final class TenantStatusCache implements TenantGate {

    static final String CHANNEL = "platform:tenant-status-changed";

    private final TenantRepository tenants;
    private final TenantCache<TenantState> cache;

    TenantStatusCache(TenantRepository tenants, SharedRedis redis,
            @Value("${platform.tenants.status-recheck-interval:5s}") Duration recheck,
            @Value("${platform.metadata.cached-tenants:10000}") int maxTenants) {
        this.tenants = tenants;
        this.cache = new TenantCache<>(redis, CHANNEL, recheck, maxTenants);
    }

    @Override
    public TenantState stateOf(TenantId tenant) {
        return cache.get(tenant, () -> tenants.findStatusById(tenant.value())
                .map(status -> status == TenantStatus.ACTIVE ? TenantState.ACTIVE : TenantState.SUSPENDED)
                .orElse(TenantState.UNKNOWN));
    }

    @Override
    public List<TenantId> active(int limit) {
        return tenants.findActiveIds(limit).stream().map(TenantId::new).toList();
    }

    /** The tenant was created, suspended or reactivated (and that committed). */
    public void changed(TenantId tenant) {
        cache.changed(tenant);
    }
}
