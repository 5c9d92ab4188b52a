package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Upgrading an installation from before the roles model: a tenant's users keep working with the custom objects and
 * fields that exist at upgrade (standard-user becomes an adjusted copy granting them), in a database migrated to the
 * version before, as an upgraded installation has it. Tenants without custom definitions, and tenants whose admin
 * already adjusted standard-user, are left as they are.
 */
class StandardUserUpgradeMigrationTest {

    private static final String BEFORE = "2026.12.07.3000";
    private static final List<String> ALL_OPERATIONS = List.of("CREATE", "READ", "UPDATE", "DELETE", "RESTORE", "DESTROY");

    private UpgradedDatabase database;

    @AfterEach
    void dropDatabase() throws SQLException {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void standardUserKeepsTheCustomObjectsAndFieldsThatExistedAtUpgrade() throws SQLException {
        database = new UpgradedDatabase();
        database.migrateTo(BEFORE);
        JdbcTemplate jdbc = database.jdbc();
        UUID customised = UUID.randomUUID();
        UUID plain = UUID.randomUUID();
        UUID adjusted = UUID.randomUUID();
        jdbc.update("insert into tenant_metadata values (?, 5, now()), (?, 3, now()), (?, 4, now())", customised, plain, adjusted);
        UUID job = UUID.randomUUID();
        jdbc.update("""
                insert into object_def (tenant_id, id, api_name, label_singular, label_plural, position, built_in, version, created_at, updated_at)
                values (?, ?, 'job', 'Job', 'Jobs', 100, false, 1, now(), now())""", customised, job);
        UUID title = field(jdbc, customised, job, "title", "{\"kind\":\"TEXT\",\"maxLength\":50}", false);
        UUID margin = field(jdbc, customised, ObjectId.builtIn("company").value(), "margin", "{\"kind\":\"DECIMAL\",\"precision\":10,\"scale\":2}",
                false);
        UUID bonus = field(jdbc, customised, ObjectId.builtIn("invoice").value(), "bonus",
                "{\"kind\":\"FORMULA\",\"expression\":\"1\",\"resultType\":\"INTEGER\"}", false);
        field(jdbc, customised, ObjectId.builtIn("company").value(), "gone", "{\"kind\":\"TEXT\",\"maxLength\":50}", true);
        field(jdbc, adjusted, ObjectId.builtIn("contact").value(), "nickname", "{\"kind\":\"TEXT\",\"maxLength\":50}", false);
        UUID adjustedRole = UUID.randomUUID();
        jdbc.update("insert into tenant_role values (?, ?, 'standard-user', 'as the admin left it', true, 3, now(), now())", adjusted,
                adjustedRole);
        jdbc.update("insert into tenant_role_object_grant values (?, ?, ?, array['READ']::varchar(16)[], 'BUILT_IN', null, null)", adjusted,
                adjustedRole, ObjectId.builtIn("contact").value());

        database.migrateTo(null);

        UUID role = jdbc.queryForObject("select id from tenant_role where tenant_id = ? and name = 'standard-user' and built_in", UUID.class,
                customised);
        List<Map<String, Object>> grants = jdbc.queryForList("select object_id, operations::text[] as operations, field_scope, read_rule,"
                + " write_rule from tenant_role_object_grant where tenant_id = ? and role_id = ?", customised, role);
        assertThat(grants).as("the 17 built-in objects and the custom one").hasSize(18)
                .allSatisfy(grant -> {
                    assertThat(List.of((String[]) ((java.sql.Array) grant.get("operations")).getArray())).isEqualTo(ALL_OPERATIONS);
                    assertThat(grant.get("field_scope")).isEqualTo("BUILT_IN");
                    assertThat(grant.get("read_rule")).isNull();
                    assertThat(grant.get("write_rule")).isNull();
                });
        assertThat(grants).extracting(grant -> grant.get("object_id")).contains(job, ObjectId.builtIn("company").value(),
                ObjectId.builtIn("timeEntry").value());
        Map<UUID, Boolean> fields = new java.util.HashMap<>();
        jdbc.query("select field_id, can_edit from tenant_role_field_grant where tenant_id = ? and role_id = ?",
                row -> {
                    fields.put(row.getObject("field_id", UUID.class), row.getBoolean("can_edit"));
                }, customised, role);
        assertThat(fields).as("custom fields: edited, a formula read only, a deleted one not at all")
                .isEqualTo(Map.of(title, true, margin, true, bonus, false));
        assertThat(version(jdbc, customised)).isEqualTo(6);

        assertThat(jdbc.queryForObject("select count(*) from tenant_role where tenant_id = ?", Long.class, plain)).isZero();
        assertThat(version(jdbc, plain)).isEqualTo(3);
        assertThat(jdbc.queryForObject("select count(*) from tenant_role_object_grant where tenant_id = ?", Long.class, adjusted))
                .as("the admin's own adjustment stays").isEqualTo(1);
        assertThat(version(jdbc, adjusted)).isEqualTo(4);
        assertThat(jdbc.queryForList("select relname from pg_class where relname in ('object_def', 'field_def', 'tenant_metadata',"
                + " 'tenant_role', 'tenant_role_object_grant', 'tenant_role_field_grant') and not relforcerowsecurity", String.class))
                .as("row-level security is forced again").isEmpty();
    }

    private static long version(JdbcTemplate jdbc, UUID tenant) {
        return jdbc.queryForObject("select version from tenant_metadata where tenant_id = ?", Long.class, tenant);
    }

    private static UUID field(JdbcTemplate jdbc, UUID tenant, UUID object, String apiName, String type, boolean deleted) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                insert into field_def (tenant_id, id, object_id, api_name, label, position, field_type, field_constraints, storage,
                                       built_in, deleted_at, version, created_at, updated_at)
                values (?, ?, ?, ?, ?, 100, ?::jsonb, '{}'::jsonb, '{"kind":"CUSTOM_KEY","key":"x"}'::jsonb, false,
                        case when ? then now() end, 1, now(), now())""",
                tenant, id, object, apiName, apiName, type, deleted);
        return id;
    }
}
