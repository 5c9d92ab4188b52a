package io.metaplatform.bench;

import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantId;
import io.metaplatform.registry.ApiName;
import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.Filter;
import io.metaplatform.registry.MetadataService;
import io.metaplatform.registry.NewField;
import io.metaplatform.registry.NewValidationRule;
import io.metaplatform.registry.RecordQuery;
import io.metaplatform.registry.RecordService;
import io.metaplatform.registry.SortKey;
import io.metaplatform.registry.ValidationRuleService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Derived fields' costs, printed: (1) a page of 50 invoices with a rollup over 20 payments each (and a formula over
 * it) against the same page without them, and the create of one payment; (2) filter plus sort on a formula over two
 * columns against the same on a plain column, on 100,000 invoices. Run with
 * {@code ./mvnw -q -pl bench -am package -DskipTests -Pbench -Dbench.main=io.metaplatform.bench.DerivedFieldsBenchmark}
 * ({@code -Dbench.args="--invoices=20000"} for a shorter run).
 */
public final class DerivedFieldsBenchmark {

    private static final String ACTOR = "bench";
    private static final int ITERATIONS = 50;
    private static final int WARMUP = 10;

    private final MetadataService metadata;
    private final RecordService records;
    private final ValidationRuleService rules;
    private final BenchDatabase database;

    private DerivedFieldsBenchmark(ConfigurableApplicationContext context, BenchDatabase database) {
        this.metadata = context.getBean(MetadataService.class);
        this.records = context.getBean(RecordService.class);
        this.rules = context.getBean(ValidationRuleService.class);
        this.database = database;
    }

    public static void main(String[] arguments) throws Exception {
        int invoices = 100_000;
        for (String argument : String.join(" ", arguments).strip().split("\\s+")) {
            if (argument.startsWith("--invoices=")) {
                invoices = Integer.parseInt(argument.substring("--invoices=".length()));
            }
        }
        try (BenchDatabase database = BenchDatabase.create(System.getProperty("bench.adminUrl", "jdbc:postgresql://127.0.0.1:5432/postgres"),
                "postgres", "")) {
            RegistryBenchmark.progress("database " + database.name() + " created; starting the registry");
            try (ConfigurableApplicationContext context = BenchApplication.start(database)) {
                DerivedFieldsBenchmark benchmark = new DerivedFieldsBenchmark(context, database);
                benchmark.rollups();
                benchmark.formulaFilterAndSort(invoices);
            }
        }
    }

