package io.metaplatform.plugins.runtime.internal.connections;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.Violation;
import io.metaplatform.plugins.api.ConnectorException;
import io.metaplatform.plugins.api.EgressDeniedException;
import io.metaplatform.plugins.runtime.internal.sync.ExternalLink;
import io.metaplatform.plugins.runtime.internal.sync.RunCounts;
import io.metaplatform.plugins.runtime.internal.sync.StreamSettings;
import io.metaplatform.plugins.runtime.internal.sync.SyncEngine;
import io.metaplatform.plugins.runtime.internal.sync.SyncJob;
import io.metaplatform.plugins.api.ExternalRecord;
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

    RecordOperations(ConnectionStore connections, RunExecutor executor, SyncEngine engine, TransactionTemplate transactions) {
        this.connections = connections;
        this.executor = executor;
        this.engine = engine;
        this.transactions = transactions;
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
        StreamSettings settings = prepared.job().streams().get(stream);
        if (settings == null || !settings.enabled()) {
            throw PlatformException.validation(List.of(new Violation("stream", "UNKNOWN_STREAM", "is not a stream this connection syncs")));
        }
        Function<String, String> mask = prepared.mask();
        try {
            return work.run(prepared.job(), prepared);
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
