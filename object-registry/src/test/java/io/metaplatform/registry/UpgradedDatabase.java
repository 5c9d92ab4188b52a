package io.metaplatform.registry;

import io.metaplatform.core.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A database of its own on the test server, migrated to a chosen version as an installation of an older release has it,
 * for tests of what a later migration does to existing data. Drop it with {@link #close()}.
 */
final class UpgradedDatabase implements AutoCloseable {

    private final TestDatabase server = TestDatabase.get();
    private final String name = "platform_upgrade_" + HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(), 0, 5);
    private final SingleConnectionDataSource dataSource;

    UpgradedDatabase() throws SQLException {
        try (Connection admin = DriverManager.getConnection(server.adminUrl(), server.ownerUser(), server.ownerPassword())) {
            admin.createStatement().execute("create database " + name);
        }
        String url = server.adminUrl().substring(0, server.adminUrl().lastIndexOf('/') + 1) + name;
        dataSource = new SingleConnectionDataSource(url, server.ownerUser(), server.ownerPassword(), true);
    }

    /** Applies the migrations up to {@code version} (an existing one), or all of them when null. */
    void migrateTo(String version) {
        var configuration = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                .placeholders(Map.of("app_role", server.ownerUser()));
        (version == null ? configuration : configuration.target(version)).load().migrate();
    }

    JdbcTemplate jdbc() {
        return new JdbcTemplate(dataSource);
    }

    @Override
    public void close() throws SQLException {
        dataSource.destroy();
        try (Connection admin = DriverManager.getConnection(server.adminUrl(), server.ownerUser(), server.ownerPassword())) {
            admin.createStatement().execute("drop database if exists " + name);
        }
    }
}
