package io.metaplatform.plugins.runtime.internal.packages;

import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.stereotype.Component;

/**
 * {@code managedPackages} of the admin API ({@code admin-schema/extensions/packages.graphqls}). The endpoint
 * admits tenant admins only and binds their tenant; every read is of that tenant.
 */
@Component
final class ManagedPackageAdminWiring implements RuntimeWiringConfigurer {

    private final ManagedPackages packages;

    ManagedPackageAdminWiring(ManagedPackages packages) {
        this.packages = packages;
    }

    @Override
    public void configure(RuntimeWiring.Builder builder) {
        builder.type(TypeRuntimeWiring.newTypeWiring("Query").dataFetcher("managedPackages",
                environment -> packages.list().stream().map(this::view).toList()));
    }

    private Map<String, Object> view(ManagedPackageStore.InstalledPackage installed) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("connector", installed.connectorId());
        result.put("version", installed.version());
        result.put("pluginVersion", installed.pluginVersion());
        result.put("installedAt", installed.installedAt());
        result.put("upgradedAt", installed.upgradedAt());
        result.put("protected", packages.inUse(installed.connectorId()));
        result.put("objects", installed.paths().stream().filter(path -> !path.contains(".")).toList());
        result.put("fields", installed.paths().stream().filter(path -> path.contains(".")).toList());
        return result;
    }
}
