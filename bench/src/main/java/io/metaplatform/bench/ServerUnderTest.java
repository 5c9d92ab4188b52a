package io.metaplatform.bench;

import io.metaplatform.core.DevIssuer;
import io.metaplatform.server.PlatformApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The real server application ({@link PlatformApplication}, its {@code application.yml}, profile {@code local}
 * for the dev token issuer) started in this JVM on a random port against the {@link BenchDatabase}, with one
 * extra jOOQ listener that can record the SQL of a request.
 */
final class ServerUnderTest implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final Path dataDirectory;
    private final DevIssuer issuer;
    private final ServerTimer timer = new ServerTimer();
    private final Capture capture = new Capture(timer);

    private ServerUnderTest(BenchDatabase database, int poolSize) throws IOException {
        dataDirectory = Files.createTempDirectory("graphql-bench-data");
        SpringApplication application = new SpringApplication(PlatformApplication.class);
        application.setLogStartupInfo(false);
        application.addInitializers(context -> {
            context.getBeanFactory().registerSingleton("benchClassesExcluded", new BenchClassesExcluded());
            context.getBeanFactory().registerSingleton("benchSqlCapture", new DefaultExecuteListenerProvider(capture));
            FilterRegistrationBean<ServerTimer> timed = new FilterRegistrationBean<>(timer);
            timed.addUrlPatterns("/graphql");
            timed.setOrder(Ordered.HIGHEST_PRECEDENCE);
            context.getBeanFactory().registerSingleton("benchServerTimer", timed);
        });
        context = application.run(
                "--spring.profiles.active=local",
                "--server.port=0",
                "--platform.data-dir=" + dataDirectory,
                "--platform.db.url=" + database.url(),
                "--platform.db.user=" + database.ownerUser(),
                "--platform.db.password=" + database.ownerPassword(),
                "--platform.db.app-user=" + database.appUser(),
                "--platform.db.app-password=" + database.appPassword(),
                "--platform.db.pool-size=" + poolSize,
                // The benchmark measures how many requests the server can serve; the per-token and per-tenant
                // request rate limits (50/s per token by default) would measure the limit instead. BENCH_RATE_LIMITS=on
                // keeps them, to measure what they cost (raise PLATFORM_API_RATE_LIMIT_* so nothing is refused).
                "--platform.api.rate-limit.enabled=" + "on".equals(System.getenv("BENCH_RATE_LIMITS")),
                "--logging.level.root=WARN",
                "--logging.level.org.jooq.Constants=OFF",
                "--logging.level.org.jooq.impl.DefaultExecuteContext=ERROR",
                "--logging.level.io.metaplatform.core.internal.security.TrustedIssuers=ERROR");
        issuer = DevIssuer.loadOrCreate(dataDirectory, DevIssuer.DEFAULT_ISSUER);
    }

    static ServerUnderTest start(BenchDatabase database, int poolSize) {
        try {
            return new ServerUnderTest(database, poolSize);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "0"));
    }

    DevIssuer issuer() {
        return issuer;
    }

    /** The server's data directory: its dev issuer's key, which a second server process given it trusts too. */
    Path dataDirectory() {
        return dataDirectory;
    }

    /** The server's own time per {@code /graphql} request, while armed. */
    ServerTimer timer() {
        return timer;
    }

    /**
     * Runs {@code work} and returns the SQL jOOQ ran meanwhile, with the bind values written in: statements of one
     * transaction together, in order of the transactions' first statements, and each statement the server sent on its own
     * with its tenant setting (a statement-scoped read, outside a transaction) as a round of its own; nothing else may
     * run meanwhile.
     */
    List<PgBench.Round> sqlDuring(Runnable work) {
        Map<Object, PgBench.Round> rounds = new LinkedHashMap<>();
        for (Captured statement : capture.during(work)) {
            Object key = statement.inTransaction() ? statement.transaction() : new Object();
            rounds.computeIfAbsent(key, k -> new PgBench.Round(statement.inTransaction(), new ArrayList<>()))
                    .statements().add(statement.sql());
        }
        return List.copyOf(rounds.values());
    }

    @Override
    public void close() {
        context.close();
    }

    /** Keeps the benchmark's own Spring configuration (the registry benchmark's) out of the server's component scan. */
    static final class BenchClassesExcluded extends TypeExcludeFilter {

        @Override
        public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
            return reader.getClassMetadata().getClassName().startsWith(ServerUnderTest.class.getPackageName() + ".");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof BenchClassesExcluded;
        }

        @Override
        public int hashCode() {
            return BenchClassesExcluded.class.hashCode();
        }
    }

    /**
     * A statement and the transaction it ran in (Spring's connection holder, new for every transaction), or the
     * statement-scoped connection it ran on outside a transaction.
     */
    private record Captured(Object transaction, boolean inTransaction, String sql) {
    }

    private static final class Capture implements ExecuteListener {

        private static final String STARTED = "bench.started";

        private final List<Captured> statements = new ArrayList<>();
        private final ServerTimer timer;
        private volatile boolean armed;

        Capture(ServerTimer timer) {
            this.timer = timer;
        }

        @Override
        public void executeEnd(ExecuteContext context) {
            if (context.data(STARTED) instanceof Long started) {
                timer.statement(System.nanoTime() - started);
            }
        }

        @Override
        public void executeStart(ExecuteContext context) {
            if (timer.armed()) {
                context.data(STARTED, System.nanoTime());
            }
            if (!armed) {
                return;
            }
            String sql = context.query() != null ? context.dsl().renderInlined(context.query()) : context.sql();
            Object transaction = TransactionSynchronizationManager.getResourceMap().values().stream()
                    .filter(ConnectionHolder.class::isInstance).findFirst().orElse(new Object());
            synchronized (statements) {
                statements.add(new Captured(transaction, TransactionSynchronizationManager.isActualTransactionActive(), sql));
            }
        }

        List<Captured> during(Runnable work) {
            synchronized (statements) {
                statements.clear();
            }
            armed = true;
            try {
                work.run();
            } finally {
                armed = false;
            }
            synchronized (statements) {
                return List.copyOf(statements);
            }
        }
    }
}
