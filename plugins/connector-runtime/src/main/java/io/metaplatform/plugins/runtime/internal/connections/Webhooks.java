package io.metaplatform.plugins.runtime.internal.connections;

import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantGate;
import io.metaplatform.core.TenantId;
import io.metaplatform.plugins.api.WebhookOutcome;
import io.metaplatform.plugins.runtime.ConnectionStatus;
import io.metaplatform.plugins.runtime.RunTrigger;
import io.metaplatform.plugins.runtime.internal.sync.StreamSettings;
import io.metaplatform.plugins.runtime.internal.sync.SyncEngine;
import io.metaplatform.plugins.runtime.internal.sync.SyncJob;
import io.metaplatform.plugins.runtime.internal.sync.WebhookUrl;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Webhook calls of external systems. A call names a connection by id only and carries no token: the
 * connection's tenant comes from the platform's own lifecycle table, never from the caller, and the
 * connector verifies the request (its signature) before anything happens. What the connector asks
 * for then runs in the background in that tenant: one record read and committed through the sync
 * engine, one record deleted, or a run of the connection (or, while one runs, another right after it).
 * A record read or deleted for a webhook waits for a running run of its connection to end first, so the
 * webhook's newer copy is written last. Thread-safe.
 */
@Component
public final class Webhooks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);

    /** How a call was received. */
    public enum Receipt {
        /** Verified; what it asks for runs in the background. */
        ACCEPTED,
        /** No enabled connection of an active tenant with this id takes webhooks. */
        UNKNOWN,
        /** The connector found the request not authentic. */
        REFUSED,
        /** The connector could not make sense of the request. */
        INVALID
    }

    private final ConnectionStore connections;
    private final RunExecutor executor;
    private final SyncEngine engine;
    private final TenantGate gate;
    private final TransactionTemplate transactions;
    private final String publicUrl;
    private final Clock clock = Clock.systemUTC();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    /** How long a webhook's record fetch waits for a running run of its connection to end. */
    static final Duration MAX_WAIT_FOR_RUN = Duration.ofMinutes(10);
    private static final Duration RUN_END_POLL = Duration.ofMillis(250);

    Webhooks(ConnectionStore connections, RunExecutor executor, SyncEngine engine, TenantGate gate, TransactionTemplate transactions,
            @Value("${platform.public-url:}") String publicUrl) {
        this.connections = connections;
        this.executor = executor;
        this.engine = engine;
        this.gate = gate;
        this.transactions = transactions;
        this.publicUrl = publicUrl;
    }

    /** Verifies a call with the connection's connector and, when it is authentic, schedules what it asks for. */
    public Receipt receive(UUID connectionId, Map<String, List<String>> headers, byte[] body) {
        return receive(connectionId, Optional.empty(), Map.of(), headers, body);
    }

    /** As {@link #receive(UUID, Map, byte[])}, for a call to the connection's URL followed by a secret token. */
    public Receipt receive(UUID connectionId, Optional<String> urlToken, Map<String, List<String>> headers, byte[] body) {
        return receive(connectionId, urlToken, Map.of(), headers, body);
    }

    /** As {@link #receive(UUID, Map, byte[])}, with the call's query parameters (a secret token some connectors put there). */
    public Receipt receive(UUID connectionId, Map<String, String> query, Map<String, List<String>> headers, byte[] body) {
        return receive(connectionId, Optional.empty(), query, headers, body);
    }

    /** The call as received: the token after the connection id in the path, if any, and the query parameters. */
    public Receipt receive(UUID connectionId, Optional<String> urlToken, Map<String, String> query, Map<String, List<String>> headers,
            byte[] body) {
        Optional<ConnectionStore.Owner> owner = transactions.execute(status -> connections.owner(connectionId));
        if (owner.isEmpty() || owner.get().status() != ConnectionStatus.ENABLED
                || gate.stateOf(owner.get().tenant()) != TenantGate.TenantState.ACTIVE) {
            return Receipt.UNKNOWN;
        }
        TenantId tenant = owner.get().tenant();
        return TenantContext.callAs(tenant, () -> receive(tenant, connectionId, urlToken, query, headers, body));
    }

    private Receipt receive(TenantId tenant, UUID connectionId, Optional<String> urlToken, Map<String, String> query,
            Map<String, List<String>> headers, byte[] body) {
        Optional<ConnectionRow> row = transactions.execute(status -> connections.find(tenant, connectionId));
        if (row.isEmpty()) {
            return Receipt.UNKNOWN;
        }
        RunExecutor.Prepared prepared;
        try {
            prepared = executor.prepare(row.get(), UUID.randomUUID(), () -> false, Optional.empty());
        } catch (RuntimeException e) {
            LOG.warn("Webhook of connection {} not taken: the connection cannot run ({})", connectionId, e.getClass().getSimpleName());
            return Receipt.UNKNOWN;
        }
        SyncJob job = prepared.job();
        WebhookCall call = new WebhookCall(job.configuration(), job.http(), System.getLogger("connector." + job.connector().id()), clock,
                connectionId.toString(), WebhookUrl.of(publicUrl, connectionId), query, headers, body, urlToken);
        WebhookOutcome outcome;
        try {
            outcome = job.connector().call(() -> job.connector().connector().webhook(call));
        } catch (SecurityException e) {
            LOG.info("Webhook of connection {} refused as not authentic", connectionId);
            return Receipt.REFUSED;
        } catch (UnsupportedOperationException e) {
            return Receipt.UNKNOWN;
        } catch (Exception e) {
            LOG.warn("Webhook of connection {} could not be read by connector {}: {}", connectionId, job.connector().id(),
                    prepared.mask().apply(String.valueOf(e.getMessage())));
            return Receipt.INVALID;
        }
        workers.execute(() -> prepared.job().callAs(() -> apply(prepared, outcome)));
        return Receipt.ACCEPTED;
    }

    private Void apply(RunExecutor.Prepared prepared, WebhookOutcome outcome) {
        SyncJob job = prepared.job();
        if (outcome.fetch().stream().anyMatch(fetch -> fetch.externalId() != null)) {
            awaitRunEnd(job);
        }
        for (WebhookOutcome.Fetch fetch : outcome.fetch()) {
            StreamSettings settings = job.streams().get(fetch.stream());
            if (settings == null || !settings.enabled()) {
                LOG.info("Webhook of connection {} names stream {}, which is not synced: ignored", job.connectionId(), fetch.stream());
                continue;
            }
            try {
                if (fetch.externalId() == null) {
                    run(job);
                } else if (fetch.deleted()) {
                    engine.deleteOne(job, fetch.stream(), fetch.externalId());
                } else {
                    engine.pullOne(job, fetch.stream(), fetch.externalId());
                }
            } catch (RuntimeException e) {
                LOG.warn("Webhook fetch of stream {} of connection {} failed: {}: {}", fetch.stream(), job.connectionId(),
                        e.getClass().getSimpleName(), prepared.mask().apply(String.valueOf(e.getMessage())));
            }
        }
        return null;
    }

    /**
     * Waits while a run of the connection is running (on any instance), so that a record fetched for a webhook is
     * written after the run's pages, never overwritten by an older copy a run page read before the change. Gives up
     * waiting after {@link #MAX_WAIT_FOR_RUN} (a long first sync) and asks for a run right after the running one,
     * which reads the change again.
     */
    private void awaitRunEnd(SyncJob job) {
        long deadline = System.nanoTime() + MAX_WAIT_FOR_RUN.toNanos();
        while (executor.runningAnywhere(job.tenant(), job.connectionId())) {
            if (System.nanoTime() > deadline) {
                transactions.executeWithoutResult(status -> connections.wantRerun(job.tenant(), job.connectionId()));
                return;
            }
            try {
                Thread.sleep(RUN_END_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void run(SyncJob job) {
        switch (executor.claim(job.connectionId(), RunTrigger.WEBHOOK)) {
            case RunExecutor.Claimed claimed -> executor.start(claimed);
            case RunExecutor.Refused refused -> {
                if (refused.reason() == RunExecutor.Reason.ALREADY_RUNNING || refused.reason() == RunExecutor.Reason.BUSY) {
                    transactions.executeWithoutResult(status -> connections.wantRerun(job.tenant(), job.connectionId()));
                }
            }
        }
    }

    @Override
    public void close() {
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
