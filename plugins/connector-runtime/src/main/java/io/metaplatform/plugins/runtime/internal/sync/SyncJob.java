package io.metaplatform.plugins.runtime.internal.sync;

import io.metaplatform.core.Caller;
import io.metaplatform.core.TenantContext;

import io.metaplatform.core.TenantId;
import io.metaplatform.plugins.api.Configuration;
import io.metaplatform.plugins.api.ConnectorHttp;
import io.metaplatform.plugins.runtime.LoadedConnector;
import java.io.InputStream;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Everything the sync engine needs for one run of one connection, prepared by the connection
 * service (which claimed the run, decrypted the configuration and built the HTTP client).
 *
 * @param tenant       the connection's tenant (the engine opens its transactions in it)
 * @param connectionId the connection
 * @param runId        the run, for dead letters and logs
 * @param connector    the loaded connector
 * @param configuration the resolved configuration, secrets decrypted
 * @param streams      stream name to its settings, for every stream of the connector
 * @param http         the connection's HTTP client
 * @param cancelled    becomes true when the run must stop at the next page
 * @param upload       an uploaded file for this run (the CSV connector), opened on demand; empty for none
 * @param principal    who the job reads and writes records as: the connection's service principal, or
 *                     {@link Caller#system()} for a connection without a service role
 */
public record SyncJob(
        TenantId tenant,
        UUID connectionId,
        UUID runId,
        LoadedConnector connector,
        Configuration configuration,
        Map<String, StreamSettings> streams,
        ConnectorHttp http,
        BooleanSupplier cancelled,
        Optional<Supplier<InputStream>> upload,
        Caller principal) {

    public SyncJob {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(configuration, "configuration");
        streams = Map.copyOf(streams);
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(cancelled, "cancelled");
        Objects.requireNonNull(upload, "upload");
        Objects.requireNonNull(principal, "principal");
    }

    /** A job of a connection without a service role: it runs as the platform. */
    public SyncJob(TenantId tenant, UUID connectionId, UUID runId, LoadedConnector connector, Configuration configuration,
            Map<String, StreamSettings> streams, ConnectorHttp http, BooleanSupplier cancelled, Optional<Supplier<InputStream>> upload) {
        this(tenant, connectionId, runId, connector, configuration, streams, http, cancelled, upload, Caller.system());
    }

    /**
     * Runs {@code work} in the job's tenant as the job's principal: every read and write of records by a connection
     * (sync runs, webhooks, imports) goes through here, so the record service applies the connection's role.
     */
    public <T> T callAs(Supplier<T> work) {
        return TenantContext.callAs(tenant, () -> Caller.callAs(principal, work));
    }
}
