package io.metaplatform.graphql.internal;

import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;
import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.registry.packages.MetadataPackages;
import java.util.Map;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Metadata package operations on {@code /graphql/admin} ({@code extensions/metadata-packages.graphqls}). */
@Component
final class MetadataPackagesAdminWiring implements RuntimeWiringConfigurer {

    private final MetadataPackages packages;
    private final JsonMapper json;

    MetadataPackagesAdminWiring(MetadataPackages packages, JsonMapper json) {
        this.packages = packages;
        this.json = json;
    }

    @Override
    public void configure(RuntimeWiring.Builder builder) {
        builder.type(TypeRuntimeWiring.newTypeWiring("Mutation").dataFetcher("retrieveMetadata", environment -> {
            if (!AdminApi.callerIsTenantAdmin()) {
                throw new PlatformException(ErrorCode.FORBIDDEN, "The metadata API is for tenant admins of a tenant.");
            }
            return json.convertValue(packages.retrieve(), Map.class);
        }));
    }
}
