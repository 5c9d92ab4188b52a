package io.metaplatform.plugins.runtime.internal.connections;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.Violation;
import io.metaplatform.plugins.api.ConnectorException;
import io.metaplatform.plugins.api.EgressDeniedException;
import io.metaplatform.plugins.runtime.internal.sync.DeadLetter;
import io.metaplatform.plugins.runtime.internal.sync.DeadLetterFilter;
import io.metaplatform.plugins.runtime.internal.sync.ExternalLink;
import io.metaplatform.plugins.runtime.internal.sync.RunCounts;
import io.metaplatform.plugins.runtime.internal.sync.StreamSettings;
import io.metaplatform.plugins.runtime.internal.sync.SyncEngine;
import io.metaplatform.plugins.runtime.internal.sync.SyncJob;
import io.metaplatform.plugins.api.ExternalRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Single-record operations of a connection of the bound tenant, for every connector: import one
 * external record, sync or push one record now, and link or unlink records by hand. Each prepares the
 * connection's job as a run would (configuration, stream settings, HTTP client) and goes through the
 * sync engine's own pull and push paths. A connection of another tenant is {@code NOT_FOUND}.
 */
@Component
public final class RecordOperations {

    private final ConnectionStore connections;
    private final RunExecutor executor;
    private final SyncEngine engine;
    private final TransactionTemplate transactions;
    private final io.metaplatform.plugins.runtime.ConnectionService connectionService;
    private final io.metaplatform.plugins.runtime.internal.packages.ManagedPackages packages;
    private final io.metaplatform.registry.MetadataService metadata;

    RecordOperations(ConnectionStore connections, RunExecutor executor, SyncEngine engine, TransactionTemplate transactions,
            io.metaplatform.plugins.runtime.ConnectionService connectionService,
            io.metaplatform.plugins.runtime.internal.packages.ManagedPackages packages, io.metaplatform.registry.MetadataService metadata) {
        this.connections = connections;
        this.executor = executor;
        this.engine = engine;
        this.transactions = transactions;
        this.connectionService = connectionService;
        this.packages = packages;
        this.metadata = metadata;
    }

    /**
     * An external custom field the connector found, and the tenant field the connection maps it to in its stream.
     */
    public record ExternalFieldView(io.metaplatform.plugins.api.ExternalField field, Optional<String> mappedTo) {
    }

    /** The external system's own fields the connector discovers for the connection's enabled streams; nothing is stored. */
    public List<ExternalFieldView> externalFields(UUID connection) {
        return withJob(connection, null, (job, prepared) -> engine.discover(job).stream()
                .filter(field -> job.streams().containsKey(field.stream()) && job.streams().get(field.stream()).enabled())
                .map(field -> new ExternalFieldView(field, job.streams().get(field.stream()).mappings().stream()
                        .filter(mapping -> mapping.externalField().equals(field.name())).map(io.metaplatform.plugins.api.FieldMapping::targetField)
                        .findFirst()))
                .toList());
    }

    private static final java.util.regex.Pattern FIELD_NAME = java.util.regex.Pattern.compile("[a-z][A-Za-z0-9]{0,62}");

