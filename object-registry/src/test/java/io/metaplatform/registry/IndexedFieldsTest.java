package io.metaplatform.registry;

import static io.metaplatform.registry.Filter.Operator.BETWEEN;
import static io.metaplatform.registry.Filter.Operator.CONTAINS;
import static io.metaplatform.registry.Filter.Operator.ENDS_WITH;
import static io.metaplatform.registry.Filter.Operator.EQ;
import static io.metaplatform.registry.Filter.Operator.GT;
import static io.metaplatform.registry.Filter.Operator.GTE;
import static io.metaplatform.registry.Filter.Operator.ILIKE;
import static io.metaplatform.registry.Filter.Operator.IN;
import static io.metaplatform.registry.Filter.Operator.IS_NULL;
import static io.metaplatform.registry.Filter.Operator.LIKE;
import static io.metaplatform.registry.Filter.Operator.LT;
import static io.metaplatform.registry.Filter.Operator.LTE;
import static io.metaplatform.registry.Filter.Operator.NEQ;
import static io.metaplatform.registry.Filter.Operator.NOT_IN;
import static io.metaplatform.registry.Filter.Operator.STARTS_WITH;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.registry.Filter.Operator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Filters and sorts through an index slot return exactly what the unindexed path (the jsonb value) returns: for every
 * indexable type, on a built-in object's custom fields and on a custom object, over random data with nulls and ties,
 * random filters, and every page of both paging directions in both sort directions. Each type has two fields with the
 * same values: {@code x…} indexed (the default), {@code y…} created with indexing off.
 */
class IndexedFieldsTest extends RegistryTestSupport {

    private static final List<SelectOption> OPTIONS = List.of(new SelectOption("o_a", "A", "A", 2, null, false),
            new SelectOption("o_b", "B", "B", 0, null, false), new SelectOption("o_c", "C", "C", 1, null, false));
    private static final List<Operator> ORDERED = List.of(EQ, NEQ, IN, NOT_IN, GT, GTE, LT, LTE, BETWEEN, IS_NULL);
    private static final List<Operator> TEXT = List.of(EQ, NEQ, IN, NOT_IN, GT, GTE, LT, LTE, IS_NULL, LIKE, ILIKE, STARTS_WITH,
            ENDS_WITH, CONTAINS);

    record Type(String name, FieldType type, List<Object> values, List<Operator> operators) {
    }

    private static final List<Type> TYPES = List.of(
            new Type("Text", new FieldType.Text(100), List.of("apple", "Apple", "banana", "b", "zeta", "äpfel", "apple pie"), TEXT),
            new Type("Email", new FieldType.Email(), List.of("a@x.io", "b@x.io", "c@y.io", "A@x.io"), TEXT),
            new Type("Phone", new FieldType.Phone(), List.of("+49 30 1", "+49 30 2", "+1 555 0100"), TEXT),
            new Type("Select", new FieldType.Select(OPTIONS), List.of("A", "B", "C"), List.of(EQ, NEQ, IN, NOT_IN, IS_NULL)),
            new Type("Int", new FieldType.Int(), List.of(-5L, 0L, 3L, 1_000_000L, -1_000_000L, 42L), ORDERED),
            new Type("Decimal", new FieldType.Decimal(12, 4), List.of("-12.5", "-0.0001", "0", "0.5", "10.25", "1234.5678", "-1234.5"),
                    ORDERED),
            new Type("Percent", new FieldType.Percent(2), List.of("-1.5", "0", "12.25", "100", "0.01"), ORDERED),
            new Type("Currency", new FieldType.Currency(2), List.of(money("-10.5"), money("0"), money("10.5"), money("99.99")), ORDERED),
            new Type("Date", new FieldType.Date(), List.of("2024-01-01", "2024-02-29", "1999-12-31", "2031-07-04"), ORDERED),
            new Type("DateTime", new FieldType.DateTime(),
                    List.of("2024-01-01T10:00:00Z", "2024-01-01T10:00:00.5Z", "2023-06-01T00:00:00+02:00", "1970-01-01T00:00:00Z"), ORDERED));

    private static Map<String, Object> money(String amount) {
        return Map.of("amount", amount, "currencyCode", "EUR");
    }

    @Test
    void indexedAndUnindexedPathsAgreeOnABuiltInObject() {
        agree("company", Map.of("name", "Acme"));
    }

    @Test
    void indexedAndUnindexedPathsAgreeOnACustomObject() {
        inTenant(() -> metadata.createObject(new NewObject("gizmo", "Gizmo", "Gizmos", null), "admin"));
        agree("gizmo", Map.of());
    }

