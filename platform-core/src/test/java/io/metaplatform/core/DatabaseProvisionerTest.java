package io.metaplatform.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The application role on a server that another checkout or server may share (real PostgreSQL). */
class DatabaseProvisionerTest {

    private final TestDatabase database = TestDatabase.get();
    private final String role = "prov_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final DatabaseProvisioner provisioner = new DatabaseProvisioner(database.adminUrl(), database.ownerUser(), database.ownerPassword());

    @AfterEach
    void dropRole() throws SQLException {
        provisioner.dropRole(role);
    }

    @Test
    void aNewRoleIsCreatedWithoutAnyWayAroundRowLevelSecurity() throws SQLException {
        provisioner.ensureApplicationRole(role, "first-secret");

        assertThat(attributes()).isEqualTo("login=true superuser=false bypassrls=false createdb=false createrole=false");
    }

    @Test
    void anExistingRoleThatAcceptsLoginsKeepsItsPasswordButLosesEscapePrivileges() throws SQLException {
        provisioner.ensureApplicationRole(role, "first-secret");
        String stored = storedPassword();
        admin("alter role " + role + " bypassrls createdb");

        provisioner.ensureApplicationRole(role, "second-checkout-secret");

        assertThat(attributes()).isEqualTo("login=true superuser=false bypassrls=false createdb=false createrole=false");
        // On this server the role accepts logins (trust or the same password): a second checkout must not
        // change the password the first one's running server logs in with.
        assertThat(storedPassword()).isEqualTo(stored);
    }

    private String attributes() throws SQLException {
        try (Connection admin = connect(); ResultSet row = admin.createStatement().executeQuery(
                "select rolcanlogin, rolsuper, rolbypassrls, rolcreatedb, rolcreaterole from pg_roles where rolname = '" + role + "'")) {
            assertThat(row.next()).isTrue();
            return "login=%s superuser=%s bypassrls=%s createdb=%s createrole=%s".formatted(row.getBoolean(1), row.getBoolean(2),
                    row.getBoolean(3), row.getBoolean(4), row.getBoolean(5));
        }
    }

    private String storedPassword() throws SQLException {
        try (Connection admin = connect(); ResultSet row = admin.createStatement().executeQuery(
                "select rolpassword from pg_authid where rolname = '" + role + "'")) {
            assertThat(row.next()).isTrue();
            return row.getString(1);
        }
    }

    private void admin(String sql) throws SQLException {
        try (Connection admin = connect()) {
            admin.createStatement().execute(sql);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(database.adminUrl(), database.ownerUser(), database.ownerPassword());
    }
}
