package io.metaplatform.server;

import io.metaplatform.core.FallbackDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Real PostgreSQL binaries from Maven Central, started when no database is configured and none runs
 * locally. Its data stays under the data directory between runs.
 */
@Component
final class EmbeddedPostgresFallback implements FallbackDatabase, DisposableBean {

    private final int port;
    private EmbeddedPostgres postgres;

    EmbeddedPostgresFallback(@Value("${platform.db.embedded-port:54329}") int port) {
        this.port = port;
    }

    @Override
    public synchronized AdminServer start(Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory);
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .start();
            return new AdminServer("127.0.0.1", postgres.getPort(), "postgres", "");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL under " + dataDirectory, e);
        }
    }

    @Override
    public synchronized void destroy() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }
}