    /**
     * Maps an external field of a stream onto a tenant field of the stream's target object, replacing any mapping of
     * that external field or into that tenant field; with {@code createField}, first creates the tenant field with a
     * type that fits the external one (a managed field of the connector's package when it has one, so it is protected
     * while the connection exists; else a plain custom field). Both directions when the stream writes, else read only.
     *
     * @throws PlatformException {@code VALIDATION_FAILED} with {@code externalField} ({@code UNKNOWN_EXTERNAL_FIELD}),
     *     {@code targetField} ({@code INVALID_NAME}, {@code UNKNOWN_FIELD}, {@code NOT_NAMESPACED}), {@code stream};
     *     {@code CONFLICT} ({@code DEFINITION_EXISTS}) when a field to create exists
     */
    public void mapExternalField(UUID connection, String stream, String externalField, String targetField, boolean createField, String actor) {
        if (targetField == null || !FIELD_NAME.matcher(targetField).matches()) {
            throw PlatformException.validation(List.of(new Violation("targetField", "INVALID_NAME", "must be a lowerCamelCase API name")));
        }
        record Found(io.metaplatform.plugins.api.ExternalField field, StreamSettings settings,
                io.metaplatform.plugins.api.ConnectorDescriptor descriptor) {
        }
        Found found = withJob(connection, stream, (job, prepared) -> new Found(engine.discover(job).stream()
                .filter(field -> field.stream().equals(stream) && field.name().equals(externalField)).findFirst()
                .orElseThrow(() -> PlatformException.validation(List.of(new Violation("externalField", "UNKNOWN_EXTERNAL_FIELD",
                        "is not a field the external system has on stream " + stream)))),
                job.streams().get(stream), job.connector().descriptor()));
        String object = found.settings().targetObject();
        if (createField) {
            io.metaplatform.plugins.api.ManagedFieldType type = managedType(found.field());
            if (found.descriptor().managedPackage().isPresent()) {
                packages.addField(found.descriptor(), new io.metaplatform.plugins.api.ManagedField(object, targetField,
                        found.field().label(), type, false), "targetField", actor);
            } else {
                if (metadata.schema().object(object).flatMap(definition -> definition.field(targetField)).isPresent()) {
                    throw new PlatformException(ErrorCode.CONFLICT, "The object " + object + " has a field " + targetField + " already.",
                            List.of(new Violation("targetField", "DEFINITION_EXISTS", "exists already")));
                }
                metadata.createField(object, new io.metaplatform.registry.NewField(targetField, found.field().label(), null,
                        io.metaplatform.plugins.runtime.internal.packages.ManagedPackages.fieldType(type), null, null), actor);
            }
        } else if (metadata.schema().object(object).flatMap(definition -> definition.field(targetField)).isEmpty()) {
            throw PlatformException.validation(List.of(new Violation("targetField", "UNKNOWN_FIELD", "is not a field of " + object)));
        }
        boolean writes = found.descriptor().stream(stream).map(io.metaplatform.plugins.api.StreamDescriptor::writable).orElse(false);
        List<io.metaplatform.plugins.api.FieldMapping> mappings = new ArrayList<>(found.settings().mappings().stream()
                .filter(mapping -> !mapping.externalField().equals(externalField) && !mapping.targetField().equals(targetField)).toList());
        mappings.add(writes ? io.metaplatform.plugins.api.FieldMapping.both(externalField, targetField)
                : io.metaplatform.plugins.api.FieldMapping.read(externalField, targetField));
        io.metaplatform.plugins.runtime.StreamOverride current = row(TenantContext.require(), connection).streams().get(stream);
        io.metaplatform.plugins.runtime.StreamOverride changed = current == null
                ? new io.metaplatform.plugins.runtime.StreamOverride(stream, null, null, mappings, null, null, null, null, null, null, null, null)
                : new io.metaplatform.plugins.runtime.StreamOverride(stream, current.enabled(), current.targetObject(), mappings, current.upsertOn(),
                        current.mode(), current.push(), current.pushFilter(), current.pullEvery(), current.pushEvery(), current.reconcileEvery(),
                        current.maxDeletedShare());
        connectionService.update(connection, new io.metaplatform.plugins.runtime.ConnectionChange(null, null, List.of(changed), null), actor);
    }

    /** The type of a tenant field that holds the external field's values. */
    static io.metaplatform.plugins.api.ManagedFieldType managedType(io.metaplatform.plugins.api.ExternalField field) {
        return switch (field.type()) {
            case "decimal" -> new io.metaplatform.plugins.api.ManagedFieldType.Decimal(2);
            case "int" -> new io.metaplatform.plugins.api.ManagedFieldType.Int();
            case "bool" -> new io.metaplatform.plugins.api.ManagedFieldType.Bool();
            case "date" -> new io.metaplatform.plugins.api.ManagedFieldType.Date();
            case "dateTime" -> new io.metaplatform.plugins.api.ManagedFieldType.DateTime();
            case "select" -> field.options().isEmpty() ? new io.metaplatform.plugins.api.ManagedFieldType.Text(255)
                    : new io.metaplatform.plugins.api.ManagedFieldType.Select(field.options());
            case "multiSelect" -> field.options().isEmpty() ? new io.metaplatform.plugins.api.ManagedFieldType.Text(255)
                    : new io.metaplatform.plugins.api.ManagedFieldType.MultiSelect(field.options());
            case "url" -> new io.metaplatform.plugins.api.ManagedFieldType.Url();
            case "email" -> new io.metaplatform.plugins.api.ManagedFieldType.Email();
            case "phone" -> new io.metaplatform.plugins.api.ManagedFieldType.Phone();
            case "longText" -> new io.metaplatform.plugins.api.ManagedFieldType.LongText();
            default -> new io.metaplatform.plugins.api.ManagedFieldType.Text(255);
        };
    }

