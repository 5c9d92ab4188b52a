package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestDatabase;
import io.metaplatform.core.testing.TestPlatform;
import io.metaplatform.tenants.TenantDataService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Exporting and deleting a tenant through the REST API: every tenant table (from the catalog) is in the
 * archive without secrets, and after a deletion no row of the tenant is left in any table while the other
 * tenant keeps every row.
 */
class TenantDataApiTest extends ConnectorApiTestSupport {

    private static final String SECRET = "sk-live-export-7f3a9c";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Autowired
    TenantDataService data;

    TenantId acme;
    TenantId globex;

    @BeforeEach
    void twoTenantsWithData() {
        acme = createTenant("ACME");
        globex = createTenant("Globex");
        populate(acme, "ACME");
        populate(globex, "Globex");
    }

    @Test
    void anOperatorExportsEveryTenantTableWithHistoryAndWithoutSecrets() throws Exception {
        Map<String, String> archive = export("/api/operator/tenants/" + acme + "/export", TestPlatform.operatorToken());

        JsonNode manifest = JSON.readTree(archive.get("manifest.json"));
        assertThat(manifest.path("format").asString()).isEqualTo(TenantDataService.FORMAT);
        assertThat(manifest.path("tenant").path("id").asString()).isEqualTo(acme.toString());
        Map<String, Long> counted = rowsPerTable(acme);
        List<String> exported = new ArrayList<>();
        for (JsonNode table : manifest.path("tables")) {
            String name = table.path("name").asString();
            exported.add(name);
            String lines = archive.get(table.path("file").asString());
            assertThat(lines.lines().count()).as(name).isEqualTo(table.path("rows").asLong()).isEqualTo(counted.get(name));
            lines.lines().forEach(line -> assertThat(JSON.readTree(line).path("tenant_id").asString()).isEqualTo(acme.toString()));
        }
        assertThat(manifest.path("omittedTables").findValuesAsString("name")).containsExactlyInAnyOrder("connector_oauth_token", "connector_upload");
        assertThat(exported).contains("company", "record_change", "field_def", "connector_connection", "tenant_settings")
                .hasSize(counted.size() - 2);
        assertThat(archive.get("tables/company.jsonl")).contains("ACME one").doesNotContain("Globex");
        assertThat(archive.get("tables/field_def.jsonl")).contains("tier");
        assertThat(archive.get("tables/layout.jsonl")).contains("acmeForm").doesNotContain("globexForm");
        assertThat(archive.get("tables/record_change.jsonl").lines().count()).isGreaterThanOrEqualTo(3);
        assertThat(archive.get("tables/connector_connection.jsonl")).contains("\"region\"").doesNotContain("secrets");
        assertThat(String.join("\n", archive.values())).doesNotContain(SECRET).doesNotContain("v1:");
    }

    @Test
    void aTenantAdminExportsItsOwnTenantOnly() throws Exception {
        Map<String, String> archive = export("/api/tenant/export", TestPlatform.token(globex, Role.TENANT_ADMIN));

        assertThat(JSON.readTree(archive.get("manifest.json")).path("tenant").path("id").asString()).isEqualTo(globex.toString());
        assertThat(archive.get("tables/company.jsonl")).contains("Globex one").doesNotContain("ACME");
        assertThat(String.join("\n", archive.values())).doesNotContain(acme.toString());
    }

    @Test
    void onlyTenantAdminsAndOperatorsExportAndOnlyOperatorsDelete() throws Exception {
        assertThat(send("GET", "/api/tenant/export", TestPlatform.token(acme, Role.TENANT_USER)).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/api/operator/tenants/" + globex + "/export", TestPlatform.token(acme, Role.TENANT_ADMIN)).statusCode())
                .isEqualTo(403);
        assertThat(send("DELETE", "/api/operator/tenants/" + globex, TestPlatform.token(acme, Role.TENANT_ADMIN)).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/api/tenant/export", null).statusCode()).isEqualTo(401);
        assertThat(rowsPerTable(globex).values().stream().mapToLong(Long::longValue).sum()).isPositive();
    }

    @Test
    void deletingATenantLeavesNoRowOfItInAnyTableAndEveryRowOfOthers() throws Exception {
        Map<String, Long> acmeBefore = rowsPerTable(acme);
        Map<String, Long> globexBefore = rowsPerTable(globex);
        assertThat(acmeBefore.values().stream().filter(count -> count > 0)).hasSizeGreaterThanOrEqualTo(8);

        HttpResponse<String> accepted = send("DELETE", "/api/operator/tenants/" + acme, TestPlatform.operatorToken());

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(accepted.body()).path("status").asString()).isEqualTo("DELETING");
        assertThat(api.get("/api/tenant", TestPlatform.token(acme, Role.TENANT_ADMIN)).status()).isEqualTo(403);
        awaitGone(acme);
        assertThat(rowsPerTable(acme).values()).containsOnly(0L);
        assertThat(rowsPerTable(globex)).isEqualTo(globexBefore);
        assertThat(globalRows(acme)).isZero();
        assertThat(api.get("/api/operator/tenants/" + acme, TestPlatform.operatorToken()).status()).isEqualTo(404);
    }

    @Test
    void aDeletionInterruptedByAStoppedInstanceIsResumedToTheEnd() throws Exception {
        // As if an instance marked the tenant, deleted part of it and died holding a lease that has lapsed.
        superuser("update tenant set status = 'DELETING', deletion_requested_at = now(), deletion_lease_until = now() - interval '1 minute'"
                + " where id = '" + acme + "'");
        superuser("delete from record_change where tenant_id = '" + acme + "'");

        data.resumeLapsed();

        awaitGone(acme);
        assertThat(rowsPerTable(acme).values()).containsOnly(0L);
        assertThat(globalRows(acme)).isZero();
        assertThat(rowsPerTable(globex).get("company")).isEqualTo(2L);
    }

    @Test
    void aTenantBeingDeletedCannotBeReactivated() throws Exception {
        superuser("update tenant set status = 'DELETING', deletion_lease_until = now() + interval '1 hour' where id = '" + acme + "'");

        Api.Response refused = api.post("/api/operator/tenants/" + acme + "/reactivate", TestPlatform.operatorToken(), "{}");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("code").asString()).isEqualTo("CONFLICT");
        superuser("update tenant set deletion_lease_until = null where id = '" + acme + "'");
    }

