package io.metaplatform.registry;

import static io.metaplatform.registry.Aggregation.Function.AVG;
import static io.metaplatform.registry.Aggregation.Function.COUNT;
import static io.metaplatform.registry.Aggregation.Function.COUNT_DISTINCT;
import static io.metaplatform.registry.Aggregation.Function.MAX;
import static io.metaplatform.registry.Aggregation.Function.MIN;
import static io.metaplatform.registry.Aggregation.Function.SUM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.Violation;
import io.metaplatform.registry.Aggregation.DateBucket;
import io.metaplatform.registry.Aggregation.GroupKey;
import io.metaplatform.registry.Aggregation.Metric;
import io.metaplatform.registry.Aggregation.Row;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.jooq.DSLContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Aggregates over the live records of a custom object with every groupable and aggregatable type, and
 * over typed columns of built-in objects. The data set (one tenant for the class):
 *
 * <pre>
 *      amount  qty  price  region  customer  paid   soldOn      soldAt (UTC)          note
 * s1   10.00   1    5      NORTH   A         true   2026-01-05  2026-02-01T01:30Z     x
 * s2   20.00   2    15     NORTH   A         false  2026-01-20  2026-02-15T10:00Z     x
 * s3   30.00   3    25     SOUTH   B         true   2026-02-10  2026-02-28T21:00Z     y
 * s4   40.00   -    -      SOUTH   -         true   2025-12-31  2025-12-31T23:59:59Z  -
 * s5   -       5    50     -       B         -      -           -                     z
 * s6   deleted: 1000.00 100 1000 NORTH A true 2026-01-01 2026-01-01T00:00Z x
 * </pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AggregationTest extends RegistryTestSupport {

    @Autowired
    TransactionTemplate transactions;
    @Autowired
    DSLContext db;

    private TenantId shared;
    private UUID customerA;
    private UUID customerB;

    @BeforeAll
    void createSales() {
        shared = TenantId.random();
        as(shared, () -> {
            metadata.createObject(new NewObject("sale", "Sale", "Sales", null), "admin");
            define("amount", new FieldType.Decimal(10, 2));
            define("qty", new FieldType.Int());
            define("price", new FieldType.Currency(2));
            define("region", new FieldType.Select(List.of(new SelectOption("s", "SOUTH", null, 1, null, false),
                    new SelectOption("n", "NORTH", null, 0, null, false), new SelectOption("e", "EAST", null, 2, null, false))));
            define("customer", new FieldType.Relation(ApiName.of("company"), FieldType.Cardinality.MANY_TO_ONE,
                    FieldType.OnDelete.SET_NULL, ApiName.of("sales"), null));
            define("paid", new FieldType.Bool());
            define("soldOn", new FieldType.Date());
            define("soldAt", new FieldType.DateTime());
            define("note", new FieldType.Text(20));
            customerA = records.create("company", Map.of("name", "A"), "admin").id();
            customerB = records.create("company", Map.of("name", "B"), "admin").id();
            records.createMany("sale", List.of(
                    sale("10", 1, 5, "NORTH", customerA, true, "2026-01-05", "2026-01-31T23:30:00-02:00", "x"),
                    sale("20", 2, 15, "NORTH", customerA, false, "2026-01-20", "2026-02-15T10:00:00Z", "x"),
                    sale("30", 3, 25, "SOUTH", customerB, true, "2026-02-10", "2026-03-01T02:00:00+05:00", "y"),
                    sale("40", null, null, "SOUTH", null, true, "2025-12-31", "2025-12-31T23:59:59Z", null),
                    sale(null, 5, 50, null, customerB, null, null, null, "z")), null, "admin");
            UUID deleted = records.create("sale",
                    sale("1000", 100, 1000, "NORTH", customerA, true, "2026-01-01", "2026-01-01T00:00:00Z", "x"), "admin").id();
            records.delete("sale", deleted, "admin");
            return null;
        });
    }

    @Test
    void metricsOverAllLiveRecords() {
        List<Row> rows = aggregate(null, List.of(), List.of(
                new Metric(COUNT, null), new Metric(COUNT, "amount"), new Metric(COUNT_DISTINCT, "note"),
                new Metric(COUNT_DISTINCT, "region"),
                new Metric(SUM, "amount"), new Metric(AVG, "amount"), new Metric(MIN, "amount"), new Metric(MAX, "amount"),
                new Metric(SUM, "qty"), new Metric(AVG, "qty"), new Metric(MIN, "qty"), new Metric(MAX, "qty"),
                new Metric(SUM, "price"), new Metric(AVG, "price"), new Metric(MIN, "price"), new Metric(MAX, "price")));

        assertThat(rows).hasSize(1);
        Map<String, Object> metrics = rows.getFirst().metrics();
        assertThat(rows.getFirst().group()).isEmpty();
        assertThat(metrics.keySet()).containsExactly("count", "count_amount", "count_distinct_note", "count_distinct_region",
                "sum_amount", "avg_amount", "min_amount", "max_amount", "sum_qty", "avg_qty", "min_qty", "max_qty", "sum_price",
                "avg_price", "min_price", "max_price");
        assertCount(metrics.get("count"), 5);
        assertCount(metrics.get("count_amount"), 4);
        assertCount(metrics.get("count_distinct_note"), 3);
        assertCount(metrics.get("count_distinct_region"), 2);
        assertNumber(metrics.get("sum_amount"), "100");
        assertNumber(metrics.get("avg_amount"), "25");
        assertNumber(metrics.get("min_amount"), "10");
        assertNumber(metrics.get("max_amount"), "40");
        assertNumber(metrics.get("sum_qty"), "11");
        assertNumber(metrics.get("avg_qty"), "2.75");
        assertNumber(metrics.get("min_qty"), "1");
        assertNumber(metrics.get("max_qty"), "5");
        assertNumber(metrics.get("sum_price"), "95");
        assertNumber(metrics.get("avg_price"), "23.75");
        assertNumber(metrics.get("min_price"), "5");
        assertNumber(metrics.get("max_price"), "50");
    }

    @Test
    void minAndMaxOfDatesAndDateTimes() {
        Map<String, Object> metrics = aggregate(null, List.of(), List.of(new Metric(MIN, "soldOn"), new Metric(MAX, "soldOn"),
                new Metric(MIN, "soldAt"), new Metric(MAX, "soldAt"))).getFirst().metrics();

        assertThat(metrics.get("min_soldOn")).isEqualTo(LocalDate.of(2025, 12, 31));
        assertThat(metrics.get("max_soldOn")).isEqualTo(LocalDate.of(2026, 2, 10));
        assertThat(metrics.get("min_soldAt")).isEqualTo(OffsetDateTime.of(2025, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC));
        assertThat(metrics.get("max_soldAt")).isEqualTo(OffsetDateTime.of(2026, 2, 28, 21, 0, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void groupsBySelectWithOptionValuesAndAGroupForNoValue() {
        Map<List<Object>, Map<String, Object>> groups = grouped(null, List.of(new GroupKey("region", null)),
                List.of(new Metric(COUNT, null), new Metric(SUM, "amount")));

        assertThat(groups.keySet()).containsExactlyInAnyOrder(List.of("NORTH"), List.of("SOUTH"), Arrays.asList((Object) null));
        assertCount(groups.get(List.of("NORTH")).get("count"), 2);
        assertNumber(groups.get(List.of("NORTH")).get("sum_amount"), "30");
        assertCount(groups.get(List.of("SOUTH")).get("count"), 2);
        assertNumber(groups.get(List.of("SOUTH")).get("sum_amount"), "70");
        assertCount(groups.get(Arrays.asList((Object) null)).get("count"), 1);
        assertThat(groups.get(Arrays.asList((Object) null)).get("sum_amount")).isNull();
    }

    @Test
    void groupsByRelationWithRecordIds() {
        Map<List<Object>, Map<String, Object>> groups = grouped(null, List.of(new GroupKey("customer", null)),
                List.of(new Metric(COUNT, null), new Metric(MAX, "qty")));

        assertThat(groups.keySet())
                .containsExactlyInAnyOrder(List.of(customerA), List.of(customerB), Arrays.asList((Object) null));
        assertCount(groups.get(List.of(customerA)).get("count"), 2);
        assertNumber(groups.get(List.of(customerA)).get("max_qty"), "2");
        assertCount(groups.get(List.of(customerB)).get("count"), 2);
        assertNumber(groups.get(List.of(customerB)).get("max_qty"), "5");
        assertCount(groups.get(Arrays.asList((Object) null)).get("count"), 1);
    }

    @Test
    void groupsByBoolean() {
        Map<List<Object>, Map<String, Object>> groups = grouped(null, List.of(new GroupKey("paid", null)),
                List.of(new Metric(COUNT, null), new Metric(SUM, "price")));

        assertThat(groups.keySet()).containsExactlyInAnyOrder(List.of(true), List.of(false), Arrays.asList((Object) null));
        assertCount(groups.get(List.of(true)).get("count"), 3);
        assertNumber(groups.get(List.of(true)).get("sum_price"), "30");
        assertCount(groups.get(List.of(false)).get("count"), 1);
        assertNumber(groups.get(List.of(false)).get("sum_price"), "15");
        assertCount(groups.get(Arrays.asList((Object) null)).get("count"), 1);
    }

    @Test
    void groupsADateByMonthAndYear() {
        Map<List<Object>, Map<String, Object>> months = grouped(null, List.of(new GroupKey("soldOn", DateBucket.MONTH)),
                List.of(new Metric(COUNT, null)));
        Map<List<Object>, Map<String, Object>> years = grouped(null, List.of(new GroupKey("soldOn", DateBucket.YEAR)),
                List.of(new Metric(COUNT, null)));

        assertThat(counts(months)).containsOnly(
                Map.entry(List.of(LocalDate.of(2026, 1, 1)), 2L),
                Map.entry(List.of(LocalDate.of(2026, 2, 1)), 1L),
                Map.entry(List.of(LocalDate.of(2025, 12, 1)), 1L),
                Map.entry(Arrays.asList((Object) null), 1L));
        assertThat(counts(years)).containsOnly(
                Map.entry(List.of(LocalDate.of(2026, 1, 1)), 3L),
                Map.entry(List.of(LocalDate.of(2025, 1, 1)), 1L),
                Map.entry(Arrays.asList((Object) null), 1L));
    }

    @Test
    void groupsADateTimeByTheMonthAndYearOfItsUtcInstant() {
        // s1 is 2026-01-31T23:30-02:00 and s3 2026-03-01T02:00+05:00: both in February in UTC
        Map<List<Object>, Map<String, Object>> months = grouped(null, List.of(new GroupKey("soldAt", DateBucket.MONTH)),
                List.of(new Metric(COUNT, null)));
        Map<List<Object>, Map<String, Object>> years = grouped(null, List.of(new GroupKey("soldAt", DateBucket.YEAR)),
                List.of(new Metric(COUNT, null)));

        assertThat(counts(months)).containsOnly(
                Map.entry(List.of(LocalDate.of(2026, 2, 1)), 3L),
                Map.entry(List.of(LocalDate.of(2025, 12, 1)), 1L),
                Map.entry(Arrays.asList((Object) null), 1L));
        assertThat(counts(years)).containsOnly(
                Map.entry(List.of(LocalDate.of(2026, 1, 1)), 3L),
                Map.entry(List.of(LocalDate.of(2025, 1, 1)), 1L),
                Map.entry(Arrays.asList((Object) null), 1L));
    }

    @ParameterizedTest(name = "session time zone {0}")
    @ValueSource(strings = {"America/Los_Angeles", "Pacific/Kiritimati"})
    void dateTimeBucketsDoNotDependOnTheTimeZoneOfTheDatabaseSession(String zone) {
        // The read joins this transaction, whose session time zone is not the JVM's; rolled back at the end.
        Map<List<Object>, Long> months = as(shared, () -> transactions.execute(status -> {
            status.setRollbackOnly();
            db.fetch("select set_config('TimeZone', ?, true)", zone);
            return counts(grouped(null, List.of(new GroupKey("soldAt", DateBucket.MONTH),
                    new GroupKey("soldOn", DateBucket.MONTH)), List.of(new Metric(COUNT, null))));
        }));

        assertThat(months).containsOnly(
                Map.entry(List.of(LocalDate.of(2026, 2, 1), LocalDate.of(2026, 1, 1)), 2L),
                Map.entry(List.of(LocalDate.of(2026, 2, 1), LocalDate.of(2026, 2, 1)), 1L),
                Map.entry(List.of(LocalDate.of(2025, 12, 1), LocalDate.of(2025, 12, 1)), 1L),
                Map.entry(Arrays.asList(null, null), 1L));
    }

    @Test
    void groupsByTwoKeysWithAFilter() {
        Map<List<Object>, Map<String, Object>> all = grouped(null,
                List.of(new GroupKey("region", null), new GroupKey("paid", null)), List.of(new Metric(COUNT, null)));
        Map<List<Object>, Map<String, Object>> paid = grouped(Filter.compare("paid", Filter.Operator.EQ, true),
                List.of(new GroupKey("region", null)), List.of(new Metric(COUNT, null), new Metric(AVG, "amount")));

        assertThat(counts(all)).containsOnly(
                Map.entry(List.of("NORTH", true), 1L),
                Map.entry(List.of("NORTH", false), 1L),
                Map.entry(List.of("SOUTH", true), 2L),
                Map.entry(Arrays.asList(null, null), 1L));
        assertThat(counts(paid)).containsOnly(Map.entry(List.of("NORTH"), 1L), Map.entry(List.of("SOUTH"), 2L));
        assertNumber(paid.get(List.of("SOUTH")).get("avg_amount"), "35");
    }

    @Test
    void aggregatesOverNoRecords() {
        Filter none = Filter.compare("note", Filter.Operator.EQ, "nothing");

        List<Row> total = aggregate(none, List.of(), List.of(new Metric(COUNT, null), new Metric(SUM, "amount")));
        List<Row> grouped = aggregate(none, List.of(new GroupKey("region", null)), List.of(new Metric(COUNT, null)));

        assertThat(total).hasSize(1);
        assertCount(total.getFirst().metrics().get("count"), 0);
        assertThat(total.getFirst().metrics().get("sum_amount")).isNull();
        assertThat(grouped).isEmpty();
    }

    @Test
    void typedColumnsOfBuiltInObjectsAggregateToo() {
        TenantId own = TenantId.random();
        as(own, () -> records.createMany("deal", List.of(
                Map.of("name", "d1", "amount", 100, "expectedCloseDate", "2026-01-10"),
                Map.of("name", "d2", "amount", Map.of("amount", "50.5", "currencyCode", "EUR"),
                        "expectedCloseDate", "2026-01-31"),
                Map.of("name", "d3", "amount", 200, "status", "WON", "expectedCloseDate", "2026-03-01"),
                Map.of("name", "d4", "status", "LOST")), null, "admin"));
        as(own, () -> records.createMany("activity", List.of(
                Map.of("subject", "a1", "occurredAt", "2025-12-31T23:00:00-05:00"),
                Map.of("subject", "a2", "occurredAt", "2026-06-01T00:00:00Z"),
                Map.of("subject", "a3", "occurredAt", "2025-01-01T00:00:00+01:00")), null, "admin"));

        Map<List<Object>, Map<String, Object>> byStatus = groupRows(as(own, () -> records.aggregate("deal",
                new Aggregation.Query(null, List.of(new GroupKey("status", null)),
                        List.of(new Metric(COUNT, null), new Metric(SUM, "amount"), new Metric(MAX, "amount"))))));
        Map<List<Object>, Map<String, Object>> byMonth = groupRows(as(own, () -> records.aggregate("deal",
                new Aggregation.Query(null, List.of(new GroupKey("expectedCloseDate", DateBucket.MONTH)),
                        List.of(new Metric(COUNT, null))))));
        Map<List<Object>, Map<String, Object>> byYear = groupRows(as(own, () -> records.aggregate("activity",
                new Aggregation.Query(null, List.of(new GroupKey("occurredAt", DateBucket.YEAR)),
                        List.of(new Metric(COUNT, null))))));

        assertThat(byStatus.keySet()).containsExactlyInAnyOrder(List.of("OPEN"), List.of("WON"), List.of("LOST"));
        assertNumber(byStatus.get(List.of("OPEN")).get("sum_amount"), "150.50");
        assertNumber(byStatus.get(List.of("OPEN")).get("max_amount"), "100");
        assertNumber(byStatus.get(List.of("WON")).get("sum_amount"), "200");
        assertThat(byStatus.get(List.of("LOST")).get("sum_amount")).isNull();
        assertThat(counts(byMonth)).containsOnly(Map.entry(List.of(LocalDate.of(2026, 1, 1)), 2L),
                Map.entry(List.of(LocalDate.of(2026, 3, 1)), 1L), Map.entry(Arrays.asList((Object) null), 1L));
        assertThat(counts(byYear)).containsOnly(Map.entry(List.of(LocalDate.of(2026, 1, 1)), 2L),
                Map.entry(List.of(LocalDate.of(2024, 1, 1)), 1L));
    }

    @Test
    void everyUnsupportedMetricAndGroupIsReportedAtOnce() {
        assertThatThrownBy(() -> aggregate(null,
                List.of(new GroupKey("amount", null), new GroupKey("region", DateBucket.MONTH), new GroupKey("nowhere", null)),
                List.of(new Metric(SUM, "note"), new Metric(AVG, "paid"), new Metric(MIN, "region"), new Metric(SUM, "soldOn"),
                        new Metric(MAX, "customer"), new Metric(COUNT, "nowhere"), new Metric(SUM, null),
                        new Metric(COUNT, "qty"))))
                .isInstanceOfSatisfying(PlatformException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.violations()).extracting(Violation::field, Violation::code).containsExactlyInAnyOrder(
                            tuple("groupBy[0]", "NOT_GROUPABLE"),
                            tuple("groupBy[1]", "NOT_GROUPABLE"),
                            tuple("groupBy[2]", "UNKNOWN_FIELD"),
                            tuple("metrics[0]", "UNSUPPORTED_METRIC"),
                            tuple("metrics[1]", "UNSUPPORTED_METRIC"),
                            tuple("metrics[2]", "UNSUPPORTED_METRIC"),
                            tuple("metrics[3]", "UNSUPPORTED_METRIC"),
                            tuple("metrics[4]", "UNSUPPORTED_METRIC"),
                            tuple("metrics[5].field", "UNKNOWN_FIELD"),
                            tuple("metrics[6].field", "UNKNOWN_FIELD"));
                });
    }

    @Test
    void sumOfTextIsAnUnsupportedMetric() {
        assertThatThrownBy(() -> aggregate(null, List.of(), List.of(new Metric(SUM, "note"))))
                .isInstanceOfSatisfying(PlatformException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.violations()).extracting(Violation::field, Violation::code)
                            .containsExactly(tuple("metrics[0]", "UNSUPPORTED_METRIC"));
                });
    }

    // ---- helpers ----

    private static Map<String, Object> sale(String amount, Integer qty, Integer price, String region, UUID customer, Boolean paid,
            String soldOn, String soldAt, String note) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("amount", amount);
        values.put("qty", qty);
        values.put("price", price);
        values.put("region", region);
        values.put("customer", customer);
        values.put("paid", paid);
        values.put("soldOn", soldOn);
        values.put("soldAt", soldAt);
        values.put("note", note);
        return values;
    }

    private void define(String name, FieldType type) {
        metadata.createField("sale", new NewField(name, null, null, type, null, null), "admin");
    }

    private List<Row> aggregate(Filter filter, List<GroupKey> groupBy, List<Metric> metrics) {
        return as(shared, () -> records.aggregate("sale", new Aggregation.Query(filter, groupBy, metrics)));
    }

    private Map<List<Object>, Map<String, Object>> grouped(Filter filter, List<GroupKey> groupBy, List<Metric> metrics) {
        return groupRows(aggregate(filter, groupBy, metrics));
    }

    /** Rows by their group values in group-key order; fails on two rows of the same group. */
    private static Map<List<Object>, Map<String, Object>> groupRows(List<Row> rows) {
        Map<List<Object>, Map<String, Object>> groups = new HashMap<>();
        for (Row row : rows) {
            List<Object> key = new ArrayList<>(row.group().values());
            assertThat(groups.put(key, row.metrics())).as("one row per group %s", key).isNull();
        }
        return groups;
    }

    private static Map<List<Object>, Long> counts(Map<List<Object>, Map<String, Object>> groups) {
        Map<List<Object>, Long> counts = new HashMap<>();
        groups.forEach((key, metrics) -> counts.put(key, ((Number) metrics.get("count")).longValue()));
        return counts;
    }

    private static void assertCount(Object value, long expected) {
        assertThat(value).isInstanceOf(Number.class);
        assertThat(((Number) value).longValue()).isEqualTo(expected);
    }

    private static void assertNumber(Object value, String expected) {
        assertThat(value).isNotNull();
        assertThat(new BigDecimal(value.toString())).isEqualByComparingTo(expected);
    }
}
