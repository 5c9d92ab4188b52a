package io.metaplatform.core;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * Creates the platform database and the application role on a PostgreSQL server where the caller holds
 * an administrative role (a developer's local server, an embedded one, a test server). Production
 * databases are prepared by their operators instead; see docs/operators.
 */
public final class DatabaseProvisioner {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final String adminUrl;
    private final String adminUser;
    private final String adminPassword;

    /**
     * @param adminUrl JDBC URL of a maintenance database on the server, e.g. {@code .../postgres}
     */
    public DatabaseProvisioner(String adminUrl, String adminUser, String adminPassword) {
        this.adminUrl = adminUrl;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
    }

    /** Creates {@code database} unless it exists. */
    public void ensureDatabase(String database) throws SQLException {
        requireIdentifier(database);
        try (Connection admin = connect()) {
            if (!exists(admin, "select 1 from pg_database where datname = ?", database)) {
                admin.createStatement().execute("create database " + database);
            }
        }
    }

    /**
     * Creates the login role {@code role} unless it exists, and in every case strips any privilege that
     * would let it escape row-level security. The password is set when the role is created, and on an
     * existing role only when the role does not accept it and no session of the role is open: a second
     * checkout (with a password of its own) must not lock out the application role of a server that
     * already runs on the same PostgreSQL.
     *
     * @throws IllegalStateException when the role exists, refuses {@code password} and is in use
     */
    public void ensureApplicationRole(String role, String password) throws SQLException {
        requireIdentifier(role);
        String attributes = " login nosuperuser nobypassrls nocreatedb nocreaterole";
        try (Connection admin = connect()) {
            if (!exists(admin, "select 1 from pg_roles where rolname = ?", role)) {
                admin.createStatement().execute("create role " + role + attributes + " password " + quoteLiteral(password));
                return;
            }
            admin.createStatement().execute("alter role " + role + attributes);
            if (acceptsLogin(role, password)) {
                return;
            }
            if (exists(admin, "select 1 from pg_stat_activity where usename = ?", role)) {
                throw new IllegalStateException("The database role '" + role + "' exists with another password and is in use"
                        + " (another server or checkout on this PostgreSQL). Give this one the same password"
                        + " (PLATFORM_DB_APP_PASSWORD, or the other checkout's .data/db-app-password), or a role and a"
                        + " database of its own (PLATFORM_DB_APP_USER, PLATFORM_DB_LOCAL_DATABASE).");
            }
            admin.createStatement().execute("alter role " + role + " password " + quoteLiteral(password));
        }
    }

    private boolean acceptsLogin(String role, String password) {
        try (Connection ignored = DriverManager.getConnection(adminUrl, role, password)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Drops {@code database}, disconnecting its sessions first. */
    public void dropDatabase(String database) throws SQLException {
        requireIdentifier(database);
        try (Connection admin = connect()) {
            admin.createStatement().execute("drop database if exists " + database + " with (force)");
        }
    }

    public void dropRole(String role) throws SQLException {
        requireIdentifier(role);
        try (Connection admin = connect()) {
            admin.createStatement().execute("drop role if exists " + role);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(adminUrl, adminUser, adminPassword);
    }

    private static boolean exists(Connection connection, String sql, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, name);
            return statement.executeQuery().next();
        }
    }

    private static void requireIdentifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain lower-case SQL identifier: " + name);
        }
    }

    // DDL takes no bind parameters; the password is quoted as a standard-conforming string literal.
    private static String quoteLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
