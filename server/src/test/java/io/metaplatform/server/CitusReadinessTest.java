package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The whole schema, all modules' migrations applied, read from PostgreSQL's catalog: can Citus distribute
 * every tenant table by {@code tenant_id} and co-locate each tenant's rows (docs/operators/citus.sql)? A
 * new table or index that breaks the layout fails here, naming itself.
 */
class CitusReadinessTest extends ApiTestSupport {

    /**
     * Every table without row-level security, with the reason it holds no tenant's data (or must be read
     * across tenants). A table missing here fails the test; so does a name here that is no such table.
     * Tables with a {@code tenant_id} column are distributed by it whether or not they have RLS.
     */
    static final Map<String, String> WITHOUT_RLS = Map.of(
            "flyway_schema_history", "Flyway's migration history: the schema's, not a tenant's",
            "tenant", "the tenants themselves; operators list them across tenants, RLS would hide them",
            "connector_schedule", "ids, statuses and times only: every instance's scheduler looks for due runs of all tenants");

    @Autowired
    JdbcTemplate jdbc;

    private Set<String> tenantTables;

    @BeforeEach
    void readTables() {
        tenantTables = new TreeSet<>(jdbc.queryForList("""
                select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                  join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
                 where n.nspname = 'public' and c.relkind in ('r', 'p')""", String.class));
    }

    @Test
    void everyTableWithoutRowLevelSecurityIsListedAsGlobalWithItsReason() {
        Set<String> withoutRls = new TreeSet<>(jdbc.queryForList("""
                select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                 where n.nspname = 'public' and c.relkind in ('r', 'p')
                   and (not c.relrowsecurity or not c.relforcerowsecurity
                        or not exists (select 1 from pg_policy p where p.polrelid = c.oid))""", String.class));

        assertThat(withoutRls).as("tables without forced RLS and a policy").isEqualTo(new TreeSet<>(WITHOUT_RLS.keySet()));
        assertThat(tenantTables).as("tenant tables").isNotEmpty().contains("company", "record_change", "connector_connection");
    }

