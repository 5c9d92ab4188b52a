package io.metaplatform.server;

import io.metaplatform.core.testing.TestDatabase;
import io.metaplatform.core.testing.TestPlatform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A complete server (the real connector beans, see {@link LexwareEndToEndTest.RealConnectors}) in a JVM of its own,
 * on this test run's database, data directory (so it trusts the same dev issuer) and plugins folder, so that a test
 * can kill it with SIGKILL in the middle of its work, as the kernel's OOM killer or a lost node would: no shutdown
 * hook runs, no run is ended, no transaction is committed by a clean stop.
 */
final class ServerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final Process process;
    private final Path log;
    private final int port;

    private ServerProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts the server with these Spring properties ({@code name=value}) and waits until it answers. */
    static ServerProcess start(String instanceId, List<String> properties) {
        try {
            Path directory = Files.createDirectories(Path.of("target", "server-processes"));
            Path portFile = directory.resolve(instanceId + ".port");
            Path log = directory.resolve(instanceId + ".log");
            Files.deleteIfExists(portFile);
            TestDatabase database = TestDatabase.get();
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.add("-Xmx512m");
            command.add("-Dplatform.plugins.dir=" + System.getProperty("platform.plugins.dir"));
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(Main.class.getName());
            command.add(portFile.toAbsolutePath().toString());
            command.add("--server.port=0");
            command.add("--spring.profiles.active=test");
            command.add("--platform.connectors.instance-id=" + instanceId);
            command.add("--platform.db.url=" + database.url());
            command.add("--platform.db.user=" + database.ownerUser());
            command.add("--platform.db.password=" + database.ownerPassword());
            command.add("--platform.db.app-user=" + database.appUser());
            command.add("--platform.db.app-password=" + database.appPassword());
            command.add("--platform.data-dir=" + TestPlatform.dataDirectory());
            command.add("--platform.security.dev-issuer.enabled=true");
            properties.forEach(property -> command.add("--" + property));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!Files.exists(portFile)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new AssertionError("server process " + instanceId + " did not start; its log:\n" + tail(log));
                }
                Thread.sleep(100);
            }
            return new ServerProcess(process, log, Integer.parseInt(Files.readString(portFile).strip()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Api api() {
        return new Api(port);
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("server process still alive 30 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The last lines the server wrote, for failure messages. */
    String logTail() {
        return tail(log);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * The child JVM's entry point: the test configuration without {@link TestPlatform}, which would create a database
     * of its own (the parent's is given on the command line); writes the HTTP port to the file named first when ready.
     */
    static final class Main {

        public static void main(String[] arguments) throws IOException {
            SpringApplication application = new SpringApplicationBuilder(LexwareEndToEndTest.RealConnectors.class).build();
            application.setInitializers(application.getInitializers().stream().filter(initializer -> !(initializer instanceof TestPlatform))
                    .toList());
            String[] springArguments = java.util.Arrays.copyOfRange(arguments, 1, arguments.length);
            ConfigurableApplicationContext context = application.run(springArguments);
            Path portFile = Path.of(arguments[0]);
            Path written = Files.writeString(portFile.resolveSibling(portFile.getFileName() + ".tmp"),
                    context.getEnvironment().getRequiredProperty("local.server.port"));
            Files.move(written, portFile);
        }
    }
}