    private void populate(TenantId tenant, String name) {
        String admin = TestPlatform.token(tenant, Role.TENANT_ADMIN);
        data(admin, "mutation { createField(object: \"company\", input: {apiName: \"tier\", label: \"Tier\", type: {kind: \"TEXT\", maxLength: 20}})"
                + " { metadataVersion } }");
        String created = tenantData(admin, "mutation { createCompanies(data: [{name: \"" + name + " one\", tier: \"gold\"}, {name: \""
                + name + " two\"}]) { id } }").path("createCompanies").get(0).path("id").asString();
        tenantData(admin, "mutation { updateCompany(id: \"" + created + "\", data: {tier: \"silver\"}) { id } }");
        data(admin, "mutation { defineLayout(object: \"company\", input: {name: \"" + name.toLowerCase() + "Form\", form: {sections:"
                + " [{fields: [{field: \"name\"}, {field: \"tier\"}]}]}}) { name } }");
        // A role with a field grant and a record rule, and a claim mapping: the tenant_role* tables hold rows too.
        assertThat(data(admin, "mutation { saveRole(input: {name: \"sales\", grants: [{object: \"company\", operations: [READ],"
                + " fields: [{field: \"tier\"}], readRule: {createdBy: {eq: \"$user\"}}}]}) { name } }").path("saveRole").path("name").asString())
                .isEqualTo("sales");
        assertThat(data(admin, "mutation { setRoleClaimMapping(claim: \"groups\", mappings: [{value: \"sales\", roles: [\"sales\"]}])"
                + " { claim } }").path("setRoleClaimMapping").path("claim").asString()).isEqualTo("groups");
        data(admin, "mutation($config: JSON) { createConnection(input: {connector: \"echo\", name: \"CRM\", config: $config,"
                + " scheduleInterval: \"PT1H\"}) { id } }", Map.of("config", Map.of("apiKey", SECRET, "region", "us")));
    }

    private Map<String, String> export(String path, String token) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HTTP.send(request("GET", path, token).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/zip");
        Map<String, String> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(response.body()))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.put(entry.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(entries.keySet()).last().isEqualTo("manifest.json");
        return entries;
    }

    private HttpResponse<String> send(String method, String path, String token) throws IOException, InterruptedException {
        return HTTP.send(request(method, path, token).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String method, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30));
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private void awaitGone(TenantId tenant) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (api.get("/api/operator/tenants/" + tenant + "/deletion", TestPlatform.operatorToken()).status() == 404) {
                return;
            }
            pause(50);
        }
        throw new AssertionError("the tenant was not deleted within 30 s");
    }

    /** Rows of the tenant in every table with a tenant_id column, as the catalog lists them (read past RLS). */
    private static Map<String, Long> rowsPerTable(TenantId tenant) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection connection = superuser(); Statement tables = connection.createStatement();
                ResultSet names = tables.executeQuery("""
                        select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                          join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
                         where n.nspname = 'public' and c.relkind = 'r' order by 1""")) {
            while (names.next()) {
                String table = names.getString(1);
                try (PreparedStatement count = connection.prepareStatement("select count(*) from \"" + table + "\" where tenant_id = ?::uuid")) {
                    count.setString(1, tenant.toString());
                    try (ResultSet result = count.executeQuery()) {
                        result.next();
                        counts.put(table, result.getLong(1));
                    }
                }
            }
        }
        return counts;
    }

    /** Rows naming the tenant in the tables without tenant_id: the tenant row itself. */
    private static long globalRows(TenantId tenant) throws SQLException {
        try (Connection connection = superuser(); PreparedStatement count = connection.prepareStatement("select count(*) from tenant where id = ?::uuid")) {
            count.setString(1, tenant.toString());
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static void superuser(String sql) throws SQLException {
        try (Connection connection = superuser(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    // The maintenance role that created the test database: a superuser, so row-level security does not hide rows.
    private static Connection superuser() throws SQLException {
        TestDatabase database = TestDatabase.get();
        return DriverManager.getConnection(database.url(), database.ownerUser(), database.ownerPassword());
    }
}
