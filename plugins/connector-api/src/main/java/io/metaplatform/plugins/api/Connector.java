package io.metaplatform.plugins.api;

import java.util.List;
import java.util.Optional;

/**
 * A connector to one external system. The platform discovers implementations with
 * {@link java.util.ServiceLoader} (a {@code META-INF/services/io.metaplatform.plugins.api.Connector}
 * file in the plugin jar) and creates exactly one instance per plugin through its public
 * no-argument constructor.
 *
 * <h2>Threading and lifecycle</h2>
 * The instance is shared by every tenant and connection and must be thread-safe; keep no state
 * in fields beyond immutable configuration of the plugin itself. Everything that belongs to a
 * connection (configuration, secrets, stream state, the HTTP client) arrives in the context of
 * each call. The platform never calls the same connection's stream concurrently, but calls for
 * different connections run in parallel. Calls run with the plugin's class loader as the
 * thread's context class loader. There is no unload: {@link #close()} is called once at shutdown.
 *
 * <h2>Exceptions</h2>
 * Any method may throw:
 * <ul>
 *   <li>{@link RetriableException}: a transient fault (network, 5xx, rate limit after the
 *       platform's own retries); the run ends as failed and is retried at the next schedule,
 *       resuming from the last checkpoint;</li>
 *   <li>{@link CredentialsException}: the external system refused the credentials; the
 *       connection is marked as having invalid credentials and its schedule stops until an
 *       admin fixes them;</li>
 *   <li>{@link ConnectorException} (any other subclass, or itself): a fatal fault of this call,
 *       reported as the run's error;</li>
 *   <li>in {@link #write}, {@link ConflictException} and {@link RecordRejectedException} as
 *       documented there.</li>
 * </ul>
 * Any other runtime exception is treated as a fatal bug of the plugin: the run fails and the
 * message (never the configuration) is logged.
 */
public interface Connector {

    /**
     * What this connector is: id, version, configuration schema and streams. Called once at
     * load; the result must not change afterwards.
     */
    ConnectorDescriptor descriptor();

    /**
     * Tests the connection with the given configuration, typically with one cheap authenticated
     * request. A connection can be enabled only after a passing check.
     *
     * @return {@link CheckResult#success()} or a failure with a message for the tenant admin
     * @throws CredentialsException when the credentials are refused (the usual bad outcome)
     */
    CheckResult check(ConnectorContext context);

    /**
     * Reads one stream, emitting records and checkpoints to {@link ReadContext#sink()}. In
     * {@link SyncMode#INCREMENTAL} mode, {@link ReadContext#state()} holds the last committed
     * checkpoint (empty on the first run) and the connector should emit only records changed
     * since; re-emitting unchanged records is harmless (the platform compares content) but costs
     * time. Return normally when the stream is exhausted; check
     * {@link ConnectorContext#cancelled()} between pages.
     */
    void read(ReadContext context);

    /**
     * Reads one external record of a stream by its external id, or empty when it does not exist
     * (any more). Used to sync a single record on demand and to re-read after a write conflict.
     * The default says the stream cannot be read by id.
     */
    default Optional<ExternalRecord> readOne(LookupContext context) {
        throw new UnsupportedOperationException("stream " + context.stream().name() + " cannot be read by id");
    }

    /**
     * Searches the external system for records of a stream, so that an admin can find one to link to a
     * platform record or to import. Only called for streams that declare
     * {@link StreamDescriptor#searchCriteria()}. Returns the records as {@link #read} emits them, best match
     * first, at most a page of the external system's (the platform shows them; it stores nothing). The
     * default says the connector cannot search.
     *
     * @return the matching records, possibly none
     * @throws IllegalArgumentException when a criterion is not one the stream declares, or its value cannot be
     *         searched by (for example too short); the message is shown to the admin
     */
    default List<ExternalRecord> search(SearchContext context) {
        throw new UnsupportedOperationException("stream " + context.stream().name() + " cannot be searched");
    }