    /** Reads one external record and commits it; the record it became, or empty when the external system has none. */
    public Optional<UUID> importExternal(UUID connection, String stream, String externalId) {
        return withJob(connection, stream, (job, prepared) -> {
            RunCounts counts = engine.pullOne(job, stream, externalId);
            if (counts.failed() > 0) {
                throw new PlatformException(ErrorCode.VALIDATION_FAILED, "The external record could not be imported; the connection's"
                        + " dead letters say why.", List.of(new Violation("externalId", "NOT_IMPORTED", "went to the dead letters")));
            }
            return engine.linkedRecord(job.tenant(), connection, stream, externalId);
        });
    }

    /** Reads the linked external record of a record again and commits it; empty when it is gone externally. */
    public Optional<UUID> sync(UUID connection, String object, UUID recordId) {
        TenantId tenant = TenantContext.require();
        row(tenant, connection);
        ExternalLink link = engine.links(tenant, connection, recordId).stream().filter(found -> found.object().equals(object)).findFirst()
                .orElseThrow(() -> PlatformException.notFound("A link of record " + recordId + " through this connection"));
        return importExternal(connection, link.stream(), link.externalId());
    }

    /** An external record a search found, and the platform record it is linked to, if any. */
    public record Hit(ExternalRecord record, Optional<UUID> linkedRecord) {
    }

    /** Searches the external system (nothing is stored). */
    public List<Hit> search(UUID connection, String stream, Map<String, String> criteria) {
        return withJob(connection, stream, (job, prepared) -> engine.search(job, stream, criteria).stream()
                .map(found -> new Hit(found, engine.linkedRecord(job.tenant(), connection, stream, found.externalId()))).toList());
    }

    /** Pushes one record now; its link afterwards. */
    public ExternalLink push(UUID connection, String stream, UUID recordId) {
        return withJob(connection, stream, (job, prepared) -> engine.pushOne(job, stream, recordId));
    }

    public ExternalLink link(UUID connection, String stream, UUID recordId, String externalId) {
        if (externalId == null || externalId.isBlank() || externalId.length() > 255) {
            throw PlatformException.validation(List.of(new Violation("externalId", "INVALID", "must be 1 to 255 characters")));
        }
        return withJob(connection, stream, (job, prepared) -> engine.link(job, stream, recordId, externalId));
    }

    public boolean unlink(UUID connection, String stream, UUID recordId) {
        TenantId tenant = TenantContext.require();
        row(tenant, connection);
        return engine.unlink(tenant, connection, stream, recordId);
    }

    public List<ExternalLink> links(UUID connection, UUID recordId) {
        TenantId tenant = TenantContext.require();
        row(tenant, connection);
        return engine.links(tenant, connection, recordId);
    }

    /**
     * What retrying dead letters came to.
     *
     * @param resolved    letters whose record now went through, marked resolved
     * @param failedAgain letters whose record failed again (a pull writes a new dead letter with the new reason and
     *                    resolves the old one; a push keeps the old one)
     * @param skipped     letters that name nothing to retry (no external id on pull, no record on push)
     */
    public record Retried(int resolved, int failedAgain, int skipped) {
    }

    /** Most dead letters one "retry all" works through; call it again for more. */
    static final int MAX_RETRIES_PER_CALL = 200;

    /**
     * Retries one dead letter of the connection: a pull re-reads its external record, a push writes its record
     * again. An already resolved letter is left alone.
     *
     * @throws PlatformException {@code NOT_FOUND} for a letter (or connection) the tenant does not have;
     *     {@code VALIDATION_FAILED} ({@code id}, {@code NOT_RETRYABLE}) when it names nothing to retry
     */
    public Retried retryDeadLetter(UUID connection, UUID id) {
        TenantId tenant = TenantContext.require();
        row(tenant, connection);
        DeadLetter letter = engine.deadLetter(tenant, connection, id).orElseThrow(() -> PlatformException.notFound("Dead letter " + id));
        if (letter.resolvedAt() != null) {
            return new Retried(0, 0, 0);
        }
        if (!retryable(letter)) {
            throw PlatformException.validation(List.of(new Violation("id", "NOT_RETRYABLE",
                    "the dead letter names no " + (letter.direction() == DeadLetter.Direction.PULL ? "external record" : "record") + " to retry")));
        }
        return retry(tenant, connection, List.of(letter));
    }

