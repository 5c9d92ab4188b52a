package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.Violation;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keyset pagination both ways over orders with duplicate and missing sort values: walking page by page
 * forward ({@code first}/{@code after}) or backward ({@code last}/{@code before}) visits every matching
 * record exactly once in the order asked for, the record id breaking ties in ascending order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaginationTest extends RegistryTestSupport {

    private static final int COMPANIES = 28;
    private static final List<Integer> DELETED = List.of(5, 17);
    private static final List<String> CITIES = java.util.Arrays.asList("aachen", "bonn", "celle", null);
    private static final List<SelectOption> TIERS = List.of(new SelectOption("z_gold", "GOLD", "Gold", 0, null, false),
            new SelectOption("a_silver", "SILVER", "Silver", 1, null, false),
            new SelectOption("m_bronze", "BRONZE", "Bronze", 2, null, false));
    private static final Map<String, Integer> TIER_POSITIONS = Map.of("GOLD", 0, "SILVER", 1, "BRONZE", 2);
    private static final Map<String, Integer> STATUS_POSITIONS = Map.of("LEAD", 0, "ACTIVE", 1, "INACTIVE", 2, "BLOCKED", 3);
    private static final List<String> STATUSES = List.of("BLOCKED", "LEAD", "ACTIVE", "INACTIVE");

    /** An order to page through: which records match, and the sort keys. */
    record Order(String label, String object, Filter filter, Predicate<DataRecord> matches, List<SortKey> keys) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Order> orders() {
        Predicate<DataRecord> all = record -> true;
        return Stream.of(
                new Order("built-in column asc (nulls last)", "company", null, all, List.of(SortKey.asc("city"))),
                new Order("built-in column asc, nulls first", "company", null, all, List.of(new SortKey("city", false, true))),
                new Order("built-in column desc, nulls last", "company", null, all, List.of(new SortKey("city", true, false))),
                new Order("custom field desc (nulls first)", "company", null, all, List.of(SortKey.desc("rank"))),
                new Order("custom field desc, nulls last", "company", null, all, List.of(new SortKey("rank", true, false))),
                new Order("custom field asc, nulls first", "company", null, all, List.of(new SortKey("rank", false, true))),
                new Order("two keys: column asc, custom desc nulls last", "company", null, all,
                        List.of(SortKey.asc("city"), new SortKey("rank", true, false))),
                new Order("two keys: custom asc nulls first, column desc", "company", null, all,
                        List.of(new SortKey("rank", false, true), SortKey.desc("city"))),
                new Order("custom select by option position", "company", null, all, List.of(SortKey.asc("tier"))),
                new Order("built-in select by option position desc", "company", null, all, List.of(SortKey.desc("status"))),
                new Order("custom date-time desc", "company", null, all, List.of(SortKey.desc("seen"))),
                new Order("createdAt, equal for all", "company", null, all, List.of(SortKey.desc("createdAt"))),
                new Order("id only", "company", null, all, List.of()),
                new Order("filtered: custom field present, column asc", "company",
                        Filter.compare("rank", Filter.Operator.IS_NULL, false), record -> record.get("rank") != null,
                        List.of(SortKey.asc("city"))),
                new Order("custom object: decimal asc", "ticket", null, all, List.of(SortKey.asc("priority"))),
                new Order("custom object: decimal desc nulls last, text asc", "ticket", null, all,
                        List.of(new SortKey("priority", true, false), SortKey.asc("title"))));
    }

    private TenantId shared;
    private final List<DataRecord> companies = new ArrayList<>();
    private final List<DataRecord> tickets = new ArrayList<>();

    @BeforeAll
    void createRecordsWithDuplicateAndMissingSortValues() {
        shared = TenantId.random();
        as(shared, () -> {
            metadata.createField("company", new NewField("rank", null, null, new FieldType.Int(), null, null), "admin");
            metadata.createField("company", new NewField("tier", null, null, new FieldType.Select(TIERS), null, null), "admin");
            metadata.createField("company", new NewField("seen", null, null, new FieldType.DateTime(), null, null), "admin");
            List<Map<String, Object>> inputs = new ArrayList<>();
            for (int i = 0; i < COMPANIES; i++) {
                Map<String, Object> input = new LinkedHashMap<>();
                input.put("name", String.format("n%02d", i));
                input.put("city", CITIES.get(i % 4));
                input.put("rank", i % 5 == 0 ? null : (i * 7) % 6);
                input.put("tier", i % 7 == 0 ? null : TIERS.get(i % 3).value());
                input.put("status", i % 6 == 0 ? null : STATUSES.get(i % 4));
                input.put("seen", i % 4 == 1 ? null : OffsetDateTime.of(2026, 5, 1, 12, 0, 0, 0, ZoneOffset.UTC).plusHours(i % 6)
                        .withOffsetSameInstant(ZoneOffset.ofHours(i % 3)));
                inputs.add(input);
            }
            companies.addAll(records.createMany("company", inputs, null, "admin"));
            DELETED.forEach(i -> records.delete("company", companies.get(i).id(), "admin"));
            DELETED.forEach(i -> companies.set(i, records.list("company", RecordQuery.firstPage(1).includingDeleted()
                    .where(Filter.compare("id", Filter.Operator.EQ, companies.get(i).id()))).records().getFirst()));

            metadata.createObject(new NewObject("ticket", "Ticket", "Tickets", null), "admin");
            metadata.createField("ticket", new NewField("title", null, null, new FieldType.Text(50), null, null), "admin");
            metadata.createField("ticket", new NewField("priority", null, null, new FieldType.Decimal(6, 2), null, null),
                    "admin");
            for (int i = 0; i < 26; i++) {
                Map<String, Object> input = new LinkedHashMap<>();
                input.put("title", "t" + (char) ('a' + (i * 5) % 26));
                input.put("priority", i % 6 == 0 ? null : new BigDecimal(i % 4 * 10 + 5));
                tickets.add(records.create("ticket", input, "admin"));
            }
            return null;
        });
    }

    // ---- walking ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("orders")
    void forwardWalkVisitsEveryRecordOnceInOrder(Order order) {
        List<UUID> expected = expectedOrder(order, false);

        for (int size : List.of(1, 4, expected.size() / 2, expected.size(), 500)) {
            assertThat(walkForward(order, size, false)).as("page size %d", size).containsExactlyElementsOf(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("orders")
    void backwardWalkVisitsEveryRecordOnceInOrder(Order order) {
        List<UUID> expected = expectedOrder(order, false);

        for (int size : List.of(1, 4, expected.size() / 2, expected.size(), 500)) {
            assertThat(walkBackward(order, size, false)).as("page size %d", size).containsExactlyElementsOf(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("orders")
    void pagesAfterAndBeforeAnyRecordContinueRightThere(Order order) {
        List<UUID> expected = expectedOrder(order, false);
        List<RecordPage.Edge> edges = page(order, query(order, 500).orderBy(keys(order))).edges();
        assertThat(edges).extracting(edge -> edge.record().id()).containsExactlyElementsOf(expected);

        for (int k = 0; k < edges.size(); k++) {
            String cursor = edges.get(k).cursor();
            RecordPage after = page(order, query(order, 3).orderBy(keys(order)).after(cursor));
            RecordPage before = page(order, query(order, 3).orderBy(keys(order)).backward(3, cursor));

            assertThat(ids(after)).as("after #%d", k)
                    .containsExactlyElementsOf(expected.subList(k + 1, Math.min(k + 4, expected.size())));
            assertThat(after.hasNextPage()).as("more after #%d", k).isEqualTo(k + 4 < expected.size());
            assertThat(ids(before)).as("before #%d", k).containsExactlyElementsOf(expected.subList(Math.max(0, k - 3), k));
            assertThat(before.hasPreviousPage()).as("more before #%d", k).isEqualTo(k - 3 > 0);
        }
    }

    @Test
    void firstAndLastPagesKnowTheyAreAtTheEnds() {
        Order order = orders().findFirst().orElseThrow();
        List<UUID> expected = expectedOrder(order, false);

        RecordPage first = page(order, query(order, 4).orderBy(keys(order)));
        assertThat(ids(first)).containsExactlyElementsOf(expected.subList(0, 4));
        assertThat(first.hasPreviousPage()).isFalse();
        assertThat(first.hasNextPage()).isTrue();

        RecordPage last = page(order, query(order, 4).orderBy(keys(order)).backward(4, null));
        assertThat(ids(last)).containsExactlyElementsOf(expected.subList(expected.size() - 4, expected.size()));
        assertThat(last.hasNextPage()).isFalse();
        assertThat(last.hasPreviousPage()).isTrue();

        RecordPage beyondTheEnd = page(order, query(order, 4).orderBy(keys(order)).after(last.endCursor()));
        assertThat(beyondTheEnd.edges()).isEmpty();
        assertThat(beyondTheEnd.hasNextPage()).isFalse();
        assertThat(beyondTheEnd.startCursor()).isNull();

        RecordPage everything = page(order, query(order, expected.size()).orderBy(keys(order)));
        assertThat(ids(everything)).containsExactlyElementsOf(expected);
        assertThat(everything.hasNextPage()).isFalse();
        assertThat(everything.hasPreviousPage()).isFalse();

        RecordPage nothing = page(order, query(order, 4).where(Filter.compare("name", Filter.Operator.EQ, "nobody")));
        assertThat(nothing.edges()).isEmpty();
        assertThat(nothing.hasNextPage()).isFalse();
        assertThat(nothing.hasPreviousPage()).isFalse();
    }

    @Test
    void totalCountIsGivenOnlyWhenAskedAndIgnoresTheCursor() {
        Order order = orders().findFirst().orElseThrow();
        RecordPage plain = page(order, RecordQuery.firstPage(5));
        RecordPage counted = page(order, RecordQuery.firstPage(5).counted());
        long bonn = companies.stream().filter(record -> record.deletedAt() == null && "bonn".equals(record.get("city"))).count();

        assertThat(plain.totalCount()).isNull();
        assertThat(counted.totalCount()).isEqualTo(COMPANIES - DELETED.size());
        assertThat(page(order, RecordQuery.firstPage(5).counted().after(counted.endCursor())).totalCount())
                .isEqualTo(COMPANIES - DELETED.size());
        assertThat(page(order, RecordQuery.firstPage(5).counted().backward(2, counted.endCursor())).totalCount())
                .isEqualTo(COMPANIES - DELETED.size());
        Filter inBonn = Filter.compare("city", Filter.Operator.EQ, "bonn");
        assertThat(page(order, RecordQuery.firstPage(1).counted().where(inBonn)).totalCount()).isEqualTo(bonn).isPositive();
        assertThat(page(order, RecordQuery.firstPage(1).counted().includingDeleted()).totalCount()).isEqualTo(COMPANIES);
    }

    @Test
    void softDeletedRecordsAreLeftOutUnlessAsked() {
        Order order = orders().findFirst().orElseThrow();
        List<UUID> deleted = DELETED.stream().map(i -> companies.get(i).id()).toList();

        assertThat(walkForward(order, 4, false)).doesNotContainAnyElementsOf(deleted).hasSize(COMPANIES - DELETED.size());
        assertThat(walkForward(order, 4, true)).containsExactlyElementsOf(expectedOrder(order, true)).containsAll(deleted);
        assertThat(walkBackward(order, 4, true)).containsExactlyElementsOf(expectedOrder(order, true));
        Filter onlyDeleted = Filter.compare("id", Filter.Operator.IN, deleted);
        assertThat(page(order, query(order, 500).includingDeleted().where(onlyDeleted)).records()).hasSize(DELETED.size())
                .allSatisfy(record -> assertThat(record.deletedAt()).isNotNull());
    }

    @Test
    void pagingGoesOnAfterTheCursorRecordWasDeleted() {
        TenantId own = TenantId.random();
        List<DataRecord> created = as(own, () -> records.createMany("company", IntStream.range(0, 6)
                .mapToObj(i -> Map.<String, Object>of("name", "c" + i, "city", i < 3 ? "aachen" : "bonn")).toList(), null,
                "admin"));
        RecordQuery byCity = RecordQuery.firstPage(3).orderBy(SortKey.asc("city"));
        RecordPage first = as(own, () -> records.list("company", byCity));
        as(own, () -> {
            records.delete("company", first.records().getLast().id(), "admin");
            return null;
        });

        RecordPage next = as(own, () -> records.list("company", byCity.after(first.endCursor())));

        assertThat(ids(first)).containsExactlyInAnyOrderElementsOf(created.subList(0, 3).stream().map(DataRecord::id).toList());
        assertThat(ids(next)).containsExactlyInAnyOrderElementsOf(created.subList(3, 6).stream().map(DataRecord::id).toList());
        assertThat(next.hasNextPage()).isFalse();
    }

    // ---- refused arguments ----

    @Test
    void cursorOfAnotherOrderIsRefused() {
        Order order = orders().findFirst().orElseThrow();
        RecordQuery byCity = RecordQuery.firstPage(3).orderBy(SortKey.asc("city"));
        String cursor = page(order, byCity).endCursor();

        for (SortKey[] other : List.of(new SortKey[] {SortKey.desc("city")}, new SortKey[] {new SortKey("city", false, true)},
                new SortKey[] {SortKey.asc("rank")}, new SortKey[] {SortKey.asc("city"), SortKey.asc("rank")}, new SortKey[0])) {
            RecordQuery query = RecordQuery.firstPage(3).orderBy(other);
            assertRefused(() -> page(order, query.after(cursor)), tuple("after", "INVALID_CURSOR"));
            assertRefused(() -> page(order, query.backward(3, cursor)), tuple("before", "INVALID_CURSOR"));
        }
        assertRefused(() -> page(order, byCity.after("not-a-cursor")), tuple("after", "INVALID_CURSOR"));
        String truncated = cursor.substring(0, cursor.length() / 2);
        assertRefused(() -> page(order, byCity.after(truncated)), tuple("after", "INVALID_CURSOR"));
        assertThat(page(order, byCity.after(cursor)).edges()).as("its own order").hasSize(3);
    }

    @Test
    void pageSizeIsLimitedTo500() {
        Order order = orders().findFirst().orElseThrow();

        assertRefused(() -> page(order, RecordQuery.firstPage(501)), tuple("first", "OUT_OF_RANGE"));
        assertRefused(() -> page(order, RecordQuery.firstPage(-1)), tuple("first", "OUT_OF_RANGE"));
        assertRefused(() -> page(order, RecordQuery.firstPage(10).backward(501, null)), tuple("last", "OUT_OF_RANGE"));
        assertRefused(() -> page(order, new RecordQuery(null, List.of(), 5, null, 5, null, false, false)),
                tuple("last", "CONFLICTING_ARGUMENTS"));
        assertThat(page(order, RecordQuery.firstPage(500)).edges()).hasSize(COMPANIES - DELETED.size());
        assertThat(page(order, new RecordQuery(null, List.of(), null, null, null, null, false, false)).edges())
                .as("default page size 50").hasSize(COMPANIES - DELETED.size());
    }

    @Test
    void unknownSortFieldIsRefused() {
        assertRefused(() -> as(shared, () -> records.list("company", RecordQuery.firstPage(5).orderBy(SortKey.asc("nowhere")))),
                tuple("orderBy[0].nowhere", "UNKNOWN_FIELD"));
    }

    // ---- helpers ----

    private List<UUID> walkForward(Order order, int size, boolean withDeleted) {
        List<UUID> visited = new ArrayList<>();
        String after = null;
        for (int pages = 0; pages <= COMPANIES; pages++) {
            RecordQuery query = query(order, size).orderBy(keys(order)).after(after);
            RecordPage page = page(order, withDeleted ? query.includingDeleted() : query);
            assertThat(page.hasPreviousPage()).as("page %d of %d has a previous page", pages, size).isEqualTo(after != null);
            visited.addAll(ids(page));
            if (!page.hasNextPage()) {
                return visited;
            }
            assertThat(page.edges()).as("a page with more after it is full").hasSize(size);
            after = page.endCursor();
        }
        throw new AssertionError("no last page after " + COMPANIES + " pages");
    }

    private List<UUID> walkBackward(Order order, int size, boolean withDeleted) {
        List<UUID> visited = new ArrayList<>();
        String before = null;
        for (int pages = 0; pages <= COMPANIES; pages++) {
            RecordQuery query = query(order, size).orderBy(keys(order)).backward(size, before);
            RecordPage page = page(order, withDeleted ? query.includingDeleted() : query);
            assertThat(page.hasNextPage()).as("page %d of %d backward has a next page", pages, size).isEqualTo(before != null);
            visited.addAll(0, ids(page));
            if (!page.hasPreviousPage()) {
                return visited;
            }
            assertThat(page.edges()).as("a page with more before it is full").hasSize(size);
            before = page.startCursor();
        }
        throw new AssertionError("no first page after " + COMPANIES + " pages");
    }

    private List<UUID> expectedOrder(Order order, boolean withDeleted) {
        List<DataRecord> source = order.object().equals("ticket") ? tickets : companies;
        Comparator<DataRecord> comparator = (a, b) -> 0;
        for (SortKey key : order.keys()) {
            comparator = comparator.thenComparing(byKey(key));
        }
        comparator = comparator.thenComparing(record -> record.id().toString());
        return source.stream().filter(record -> withDeleted || record.deletedAt() == null).filter(order.matches())
                .sorted(comparator).map(DataRecord::id).toList();
    }

    /** PostgreSQL's order of one key: values ascending or descending, missing values first or last as asked. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparator<DataRecord> byKey(SortKey key) {
        boolean nullsFirst = key.nullsFirst() == null ? key.descending() : key.nullsFirst();
        return (a, b) -> {
            Comparable left = sortValue(a, key.field());
            Comparable right = sortValue(b, key.field());
            if (left == null || right == null) {
                return left == right ? 0 : (left == null) == nullsFirst ? -1 : 1;
            }
            int compared = left.compareTo(right);
            return key.descending() ? -compared : compared;
        };
    }

    private static Comparable<?> sortValue(DataRecord record, String field) {
        return switch (field) {
            case "createdAt" -> record.createdAt();
            case "tier" -> record.get("tier") == null ? null : TIER_POSITIONS.get((String) record.get("tier"));
            case "status" -> record.get("status") == null ? null : STATUS_POSITIONS.get((String) record.get("status"));
            case "seen" -> record.get("seen") == null ? null : ((OffsetDateTime) record.get("seen")).toInstant();
            default -> (Comparable<?>) record.get(field);
        };
    }

    private static RecordQuery query(Order order, int first) {
        return RecordQuery.firstPage(first).where(order.filter());
    }

    private static SortKey[] keys(Order order) {
        return order.keys().toArray(new SortKey[0]);
    }

    private RecordPage page(Order order, RecordQuery query) {
        return as(shared, () -> records.list(order.object(), query));
    }

    private static List<UUID> ids(RecordPage page) {
        return page.records().stream().map(DataRecord::id).toList();
    }

    private static void assertRefused(Runnable action, org.assertj.core.groups.Tuple violation) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(PlatformException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.violations()).extracting(Violation::field, Violation::code).containsExactly(violation);
        });
    }
}
