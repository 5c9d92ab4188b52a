package io.metaplatform.plugins.runtime.internal.packages;

import io.metaplatform.core.TenantId;
import io.metaplatform.registry.DefinitionGuard;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Keeps the definitions of a managed package as the connector needs them while a connection of it exists. */
@Component
final class ManagedDefinitionGuard implements DefinitionGuard {

    private final ManagedPackageStore store;

    ManagedDefinitionGuard(ManagedPackageStore store) {
        this.store = store;
    }

    @Override
    public Optional<String> protection(TenantId tenant, String objectApiName, String fieldApiName) {
        return store.owner(tenant, objectApiName, fieldApiName)
                .filter(connector -> store.inUse(tenant, connector))
                .map(connector -> "is managed by connector " + connector + " while a connection of it exists");
    }

    @Override
    public Map<String, String> managed(TenantId tenant) {
        Map<String, String> managed = new LinkedHashMap<>();
        store.list(tenant).forEach(installed -> installed.paths().forEach(path -> managed.put(path, "connector " + installed.connectorId())));
        return managed;
    }
}
