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
     * Creates the login role {@code role} unless it exists, and in every case sets its password and
     * strips any privilege that would let it escape row-level security.
     */
    public void ensureApplicationRole(String role, String password) throws SQLException {
        requireIdentifier(role);
        try (Connection admin = connect()) {
            String verb = exists(admin, "select 1 from pg_roles where rolname = ?", role) ? "alter" : "create";
            admin.createStatement().execute(verb + " role " + role
                    + " login nosuperuser nobypassrls nocreatedb nocreaterole password " + quoteLiteral(password));
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
