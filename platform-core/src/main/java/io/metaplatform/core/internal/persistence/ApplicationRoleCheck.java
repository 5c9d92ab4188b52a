package io.metaplatform.core.internal.persistence;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Row-level security protects nothing if the role that runs queries is a superuser, has BYPASSRLS or
 * owns the tables (FORCE covers owners, but an owner can switch it off). Checked once at start.
 */
final class ApplicationRoleCheck {

    private final JdbcTemplate jdbc;

    ApplicationRoleCheck(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void verify() {
        List<String> problems = new ArrayList<>();
        jdbc.query("select rolname, rolsuper, rolbypassrls from pg_roles where rolname = current_user", row -> {
            if (row.getBoolean("rolsuper")) {
                problems.add("is a superuser");
            }
            if (row.getBoolean("rolbypassrls")) {
                problems.add("has BYPASSRLS");
            }
        });
        Integer owned = jdbc.queryForObject(
                "select count(*) from pg_tables where tableowner = current_user and schemaname not in ('pg_catalog', 'information_schema')",
                Integer.class);
        if (owned != null && owned > 0) {
            problems.add("owns " + owned + " table(s)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The application database role " + String.join(", ", problems)
                    + ": it must be a plain login role so that row-level security applies (PLATFORM_DB_APP_USER).");
        }
    }
}
