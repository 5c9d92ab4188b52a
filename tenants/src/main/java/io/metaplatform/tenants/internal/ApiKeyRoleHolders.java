package io.metaplatform.tenants.internal;

import io.metaplatform.core.TenantId;
import io.metaplatform.registry.RoleHolders;
import java.util.List;
import org.springframework.stereotype.Component;

/** A tenant role a live API key holds cannot be deleted under it: the machine client would lose every right at once. */
@Component
final class ApiKeyRoleHolders implements RoleHolders {

    private final ApiKeyStore keys;

    ApiKeyRoleHolders(ApiKeyStore keys) {
        this.keys = keys;
    }

    @Override
    public List<String> holdersOf(TenantId tenant, String role) {
        return keys.holding(tenant, role).stream().map(key -> "API key '" + key.name() + "' (" + key.id() + ")").toList();
    }
}
