package io.metaplatform.core.internal.persistence;

import io.metaplatform.core.DatabaseCoordinates;
import io.metaplatform.core.DatabaseProvisioner;
import io.metaplatform.core.FallbackDatabase;
import io.metaplatform.core.FallbackDatabase.AdminServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the database in this order: the configured URL; a PostgreSQL server on the local port (the
 * platform database and application role are created when missing); an embedded server under the data
 * directory (not as root, which PostgreSQL refuses). Fails with instructions when none is available.
 */
final class DatabaseResolver {

    private static final Logger log = LoggerFactory.getLogger(DatabaseResolver.class);
    private static final String APP_PASSWORD_FILE = "db-app-password";

    private final DatabaseProperties properties;
    private final Path dataDirectory;
    private final Optional<FallbackDatabase> fallback;

    DatabaseResolver(DatabaseProperties properties, Path dataDirectory, Optional<FallbackDatabase> fallback) {
        this.properties = properties;
        this.dataDirectory = dataDirectory;
        this.fallback = fallback;
    }

    DatabaseCoordinates resolve() {
        if (properties.explicit()) {
            log.info("Using the configured database {}", properties.url());
            return new DatabaseCoordinates(properties.url(), properties.user(), properties.password(),
                    properties.appUser(), properties.appPassword());
        }
        if (reachable(properties.localHost(), properties.localPort())) {
            log.info("Using the local PostgreSQL at {}:{}", properties.localHost(), properties.localPort());
            return provision(new AdminServer(properties.localHost(), properties.localPort(), properties.user(), properties.password()));
        }
        if (fallback.isPresent() && !runningAsRoot()) {
            log.info("No PostgreSQL at {}:{}; starting an embedded one under {}", properties.localHost(), properties.localPort(),
                    dataDirectory.resolve("postgres").toAbsolutePath());
            return provision(fallback.get().start(dataDirectory.resolve("postgres")));
        }
        throw new IllegalStateException(noDatabaseMessage());
    }

    private DatabaseCoordinates provision(AdminServer server) {
        String base = "jdbc:postgresql://" + server.host() + ":" + server.port() + "/";
        DatabaseProvisioner provisioner = new DatabaseProvisioner(base + "postgres", server.user(), server.password());
        String appPassword = Optional.ofNullable(properties.appPassword()).filter(p -> !p.isBlank()).orElseGet(this::storedAppPassword);
        try {
            provisioner.ensureDatabase(properties.localDatabase());
            provisioner.ensureApplicationRole(properties.appUser(), appPassword);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prepare the database '" + properties.localDatabase() + "' on "
                    + server.host() + ":" + server.port() + " as '" + server.user() + "': " + e.getMessage()
                    + ". Set PLATFORM_DB_USER and PLATFORM_DB_PASSWORD to a role that may create databases and roles,"
                    + " or point PLATFORM_DB_URL at a prepared database.", e);
        }
        return new DatabaseCoordinates(base + properties.localDatabase(), server.user(), server.password(),
                properties.appUser(), appPassword);
    }

    // The local application role's password is generated once and kept beside the other local state.
    private String storedAppPassword() {
        Path file = dataDirectory.resolve(APP_PASSWORD_FILE);
        try {
            if (Files.exists(file)) {
                return Files.readString(file).strip();
            }
            Files.createDirectories(dataDirectory);
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String password = HexFormat.of().formatHex(random);
            Files.writeString(file, password);
            restrictToOwner(file);
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the local database password in " + file, e);
        }
    }

    static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): the file stays with the platform's default ACL.
        }
    }

    private static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private String noDatabaseMessage() {
        String where = properties.localHost() + ":" + properties.localPort();
        return "No database: PLATFORM_DB_URL is not set and no PostgreSQL answers at " + where + "."
                + (runningAsRoot() ? " The embedded PostgreSQL cannot run as root." : "")
                + " Do one of: (1) start a PostgreSQL server on " + where
                + " (Debian/Ubuntu: apt-get install postgresql, then pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start);"
                + " (2) set PLATFORM_DB_URL, PLATFORM_DB_USER, PLATFORM_DB_PASSWORD, PLATFORM_DB_APP_USER and PLATFORM_DB_APP_PASSWORD"
                + " to a prepared database (see docs/operators/database.md)"
                + (runningAsRoot() ? "; (3) run the server as a user other than root to get the embedded PostgreSQL." : ".");
    }
}
