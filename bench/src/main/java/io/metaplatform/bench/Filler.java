package io.metaplatform.bench;

import io.metaplatform.core.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Company records of the other tenants, written with bulk SQL as the owner (not measured): one
 * {@code insert ... select from generate_series} per tenant, on as many connections as there are cores.
 * Each statement runs with {@code app.tenant_id} set, so row-level security holds even for an owner
 * that is not a superuser.
 */
final class Filler {

    private static final int TENANTS_PER_COMMIT = 25;

    private final BenchDatabase database;
    private final String insert;

    Filler(BenchDatabase database, Map<String, String> customKeys) {
        this.database = database;
        this.insert = CompanyData.fillerInsert(customKeys);
    }

    /** Inserts {@code records} company records for each of {@code tenants}. */
    void fill(List<TenantId> tenants, int records) throws Exception {
        if (tenants.isEmpty() || records == 0) {
            return;
        }
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), tenants.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<TenantId> share = share(tenants, t, threads);
                parts.add(pool.submit(() -> insert(share, records)));
            }
            for (Future<Void> part : parts) {
                part.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@code vacuum (analyze)} of the company table, so every run queries a settled table with fresh statistics. */
    void settle() throws SQLException {
        try (Connection owner = database.owner(); Statement statement = owner.createStatement()) {
            statement.execute("vacuum (analyze) company");
        }
    }

    private Void insert(List<TenantId> tenants, int records) throws SQLException {
        try (Connection owner = database.owner()) {
            owner.setAutoCommit(false);
            try (PreparedStatement bind = owner.prepareStatement("select set_config('app.tenant_id', ?, true)");
                    PreparedStatement rows = owner.prepareStatement(insert)) {
                for (int i = 0; i < tenants.size(); i++) {
                    bind.setString(1, tenants.get(i).toString());
                    bind.execute();
                    rows.setString(1, tenants.get(i).toString());
                    rows.setInt(2, records);
                    rows.executeUpdate();
                    if ((i + 1) % TENANTS_PER_COMMIT == 0) {
                        owner.commit();
                    }
                }
            }
            owner.commit();
        }
        return null;
    }

    private static List<TenantId> share(List<TenantId> tenants, int part, int parts) {
        List<TenantId> share = new ArrayList<>();
        for (int i = part; i < tenants.size(); i += parts) {
            share.add(tenants.get(i));
        }
        return share;
    }
}
