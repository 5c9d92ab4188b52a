package io.metaplatform.plugins.runtime;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.Violation;
import io.metaplatform.core.Violations;
import io.metaplatform.plugins.api.CheckResult;
import io.metaplatform.plugins.api.ConfigProperty;
import io.metaplatform.plugins.api.ConfigSchema;
import io.metaplatform.plugins.api.ConnectorDescriptor;
import io.metaplatform.plugins.api.EgressDeniedException;
import io.metaplatform.plugins.api.FieldProblem;
import io.metaplatform.plugins.runtime.internal.packages.ManagedPackages;
import io.metaplatform.plugins.runtime.internal.connections.ConfigEgress;
import io.metaplatform.plugins.runtime.internal.connections.ConnectionRow;
import io.metaplatform.plugins.runtime.internal.connections.ConnectionSecrets;
import io.metaplatform.plugins.runtime.internal.connections.ConnectionStore;
import io.metaplatform.plugins.runtime.internal.connections.ConnectorCalls;
import io.metaplatform.plugins.runtime.internal.connections.RunExecutor;
import io.metaplatform.plugins.runtime.internal.connections.RunStore;
import io.metaplatform.plugins.runtime.internal.connections.StreamSettingsResolver;
import io.metaplatform.plugins.runtime.internal.connections.UploadStore;
import io.metaplatform.plugins.runtime.internal.oauth.OAuthTokens;
import io.metaplatform.plugins.runtime.internal.sync.SyncEngine;
import io.metaplatform.registry.MetadataService;
import io.metaplatform.registry.RoleService;
import io.metaplatform.registry.TenantRole;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The current tenant's connections: create, change, check, enable, disable, delete, run now, and
 * their runs. Every method works in the tenant bound in {@link TenantContext} and never sees
 * another tenant's connections: an id of another tenant is {@link ErrorCode#NOT_FOUND}.
 *
 * <p>Secret properties are sealed before they are stored and never returned: {@link Connection}
 * shows whether each is set. Thread-safe.
 */
public final class ConnectionService {

    /** The largest page of runs. */
    public static final int MAX_RUNS_PAGE = 100;
    private static final int MAX_NAME = 100;

    private final ConnectorCatalog catalog;
    private final ConnectionStore connections;
    private final RunStore runs;
    private final ConnectionSecrets secrets;
    private final ConnectorCalls calls;
    private final RunExecutor executor;
    private final MetadataService metadata;
    private final TransactionTemplate transactions;
    private final Duration minScheduleInterval;
    private final SyncEngine engine;
    private final OAuthTokens tokens;
    private final UploadStore uploads;
    private final ConfigEgress egress;
    private final ManagedPackages packages;
    private final RoleService roles;
    private final Clock clock = Clock.systemUTC();

    public ConnectionService(ConnectorCatalog catalog, ConnectionStore connections, RunStore runs, ConnectionSecrets secrets,
            ConnectorCalls calls, RunExecutor executor, MetadataService metadata, TransactionTemplate transactions,
            Duration minScheduleInterval, SyncEngine engine, OAuthTokens tokens, UploadStore uploads, ConfigEgress egress,
            ManagedPackages packages, RoleService roles) {
        this.roles = roles;
        this.egress = egress;
        this.packages = packages;
        this.engine = engine;
        this.tokens = tokens;
        this.uploads = uploads;
        this.catalog = catalog;
        this.connections = connections;
        this.runs = runs;
        this.secrets = secrets;
        this.calls = calls;
        this.executor = executor;
        this.metadata = metadata;
        this.transactions = transactions;
        this.minScheduleInterval = minScheduleInterval;
    }

    /** The tenant's connections, ordered by name. */
    public List<Connection> list() {
        TenantId tenant = TenantContext.require();
        return transactions.execute(status -> connections.list(tenant)).stream().map(this::view).toList();
    }

    /** @throws PlatformException {@code NOT_FOUND} */
    public Connection get(UUID id) {
        return view(row(id));
    }

