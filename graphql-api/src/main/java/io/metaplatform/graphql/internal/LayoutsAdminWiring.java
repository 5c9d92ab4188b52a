package io.metaplatform.graphql.internal;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.PlatformPrincipal;
import io.metaplatform.registry.Layout;
import io.metaplatform.registry.LayoutService;
import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;
import java.util.Map;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.stereotype.Component;

/** Layouts on {@code /graphql/admin} ({@code extensions/layouts.graphqls}). */
@Component
final class LayoutsAdminWiring implements RuntimeWiringConfigurer {

    private final LayoutService layouts;

    LayoutsAdminWiring(LayoutService layouts) {
        this.layouts = layouts;
    }

    @Override
    public void configure(RuntimeWiring.Builder builder) {
        builder.type(TypeRuntimeWiring.newTypeWiring("Query")
                        .dataFetcher("layouts", admin(environment -> layouts.layoutsFor(environment.getArgument("object"),
                                kind(environment.getArgument("kind"))).stream().map(LayoutMaps::rendered).toList())))
                .type(TypeRuntimeWiring.newTypeWiring("Mutation")
                        .dataFetcher("defineLayout", admin(environment -> {
                            Map<String, Object> input = environment.getArgument("input");
                            Layout layout = LayoutMaps.layout(environment.getArgument("object"), input);
                            return LayoutMaps.rendered(layouts.define(layout, PlatformPrincipal.current().subject()));
                        }))
                        .dataFetcher("deleteLayout", admin(environment -> {
                            layouts.delete(environment.getArgument("object"), kind(environment.getArgument("kind")),
                                    environment.getArgument("name"), PlatformPrincipal.current().subject());
                            return true;
                        })));
    }

    private static Layout.Kind kind(Object value) {
        return value == null ? null : Layout.Kind.valueOf(String.valueOf(value));
    }

    private static DataFetcher<Object> admin(DataFetcher<Object> fetcher) {
        return environment -> {
            if (!AdminApi.callerIsTenantAdmin()) {
                throw new PlatformException(ErrorCode.FORBIDDEN, "The metadata API is for tenant admins of a tenant.");
            }
            return fetcher.get(environment);
        };
    }
}
