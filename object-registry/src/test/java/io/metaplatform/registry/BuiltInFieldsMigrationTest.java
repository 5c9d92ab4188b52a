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
 * Upgrading to packs crm:2 and sales:2 renames a tenant's custom fields that already carry the API name of a new
 * built-in field, in a database migrated to the version before, as an upgraded installation has it.
 */
class BuiltInFieldsMigrationTest {

    /** The fields migration V2026.11.21.50 adds, by object. */
    private static final Map<String, List<String>> NEW_FIELDS = Map.of(
            "company", List.of("vendorNumber", "roles"),
            "contact", List.of("salutation", "customerNumber"),
            "quote", List.of("totalNet", "totalTax", "totalGross"),
            "salesOrder", List.of("totalNet", "totalTax", "totalGross"),
            "invoice", List.of("totalNet", "totalTax", "totalGross", "openAmount"),
            "invoiceLine", List.of("lineTotal", "lineType"),
            "creditNote", List.of("totalNet", "totalTax", "totalGross", "openAmount"),
            "deal", List.of("linkedInvoices", "linkedQuotes", "linkedSalesOrders", "linkedCreditNotes"));

    private UpgradedDatabase database;

    @AfterEach
    void dropDatabase() throws SQLException {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void customFieldsNamedLikeANewBuiltInFieldAreRenamedAndTheirTenantsSchemasRebuilt() throws SQLException {
        database = new UpgradedDatabase();
        database.migrateTo("2026.11.21.20");
        JdbcTemplate jdbc = database.jdbc();
        UUID clashing = UUID.randomUUID();
        UUID bystander = UUID.randomUUID();
        jdbc.update("insert into tenant_metadata values (?, 7, now()), (?, 3, now())", clashing, bystander);
        NEW_FIELDS.forEach((object, fields) -> fields.forEach(field -> customField(jdbc, clashing, object, field)));
        customField(jdbc, bystander, "contact", "birthday");

        // Up to the version before the roles upgrade, which moves the metadata version of every tenant with custom
        // fields once more (StandardUserUpgradeMigrationTest).
        database.migrateTo("2026.12.07.3000");

        List<String> names = jdbc.queryForList("select api_name from field_def where tenant_id = ?", String.class, clashing);
        int fieldCount = NEW_FIELDS.values().stream().mapToInt(List::size).sum();
        assertThat(names).hasSize(fieldCount).allMatch(name -> name.endsWith("Custom"));
        assertThat(names).contains("salutationCustom", "linkedInvoicesCustom", "openAmountCustom");
        assertThat(jdbc.queryForObject("select version from tenant_metadata where tenant_id = ?", Long.class, clashing)).isEqualTo(8);
        assertThat(jdbc.queryForList("select api_name from field_def where tenant_id = ?", String.class, bystander))
                .containsExactly("birthday");
        assertThat(jdbc.queryForObject("select version from tenant_metadata where tenant_id = ?", Long.class, bystander)).isEqualTo(3);
        assertThat(jdbc.queryForObject("select relforcerowsecurity from pg_class where relname = 'field_def'", Boolean.class))
                .as("row-level security is forced again").isTrue();
    }

    private static void customField(JdbcTemplate jdbc, UUID tenant, String object, String apiName) {
        jdbc.update("""
                insert into field_def (tenant_id, id, object_id, api_name, label, position, field_type, field_constraints, storage,
                                       built_in, version, created_at, updated_at)
                values (?, ?, ?, ?, ?, 100, '{"kind":"TEXT","maxLength":50}'::jsonb, '{}'::jsonb,
                        '{"kind":"CUSTOM_KEY","key":"x"}'::jsonb, false, 1, now(), now())""",
                tenant, UUID.randomUUID(), ObjectId.builtIn(object).value(), apiName, apiName);
    }
}