    /**
     * @throws PlatformException {@code VALIDATION_FAILED} listing every problem ({@code input.connector},
     *     {@code input.name}, {@code input.config.<property>}, {@code input.streams.<stream>.<part>},
     *     {@code input.scheduleInterval}); a URL the egress policy refuses is {@code EGRESS_DENIED} on its
     *     property; {@code CONFLICT} when the name is taken
     */
    public Connection create(NewConnection request, String actor) {
        TenantId tenant = TenantContext.require();
        Violations violations = new Violations();
        String name = name(request.name(), violations);
        Optional<Duration> schedule = schedule(request.scheduleInterval(), violations);
        Optional<String> serviceRole = serviceRole(request.serviceRole(), violations);
        Optional<LoadedConnector> connector = Optional.ofNullable(request.connectorId()).flatMap(catalog::find);
        if (connector.isEmpty()) {
            violations.add("input.connector", "UNKNOWN_CONNECTOR", "is not a loaded connector: " + request.connectorId());
            violations.throwIfAny();
        }
        ConnectorDescriptor descriptor = connector.get().descriptor();
        Map<String, String> values = new LinkedHashMap<>();
        request.config().forEach((property, value) -> {
            if (value != null && !value.isBlank()) {
                values.put(property, value);
            }
        });
        configProblems(descriptor, values, descriptor.config().validate(values), violations);
        Map<String, StreamOverride> overrides = overrides(request.streams(), Map.of(), violations);
        // The package's install and the connection are one transaction: a connection that cannot be created (its
        // streams, its name) leaves no package behind, and a package that cannot be installed no connection.
        return transactions.execute(status -> {
            // The streams may target the connector's own objects, so its package goes in before they are checked, and
            // only for an otherwise valid request; a connector without a package has every problem reported at once.
            boolean valid = violations.isEmpty();
            if (valid) {
                packages.install(descriptor, actor);
            }
            if (valid || descriptor.managedPackage().isEmpty()) {
                StreamSettingsResolver.validate(descriptor, overrides, metadata.schema()).forEach(violation -> add(violations, violation));
            }
            StreamSettingsResolver.validateIntervals(overrides, minScheduleInterval).forEach(violation -> add(violations, violation));
            violations.throwIfAny();

            UUID id = UUID.randomUUID();
            Instant now = now();
            Map<String, String> plainSecrets = only(values, descriptor.config(), true);
            ConnectionRow row = new ConnectionRow(tenant, id, descriptor.id(), name, only(values, descriptor.config(), false),
                    secrets.seal(tenant, id, plainSecrets), overrides, schedule, ConnectionStatus.DRAFT, Optional.empty(), Optional.empty(),
                    new Connection.Totals(0, 0, 0, 0), now, now, serviceRole);
            write(tenant, name, Optional.empty(), () -> connections.insert(row, actor));
            return get(id);
        });
    }

    /**
     * Changes name, configuration, stream overrides or schedule. A changed configuration clears the
     * last check, so enabling again needs a new passing check; an enabled connection stays enabled.
     *
     * @throws PlatformException {@code NOT_FOUND}, {@code VALIDATION_FAILED} as for {@link #create},
     *     {@code CONFLICT} when the connector is not loaded or the name is taken
     */
    public Connection update(UUID id, ConnectionChange change, String actor) {
        TenantId tenant = TenantContext.require();
        ConnectionRow row = row(id);
        ConnectorDescriptor descriptor = connector(row).descriptor();
        Violations violations = new Violations();
        String name = change.name() == null ? row.name() : name(change.name(), violations);
        Optional<Duration> schedule = change.scheduleInterval() == null ? row.schedule()
                : schedule(change.scheduleInterval().orElse(null), violations);
        Optional<String> serviceRole = change.serviceRole() == null ? row.serviceRole()
                : serviceRole(change.serviceRole().orElse(null), violations);

        Map<String, String> config = new LinkedHashMap<>(row.config());
        Map<String, String> sealed = new LinkedHashMap<>(row.sealedSecrets());
        Map<String, String> newSecrets = new LinkedHashMap<>();
        change.config().forEach((property, value) -> {
            boolean secret = descriptor.config().property(property).map(ConfigProperty::secret).orElse(false);
            config.remove(property);
            sealed.remove(property);
            if (value == null || value.isBlank()) {
                return;
            }
            (secret ? newSecrets : config).put(property, value);
        });
        Map<String, String> values = new HashMap<>(config);
        values.putAll(newSecrets);
        // Kept secrets were valid when set; their values stay sealed, so only their presence counts here.
        sealed.keySet().forEach(property -> values.put(property, "(set)"));
        configProblems(descriptor, values,
                descriptor.config().validate(values).stream().filter(problem -> !sealed.containsKey(problem.field())).toList(), violations);
        Map<String, StreamOverride> overrides = overrides(change.streams(), row.streams(), violations);
        StreamSettingsResolver.validate(descriptor, overrides, metadata.schema()).forEach(violation -> add(violations, violation));
        StreamSettingsResolver.validateIntervals(overrides, minScheduleInterval).forEach(violation -> add(violations, violation));
        violations.throwIfAny();

        sealed.putAll(secrets.seal(tenant, id, newSecrets));
        boolean configChanged = !config.equals(row.config()) || !sealed.equals(row.sealedSecrets());
        ConnectionRow changed = new ConnectionRow(tenant, id, row.connectorId(), name, config, sealed, overrides, schedule, row.status(),
                row.nextRunAt(), row.lastCheck(), row.totals(), row.createdAt(), now(), serviceRole);
        write(tenant, name, Optional.of(id), () -> {
            connections.update(changed, configChanged, changed.updatedAt(), actor);
            // A new interval of the connection or of a stream applies at once, counted from each stream's last run:
            // shortening an hourly schedule to five minutes makes a stream that ran 20 minutes ago due now.
            if (row.status() == ConnectionStatus.ENABLED && (!schedule.equals(row.schedule()) || !overrides.equals(row.streams()))) {
                connections.setNextRun(tenant, id, schedule.map(every -> executor.nextDue(changed, every, changed.updatedAt())));
            }
        });
        return get(id);
    }

