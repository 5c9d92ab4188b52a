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
import io.metaplatform.plugins.api.ConfigProperty;
import io.metaplatform.plugins.api.FieldMapping;
import io.metaplatform.plugins.api.MappingDirection;
import io.metaplatform.plugins.api.StreamDescriptor;
import io.metaplatform.plugins.api.SyncMode;
import io.metaplatform.plugins.runtime.Connection;
import io.metaplatform.plugins.runtime.ConnectionChange;
import io.metaplatform.plugins.runtime.ConnectionRun;
import io.metaplatform.plugins.runtime.ConnectionService;
import io.metaplatform.plugins.runtime.ConnectorCatalog;
import io.metaplatform.plugins.runtime.LoadedConnector;
import io.metaplatform.plugins.runtime.NewConnection;
import io.metaplatform.plugins.runtime.RefusedPlugin;
import io.metaplatform.plugins.runtime.StreamOverride;
import io.metaplatform.plugins.runtime.internal.sync.StreamSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.stereotype.Component;

/** The connector operations of {@code /graphql/admin} ({@code admin-schema/extensions/connectors.graphqls}). */
@Component
final class ConnectorAdminWiring implements RuntimeWiringConfigurer {

    private final ConnectorCatalog catalog;
    private final ConnectionService connections;
    private final OutboundCalls outbound;

    ConnectorAdminWiring(ConnectorCatalog catalog, ConnectionService connections, OutboundCalls outbound) {
        this.catalog = catalog;
        this.connections = connections;
        this.outbound = outbound;
    }

    @Override
    public void configure(RuntimeWiring.Builder builder) {
        builder.type(TypeRuntimeWiring.newTypeWiring("Query")
                        .dataFetcher("connectorPlugins", admin(environment -> catalog.loaded().stream().map(ConnectorAdminWiring::plugin).toList()))
                        .dataFetcher("refusedPlugins", admin(environment -> catalog.refused().stream().map(ConnectorAdminWiring::refused).toList()))
                        .dataFetcher("connections", admin(environment -> connections.list().stream().map(ConnectorAdminWiring::connection).toList()))
                        .dataFetcher("connection", admin(environment -> ConnectionService.uuid(environment.getArgument("id"))
                                .flatMap(this::findConnection).map(ConnectorAdminWiring::connection).orElse(null)))
                        .dataFetcher("connectionRuns", admin(environment -> {
                            ConnectionService.RunPage page = connections.runs(id(environment, "connection"),
                                    environment.getArgumentOrDefault("first", 20), environment.getArgument("after"));
                            List<Map<String, Object>> runs = page.runs().stream().map(ConnectorAdminWiring::run).toList();
                            Map<String, Object> deprecated = new LinkedHashMap<>();
                            deprecated.put("runs", runs);
                            deprecated.put("hasNextPage", page.hasNextPage());
                            deprecated.put("endCursor", page.runs().isEmpty() ? null : page.runs().getLast().id().toString());
                            return io.metaplatform.core.RelayPages.connection(page.runs().stream()
                                    .map(run -> io.metaplatform.core.RelayPages.edge(run.id().toString(), run(run))).toList(),
                                    page.hasNextPage(), deprecated);
                        })))
                .type(TypeRuntimeWiring.newTypeWiring("Mutation")
                        .dataFetcher("createConnection", admin(environment -> {
                            Map<String, Object> input = environment.getArgument("input");
                            return connection(connections.create(new NewConnection((String) input.get("connector"), (String) input.get("name"),
                                    config(input.get("config")), streams(input.get("streams")), (String) input.get("scheduleInterval"),
                                    (String) input.get("serviceRole")), actor()));
                        }))
                        .dataFetcher("updateConnection", admin(environment -> {
                            Map<String, Object> input = environment.getArgument("input");
                            Optional<String> schedule = input.containsKey("scheduleInterval")
                                    ? Optional.ofNullable((String) input.get("scheduleInterval")) : null;
                            Optional<String> serviceRole = input.containsKey("serviceRole")
                                    ? Optional.ofNullable((String) input.get("serviceRole")) : null;
                            return connection(connections.update(id(environment, "id"), new ConnectionChange((String) input.get("name"),
                                    config(input.get("config")), streams(input.get("streams")), schedule, serviceRole), actor()));
                        }))
                        .dataFetcher("checkConnection", admin(outbound.limited(environment -> check(connections.check(id(environment, "id"))))))
                        .dataFetcher("enableConnection", admin(outbound.limited(environment -> connection(connections.enable(id(environment, "id"))))))
                        .dataFetcher("disableConnection", admin(outbound.limited(environment -> connection(connections.disable(id(environment, "id"))))))
                        .dataFetcher("deleteConnection", admin(outbound.limited(environment -> {
                            UUID id = id(environment, "id");
                            connections.delete(id);
                            return Map.of("id", id.toString());
                        })))
                        .dataFetcher("runConnectionNow", admin(environment -> run(connections.runNow(id(environment, "id"),
                                Boolean.TRUE.equals(environment.getArgument("reconcile")))))));
    }

