package io.metaplatform.graphql.internal;

import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;
import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.registry.packages.DeployPlan;
import io.metaplatform.registry.packages.DeployStep;
import io.metaplatform.registry.packages.MetadataPackages;
import java.util.Map;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Metadata package operations (retrieve, plan, deploy) on {@code /graphql/admin} ({@code extensions/metadata-packages.graphqls}). */
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
            requireTenantAdmin();
            return json.convertValue(packages.retrieve(), Map.class);
        }).dataFetcher("planMetadataDeploy", environment -> {
            requireTenantAdmin();
            DeployPlan plan = packages.plan(json.valueToTree(environment.getArgument("package")));
            return Map.of("steps", plan.steps().stream().map(MetadataPackagesAdminWiring::step).toList(),
                    "problems", plan.problems().stream().map(problem -> Map.of("pointer", problem.field(), "code", problem.code(),
                            "message", problem.message())).toList(),
                    "destructive", plan.destructive());
        }).dataFetcher("deployMetadata", environment -> {
            requireTenantAdmin();
            MetadataPackages.DeployResult result = packages.deploy(json.valueToTree(environment.getArgument("package")),
                    Boolean.TRUE.equals(environment.getArgument("allowDestructive")));
            return Map.of("applied", result.applied(), "metadataVersion", result.metadataVersion(),
                    "steps", result.steps().stream().map(MetadataPackagesAdminWiring::step).toList());
        }));
    }

    private static void requireTenantAdmin() {
        if (!AdminApi.callerIsTenantAdmin()) {
            throw new PlatformException(ErrorCode.FORBIDDEN, "The metadata API is for tenant admins of a tenant.");
        }
    }

    private static Map<String, Object> step(DeployStep step) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        map.put("action", step.action().name());
        map.put("kind", step.kind());
        map.put("target", step.target());
        map.put("pointer", step.pointer());
        map.put("destructive", step.destructive());
        map.put("records", step.records());
        map.put("summary", step.summary());
        return map;
    }
}
