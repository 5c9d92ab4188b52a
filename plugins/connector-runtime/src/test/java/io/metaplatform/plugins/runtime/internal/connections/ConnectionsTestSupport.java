package io.metaplatform.plugins.runtime.internal.connections;

import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.Violation;
import io.metaplatform.plugins.runtime.Connection;
import io.metaplatform.plugins.runtime.ConnectionRun;
import io.metaplatform.plugins.runtime.ConnectionService;
import io.metaplatform.plugins.runtime.NewConnection;
import io.metaplatform.plugins.runtime.RunStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.transaction.support.TransactionTemplate;

/** Each test works in a tenant of its own; runs are started by the tests, the scheduler is off. */
@SpringBootTest(properties = {
        "platform.connectors.scheduler-enabled=false",
        "platform.connectors.heartbeat-interval=100ms",
        "platform.connectors.stale-after=1s"})
abstract class ConnectionsTestSupport {

    static final String SECRET = "sk-live-7f3a9c1e5b2d";

    @Autowired
    ConnectionService connections;
    @Autowired
    ScriptedRunner runner;
    @Autowired
    TestConnector connector;
    @Autowired
    RunExecutor.Collaborators collaborators;
    @Autowired
    DSLContext db;
    @Autowired
    TransactionTemplate transactions;

    TenantId tenant;

    @BeforeEach
    void freshTenant() {
        tenant = TenantId.random();
    }

    <T> T inTenant(Supplier<T> work) {
        return TenantContext.callAs(tenant, work);
    }

    <T> T as(TenantId who, Supplier<T> work) {
        return TenantContext.callAs(who, work);
    }

    Connection create(String name, Map<String, String> config) {
        return inTenant(() -> connections.create(new NewConnection(TestConnector.ID, name, config, List.of(), "PT1H"), "admin"));
    }

    /** A connection with the good key that passed its check and is enabled (its first run is due). */
    Connection enabled(String name) {
        Connection created = create(name, Map.of("apiKey", TestConnector.GOOD_KEY));
        return inTenant(() -> {
            connections.check(created.id());
            return connections.enable(created.id());
        });
    }

    /** Waits until the connection has a run that is no longer running, and returns it. */
    ConnectionRun finishedRun(UUID connection) {
        await(() -> lastRun(connection).filter(run -> run.status() != RunStatus.RUNNING).isPresent());
        return lastRun(connection).orElseThrow();
    }

    Optional<ConnectionRun> lastRun(UUID connection) {
        return inTenant(() -> connections.runs(connection, 1, null).runs().stream().findFirst());
    }

    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static List<String> fields(PlatformException e) {
        return e.violations().stream().map(Violation::field).toList();
    }

    static List<String> codes(PlatformException e) {
        return e.violations().stream().map(Violation::code).toList();
    }
}