    @Test
    void everyTenantIsolationPolicyIsTheOneEnableTenantRlsWrites() {
        // a temporary table of one session (the application role may create no other), protected by the function
        String written = jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<String>) connection -> {
            try (var statement = connection.createStatement()) {
                statement.execute("create temporary table rls_probe (tenant_id uuid not null)");
                statement.execute("select enable_tenant_rls('pg_temp.rls_probe')");
                try (var result = statement.executeQuery("""
                        select pg_get_expr(p.polqual, p.polrelid) || ' / ' || pg_get_expr(p.polwithcheck, p.polrelid)
                          from pg_policy p where p.polrelid = 'pg_temp.rls_probe'::regclass and p.polname = 'tenant_isolation'""")) {
                    result.next();
                    String policy = result.getString(1);
                    statement.execute("drop table pg_temp.rls_probe");
                    return policy;
                }
            }
        });
        Map<String, String> policies = new TreeMap<>();
        jdbc.query("""
                select c.relname, pg_get_expr(p.polqual, p.polrelid) || ' / ' || pg_get_expr(p.polwithcheck, p.polrelid) as policy
                  from pg_policy p join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace
                 where p.polname = 'tenant_isolation' and n.nspname = 'public'""", row -> {
            policies.put(row.getString(1), row.getString(2));
        });

        assertThat(written).contains("app.tenant_id");
        assertThat(policies).as("tables whose tenant_isolation policy differs from enable_tenant_rls's")
                .isNotEmpty().allSatisfy((table, policy) -> assertThat(policy).as(table).isEqualTo(written));
        assertThat(policies.keySet()).as("tenant tables with forced RLS but no tenant_isolation policy")
                .containsAll(tenantTables.stream().filter(table -> !WITHOUT_RLS.containsKey(table)).toList());
    }

    @Test
    void everyTenantTableHasAPrimaryKeyLedByTenantId() {
        List<String> problems = new ArrayList<>();
        Set<String> withPrimaryKey = new TreeSet<>();
        constraints("p").forEach(constraint -> {
            withPrimaryKey.add(constraint.table());
            if (tenantTables.contains(constraint.table()) && !constraint.ledByTenantId()) {
                problems.add(constraint.describe());
            }
        });
        tenantTables.stream().filter(table -> !withPrimaryKey.contains(table)).forEach(table -> problems.add(table + ": no primary key"));

        assertThat(problems).isEmpty();
    }

    @Test
    void everyUniqueConstraintAndIndexOfATenantTableLeadsWithTenantId() {
        List<String> problems = new ArrayList<>();
        constraints("u").stream().filter(constraint -> tenantTables.contains(constraint.table()))
                .filter(constraint -> !constraint.ledByTenantId()).forEach(constraint -> problems.add(constraint.describe()));
        jdbc.query("""
                select t.relname as table_name, i.relname as index_name, x.indkey[0] as first_column,
                       (select attname from pg_attribute where attrelid = t.oid and attnum = x.indkey[0]) as first_name,
                       pg_get_indexdef(x.indexrelid) as definition
                  from pg_index x join pg_class t on t.oid = x.indrelid join pg_class i on i.oid = x.indexrelid
                  join pg_namespace n on n.oid = t.relnamespace
                 where n.nspname = 'public'""", row -> {
            if (tenantTables.contains(row.getString("table_name")) && !"tenant_id".equals(row.getString("first_name"))) {
                problems.add(row.getString("table_name") + " index " + row.getString("index_name") + ": " + row.getString("definition"));
            }
        });

        assertThat(problems).isEmpty();
    }

    @Test
    void foreignKeysBetweenTenantTablesCarryTenantIdAndNoGlobalTablePointsIntoATenantTable() {
        List<String> problems = new ArrayList<>();
        for (Constraint foreignKey : constraints("f")) {
            boolean fromTenant = tenantTables.contains(foreignKey.table());
            boolean toTenant = tenantTables.contains(foreignKey.referencedTable());
            if (fromTenant && toTenant && !(foreignKey.ledByTenantId() && "tenant_id".equals(foreignKey.referencedColumns().getFirst()))) {
                problems.add(foreignKey.describe() + " (rows of one tenant may only reference rows of the same tenant: shard co-location)");
            }
            if (!fromTenant && toTenant) {
                problems.add(foreignKey.describe() + " (a reference table cannot point into a distributed table)");
            }
        }

        assertThat(problems).isEmpty();
    }

    @Test
    void theOperatorsCitusScriptNamesEveryTableOnce() throws Exception {
        String script = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/operators/citus.sql"));
        Map<String, Integer> mentions = new TreeMap<>();
        var matcher = java.util.regex.Pattern.compile("create_(distributed|reference)_table\\('([a-z_]+)'").matcher(script);
        while (matcher.find()) {
            mentions.merge(matcher.group(2), 1, Integer::sum);
        }
        Set<String> expected = new TreeSet<>(jdbc.queryForList("""
                select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                 where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> 'flyway_schema_history'""", String.class));

        assertThat(mentions.keySet()).as("tables the script distributes or replicates").isEqualTo(expected);
        assertThat(mentions.values()).containsOnly(1);
        tenantTables.forEach(table -> assertThat(script).contains("create_distributed_table('" + table + "', 'tenant_id'"));
    }

    private List<Constraint> constraints(String type) {
        return jdbc.query("""
                select c.conname, t.relname as table_name, r.relname as referenced_table,
                       array(select a.attname::text from unnest(c.conkey) with ordinality k(num, pos)
                               join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.num order by k.pos) as columns,
                       array(select a.attname::text from unnest(coalesce(c.confkey, '{}')) with ordinality k(num, pos)
                               join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.num order by k.pos) as referenced_columns
                  from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_namespace n on n.oid = t.relnamespace
                  left join pg_class r on r.oid = c.confrelid
                 where n.nspname = 'public' and c.contype = ?::"char" order by t.relname, c.conname""",
                (row, i) -> new Constraint(row.getString("conname"), row.getString("table_name"), row.getString("referenced_table"),
                        List.of((String[]) row.getArray("columns").getArray()),
                        List.of((String[]) row.getArray("referenced_columns").getArray())), type);
    }

    record Constraint(String name, String table, String referencedTable, List<String> columns, List<String> referencedColumns) {

        boolean ledByTenantId() {
            return !columns.isEmpty() && columns.getFirst().equals("tenant_id");
        }

        String describe() {
            return table + "." + name + " " + columns + (referencedTable == null ? "" : " -> " + referencedTable + " " + referencedColumns);
        }
    }
}