    /**
     * Retries the connection's unresolved dead letters matching the filter, the newest {@value #MAX_RETRIES_PER_CALL}
     * at most; letters of the same record are retried once together.
     */
    public Retried retryDeadLetters(UUID connection, DeadLetterFilter filter) {
        TenantId tenant = TenantContext.require();
        row(tenant, connection);
        List<DeadLetter> letters = engine.deadLetters(tenant, connection, MAX_RETRIES_PER_CALL, null,
                new DeadLetterFilter(filter.stream(), filter.code(), true)).deadLetters();
        int skipped = (int) letters.stream().filter(letter -> !retryable(letter)).count();
        Map<String, List<DeadLetter>> byRecord = new LinkedHashMap<>();
        letters.stream().filter(RecordOperations::retryable).forEach(letter -> byRecord.computeIfAbsent(letter.direction() + "/" + letter.stream()
                + "/" + (letter.direction() == DeadLetter.Direction.PULL ? letter.externalId() : letter.recordId()), key -> new ArrayList<>()).add(letter));
        Retried total = new Retried(0, 0, skipped);
        for (List<DeadLetter> same : byRecord.values()) {
            Retried one = retry(tenant, connection, same);
            total = new Retried(total.resolved() + one.resolved(), total.failedAgain() + one.failedAgain(), total.skipped());
        }
        return total;
    }

    private static boolean retryable(DeadLetter letter) {
        return switch (letter.direction()) {
            case PULL -> letter.externalId() != null;
            case PUSH -> letter.recordId() != null;
        };
    }

    // Letters of one record: retried once; all resolved when it went through (or, on pull, superseded by the new letter).
    private Retried retry(TenantId tenant, UUID connection, List<DeadLetter> letters) {
        DeadLetter letter = letters.getFirst();
        boolean through = switch (letter.direction()) {
            case PULL -> withJob(connection, letter.stream(), (job, prepared) -> engine.pullOne(job, letter.stream(), letter.externalId())).failed() == 0;
            case PUSH -> pushedAgain(connection, letter);
        };
        if (through || letter.direction() == DeadLetter.Direction.PULL) {
            engine.resolveDeadLetters(tenant, connection, letters.stream().map(DeadLetter::id).toList(), DeadLetterFilter.ALL);
        }
        return through ? new Retried(letters.size(), 0, 0) : new Retried(0, letters.size(), 0);
    }

    private boolean pushedAgain(UUID connection, DeadLetter letter) {
        try {
            withJob(connection, letter.stream(), (job, prepared) -> engine.pushOne(job, letter.stream(), letter.recordId()));
            return true;
        } catch (PlatformException e) {
            if (e.code() == ErrorCode.VALIDATION_FAILED || e.code() == ErrorCode.CONFLICT || e.code() == ErrorCode.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    private interface Work<T> {
        T run(SyncJob job, RunExecutor.Prepared prepared);
    }

    private <T> T withJob(UUID connection, String stream, Work<T> work) {
        TenantId tenant = TenantContext.require();
        ConnectionRow row = row(tenant, connection);
        RunExecutor.Prepared prepared;
        try {
            prepared = executor.prepare(row, UUID.randomUUID(), () -> false, Optional.empty());
        } catch (ConnectorException e) {
            throw new PlatformException(ErrorCode.CONFLICT, "The connection cannot sync now: " + e.getMessage());
        }
        StreamSettings settings = stream == null ? null : prepared.job().streams().get(stream);
        if (stream != null && (settings == null || !settings.enabled())) {
            throw PlatformException.validation(List.of(new Violation("stream", "UNKNOWN_STREAM", "is not a stream this connection syncs")));
        }
        Function<String, String> mask = prepared.mask();
        try {
            return prepared.job().callAs(() -> work.run(prepared.job(), prepared));
        } catch (UnsupportedOperationException e) {
            throw PlatformException.validation(List.of(new Violation("stream", "NOT_SUPPORTED", "the connector cannot do this for the stream")));
        } catch (EgressDeniedException e) {
            throw new PlatformException(ErrorCode.EGRESS_DENIED, e.getMessage());
        } catch (ConnectorException e) {
            throw new PlatformException(ErrorCode.UNAVAILABLE, "The external system did not do it: " + mask.apply(String.valueOf(e.getMessage())));
        }
    }

    private ConnectionRow row(TenantId tenant, UUID connection) {
        return transactions.execute(status -> connections.find(tenant, connection))
                .orElseThrow(() -> PlatformException.notFound("Connection " + connection));
    }
}
