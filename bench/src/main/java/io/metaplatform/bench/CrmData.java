package io.metaplatform.bench;

import io.metaplatform.core.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Companies, their contacts and the contacts' deals of one tenant, written with bulk SQL as the owner (not
 * measured), with {@code app.tenant_id} set so that row-level security holds. Values are deterministic per
 * row number: a quarter of the companies is ACTIVE, names sort in row order.
 */
final class CrmData {

    private static final String COMPANIES = """
            insert into company (tenant_id, id, name, kind, status, email, phone, zip, city, country, created_at, updated_at,
                                 created_by, updated_by, version)
            select ?::uuid, gen_random_uuid(), 'Company ' || lpad(g::text, 6, '0'), 'b2b',
                   (array['lead', 'active', 'inactive', 'blocked'])[1 + g % 4], 'info' || g || '@example.com',
                   '+49 30 ' || g, lpad((10000 + g % 89999)::text, 5, '0'),
                   (array['Berlin', 'Hamburg', 'Munich', 'Cologne', 'Bonn'])[1 + g % 5], 'DE', now(), now(), 'bench', 'bench', 1
              from generate_series(1, ?) g""";
    private static final String CONTACTS = """
            insert into contact (tenant_id, id, first_name, last_name, email, phone, mobile, position, department, company_id,
                                 is_primary, created_at, updated_at, created_by, updated_by, version)
            select c.tenant_id, gen_random_uuid(), 'First' || k, 'Last ' || c.name || ' ' || lpad(k::text, 3, '0'),
                   'p' || k || '.' || c.email, c.phone || '-' || k, '+49 170 ' || k, 'Position ' || k % 7,
                   'Department ' || k % 5, c.id, k = 1, now(), now(), 'bench', 'bench', 1
              from company c cross join generate_series(1, ?) k
             where c.tenant_id = ?::uuid""";
    private static final String DEALS = """
            insert into deal (tenant_id, id, name, amount, amount_currency, company_id, contact_id, expected_close_date, status,
                              created_at, updated_at, created_by, updated_by, version)
            select p.tenant_id, gen_random_uuid(), 'Deal ' || d || ' of ' || p.last_name, (100 + d * 250)::numeric(18, 2), 'EUR',
                   p.company_id, p.id, date '2027-01-01' + d, 'open', now(), now(), 'bench', 'bench', 1
              from contact p cross join generate_series(1, ?) d
             where p.tenant_id = ?::uuid""";

    private CrmData() {
    }

    /** Fills one tenant: {@code companies}, each with {@code contacts}, each with {@code deals}. */
    static void fill(BenchDatabase database, TenantId tenant, int companies, int contacts, int deals) throws SQLException {
        try (Connection owner = database.owner()) {
            owner.setAutoCommit(false);
            try (PreparedStatement bind = owner.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
                bind.setString(1, tenant.toString());
                bind.execute();
            }
            insert(owner, COMPANIES, tenant, companies, true);
            insert(owner, CONTACTS, tenant, contacts, false);
            insert(owner, DEALS, tenant, deals, false);
            owner.commit();
        }
    }

    /** {@code vacuum (analyze)} of the three tables, so queries run on settled tables with fresh statistics. */
    static void settle(BenchDatabase database) throws SQLException {
        try (Connection owner = database.owner(); Statement statement = owner.createStatement()) {
            statement.execute("vacuum (analyze) company, contact, deal");
        }
    }

    /** The id of the tenant's first company by name: the one the by-id query reads. */
    static String firstCompany(BenchDatabase database, TenantId tenant) throws SQLException {
        try (Connection owner = database.owner()) {
            owner.setAutoCommit(false);
            try (PreparedStatement bind = owner.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
                bind.setString(1, tenant.toString());
                bind.execute();
            }
            try (PreparedStatement first = owner.prepareStatement(
                    "select id from company where tenant_id = ?::uuid order by name, id limit 1")) {
                first.setString(1, tenant.toString());
                try (ResultSet row = first.executeQuery()) {
                    row.next();
                    return row.getString(1);
                } finally {
                    owner.rollback();
                }
            }
        }
    }

    private static void insert(Connection owner, String sql, TenantId tenant, int count, boolean countFirst) throws SQLException {
        try (PreparedStatement statement = owner.prepareStatement(sql)) {
            if (countFirst) {
                statement.setString(1, tenant.toString());
                statement.setInt(2, count);
            } else {
                statement.setInt(1, count);
                statement.setString(2, tenant.toString());
            }
            statement.executeUpdate();
        }
    }
}