    private void agree(String object, Map<String, Object> base) {
        for (Type type : TYPES) {
            FieldDefinition indexed = inTenant(() -> metadata.createField(object,
                    new NewField("x" + type.name(), null, null, type.type(), null, null), "admin"));
            FieldDefinition plain = inTenant(() -> metadata.createField(object,
                    new NewField("y" + type.name(), null, null, type.type(), null, null, false), "admin"));
            assertThat(((Storage.CustomKey) indexed.storage()).index()).as("x%s indexed", type.name()).isNotNull();
            assertThat(((Storage.CustomKey) plain.storage()).index()).isNull();
        }
        Random random = new Random(16);
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            Map<String, Object> input = new LinkedHashMap<>(base);
            for (Type type : TYPES) {
                Object value = random.nextInt(5) == 0 ? null : type.values().get(random.nextInt(type.values().size()));
                input.put("x" + type.name(), value);
                input.put("y" + type.name(), value);
            }
            inputs.add(input);
        }
        inTenant(() -> records.createMany(object, inputs, null, "test"));
        TYPES.forEach(type -> awaitIndexed(object, "x" + type.name()));
        // Updates move values in and out of the slots (null included), so the write path's maintenance is covered too.
        List<DataRecord> firstTen = inTenant(() -> records.list(object, RecordQuery.firstPage(10))).edges().stream()
                .map(RecordPage.Edge::record).toList();
        for (DataRecord record : firstTen) {
            Map<String, Object> change = new LinkedHashMap<>();
            for (Type type : TYPES) {
                Object value = random.nextInt(3) == 0 ? null : type.values().get(random.nextInt(type.values().size()));
                change.put("x" + type.name(), value);
                change.put("y" + type.name(), value);
            }
            inTenant(() -> records.update(object, record.id(), change, null, "test"));
        }
        for (Type type : TYPES) {
            for (int round = 0; round < 8; round++) {
                Operator operator = type.operators().get(random.nextInt(type.operators().size()));
                Object value = filterValue(type, operator, random);
                boolean descending = random.nextBoolean();
                Boolean nullsFirst = random.nextBoolean() ? null : random.nextBoolean();
                String what = type.name() + " " + operator + " " + value + (descending ? " desc" : " asc") + " nullsFirst=" + nullsFirst;
                List<UUID> viaIndex = pages(object, "x" + type.name(), "x" + type.name(), operator, value, descending, nullsFirst, 9);
                List<UUID> viaJsonb = pages(object, "y" + type.name(), "y" + type.name(), operator, value, descending, nullsFirst, 9);
                assertThat(viaIndex).as(what).isEqualTo(viaJsonb);
                // Filter on one indexed field, sort by another: the page may walk the sort slot's index and filter along.
                // Pages of 9 walk at most 300 rows: every walk here looks at all 90 records and is complete. A page of 1
                // walks at most 60: a rare filter fills that window without a page and falls back to its own index.
                List<UUID> walked = pages(object, "x" + type.name(), "xDate", operator, value, descending, nullsFirst, 9);
                List<UUID> unindexed = pages(object, "y" + type.name(), "yDate", operator, value, descending, nullsFirst, 9);
                assertThat(walked).as(what + ", sorted by date").isEqualTo(unindexed);
                SortKey byDate = new SortKey("xDate", descending, nullsFirst);
                Filter filter = Filter.compare("x" + type.name(), operator, value);
                List<UUID> first = inTenant(() -> records.list(object, RecordQuery.firstPage(1).where(filter).orderBy(byDate))).edges()
                        .stream().map(edge -> edge.record().id()).toList();
                List<UUID> last = inTenant(() -> records.list(object, RecordQuery.firstPage(1).where(filter).orderBy(byDate)
                        .backward(1, null))).edges().stream().map(edge -> edge.record().id()).toList();
                assertThat(first).as(what + ", sorted by date, first of 1").isEqualTo(unindexed.stream().limit(1).toList());
                assertThat(last).as(what + ", sorted by date, last of 1").isEqualTo(unindexed.stream().skip(Math.max(0, unindexed.size() - 1)).toList());
            }
        }
    }

    private static Object filterValue(Type type, Operator operator, Random random) {
        List<Object> values = type.values();
        return switch (operator) {
            case IS_NULL -> random.nextBoolean();
            case IN, NOT_IN -> List.of(values.get(random.nextInt(values.size())), values.get(random.nextInt(values.size())));
            case BETWEEN -> List.of(values.get(random.nextInt(values.size())), values.get(random.nextInt(values.size())));
            case LIKE -> "%" + ((String) values.get(random.nextInt(values.size()))).substring(0, 1) + "%";
            case ILIKE -> ((String) values.get(random.nextInt(values.size()))).substring(0, 1).toUpperCase() + "%";
            case STARTS_WITH, ENDS_WITH, CONTAINS -> ((String) values.get(random.nextInt(values.size()))).substring(0, 2);
            default -> values.get(random.nextInt(values.size()));
        };
    }

    // Every page forward, then every page backward from the end; both must list the same records in the same order.
    private List<UUID> pages(String object, String field, String sortField, Operator operator, Object value, boolean descending,
            Boolean nullsFirst, int size) {
        Filter filter = Filter.compare(field, operator, value);
        SortKey sort = new SortKey(sortField, descending, nullsFirst);
        List<UUID> forward = new ArrayList<>();
        String cursor = null;
        while (true) {
            RecordQuery first = RecordQuery.firstPage(size).where(filter).orderBy(sort);
            RecordQuery query = cursor == null ? first : first.after(cursor);
            RecordPage page = inTenant(() -> records.list(object, query));
            page.edges().forEach(edge -> forward.add(edge.record().id()));
            if (!page.hasNextPage()) {
                break;
            }
            cursor = page.edges().getLast().cursor();
        }
        List<UUID> backward = new ArrayList<>();
        String before = null;
        while (true) {
            RecordQuery query = RecordQuery.firstPage(size).where(filter).orderBy(sort).backward(size, before);
            RecordPage page = inTenant(() -> records.list(object, query));
            backward.addAll(0, page.edges().stream().map(edge -> edge.record().id()).toList());
            if (!page.hasPreviousPage() || page.edges().isEmpty()) {
                break;
            }
            before = page.edges().getFirst().cursor();
        }
        assertThat(backward).as("%s backward", field).isEqualTo(forward);
        return forward;
    }
}