    private Optional<Connection> findConnection(UUID id) {
        try {
            return Optional.of(connections.get(id));
        } catch (PlatformException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The admin API refuses non-admins before execution already; this keeps the rule next to the operations too. */
    private static DataFetcher<Object> admin(DataFetcher<Object> fetcher) {
        return environment -> {
            if (!PlatformPrincipal.current().has(Role.TENANT_ADMIN)) {
                throw new PlatformException(ErrorCode.FORBIDDEN, "Connections are managed by tenant admins.");
            }
            return fetcher.get(environment);
        };
    }

    /** An id argument; one that is not a UUID names no connection of this tenant. */
    private static UUID id(DataFetchingEnvironment environment, String argument) {
        String text = environment.getArgument(argument);
        return ConnectionService.uuid(text).orElseThrow(() -> PlatformException.notFound("Connection " + text));
    }

    private static String actor() {
        return PlatformPrincipal.current().subject();
    }

    private static Map<String, String> config(Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> given)) {
            throw PlatformException.validation(List.of(new Violation("input.config", "NOT_AN_OBJECT",
                    "must be an object of property names to values")));
        }
        Map<String, String> config = new LinkedHashMap<>();
        List<Violation> problems = new ArrayList<>();
        given.forEach((name, raw) -> {
            switch (raw) {
                case null -> config.put(String.valueOf(name), null);
                case String text -> config.put(String.valueOf(name), text);
                case Number number -> config.put(String.valueOf(name), number.toString());
                case Boolean bool -> config.put(String.valueOf(name), bool.toString());
                default -> problems.add(new Violation("input.config." + name, "NOT_A_SCALAR", "must be a string, number or boolean"));
            }
        });
        if (!problems.isEmpty()) {
            throw PlatformException.validation(problems);
        }
        return config;
    }

    @SuppressWarnings("unchecked")
    private static List<StreamOverride> streams(Object value) {
        if (value == null) {
            return List.of();
        }
        List<StreamOverride> overrides = new ArrayList<>();
        List<Violation> problems = new ArrayList<>();
        for (Map<String, Object> stream : (List<Map<String, Object>>) value) {
            String name = (String) stream.get("name");
            List<FieldMapping> mappings = null;
            if (stream.get("mappings") != null) {
                mappings = new ArrayList<>();
                for (Map<String, Object> mapping : (List<Map<String, Object>>) stream.get("mappings")) {
                    try {
                        mappings.add(new FieldMapping((String) mapping.get("externalField"), (String) mapping.get("targetField"),
                                MappingDirection.valueOf((String) mapping.getOrDefault("direction", "BOTH"))));
                    } catch (IllegalArgumentException e) {
                        problems.add(new Violation("input.streams." + name + ".mappings", "BLANK_FIELD", "mapping fields must not be blank"));
                    }
                }
            }
            overrides.add(new StreamOverride(name, (Boolean) stream.get("enabled"), (String) stream.get("targetObject"), mappings,
                    (String) stream.get("upsertOn"), stream.get("mode") == null ? null : SyncMode.valueOf((String) stream.get("mode")),
                    (Boolean) stream.get("push"), (String) stream.get("pushFilter"), (String) stream.get("pullEvery"),
                    (String) stream.get("pushEvery"), (String) stream.get("reconcileEvery"),
                    stream.get("maxDeletedShare") == null ? null : ((Number) stream.get("maxDeletedShare")).doubleValue()));
        }
        if (!problems.isEmpty()) {
            throw PlatformException.validation(problems);
        }
        return overrides;
    }

