package io.metaplatform.plugins.runtime.internal.sync;

import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.Violation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.stereotype.Component;

/**
 * The sync operations of the admin API ({@code admin-schema/extensions/sync.graphqls}). The endpoint
 * admits tenant admins only and binds their tenant; every read is of that tenant.
 */
@Component
class SyncAdminWiring implements RuntimeWiringConfigurer {

    private final SyncEngine engine;

    SyncAdminWiring(SyncEngine engine) {
        this.engine = engine;
    }

    @Override
    public void configure(RuntimeWiring.Builder builder) {
        builder.type(TypeRuntimeWiring.newTypeWiring("Query").dataFetcher("deadLetters", deadLetters()))
                .type(TypeRuntimeWiring.newTypeWiring("Mutation").dataFetcher("resolveDeadLetters", environment -> {
                    UUID connection = uuid(environment.getArgument("connection"), "connection");
                    List<String> ids = environment.getArgument("ids");
                    List<UUID> given = ids == null ? null : ids.stream().map(id -> uuid(id, "ids")).toList();
                    return engine.resolveDeadLetters(TenantContext.require(), connection, given, DeadLetterFilter.of(environment.getArgument("stream"),
                            environment.getArgument("code"), true));
                }));
    }


    private DataFetcher<Map<String, Object>> deadLetters() {
        return environment -> {
            UUID connection = uuid(environment.getArgument("connection"), "connection");
            Integer first = environment.getArgument("first");
            DeadLetterPage page = engine.deadLetters(TenantContext.require(), connection, first == null ? 50 : first,
                    environment.getArgument("after"), DeadLetterFilter.of(environment.getArgument("stream"), environment.getArgument("code"),
                            Boolean.TRUE.equals(environment.getArgument("unresolved"))));
            Map<String, Object> deprecated = new LinkedHashMap<>();
            deprecated.put("nodes", page.deadLetters());
            deprecated.put("endCursor", page.endCursor());
            deprecated.put("hasNextPage", page.endCursor() != null);
            return io.metaplatform.core.RelayPages.connection(page.deadLetters().stream()
                    .map(letter -> io.metaplatform.core.RelayPages.edge(SyncEngine.cursorOf(letter), (Object) letter)).toList(),
                    page.endCursor() != null, deprecated);
        };
    }

    private static UUID uuid(String text, String argument) {
        try {
            if (text != null && text.length() == 36) {
                return UUID.fromString(text);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw PlatformException.validation(List.of(new Violation(argument, "INVALID_ID", argument.equals("connection") ? "must be a connection id" : "must be dead letter ids")));
    }
}
