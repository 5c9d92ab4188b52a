package io.metaplatform.plugins.runtime.internal.connections;

import static io.metaplatform.plugins.runtime.internal.connections.AdminFetchers.admin;
import static io.metaplatform.plugins.runtime.internal.connections.AdminFetchers.connection;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.Violation;
import io.metaplatform.plugins.api.ExternalRef;
import io.metaplatform.plugins.runtime.ConnectionService;
import io.metaplatform.plugins.runtime.internal.sync.DeadLetterFilter;
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
    private final OutboundCalls outbound;

    RecordOperationsWiring(RecordOperations operations, OutboundCalls outbound) {
        this.operations = operations;
        this.outbound = outbound;
    }

    @Override
    public void configure(RuntimeWiring.Builder builder) {
        builder.type(TypeRuntimeWiring.newTypeWiring("Query")
                        .dataFetcher("externalLinks", admin(environment -> operations.links(connection(environment), record(environment)).stream()
                                .map(RecordOperationsWiring::link).toList()))
                        .dataFetcher("searchExternal", admin(outbound.limited(environment -> operations.search(connection(environment),
                                environment.getArgument("stream"), criteria(environment.getArgument("criteria"))).stream()
                                .map(RecordOperationsWiring::hit).toList())))
                        .dataFetcher("externalFields", admin(outbound.limited(environment -> operations.externalFields(connection(environment))
                                .stream().map(RecordOperationsWiring::externalField).toList()))))
                .type(TypeRuntimeWiring.newTypeWiring("Mutation")
                        .dataFetcher("importExternalRecord", admin(outbound.limited(environment -> operations.importExternal(connection(environment),
                                environment.getArgument("stream"), environment.getArgument("externalId")).map(UUID::toString).orElse(null))))
                        .dataFetcher("syncRecord", admin(outbound.limited(environment -> operations.sync(connection(environment),
                                environment.getArgument("object"), record(environment)).map(UUID::toString).orElse(null))))
                        .dataFetcher("pushRecord", admin(outbound.limited(environment -> link(operations.push(connection(environment),
                                environment.getArgument("stream"), record(environment))))))
                        .dataFetcher("linkRecord", admin(environment -> link(operations.link(connection(environment),
                                environment.getArgument("stream"), record(environment), environment.getArgument("externalId")))))
                        .dataFetcher("mapExternalField", admin(outbound.limited(environment -> {
                            UUID connection = connection(environment);
                            String stream = environment.getArgument("stream");
                            String external = environment.getArgument("externalField");
                            operations.mapExternalField(connection, stream, external, environment.getArgument("targetField"),
                                    Boolean.TRUE.equals(environment.getArgument("createField")),
                                    io.metaplatform.core.PlatformPrincipal.current().subject());
                            return operations.externalFields(connection).stream()
                                    .filter(view -> view.field().stream().equals(stream) && view.field().name().equals(external))
                                    .findFirst().map(RecordOperationsWiring::externalField).orElse(null);
                        })))
                        .dataFetcher("unlinkRecord", admin(environment -> operations.unlink(connection(environment),
                                environment.getArgument("stream"), record(environment))))
                        .dataFetcher("retryDeadLetter", admin(outbound.limited(environment -> retried(operations.retryDeadLetter(
                                connection(environment), ConnectionService.uuid(environment.getArgument("id")).orElseThrow(() ->
                                        PlatformException.validation(List.of(new Violation("id", "INVALID_ID", "must be a dead letter id")))))))))
                        .dataFetcher("retryDeadLetters", admin(outbound.limited(environment -> retried(operations.retryDeadLetters(
                                connection(environment), DeadLetterFilter.of(environment.getArgument("stream"),
                                        environment.getArgument("code"), true)))))));
    }

    private static Map<String, Object> retried(RecordOperations.Retried retried) {
        return Map.of("resolved", retried.resolved(), "failedAgain", retried.failedAgain(), "skipped", retried.skipped());
    }

    private static UUID record(DataFetchingEnvironment environment) {
        String text = environment.getArgument("recordId");
        return ConnectionService.uuid(text).orElseThrow(() -> PlatformException.validation(List.of(
                new Violation("recordId", "INVALID_ID", "must be a record id"))));
    }

    private static Map<String, String> criteria(Object value) {
        if (!(value instanceof Map<?, ?> given)) {
            throw PlatformException.validation(List.of(new Violation("criteria", "NOT_AN_OBJECT", "must be an object of criteria to values")));
        }
        Map<String, String> criteria = new LinkedHashMap<>();
        given.forEach((name, raw) -> criteria.put(String.valueOf(name), raw == null ? null : String.valueOf(raw)));
        return criteria;
    }

    private static Map<String, Object> hit(RecordOperations.Hit hit) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("externalId", hit.record().externalId());
        result.put("externalVersion", hit.record().externalVersion().orElse(null));
        Map<String, Object> fields = new LinkedHashMap<>();
        hit.record().fields().forEach((name, value) -> fields.put(name, json(value)));
        result.put("fields", fields);
        result.put("linkedRecordId", hit.linkedRecord().map(UUID::toString).orElse(null));
        return result;
    }

    // External values as JSON: strings, numbers and booleans stay, links become {stream, externalId}, the rest their text.
    private static Object json(Object value) {
        return switch (value) {
            case null -> null;
            case String text -> text;
            case Boolean bool -> bool;
            case Number number -> number;
            case ExternalRef ref -> Map.of("stream", ref.stream(), "externalId", ref.externalId());
            case List<?> list -> list.stream().map(RecordOperationsWiring::json).toList();
            case Map<?, ?> map -> {
                Map<String, Object> copy = new LinkedHashMap<>();
                map.forEach((key, item) -> copy.put(String.valueOf(key), json(item)));
                yield copy;
            }
            default -> value.toString();
        };
    }

    private static Map<String, Object> externalField(RecordOperations.ExternalFieldView view) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("stream", view.field().stream());
        result.put("name", view.field().name());
        result.put("label", view.field().label());
        result.put("type", view.field().type());
        result.put("options", view.field().options());
        result.put("mappedTo", view.mappedTo().orElse(null));
        return result;
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
