package io.metaplatform.bench;

import io.metaplatform.core.Caller;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantId;
import io.metaplatform.registry.DataRecord;
import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.Filter;
import io.metaplatform.registry.MetadataService;
import io.metaplatform.registry.NewField;
import io.metaplatform.registry.RecordPolicies;
import io.metaplatform.registry.RecordPolicy;
import io.metaplatform.registry.RecordPolicy.ObjectAccess;
import io.metaplatform.registry.RecordQuery;
import io.metaplatform.registry.RecordService;
import io.metaplatform.registry.SortKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * What a record rule costs: the shapes Q1 to Q4 of the GraphQL benchmark, run through {@link RecordService} by a user whose
 * record rule is {@code owner = $user} (on company, contact and deal) and by an unrestricted user, interleaved, on a tenant
 * with 100,000 companies. Prints p50/p95 of both and their ratio; asserts nothing. See {@code bench/README.md}.
 */
public final class RecordRulesBenchmark {

    private static final long STARTED = System.nanoTime();
    private static final String ACTOR = "bench";
    private static final int OWNERS = 10;
    private static final Set<String> RULED = Set.of("company", "contact", "deal");

    /** {@code user-N}: owner rule on company, contact and deal; {@code admin}: everything (the fast path). */
    static final class OwnerRule implements RecordPolicies {
        @Override
        public RecordPolicy policyFor(Caller caller) {
            if (!caller.subject().startsWith("user-")) {
                return RecordPolicy.unrestricted();
            }
            Optional<Filter> mine = Optional.of(Filter.compare("owner", Filter.Operator.EQ, caller.subject()));
            ObjectAccess owned = new ObjectAccess(EnumSet.allOf(RecordPolicy.Operation.class), true, Set.of(), Set.of(), mine, mine);
            return object -> RULED.contains(object) ? owned : ObjectAccess.full();
        }
    }

    private final RecordService records;
    private final MetadataService metadata;
    private final TenantId tenant = TenantId.random();
    private final int companies;
    private final int iterations;
    private final int warmup;

    private RecordRulesBenchmark(ConfigurableApplicationContext context, int companies, int iterations, int warmup) {
        this.records = context.getBean(RecordService.class);
        this.metadata = context.getBean(MetadataService.class);
        this.companies = companies;
        this.iterations = iterations;
        this.warmup = warmup;
    }