    /**
     * Tests the connection with the connector's {@code check} and records the outcome. A passing check
     * of a connection whose credentials were refused enables it again, and re-seals secrets sealed
     * with a retired key under the active one.
     *
     * <p>A URL the egress policy refuses fails the check without any connection attempt: the failed check is
     * recorded and the call ends with {@code EGRESS_DENIED}.
     *
     * @throws PlatformException {@code NOT_FOUND}; {@code CONFLICT} when the connector is not loaded;
     *     {@code EGRESS_DENIED} when the connection's configuration or the connector aimed at a refused host
     */
    public Connection.Check check(UUID id) {
        TenantId tenant = TenantContext.require();
        ConnectionRow row = row(id);
        LoadedConnector connector = connector(row);
        Optional<Violation> refused = egress.problems(connector.descriptor(), row.config()).stream().findFirst();
        if (refused.isPresent()) {
            throw refuse(tenant, row, refused.get().message());
        }
        try {
            return record(tenant, row, calls.check(row, connector));
        } catch (EgressDeniedException e) {
            throw refuse(tenant, row, e.getMessage());
        }
    }

    private PlatformException refuse(TenantId tenant, ConnectionRow row, String message) {
        record(tenant, row, new CheckResult(false, message));
        return new PlatformException(ErrorCode.EGRESS_DENIED, message);
    }

    private Connection.Check record(TenantId tenant, ConnectionRow row, CheckResult result) {
        UUID id = row.id();
        Instant now = now();
        Connection.Check check = new Connection.Check(result.passed(), result.message(), now);
        // A passing check proves the secrets open: the moment to move them to the active key after a rotation.
        Optional<Map<String, String>> resealed = result.passed() ? secrets.resealed(tenant, id, row.sealedSecrets()) : Optional.empty();
        transactions.executeWithoutResult(status -> {
            connections.recordCheck(tenant, id, check);
            resealed.ifPresent(sealed -> connections.replaceSecrets(tenant, id, sealed));
            boolean credentialsFixed = connections.lockSchedule(tenant, id, false)
                    .filter(state -> state.status() == ConnectionStatus.CREDENTIALS_INVALID || state.status() == ConnectionStatus.ACCESS_REFUSED)
                    .isPresent();
            if (result.passed() && credentialsFixed) {
                connections.setStatus(tenant, id, ConnectionStatus.ENABLED, row.schedule().map(interval -> now));
            }
        });
        return check;
    }

