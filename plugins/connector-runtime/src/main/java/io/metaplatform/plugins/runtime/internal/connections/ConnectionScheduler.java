package io.metaplatform.plugins.runtime.internal.connections;

import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantGate;
import io.metaplatform.plugins.runtime.RunTrigger;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Looks for due connections of every tenant at a fixed interval and claims their runs for this
 * instance. Every instance may run one; the claim in the database decides who runs what. A due
 * connection of a tenant that is not active (suspended, being deleted, unknown) does not run: its next
 * run moves {@link #INACTIVE_TENANT_RECHECK} ahead, so it neither runs nor crowds out other tenants' runs,
 * and it runs again within that time once the tenant is reactivated.
 */
public final class ConnectionScheduler implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionScheduler.class);
    static final Duration INACTIVE_TENANT_RECHECK = Duration.ofMinutes(5);

    private final ConnectionStore connections;
    private final RunExecutor executor;
    private final TransactionTemplate transactions;
    private final TenantGate gate;
    private final Duration pollInterval;
    private final boolean enabled;
    private final Clock clock = Clock.systemUTC();
    private volatile Thread loop;

    public ConnectionScheduler(ConnectionStore connections, RunExecutor executor, TransactionTemplate transactions, TenantGate gate,
            Duration pollInterval, boolean enabled) {
        this.connections = connections;
        this.gate = gate;
        this.executor = executor;
        this.transactions = transactions;
        this.pollInterval = pollInterval;
        this.enabled = enabled;
    }

    /**
     * Claims and starts the runs that are due now, as many as this instance has room for.
     *
     * @return how many runs this instance started
     */
    public int pollOnce() {
        int room = executor.freeSlots();
        if (room == 0) {
            return 0;
        }
        // Ask for more than there is room for: other instances may claim some of them first.
        List<ConnectionStore.DueConnection> due = transactions.execute(status -> connections.due(clock.instant(), room * 2));
        int started = 0;
        for (ConnectionStore.DueConnection connection : due) {
            if (executor.freeSlots() == 0) {
                break;
            }
            if (gate.stateOf(connection.tenant()) != TenantGate.TenantState.ACTIVE) {
                TenantContext.callAs(connection.tenant(), () -> transactions.execute(status -> {
                    connections.setNextRun(connection.tenant(), connection.connectionId(),
                            Optional.of(clock.instant().plus(INACTIVE_TENANT_RECHECK)));
                    return null;
                }));
                continue;
            }
            RunExecutor.Claim claim = TenantContext.callAs(connection.tenant(),
                    () -> executor.claim(connection.connectionId(), RunTrigger.SCHEDULE));
            if (claim instanceof RunExecutor.Claimed claimed) {
                executor.start(claimed);
                started++;
            }
        }
        return started;
    }

    @Override
    public void start() {
        if (!enabled) {
            LOG.info("The connector scheduler is disabled on this instance (platform.connectors.scheduler-enabled=false)");
            return;
        }
        loop = Thread.ofVirtual().name("connector-scheduler").start(this::poll);
    }

    private void poll() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                pollOnce();
            } catch (RuntimeException e) {
                LOG.warn("Looking for due connections failed: {}", e.getClass().getName());
            }
            try {
                Thread.sleep(pollInterval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void stop() {
        Thread running = loop;
        loop = null;
        if (running != null) {
            running.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }
}
