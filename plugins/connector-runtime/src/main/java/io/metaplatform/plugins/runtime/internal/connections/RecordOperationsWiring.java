package io.metaplatform.plugins.runtime.internal.connections;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;
import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.PlatformPrincipal;
import io.metaplatform.core.Role;
import io.metaplatform.core.Violation;
import io.metaplatform.plugins.runtime.ConnectionService;
import io.metaplatform.plugins.runtime.internal.sync.ExternalLink;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.stereotype.Component;

/** The single-record operations of {@code /graphql/admin} ({@code admin-schema/extensions/records.graphqls}). */
@Component
final class RecordOperationsWiring implements RuntimeWiringConfigurer {

    private final RecordOperations operations;

    RecordOperationsWiring(RecordOperations operations) {
        this.operations = operations;
    }

    @Override
    public void configure(RuntimeWiring.Builder builder) {
        builder.type(TypeRuntimeWiring.newTypeWiring("Query")
                        .dataFetcher("externalLinks", admin(environment -> operations.links(connection(environment), record(environment)).stream()
                                .map(RecordOperationsWiring::link).toList())))
                .type(TypeRuntimeWiring.newTypeWiring("Mutation")
                        .dataFetcher("importExternalRecord", admin(environment -> operations.importExternal(connection(environment),
                                environment.getArgument("stream"), environment.getArgument("externalId")).map(UUID::toString).orElse(null)))
                        .dataFetcher("syncRecord", admin(environment -> operations.sync(connection(environment), environment.getArgument("object"),
                                record(environment)).map(UUID::toString).orElse(null)))
                        .dataFetcher("pushRecord", admin(environment -> link(operations.push(connection(environment),
                                environment.getArgument("stream"), record(environment)))))
                        .dataFetcher("linkRecord", admin(environment -> link(operations.link(connection(environment),
                                environment.getArgument("stream"), record(environment), environment.getArgument("externalId")))))
                        .dataFetcher("unlinkRecord", admin(environment -> operations.unlink(connection(environment),
                                environment.getArgument("stream"), record(environment)))));
    }

    private static DataFetcher<Object> admin(DataFetcher<Object> fetcher) {
        return environment -> {
            if (!PlatformPrincipal.current().has(Role.TENANT_ADMIN)) {
                throw new PlatformException(ErrorCode.FORBIDDEN, "Connections are managed by tenant admins.");
            }
            return fetcher.get(environment);
        };
    }

    private static UUID connection(DataFetchingEnvironment environment) {
        String text = environment.getArgument("connection");
        return ConnectionService.uuid(text).orElseThrow(() -> PlatformException.notFound("Connection " + text));
    }

    private static UUID record(DataFetchingEnvironment environment) {
        String text = environment.getArgument("recordId");
        return ConnectionService.uuid(text).orElseThrow(() -> PlatformException.validation(List.of(
                new Violation("recordId", "INVALID_ID", "must be a record id"))));
    }

    private static Map<String, Object> link(ExternalLink link) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("stream", link.stream());
        result.put("externalId", link.externalId());
        result.put("object", link.object());
        result.put("recordId", link.recordId().toString());
        result.put("externalVersion", link.externalVersion());
        return result;
    }
}