    /**
     * Enables the connection after its last check passed: runs the connector's {@code onEnable} and
     * schedules the first run now (when it has a schedule). Enabling an enabled connection changes nothing.
     *
     * @throws PlatformException {@code NOT_FOUND}; {@code CONFLICT} when no check passed since the last
     *     configuration change, the connector is not loaded or its {@code onEnable} failed;
     *     {@code VALIDATION_FAILED} when the stream settings no longer fit the tenant's objects
     */
    public Connection enable(UUID id) {
        TenantId tenant = TenantContext.require();
        ConnectionRow row = row(id);
        if (row.status() == ConnectionStatus.ENABLED) {
            return view(row);
        }
        LoadedConnector connector = connector(row);
        if (row.lastCheck().filter(Connection.Check::passed).isEmpty()) {
            throw new PlatformException(ErrorCode.CONFLICT, "Check the connection first: a connection is enabled only after a passing check.");
        }
        // A newer plugin may declare more of its package: upgrade it in place before the streams are checked.
        packages.install(connector.descriptor(), "connector:" + connector.descriptor().id());
        Violations violations = new Violations();
        StreamSettingsResolver.validate(connector.descriptor(), row.streams(), metadata.schema()).forEach(violation -> add(violations, violation));
        violations.throwIfAny();
        Optional<String> failed;
        try {
            failed = calls.onEnable(row, connector);
        } catch (EgressDeniedException e) {
            throw new PlatformException(ErrorCode.EGRESS_DENIED, e.getMessage());
        }
        failed.ifPresent(reason -> {
            throw new PlatformException(ErrorCode.CONFLICT, "The connector could not enable the connection: " + reason);
        });
        Instant now = now();
        transactions.executeWithoutResult(status -> {
            connections.lockSchedule(tenant, id, false).orElseThrow(() -> PlatformException.notFound("Connection " + id));
            connections.setStatus(tenant, id, ConnectionStatus.ENABLED, row.schedule().map(interval -> now));
        });
        return get(id);
    }

    /**
     * Disables the connection: no run starts any more, a running run is cancelled at its next
     * heartbeat, and the connector's {@code onDisable} runs (its failures are logged and ignored).
     *
     * @throws PlatformException {@code NOT_FOUND}
     */
    public Connection disable(UUID id) {
        TenantId tenant = TenantContext.require();
        ConnectionRow row = row(id);
        if (row.status() == ConnectionStatus.DISABLED) {
            return view(row);
        }
        setStatus(tenant, id, ConnectionStatus.DISABLED);
        // Refused credentials stopped the schedule but left what onEnable set up in place.
        if (row.status() == ConnectionStatus.ENABLED || row.status() == ConnectionStatus.CREDENTIALS_INVALID
                || row.status() == ConnectionStatus.ACCESS_REFUSED) {
            catalog.find(row.connectorId()).ifPresent(connector -> calls.onDisable(row, connector));
        }
        return get(id);
    }

    /**
     * Disables the connection, then deletes it with everything of it in one transaction: its runs and
     * their uploads, its schedule, its OAuth tokens, and the sync engine's external refs, stream state
     * and dead letters. The records it synced stay. A run of the connection is cancelled and awaited first
     * (up to 30 s), on whichever instance it runs: through Redis within moments where it is shared, else at
     * that instance's next heartbeat.
     *
     * @throws PlatformException {@code NOT_FOUND}; {@code CONFLICT} when a run did not stop in time
     */
    public void delete(UUID id) {
        TenantId tenant = TenantContext.require();
        disable(id);
        // No run, here or on another instance, may write a page after the connection's bookkeeping is gone.
        if (!executor.cancelAndWait(id, Duration.ofSeconds(30))) {
            throw new PlatformException(ErrorCode.CONFLICT, "A run of this connection is still stopping; delete it again in a moment.");
        }
        transactions.executeWithoutResult(status -> {
            connections.lockSchedule(tenant, id, false).orElseThrow(() -> PlatformException.notFound("Connection " + id));
            engine.forget(tenant, id);
            tokens.forgetWithin(tenant, id);
            uploads.deleteForConnection(tenant, id);
            // Runs and the schedule row go with the connection (foreign keys on delete cascade).
            connections.delete(tenant, id);
        });
    }

    /**
     * Starts a run of an enabled connection on this instance now.
     *
     * @return the run, running
     * @throws PlatformException {@code NOT_FOUND}; {@code CONFLICT} when the connection is not enabled or
     *     a run of it is running (on any instance)
     */
    public ConnectionRun runNow(UUID id) {
        return runNow(id, false);
    }

    /**
     * Like {@link #runNow(UUID)}; with {@code reconcile}, the run also reconciles every stream that lists all its
     * ids, whether or not its reconciliation is due (an admin who raised a stream's {@code maxDeletedShare} after a
     * safety stop need not wait for the next one).
     */
    public ConnectionRun runNow(UUID id, boolean reconcile) {
        TenantId tenant = TenantContext.require();
        return start(id, RunTrigger.MANUAL, runId -> {
            if (reconcile) {
                connections.forgetReconciliations(tenant, id);
            }
        });
    }