    public static void main(String[] arguments) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("records", "100000", "iterations", "300", "warmup", "50",
                "admin-url", "jdbc:postgresql://127.0.0.1:5432/postgres", "admin-user", "postgres", "admin-password", ""));
        Stream.of(arguments).flatMap(argument -> Arrays.stream(argument.strip().split("\\s+"))).filter(argument -> argument.startsWith("--"))
                .forEach(argument -> {
                    if (argument.equals("--quick")) {
                        options.putAll(Map.of("records", "5000", "iterations", "50", "warmup", "10"));
                    } else if (argument.contains("=")) {
                        options.put(argument.substring(2, argument.indexOf('=')), argument.substring(argument.indexOf('=') + 1));
                    }
                });
        try (BenchDatabase database = BenchDatabase.create(options.get("admin-url"), options.get("admin-user"), options.get("admin-password"))) {
            progress("database " + database.name() + " created; starting the registry");
            try (ConfigurableApplicationContext context = BenchApplication.start(database,
                    // Primary: the roles model's RoleService is a RecordPolicies too; the benchmark's rule takes its place.
                    initializing -> ((GenericApplicationContext) initializing).registerBean("recordPolicies", RecordPolicies.class,
                            OwnerRule::new, definition -> definition.setPrimary(true)))) {
                new RecordRulesBenchmark(context, Integer.parseInt(options.get("records")), Integer.parseInt(options.get("iterations")),
                        Integer.parseInt(options.get("warmup"))).run(database);
            }
        }
        System.out.printf("%ntotal run time %.0f s; database dropped%n", (System.nanoTime() - STARTED) / 1e9);
        System.exit(0);
    }

    // Owners change every third company, so each owner has companies of every status (i % OWNERS would give user-0 no
    // ACTIVE company at all, since the status cycles by 4) and spread over the whole name order.
    private static String owner(int row) {
        return "user-" + row / 3 % OWNERS;
    }

    private static void progress(String message) {
        System.err.printf("[bench %4.0fs] %s%n", (System.nanoTime() - STARTED) / 1e9, message);
    }

    private void run(BenchDatabase database) throws Exception {
        Environment.Facts facts = Environment.facts(database);
        UUID owned = fill();
        awaitIndexed();
        progress("vacuum (analyze)");
        CrmData.settle(database);
        Caller restricted = new Caller("user-0", Caller.Kind.USER, Set.of(), Map.of());
        Caller unrestricted = new Caller("admin", Caller.Kind.USER, Set.of(), Map.of());
        Map<String, Supplier<Integer>> shapes = new LinkedHashMap<>();
        shapes.put("Q1 by id, 5 fields", () -> records.get("company", owned).map(record -> 1).orElse(0));
        shapes.put("Q2 filtered sorted page of 20", () -> records.list("company", RecordQuery.firstPage(20)
                .where(Filter.compare("status", Filter.Operator.EQ, "ACTIVE")).orderBy(SortKey.asc("name"))).records().size());
        shapes.put("Q3 20 parents x 10 children", this::parentsAndChildren);
        shapes.put("Q4 3 levels + to-one lookup", this::threeLevels);
        System.out.printf("%nRecord rules benchmark (RecordService, no HTTP)%n");
        System.out.printf("machine: %s, %d cores, %.0f GB RAM; %s; %s%n", facts.cpu(), facts.cores(), facts.memoryBytes() / 1e9, facts.os(),
                facts.jdk());
        System.out.printf("database: %s%n", facts.postgres());
        System.out.printf("%,d companies (owner: %d users in turns of 3, so user-0 owns %,d); rule owner = $user on company, contact, deal; "
                + "%d warm-up + %d timed runs per shape and user, interleaved%n%n", companies, OWNERS, companies / OWNERS, warmup, iterations);
        System.out.printf("%-32s %10s %10s %10s %10s %8s %8s%n", "shape", "rule p50", "rule p95", "full p50", "full p95", "p50 x", "rows");
        for (Map.Entry<String, Supplier<Integer>> shape : shapes.entrySet()) {
            long[] ruled = new long[iterations];
            long[] full = new long[iterations];
            int rows = 0;
            for (int i = -warmup; i < iterations; i++) {
                long a = time(restricted, shape.getValue());
                long b = time(unrestricted, shape.getValue());
                if (i >= 0) {
                    ruled[i] = a;
                    full[i] = b;
                }
            }
            rows = as(restricted, shape.getValue());
            Arrays.sort(ruled);
            Arrays.sort(full);
            System.out.printf("%-32s %8.2fms %8.2fms %8.2fms %8.2fms %7.2fx %8d%n", shape.getKey(), ms(ruled, 50), ms(ruled, 95), ms(full, 50),
                    ms(full, 95), ms(ruled, 50) / ms(full, 50), rows);
        }
        System.out.printf("%nload average (1 min) at the end: %.2f%n", Environment.loadAverage());
    }

    private void awaitIndexed() throws InterruptedException {
        for (String object : List.of("company", "contact")) {
            while (!TenantContext.callAs(tenant, () -> metadata.schema().object(object).orElseThrow().field("owner").orElseThrow().storage()
                    instanceof io.metaplatform.registry.Storage.CustomKey key && key.indexReady())) {
                Thread.sleep(200);
            }
        }
        progress("owner indexes ready");
    }

    private long time(Caller caller, Supplier<Integer> shape) {
        long start = System.nanoTime();
        as(caller, shape);
        return System.nanoTime() - start;
    }

    private <T> T as(Caller caller, Supplier<T> work) {
        return TenantContext.callAs(tenant, () -> Caller.callAs(caller, work));
    }

    private static double ms(long[] sorted, int percentile) {
        return sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)] / 1e6;
    }

    private int parentsAndChildren() {
        List<UUID> parents = records.list("company", RecordQuery.firstPage(20).orderBy(SortKey.asc("name"))).records().stream()
                .map(DataRecord::id).toList();
        return records.listByParents("contact", "company", parents, RecordQuery.firstPage(10).orderBy(SortKey.asc("lastName"))).values().stream()
                .mapToInt(page -> page.records().size()).sum() + parents.size();
    }

    private int threeLevels() {
        List<UUID> parents = records.list("company", RecordQuery.firstPage(10).orderBy(SortKey.asc("name"))).records().stream()
                .map(DataRecord::id).toList();
        List<UUID> contacts = records.listByParents("contact", "company", parents, RecordQuery.firstPage(5)).values().stream()
                .flatMap(page -> page.records().stream()).map(DataRecord::id).toList();
        List<DataRecord> deals = records.listByParents("deal", "contact", contacts, RecordQuery.firstPage(5)).values().stream()
                .flatMap(page -> page.records().stream()).toList();
        List<UUID> lookedUp = deals.stream().map(deal -> (UUID) deal.get("company")).filter(java.util.Objects::nonNull).distinct().toList();
        return parents.size() + contacts.size() + deals.size() + records.getMany("company", lookedUp).size();
    }

    /**
     * Companies through {@code createMany} (owner in turn, names in row order, a quarter ACTIVE); for the first companies of the
     * name order 5 contacts each, and for the first of those 5 deals per contact, owned like their company. Returns a company
     * of user-0.
     */
    private UUID fill() {
        progress("owner field on company and contact (indexed); deal has its own owner column");
        TenantContext.callAs(tenant, () -> {
            for (String object : List.of("company", "contact")) {
                metadata.createField(object, new NewField("owner", null, null, new FieldType.Text(100), null, null, true), ACTOR);
            }
            return null;
        });
        List<DataRecord> created = new ArrayList<>();
        for (int start = 0; start < companies; start += 1000) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = start; i < Math.min(companies, start + 1000); i++) {
                batch.add(Map.of("name", String.format("Company %06d", i), "status", List.of("LEAD", "ACTIVE", "INACTIVE", "BLOCKED").get(i % 4),
                        "city", List.of("Berlin", "Hamburg", "Munich", "Cologne", "Bonn").get(i % 5), "email", "info" + i + "@example.com",
                        "owner", owner(i)));
            }
            created.addAll(TenantContext.callAs(tenant, () -> records.createMany("company", batch, null, ACTOR)));
            if (start % 20_000 == 0) {
                progress("companies: " + created.size() + " of " + companies);
            }
        }
        int withContacts = Math.min(companies, 2_000);
        List<DataRecord> contacts = new ArrayList<>();
        for (int start = 0; start < withContacts; start += 100) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (DataRecord company : created.subList(start, Math.min(withContacts, start + 100))) {
                for (int k = 0; k < 5; k++) {
                    batch.add(Map.of("lastName", "Last " + company.get("name") + " " + k, "company", company.id().toString(), "owner",
                            company.get("owner")));
                }
            }
            contacts.addAll(TenantContext.callAs(tenant, () -> records.createMany("contact", batch, null, ACTOR)));
        }
        progress("contacts: " + contacts.size());
        int withDeals = Math.min(contacts.size(), 1_000);
        for (int start = 0; start < withDeals; start += 100) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (DataRecord contact : contacts.subList(start, Math.min(withDeals, start + 100))) {
                for (int d = 0; d < 5; d++) {
                    batch.add(Map.of("name", "Deal " + d + " of " + contact.get("lastName"), "contact", contact.id().toString(), "company",
                            contact.get("company").toString(), "owner", contact.get("owner"), "amount", 100 + d * 250));
                }
            }
            TenantContext.callAs(tenant, () -> records.createMany("deal", batch, null, ACTOR));
        }
        progress("deals: " + withDeals * 5);
        return created.stream().filter(company -> "user-0".equals(company.get("owner"))).findFirst().orElseThrow().id();
    }
}
