package io.metaplatform.bench;

import io.metaplatform.core.DevIssuer;
import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tenant export of {@code --records} companies (default 1,000,000) through the real server's operator API,
 * the archive read and discarded by the client. Prints, once a second, how much of the archive has arrived
 * and the heap in use by the JVM (server and client share it), then the rate: an export streams through a
 * cursor, so the heap must not grow with the number of records.
 */
public final class TenantExportBenchmark {

    private TenantExportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int records = option(args, "records", "1000000", Integer::parseInt);
        String adminUrl = option(args, "admin-url", "jdbc:postgresql://127.0.0.1:5432/postgres", text -> text);
        String adminUser = option(args, "admin-user", "postgres", text -> text);
        String adminPassword = option(args, "admin-password", "", text -> text);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.out.println("== Tenant export ==");
        System.out.printf("machine     %d cores, JDK %s, max heap %,d MB%n", Runtime.getRuntime().availableProcessors(),
                Runtime.version(), Runtime.getRuntime().maxMemory() >> 20);
        try (BenchDatabase database = BenchDatabase.create(adminUrl, adminUser, adminPassword);
             ServerUnderTest server = ServerUnderTest.start(database, 10)) {
            GraphQlClient client = new GraphQlClient(server.port());
            TenantId tenant = new Tenants(client, server.issuer()).create("Export bench");
            long filled = System.nanoTime();
            fill(database, tenant, records);
            System.out.printf("records     %,d companies inserted in %.1f s%n", records, (System.nanoTime() - filled) / 1e9);
            System.gc();
            long before = memory.getHeapMemoryUsage().getUsed();
            System.out.printf("heap        %,d MB in use before the export (after a GC)%n%n", before >> 20);
            System.out.println("  seconds     archive MB     heap used MB     live after last GC MB");
            String operator = server.issuer().mint(DevIssuer.TokenRequest.of("bench-operator", null, Role.PLATFORM_OPERATOR));
            AtomicLong received = new AtomicLong();
            AtomicLong peak = new AtomicLong();
            AtomicLong peakLive = new AtomicLong();
            long start = System.nanoTime();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> {
                long used = memory.getHeapMemoryUsage().getUsed();
                long live = liveAfterLastGc();
                peak.accumulateAndGet(used, Math::max);
                peakLive.accumulateAndGet(live, Math::max);
                System.out.printf("  %7.1f %14.1f %16d %25d%n", (System.nanoTime() - start) / 1e9, received.get() / 1048576.0,
                        used >> 20, live >> 20);
            }, 1, 1, TimeUnit.SECONDS);
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + server.port() + "/api/operator/tenants/" + tenant + "/export"))
                    .header("Authorization", "Bearer " + operator).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("export refused (" + response.statusCode() + ")");
            }
            byte[] buffer = new byte[64 * 1024];
            try (InputStream body = response.body()) {
                for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
                    received.addAndGet(read);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            sampler.shutdownNow();
            System.out.printf("%nexport      %,d records, %,.1f MB zipped in %.1f s: %,.0f records/s%n", records,
                    received.get() / 1048576.0, seconds, records / seconds);
            System.out.printf("heap        %,d MB before; during the export at most %,d MB in use (garbage included) and at most %,d MB"
                    + " live after a GC (samples once a second)%n", before >> 20, peak.get() >> 20, peakLive.get() >> 20);
        }
    }

    // What the last collection of each heap pool left: the live data, without the garbage a sample of "used" includes.
    private static long liveAfterLastGc() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null)
                .mapToLong(pool -> pool.getCollectionUsage().getUsed()).sum();
    }

    // As the maintenance role (a superuser: row-level security does not apply), one statement.
    private static void fill(BenchDatabase database, TenantId tenant, int records) throws Exception {
        try (Connection connection = database.owner(); PreparedStatement insert = connection.prepareStatement("""
                insert into company (tenant_id, id, name, customer_number, email, city, country, notes, custom,
                                     created_at, updated_at, created_by, updated_by, version)
                select ?::uuid, gen_random_uuid(), 'Company ' || g, 'C-' || g, 'c' || g || '@example.com', 'Berlin', 'DE',
                       'Customer since ' || (2000 + g % 25), jsonb_build_object('tier', 'gold', 'seats', g % 100),
                       now(), now(), 'bench', 'bench', 1
                  from generate_series(1, ?) g""")) {
            insert.setString(1, tenant.toString());
            insert.setInt(2, records);
            insert.executeUpdate();
            try (Statement analyze = connection.createStatement()) {
                analyze.execute("analyze company");
            }
        }
    }

    private static <T> T option(String[] args, String name, String fallback, java.util.function.Function<String, T> parse) {
        return parse.apply(Arrays.stream(args).filter(arg -> arg.startsWith("--" + name + "=")).map(arg -> arg.substring(name.length() + 3))
                .findFirst().orElse(fallback));
    }
}
