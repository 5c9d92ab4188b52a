package io.metaplatform.bench;

import io.metaplatform.core.DevIssuer;
import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What a GraphQL schema per permission set costs (issue 15): one tenant, {@code sets} roles that each grant READ on
 * the built-in fields of every built-in object but one (so no two share a schema, and each is nearly the whole
 * schema, the expensive case), one user per role through the tenant's claim mapping. Each user's first data request
 * builds that permission set's schema and is timed; the heap after full GCs before and after gives the retained
 * heap per schema. The admin's schema (everything) is built first, as the baseline of one schema per tenant.
 */
final class PermissionSchemaRun {

    private static final String CLAIM = "groups";
    private static final String PROBE = "{ __typename }";

    /** The figures: first-request (schema build) and cached latencies, heap retained per schema, objects per schema. */
    record Figures(int sets, int objects, double adminFirstMillis, Latencies firstRequest, Latencies cachedRequest, long heapBefore,
            long heapAfter) {

        double heapPerSchema() {
            return (heapAfter - heapBefore) / (double) sets;
        }
    }

    private final GraphQlClient client;
    private final DevIssuer issuer;
    private final Tenants tenants;

    PermissionSchemaRun(GraphQlClient client, DevIssuer issuer, Tenants tenants) {
        this.client = client;
        this.issuer = issuer;
        this.tenants = tenants;
    }

    Figures run(int sets) throws InterruptedException {
        TenantId tenant = tenants.create("permission-sets");
        String admin = issuer.mint(DevIssuer.TokenRequest.of("admin", tenant, Role.TENANT_ADMIN));
        List<String> objects = new ArrayList<>();
        for (JsonNode object : client.data("/graphql/admin", admin, "{ objects { apiName builtIn } }").path("objects")) {
            if (object.path("builtIn").asBoolean()) {
                objects.add(object.path("apiName").asString());
            }
        }
        int count = Math.min(sets, objects.size());
        GraphQlBenchmark.progress("permission schema run: " + count + " roles over " + objects.size() + " built-in objects");
        StringBuilder mappings = new StringBuilder();
        for (int i = 0; i < count; i++) {
            StringBuilder grants = new StringBuilder();
            for (int o = 0; o < objects.size(); o++) {
                if (o != i) {
                    grants.append("{object: \"").append(objects.get(o)).append("\", operations: [READ], fieldScope: BUILT_IN} ");
                }
            }
            client.data("/graphql/admin", admin, "mutation { saveRole(input: {name: \"bench-" + i + "\", grants: [" + grants + "]}) { name } }");
            mappings.append("{value: \"g").append(i).append("\", roles: [\"bench-").append(i).append("\"]} ");
        }
        client.data("/graphql/admin", admin, "mutation { setRoleClaimMapping(claim: \"" + CLAIM + "\", mappings: [" + mappings + "]) { claim } }");

        double adminFirst = probe(admin) / 1e6;
        List<String> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            DevIssuer.TokenRequest request = DevIssuer.TokenRequest.of("user-" + i, tenant, Role.TENANT_USER);
            users.add(issuer.sign(issuer.claims(request, Clock.systemUTC()).claim(CLAIM, List.of("g" + i)).build()));
        }
        long before = SchemaBuildRun.usedHeap();
        long[] first = new long[count];
        for (int i = 0; i < count; i++) {
            first[i] = probe(users.get(i));
        }
        long after = SchemaBuildRun.usedHeap();
        long[] cached = new long[count];
        for (int i = 0; i < count; i++) {
            cached[i] = probe(users.get(i));
        }
        return new Figures(count, objects.size() - 1, adminFirst, Latencies.of(first), Latencies.of(cached), before, after);
    }

    static void print(Figures figures) {
        System.out.printf("%nSchema per permission set (one tenant; %d roles, each READ on the built-in fields of %d built-in objects, a"
                + " different one left out; one user per role)%n", figures.sets(), figures.objects());
        System.out.printf("%6s | %-26s %10s | %14s %11s | %s%n", "sets", "first request p50/p95/max ms", "cached p50", "heap/schema",
                "heap used", "admin's first request ms");
        System.out.printf("%6d | %8.1f %8.1f %8.1f %10.2f | %11.2f MB %8.0f MB | %.1f%n", figures.sets(), figures.firstRequest().p50(),
                figures.firstRequest().p95(), figures.firstRequest().max(), figures.cachedRequest().p50(), figures.heapPerSchema() / 1e6,
                figures.heapAfter() / 1e6, figures.adminFirstMillis());
        System.out.printf("(first request: a user's first data request, which builds the GraphQL schema of its permission set; the "
                + "tenant's metadata is assembled once, by the admin's first request before; heap/schema: used heap after full GCs, "
                + "difference over the sets; a tenant keeps at most 32 schemas, least recently used out)%n");
    }

    private long probe(String token) {
        GraphQlClient.Reply reply = client.graphQl("/graphql", token, PROBE);
        if (!reply.ok()) {
            throw new IllegalStateException("permission schema probe failed: " + reply.body());
        }
        return reply.nanos();
    }
}
