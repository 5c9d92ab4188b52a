package io.metaplatform.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * PostGraphile 4.14.1 with the connection-filter plugin, started as a child process over the benchmark's database as the
 * application role (so row-level security applies), the tenant of each request taken from its verified bearer token into
 * {@code app.tenant_id} through pgSettings. Benchmark-only: installed with npm from {@code bench/postgraphile} into
 * {@code bench/target/postgraphile}, never part of the product.
 */
final class PostGraphile implements AutoCloseable {

    private static final Path SOURCE = Path.of("bench/postgraphile");
    private static final Path INSTALLED = Path.of("bench/target/postgraphile");

    private final Process process;
    private final int port;

    private PostGraphile(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Installs (once, {@code npm ci}) and starts PostGraphile; waits until it answers.
     *
     * @throws IllegalStateException when node or npm is missing or the packages cannot be fetched, with npm's words
     */
    static PostGraphile start(BenchDatabase database, RSAPublicKey issuerKey, int workers, int poolPerWorker) throws Exception {
        install();
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder("node", "server.js").directory(INSTALLED.toFile()).redirectErrorStream(true)
                .redirectOutput(INSTALLED.resolve("server.log").toFile());
        Map<String, String> environment = builder.environment();
        environment.put("DATABASE_URL", "postgres://" + database.appUser() + ":" + database.appPassword() + "@"
                + database.url().substring("jdbc:postgresql://".length()));
        environment.put("PORT", Integer.toString(port));
        environment.put("JWT_PUBLIC_KEY", pem(issuerKey));
        environment.put("WORKERS", Integer.toString(workers));
        environment.put("POOL", Integer.toString(poolPerWorker));
        environment.put("NODE_ENV", "production");
        PostGraphile started = new PostGraphile(builder.start(), port);
        started.awaitListening();
        return started;
    }

    int port() {
        return port;
    }

    private static void install() throws IOException, InterruptedException {
        Files.createDirectories(INSTALLED);
        for (String file : List.of("package.json", "package-lock.json", "server.js")) {
            Files.copy(SOURCE.resolve(file), INSTALLED.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (Files.isDirectory(INSTALLED.resolve("node_modules/postgraphile"))
                && Files.isDirectory(INSTALLED.resolve("node_modules/postgraphile-plugin-connection-filter"))) {
            return;
        }
        Path log = INSTALLED.resolve("npm.log");
        Process npm;
        try {
            npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(INSTALLED.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("npm is not installed (" + e.getMessage() + "): PostGraphile cannot be installed", e);
        }
        if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
            npm.destroyForcibly();
            throw new IllegalStateException("npm ci of PostGraphile failed, see " + log.toAbsolutePath() + ":\n" + Files.readString(log));
        }
    }

    private void awaitListening() throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IllegalStateException("PostGraphile exited (" + process.exitValue() + "):\n" + log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        close();
        throw new IllegalStateException("PostGraphile did not listen within 120 s:\n" + log());
    }

    private static String log() throws IOException {
        Path log = INSTALLED.resolve("server.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String pem(RSAPublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** Ends the node process and its cluster workers. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