    /**
     * Starts a run of an enabled connection now with a file for the connector to read (the CSV
     * connector imports it). The file is stored with the run in the transaction that claims it, and
     * deleted when the run succeeded.
     *
     * @param contentType the file's media type as uploaded
     * @return the run, running
     * @throws PlatformException as {@link #runNow}; {@code VALIDATION_FAILED} ({@code file}) for an empty file
     */
    public ConnectionRun runWithUpload(UUID id, String contentType, byte[] content) {
        TenantId tenant = TenantContext.require();
        if (content.length == 0) {
            throw PlatformException.validation(List.of(new Violation("file", "EMPTY", "the uploaded file is empty")));
        }
        row(id);
        return start(id, RunTrigger.MANUAL, runId -> uploads.insert(tenant, id, runId, contentType, content, now()));
    }

    private ConnectionRun start(UUID id, RunTrigger trigger, java.util.function.Consumer<UUID> withRun) {
        TenantId tenant = TenantContext.require();
        RunExecutor.Claim claim = executor.claim(id, trigger, withRun);
        return switch (claim) {
            case RunExecutor.Claimed claimed -> {
                executor.start(claimed);
                yield transactions.execute(status -> runs.find(tenant, claimed.runId())).orElseThrow();
            }
            case RunExecutor.Refused refused -> throw switch (refused.reason()) {
                case NOT_FOUND -> PlatformException.notFound("Connection " + id);
                case NOT_ENABLED -> new PlatformException(ErrorCode.CONFLICT, "The connection is not enabled.");
                case ALREADY_RUNNING, BUSY, NOT_DUE -> new PlatformException(ErrorCode.CONFLICT, "A run of this connection is running.");
            };
        };
    }

    /** A page of runs, newest first. */
    public record RunPage(List<ConnectionRun> runs, boolean hasNextPage) {
    }

    /**
     * The connection's runs, newest first.
     *
     * @param first how many, 1 to {@link #MAX_RUNS_PAGE}
     * @param after the id of the last run of the previous page, or {@code null}
     * @throws PlatformException {@code NOT_FOUND}; {@code VALIDATION_FAILED} on {@code first} or {@code after}
     */
    public RunPage runs(UUID connection, int first, String after) {
        TenantId tenant = TenantContext.require();
        Violations violations = new Violations();
        violations.check(first >= 1 && first <= MAX_RUNS_PAGE, "first", "OUT_OF_RANGE", "must be between 1 and " + MAX_RUNS_PAGE);
        Optional<UUID> cursor = Optional.ofNullable(after).flatMap(ConnectionService::uuid);
        violations.check(after == null || cursor.isPresent(), "after", "INVALID_CURSOR", "is not a cursor of this list");
        violations.throwIfAny();
        row(connection);
        List<ConnectionRun> page = transactions.execute(status -> {
            Optional<ConnectionRun> from = cursor.flatMap(id -> runs.find(tenant, id)).filter(run -> run.connectionId().equals(connection));
            if (cursor.isPresent() && from.isEmpty()) {
                throw PlatformException.validation(List.of(new Violation("after", "INVALID_CURSOR", "is not a cursor of this list")));
            }
            return runs.page(tenant, connection, from, first + 1);
        });
        return new RunPage(page.stream().limit(first).toList(), page.size() > first);
    }