    private static Map<String, Object> plugin(LoadedConnector connector) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", connector.id());
        result.put("name", connector.descriptor().name());
        result.put("version", connector.descriptor().version());
        result.put("apiVersion", connector.descriptor().apiVersion());
        result.put("source", connector.source());
        result.put("configSchema", connector.descriptor().config().properties().stream().map(ConnectorAdminWiring::property).toList());
        result.put("streams", connector.descriptor().streams().stream().map(ConnectorAdminWiring::stream).toList());
        return result;
    }

    private static Map<String, Object> property(ConfigProperty property) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("name", property.name());
        result.put("type", property.type().name());
        result.put("required", property.required());
        result.put("secret", property.secret());
        result.put("default", property.defaultValue().orElse(null));
        result.put("allowedValues", property.allowedValues());
        result.put("description", property.description());
        return result;
    }

    private static Map<String, Object> stream(StreamDescriptor stream) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("name", stream.name());
        result.put("targetObject", stream.targetObject().orElse(null));
        result.put("primaryKey", stream.primaryKey());
        result.put("cursorField", stream.cursorField().orElse(null));
        result.put("modes", stream.modes().stream().map(SyncMode::name).sorted().toList());
        result.put("writable", stream.writable());
        result.put("mappings", stream.mappings().stream().map(ConnectorAdminWiring::mapping).toList());
        result.put("searchCriteria", stream.searchCriteria());
        result.put("pullEvery", stream.pullEvery().map(Duration::toString).orElse(null));
        result.put("pushEvery", stream.pushEvery().map(Duration::toString).orElse(null));
        result.put("listsAllIds", stream.listsAllIds());
        return result;
    }

    private static Map<String, Object> mapping(FieldMapping mapping) {
        return Map.of("externalField", mapping.externalField(), "targetField", mapping.targetField(), "direction", mapping.direction().name());
    }

    private static Map<String, Object> refused(RefusedPlugin plugin) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("source", plugin.source());
        result.put("connectorId", plugin.connectorId());
        result.put("reason", plugin.reason());
        return result;
    }

    private static Map<String, Object> connection(Connection connection) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", connection.id().toString());
        result.put("connector", connection.connectorId());
        result.put("name", connection.name());
        result.put("status", connection.status().name());
        result.put("config", new java.util.TreeMap<>(connection.config()));
        result.put("secrets", connection.secrets().stream().map(secret -> Map.of("name", secret.name(), "set", secret.set())).toList());
        result.put("streams", connection.streams().stream().map(ConnectorAdminWiring::settings).toList());
        result.put("scheduleInterval", connection.scheduleInterval().map(Object::toString).orElse(null));
        result.put("serviceRole", connection.serviceRole().orElse(null));
        result.put("nextRunAt", connection.nextRunAt().orElse(null));
        result.put("lastCheck", connection.lastCheck().map(ConnectorAdminWiring::check).orElse(null));
        result.put("totals", Map.of("syncsTotal", connection.totals().syncsTotal(), "syncsSucceeded", connection.totals().syncsSucceeded(),
                "syncsFailed", connection.totals().syncsFailed(), "recordsSynced", connection.totals().recordsSynced()));
        result.put("createdAt", connection.createdAt());
        result.put("updatedAt", connection.updatedAt());
        return result;
    }

    private static Map<String, Object> settings(StreamSettings settings) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("name", settings.stream());
        result.put("enabled", settings.enabled());
        result.put("targetObject", settings.targetObject());
        result.put("mappings", settings.mappings().stream().map(ConnectorAdminWiring::mapping).toList());
        result.put("upsertOn", settings.upsertOn().orElse(null));
        result.put("mode", settings.mode().name());
        result.put("push", settings.push());
        result.put("pushFilter", settings.pushFilter().orElse(null));
        result.put("pullEvery", settings.pullEvery().map(Duration::toString).orElse(null));
        result.put("pushEvery", settings.pushEvery().map(Duration::toString).orElse(null));
        result.put("reconcileEvery", settings.reconcileEvery().map(Duration::toString).orElse(null));
        result.put("maxDeletedShare", settings.maxDeletedShare());
        return result;
    }

    private static Map<String, Object> check(Connection.Check check) {
        return Map.of("passed", check.passed(), "message", check.message(), "checkedAt", check.checkedAt());
    }

    private static Map<String, Object> run(ConnectionRun run) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", run.id().toString());
        result.put("connection", run.connectionId().toString());
        result.put("trigger", run.trigger().name());
        result.put("status", run.status().name());
        result.put("claimedBy", run.claimedBy());
        result.put("startedAt", run.startedAt());
        result.put("heartbeatAt", run.heartbeatAt());
        result.put("finishedAt", run.finishedAt().orElse(null));
        result.put("read", run.read());
        result.put("created", run.created());
        result.put("updated", run.updated());
        result.put("unchanged", run.unchanged());
        result.put("deleted", run.deleted());
        result.put("failed", run.failed());
        result.put("errorCode", run.errorCode().map(Enum::name).orElse(null));
        result.put("error", run.error().orElse(null));
        return result;
    }
}