    /**
     * Creates or updates one external record ({@link WriteContext#record()}), for streams whose
     * descriptor says {@link StreamDescriptor#writable()}.
     *
     * @return the external id and version the record has after the write
     * @throws ConflictException when the external system refused the write because the record
     *         changed since {@link OutgoingRecord#externalVersion()}; the platform re-reads it with
     *         {@link #readOne} and calls {@code write} again with the new version
     * @throws RecordRejectedException when the external system refused the record's content;
     *         the record goes to the connection's dead letters with the problems, push goes on
     */
    default WriteResult write(WriteContext context) {
        throw new UnsupportedOperationException("stream " + context.stream().name() + " is not writable");
    }

    /**
     * How many records of a writable stream {@link #writeBatch} takes at once; 1 (the default) means the
     * platform calls {@link #write} per record. An external system with batch endpoints (amoCRM: up to 50
     * per call) answers more, and the platform's push hands it that many changed records at a time.
     */
    default int writeBatchSize(StreamDescriptor stream) {
        return 1;
    }

    /**
     * Creates or updates several records of one stream ({@link WriteBatchContext#records()}, at most
     * {@link #writeBatchSize}), for connectors whose external system writes in batches. Answers one
     * {@link WriteOutcome} per record in the same order: a record the external system refused does not fail
     * the others (split the batch if the system refuses it whole). Throw only for what ends the push
     * ({@link RetriableException}, {@link CredentialsException}). The default calls {@link #write} per record.
     */
    default java.util.List<WriteOutcome> writeBatch(WriteBatchContext context) {
        var outcomes = new java.util.ArrayList<WriteOutcome>();
        for (OutgoingRecord record : context.records()) {
            WriteContext single = new WriteContext() {
                @Override
                public StreamDescriptor stream() {
                    return context.stream();
                }

                @Override
                public OutgoingRecord record() {
                    return record;
                }

                @Override
                public Configuration configuration() {
                    return context.configuration();
                }

                @Override
                public ConnectorHttp http() {
                    return context.http();
                }

                @Override
                public System.Logger logger() {
                    return context.logger();
                }

                @Override
                public java.time.Clock clock() {
                    return context.clock();
                }

                @Override
                public boolean cancelled() {
                    return context.cancelled();
                }

                @Override
                public String connectionId() {
                    return context.connectionId();
                }

                @Override
                public java.util.Optional<java.net.URI> webhookUrl() {
                    return context.webhookUrl();
                }
            };
            try {
                outcomes.add(WriteOutcome.written(write(single)));
            } catch (RecordRejectedException | ConflictException e) {
                outcomes.add(WriteOutcome.refused(e));
            }
        }
        return outcomes;
    }

    /**
     * Describes the external system's own custom fields and pick-lists, so that an admin can map
     * them onto the tenant's fields. The default has none.
     */
    default Discovery discover(ConnectorContext context) {
        return Discovery.NONE;
    }

    /**
     * Called when a connection is enabled (after a passing check), for example to create webhook
     * subscriptions pointing at {@link ConnectorContext#webhookUrl()}. Failures are reported to
     * the admin and keep the connection disabled. The default does nothing.
     */
    default void onEnable(ConnectorContext context) {
    }

    /**
     * Called when a connection is disabled or deleted, to undo {@link #onEnable}. Failures are
     * logged and ignored: disabling must always succeed. The default does nothing.
     */
    default void onDisable(ConnectorContext context) {
    }

    /**
     * Handles a webhook call the external system made to this connection's webhook URL. It must
     * verify the request (signature) and answer fast: it only names what to fetch, the platform
     * fetches it afterwards in a run of its own.
     *
     * @throws SecurityException when the request is not authentic (answered with 401)
     */
    default WebhookOutcome webhook(WebhookContext context) {
        throw new UnsupportedOperationException("this connector takes no webhooks");
    }

    /** Releases resources at platform shutdown. The default does nothing. */
    default void close() {
    }
}
