package io.metaplatform.bench;

import io.metaplatform.core.DatabaseProvisioner;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A throw-away database of this run with its own application role, created on the server of
 * {@code --admin-url} and dropped at the end (also on Ctrl-C), never the developer's {@code platform}.
 */
final class BenchDatabase implements AutoCloseable {

    private final DatabaseProvisioner provisioner;
    private final String name;
    private final String url;
    private final String ownerUser;
    private final String ownerPassword;
    private final String appUser;
    private final String appPassword;
    private final AtomicBoolean dropped = new AtomicBoolean();
    private final Thread dropOnExit;

    private BenchDatabase(String adminUrl, String adminUser, String adminPassword) throws SQLException {
        this.name = "registry_bench_" + hex(5);
        this.url = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + name;
        this.ownerUser = adminUser;
        this.ownerPassword = adminPassword;
        this.appUser = name + "_app";
        this.appPassword = hex(16);
        this.provisioner = new DatabaseProvisioner(adminUrl, ownerUser, ownerPassword);
        this.dropOnExit = new Thread(this::drop, "drop-bench-database");
        Runtime.getRuntime().addShutdownHook(dropOnExit);
        provisioner.ensureDatabase(name);
        provisioner.ensureApplicationRole(appUser, appPassword);
    }

    static BenchDatabase create(BenchOptions options) {
        return create(options.adminUrl(), options.adminUser(), options.adminPassword());
    }

    /** Creates the database on the server of the maintenance database {@code adminUrl}, as a role that may create databases and roles. */
    static BenchDatabase create(String adminUrl, String adminUser, String adminPassword) {
        try {
            return new BenchDatabase(adminUrl, adminUser, adminPassword);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the benchmark database on " + adminUrl + " as "
                    + adminUser + ": " + e.getMessage() + ". Start PostgreSQL or pass --admin-url/--admin-user.", e);
        }
    }

    String name() {
        return name;
    }

    String url() {
        return url;
    }

    String ownerUser() {
        return ownerUser;
    }

    String ownerPassword() {
        return ownerPassword;
    }

    String appUser() {
        return appUser;
    }

    String appPassword() {
        return appPassword;
    }

    /** A connection as the owner role, which the filler and the maintenance statements use. */
    Connection owner() throws SQLException {
        return DriverManager.getConnection(url, ownerUser, ownerPassword);
    }

    /** A connection as the application role, subject to row-level security like the registry's pool. */
    Connection application() throws SQLException {
        return DriverManager.getConnection(url, appUser, appPassword);
    }

    @Override
    public void close() {
        drop();
        try {
            Runtime.getRuntime().removeShutdownHook(dropOnExit);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook runs drop(), which does nothing the second time.
        }
    }

    private void drop() {
        if (!dropped.compareAndSet(false, true)) {
            return;
        }
        try {
            provisioner.dropDatabase(name);
            provisioner.dropRole(appUser);
        } catch (SQLException e) {
            System.err.println("Could not drop the benchmark database " + name + ": " + e.getMessage());
        }
    }

    private static String hex(int bytes) {
        byte[] value = new byte[bytes];
        new SecureRandom().nextBytes(value);
        return HexFormat.of().formatHex(value);
    }
}