    private void rollups() throws Exception {
        TenantId tenant = TenantId.random();
        as(tenant, () -> metadata.createField("invoice", new NewField("paid", null, null, new FieldType.Rollup(ApiName.of("payments"),
                ApiName.of("amount"), FieldType.RollupFunction.SUM, null, 2), null, null), ACTOR));
        as(tenant, () -> metadata.createField("invoice", new NewField("open", null, null,
                new FieldType.Formula("totalGross - paid", FieldType.ResultKind.CURRENCY, 2), null, null), ACTOR));
        UUID company = as(tenant, () -> records.create("company", Map.of("name", "Acme"), ACTOR)).id();
        RegistryBenchmark.progress("rollups: 1,000 invoices with 20 payments each");
        List<UUID> invoices = new ArrayList<>();
        for (int batch = 0; batch < 10; batch++) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                rows.add(Map.of("number", "R-" + (batch * 100 + i), "company", company, "totalGross", Map.of("amount", "1000")));
            }
            as(tenant, () -> records.createMany("invoice", rows, null, ACTOR)).forEach(record -> invoices.add(record.id()));
        }
        for (int from = 0; from < invoices.size(); from += 25) {
            List<Map<String, Object>> payments = new ArrayList<>();
            for (UUID invoice : invoices.subList(from, from + 25)) {
                for (int p = 0; p < 20; p++) {
                    payments.add(Map.of("invoice", invoice, "amount", Map.of("amount", "12.50"), "date", "2026-12-01"));
                }
            }
            as(tenant, () -> records.createMany("payment", payments, null, ACTOR));
        }
        analyze();
        TenantId plain = TenantId.random();
        UUID plainCompany = as(plain, () -> records.create("company", Map.of("name", "Acme"), ACTOR)).id();
        for (int batch = 0; batch < 10; batch++) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                rows.add(Map.of("number", "R-" + (batch * 100 + i), "company", plainCompany, "totalGross", Map.of("amount", "1000")));
            }
            as(plain, () -> records.createMany("invoice", rows, null, ACTOR));
        }
        analyze();
        RecordQuery page = RecordQuery.firstPage(50).orderBy(SortKey.asc("number"));
        Latencies withRollup = time(() -> as(tenant, () -> records.list("invoice", page)));
        Latencies without = time(() -> as(plain, () -> records.list("invoice", page)));
        Latencies byOpen = time(() -> as(tenant, () -> records.list("invoice", RecordQuery.firstPage(50).orderBy(SortKey.desc("open")))));
        Random random = new Random(7);
        Runnable pay = () -> as(tenant, () -> records.create("payment", Map.of("invoice", invoices.get(random.nextInt(invoices.size())),
                "amount", Map.of("amount", "0.01"), "date", "2026-12-02"), ACTOR));
        Latencies payment = time(pay);
        // The built-in rule notMoreThanBalance (invoice.balance >= 0) is checked in SQL after each payment's write;
        // switched off, the same create shows what the rule (kept parsed per metadata version) costs.
        as(tenant, () -> rules.update("payment", "notMoreThanBalance", new NewValidationRule(null, null, null, null, false)));
        Latencies unruled = time(pay);
        as(tenant, () -> rules.update("payment", "notMoreThanBalance", new NewValidationRule(null, null, null, null, true)));
        // Formulas over formulas over the rollup: each reference inlines the referenced field's SQL, so the payments'
        // aggregate is computed once for paid, once in open, once in c1, twice in c2 and three times in c3 per row.
        as(tenant, () -> metadata.createField("invoice", new NewField("c1", null, null,
                new FieldType.Formula("open * 2", FieldType.ResultKind.CURRENCY, 2), null, null), ACTOR));
        as(tenant, () -> metadata.createField("invoice", new NewField("c2", null, null,
                new FieldType.Formula("c1 + open", FieldType.ResultKind.CURRENCY, 2), null, null), ACTOR));
        as(tenant, () -> metadata.createField("invoice", new NewField("c3", null, null,
                new FieldType.Formula("c2 + c1", FieldType.ResultKind.CURRENCY, 2), null, null), ACTOR));
        Latencies chained = time(() -> as(tenant, () -> records.list("invoice", page)));
        System.out.println();
        System.out.println("Rollups (1,000 invoices x 20 payments; " + ITERATIONS + " timed calls after " + WARMUP + " warm-up)");
        print("page of 50 invoices with rollup paid + formula open", withRollup);
        print("same page, tenant without derived fields", without);
        print("page of 50 invoices sorted by formula open (over the rollup)", byOpen);
        print("create of one payment (rollup needs no maintenance; built-in rule checked)", payment);
        print("create of one payment, rule notMoreThanBalance deactivated", unruled);
        print("page of 50 invoices, plus formulas c1..c3 chained over open (aggregate 9x per row)", chained);
        System.out.printf("ratio payment create with rule / without (p50): %.2f%n", payment.p50() / unruled.p50());
        System.out.printf("ratio page with chained formulas / without (p50): %.2f%n", chained.p50() / withRollup.p50());
    }

    private void formulaFilterAndSort(int count) throws Exception {
        TenantId tenant = TenantId.random();
        as(tenant, () -> metadata.createField("invoice", new NewField("gross2", null, null,
                new FieldType.Formula("totalNet + totalTax", FieldType.ResultKind.CURRENCY, 2), null, null), ACTOR));
        UUID company = as(tenant, () -> records.create("company", Map.of("name", "Acme"), ACTOR)).id();
        RegistryBenchmark.progress("formulas: " + count + " invoices");
        Random random = new Random(42);
        for (int done = 0; done < count; done += 1000) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < Math.min(1000, count - done); i++) {
                int net = random.nextInt(100_000);
                int tax = net * 19 / 100;
                rows.add(Map.of("number", "F-" + (done + i), "company", company, "totalNet", Map.of("amount", net),
                        "totalTax", Map.of("amount", tax), "totalGross", Map.of("amount", net + tax)));
            }
            as(tenant, () -> records.createMany("invoice", rows, null, ACTOR));
            if (done % 20_000 == 0) {
                RegistryBenchmark.progress("  " + done);
            }
        }
        analyze();
        RecordQuery formula = RecordQuery.firstPage(50).where(Filter.compare("gross2", Filter.Operator.GT, "60000"))
                .orderBy(SortKey.desc("gross2"));
        RecordQuery plain = RecordQuery.firstPage(50).where(Filter.compare("totalGross", Filter.Operator.GT, "60000"))
                .orderBy(SortKey.desc("totalGross"));
        Latencies onFormula = time(() -> as(tenant, () -> records.list("invoice", formula)));
        Latencies onColumn = time(() -> as(tenant, () -> records.list("invoice", plain)));
        System.out.println();
        System.out.println("Formula filter + sort (" + count + " invoices of one tenant, page of 50)");
        print("filter gross2 > 60000, order by gross2 desc (formula totalNet + totalTax)", onFormula);
        print("filter totalGross > 60000, order by totalGross desc (plain column)", onColumn);
        System.out.printf("ratio formula/plain (p50): %.2f%n", onFormula.p50() / onColumn.p50());
    }

    private void analyze() throws Exception {
        try (Connection connection = DriverManager.getConnection(database.url(), database.ownerUser(), database.ownerPassword())) {
            connection.createStatement().execute("analyze");
        }
    }

    private static Latencies time(Runnable call) {
        for (int i = 0; i < WARMUP; i++) {
            call.run();
        }
        long[] nanos = new long[ITERATIONS];
        for (int i = 0; i < ITERATIONS; i++) {
            long start = System.nanoTime();
            call.run();
            nanos[i] = System.nanoTime() - start;
        }
        return Latencies.of(nanos);
    }

    private static void print(String what, Latencies latencies) {
        System.out.printf("  %-80s p50 %7.2f ms  p95 %7.2f ms  max %7.2f ms%n", what, latencies.p50(), latencies.p95(), latencies.max());
    }

    private static <T> T as(TenantId tenant, Supplier<T> work) {
        return TenantContext.callAs(tenant, work);
    }
}
