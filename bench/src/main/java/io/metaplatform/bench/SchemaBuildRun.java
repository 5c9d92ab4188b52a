package io.metaplatform.bench;

import io.metaplatform.core.DevIssuer;
import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Schema build time and retained heap per customised tenant: tenants are added in stages up to each count of
 * {@code --schema-tenants}, each with its own custom fields (distinct names, so no two share a schema), then each new
 * tenant's first data request (which assembles its metadata and builds its GraphQL schema) is timed, one at a time,
 * and the heap measured after a full GC before and after.
 */
final class SchemaBuildRun {

    private static final String[] KINDS = {"{kind: \"TEXT\", maxLength: 80}", "{kind: \"INTEGER\"}", "{kind: \"DECIMAL\"}",
        "{kind: \"DATE\"}", "{kind: \"BOOLEAN\"}", "{kind: \"CURRENCY\"}",
        "{kind: \"SELECT\", options: [{value: \"A\", label: \"A\"}, {value: \"B\", label: \"B\"}]}",
        "{kind: \"DATETIME\"}", "{kind: \"JSON\"}", "{kind: \"PERCENT\"}"};
    private static final String[] OBJECTS = {"company", "contact", "deal"};
    private static final String PROBE = "{ __typename }";

    /** One stage: the tenants in total, the first-request and cached-request latencies of its new tenants, the heap. */
    record Stage(int tenants, int added, Latencies firstRequest, Latencies cachedRequest, long heapStart, long heapBefore,
            long heapAfter, double setupSeconds) {

        /** Heap retained per new tenant by its first data request: the GraphQL schema and what it holds. */
        double schemaHeapPerTenant() {
            return (heapAfter - heapBefore) / (double) added;
        }

        /** Heap retained per new tenant by everything: metadata caches of the admin changes and the schema. */
        double totalHeapPerTenant() {
            return (heapAfter - heapStart) / (double) added;
        }
    }

    private final GraphQlClient client;
    private final DevIssuer issuer;
    private final Tenants tenants;
    private final int fields;

    SchemaBuildRun(GraphQlClient client, DevIssuer issuer, Tenants tenants, int fields) {
        this.client = client;
        this.issuer = issuer;
        this.tenants = tenants;
        this.fields = fields;
    }

    List<Stage> run(List<Integer> counts) throws Exception {
        List<Stage> stages = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int count : counts) {
            long start = usedHeap();
            long started = System.nanoTime();
            GraphQlBenchmark.progress("schema run: customising tenants " + (tokens.size() + 1) + " to " + count);
            List<String> added = customise(tokens.size(), count);
            double setup = (System.nanoTime() - started) / 1e9;
            long before = usedHeap();
            Latencies first = probe(added);
            long after = usedHeap();
            Latencies cached = probe(added);
            tokens.addAll(added);
            stages.add(new Stage(count, added.size(), first, cached, start, before, after, setup));
        }
        return stages;
    }

    /** Creates tenants {@code from} to {@code to - 1} with their custom fields, four at a time; returns their user tokens. */
    private List<String> customise(int from, int to) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> created = new ArrayList<>();
            for (int i = from; i < to; i++) {
                int index = i;
                created.add(pool.submit(() -> customise(index)));
            }
            List<String> tokens = new ArrayList<>();
            for (Future<String> future : created) {
                tokens.add(future.get());
            }
            return tokens;
        } finally {
            pool.shutdownNow();
        }
    }

    private String customise(int index) {
        TenantId tenant = tenants.create("schema-" + index);
        StringBuilder mutation = new StringBuilder("mutation {");
        for (int f = 0; f < fields; f++) {
            mutation.append(" f").append(f).append(": createField(object: \"").append(OBJECTS[f % OBJECTS.length])
                    .append("\", input: {apiName: \"t").append(index).append("x").append(f).append("\", type: ")
                    .append(KINDS[f % KINDS.length]).append("}) { metadataVersion }");
        }
        String admin = issuer.mint(DevIssuer.TokenRequest.of("admin", tenant, Role.TENANT_ADMIN));
        client.data("/graphql/admin", admin, mutation + " }");
        // The admin's schema: new custom fields are the tenant admin's until granted, and this run measures them.
        return admin;
    }

    private Latencies probe(List<String> tokens) {
        long[] nanos = new long[tokens.size()];
        for (int i = 0; i < tokens.size(); i++) {
            GraphQlClient.Reply reply = client.graphQl("/graphql", tokens.get(i), PROBE);
            if (!reply.ok()) {
                throw new IllegalStateException("schema probe failed: " + reply.body());
            }
            nanos[i] = reply.nanos();
        }
        return Latencies.of(nanos);
    }

    /** Used heap after three full GCs. */
    static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