    /** Parses a connection or run id as the API gives it; empty when it is not one. */
    public static Optional<UUID> uuid(String text) {
        try {
            return text == null || text.length() != 36 ? Optional.empty() : Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private ConnectionRow row(UUID id) {
        TenantId tenant = TenantContext.require();
        return transactions.execute(status -> connections.find(tenant, id))
                .orElseThrow(() -> PlatformException.notFound("Connection " + id));
    }

    private LoadedConnector connector(ConnectionRow row) {
        return catalog.find(row.connectorId()).orElseThrow(() -> new PlatformException(ErrorCode.CONFLICT,
                "Connector " + row.connectorId() + " of this connection is not loaded on this server."));
    }

    private void setStatus(TenantId tenant, UUID id, ConnectionStatus status) {
        transactions.executeWithoutResult(tx -> {
            connections.lockSchedule(tenant, id, false).orElseThrow(() -> PlatformException.notFound("Connection " + id));
            connections.setStatus(tenant, id, status, Optional.empty());
        });
    }

    private void write(TenantId tenant, String name, Optional<UUID> except, Runnable work) {
        try {
            transactions.executeWithoutResult(status -> {
                if (connections.nameTaken(tenant, name, except)) {
                    throw nameTaken();
                }
                work.run();
            });
        } catch (DuplicateKeyException e) {
            throw nameTaken();
        }
    }

    private static PlatformException nameTaken() {
        return new PlatformException(ErrorCode.CONFLICT, "A connection with this name exists.",
                List.of(new Violation("input.name", "DUPLICATE", "is already taken")));
    }

    private static String name(String name, Violations violations) {
        String stripped = name == null ? "" : name.strip();
        violations.check(!stripped.isEmpty(), "input.name", "REQUIRED", "is required");
        violations.check(stripped.length() <= MAX_NAME, "input.name", "TOO_LONG", "must be at most " + MAX_NAME + " characters");
        return stripped;
    }

    /** A role of the tenant; blank removes the role. A name no role has would grant nothing, so it is refused. */
    private Optional<String> serviceRole(String role, Violations violations) {
        if (role == null || role.isBlank()) {
            return Optional.empty();
        }
        String name = role.strip();
        if (roles.role(name).isEmpty()) {
            violations.add("input.serviceRole", "UNKNOWN_ROLE", "is no role of this tenant; its roles are "
                    + roles.roles().stream().map(TenantRole::name).toList());
            return Optional.empty();
        }
        return Optional.of(name);
    }

    private Optional<Duration> schedule(String interval, Violations violations) {
        if (interval == null || interval.isBlank()) {
            return Optional.empty();
        }
        try {
            Duration duration = Duration.parse(interval.strip());
            violations.check(duration.compareTo(minScheduleInterval) >= 0, "input.scheduleInterval", "TOO_SHORT",
                    "must be at least " + minScheduleInterval);
            return Optional.of(duration);
        } catch (DateTimeParseException e) {
            violations.add("input.scheduleInterval", "INVALID_DURATION", "must be an ISO-8601 duration such as PT1H");
            return Optional.empty();
        }
    }

    private static Map<String, StreamOverride> overrides(List<StreamOverride> given, Map<String, StreamOverride> existing, Violations violations) {
        Map<String, StreamOverride> merged = new LinkedHashMap<>(existing);
        Set<String> seen = new HashSet<>();
        for (StreamOverride override : given) {
            if (!seen.add(override.stream())) {
                violations.add("input.streams." + override.stream(), "DUPLICATE", "is given twice");
            }
            merged.put(override.stream(), override);
        }
        return merged;
    }

    private static Map<String, String> only(Map<String, String> values, ConfigSchema schema, boolean secret) {
        return values.entrySet().stream()
                .filter(entry -> schema.property(entry.getKey()).map(ConfigProperty::secret).orElse(false) == secret)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    /** The schema's problems and the egress policy's; a refused URL is reported as that, not also as whatever else is wrong with it. */
    private void configProblems(ConnectorDescriptor descriptor, Map<String, String> values, List<FieldProblem> schemaProblems,
            Violations violations) {
        List<Violation> refused = egress.problems(descriptor, values);
        Set<String> refusedFields = refused.stream().map(Violation::field).collect(Collectors.toSet());
        schemaProblems.stream().filter(problem -> !refusedFields.contains("input.config." + problem.field())).forEach(problem ->
                violations.add("input.config." + problem.field(), problem.code(), problem.message()));
        refused.forEach(violation -> add(violations, violation));
    }

    private static void add(Violations violations, Violation violation) {
        violations.add(violation.field(), violation.code(), violation.message());
    }

    private Connection view(ConnectionRow row) {
        Optional<ConnectorDescriptor> descriptor = catalog.find(row.connectorId()).map(LoadedConnector::descriptor);
        List<Connection.SecretState> secretStates = descriptor
                .map(found -> found.config().properties().stream().filter(ConfigProperty::secret)
                        .map(property -> new Connection.SecretState(property.name(), row.sealedSecrets().containsKey(property.name()))).toList())
                .orElseGet(() -> row.sealedSecrets().keySet().stream().sorted().map(name -> new Connection.SecretState(name, true)).toList());
        return new Connection(row.id(), row.connectorId(), row.name(), row.status(), row.config(), secretStates,
                descriptor.map(found -> StreamSettingsResolver.resolve(found, row.streams())).orElse(List.of()),
                row.schedule(), row.nextRunAt(), row.lastCheck(), row.totals(), row.createdAt(), row.updatedAt(), row.serviceRole());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
