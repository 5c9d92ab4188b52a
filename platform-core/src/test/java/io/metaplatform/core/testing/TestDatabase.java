package io.metaplatform.core.testing;

import io.metaplatform.core.DatabaseProvisioner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Map;

/**
 * A database of its own for this test JVM, created at first use on a real PostgreSQL server and dropped
 * when the JVM exits, so parallel and successive runs never see each other's data.
 *
 * <p>The server is, in order: {@code PLATFORM_TEST_DB_URL} (JDBC URL of a maintenance database such as
 * {@code jdbc:postgresql://host:5432/postgres}, with {@code PLATFORM_TEST_DB_USER} and
 * {@code PLATFORM_TEST_DB_PASSWORD}); a PostgreSQL on 127.0.0.1:5432 as user {@code postgres}; a
 * Testcontainers PostgreSQL when a Docker engine answers.
 */
public final class TestDatabase {

    private static TestDatabase instance;

    private final String url;
    private final String ownerUser;
    private final String ownerPassword;
    private final String appUser;
    private final String appPassword;
    private final String adminUrl;

    private TestDatabase(String adminUrl, String ownerUser, String ownerPassword) throws SQLException {
        String suffix = HexFormat.of().formatHex(random(5));
        String database = "platform_test_" + suffix;
        this.adminUrl = adminUrl;
        this.ownerUser = ownerUser;
        this.ownerPassword = ownerPassword;
        this.appUser = database + "_app";
        this.appPassword = HexFormat.of().formatHex(random(16));
        this.url = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + database;
        DatabaseProvisioner provisioner = new DatabaseProvisioner(adminUrl, ownerUser, ownerPassword);
        provisioner.ensureDatabase(database);
        provisioner.ensureApplicationRole(appUser, appPassword);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                provisioner.dropDatabase(database);
                provisioner.dropRole(appUser);
            } catch (SQLException e) {
                System.err.println("Could not drop test database " + database + ": " + e.getMessage());
            }
        }, "drop-test-database"));
    }

    public static synchronized TestDatabase get() {
        if (instance == null) {
            instance = create();
        }
        return instance;
    }

    private static TestDatabase create() {
        Map<String, String> env = System.getenv();
        try {
            String configured = env.get("PLATFORM_TEST_DB_URL");
            if (configured != null && !configured.isBlank()) {
                return new TestDatabase(configured, env.getOrDefault("PLATFORM_TEST_DB_USER", "postgres"),
                        env.getOrDefault("PLATFORM_TEST_DB_PASSWORD", ""));
            }
            if (localAnswers()) {
                return new TestDatabase("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
            }
            return Containerized.start();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the test database: " + e.getMessage(), e);
        }
    }

    /** Kept apart so that Testcontainers classes load only when no other server is available. */
    private static final class Containerized {
        static TestDatabase start() throws SQLException {
            if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
                throw new IllegalStateException("No PostgreSQL for tests: set PLATFORM_TEST_DB_URL, start PostgreSQL on"
                        + " 127.0.0.1:5432 (user postgres), or run a Docker engine for Testcontainers.");
            }
            var container = new org.testcontainers.postgresql.PostgreSQLContainer("postgres:16-alpine");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "stop-test-postgres"));
            String admin = container.getJdbcUrl().replaceAll("/[^/?]+(\\?.*)?$", "/postgres");
            return new TestDatabase(admin, container.getUsername(), container.getPassword());
        }
    }

    private static boolean localAnswers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 5432), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        new SecureRandom().nextBytes(value);
        return value;
    }

    public String url() {
        return url;
    }

    public String ownerUser() {
        return ownerUser;
    }

    public String ownerPassword() {
        return ownerPassword;
    }

    public String appUser() {
        return appUser;
    }

    public String appPassword() {
        return appPassword;
    }

    /** The maintenance database of the same server, for tests that provision databases themselves. */
    public String adminUrl() {
        return adminUrl;
    }
}
