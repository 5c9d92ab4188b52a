package io.metaplatform.registry;

import static io.metaplatform.registry.Filter.Operator.BETWEEN;
import static io.metaplatform.registry.Filter.Operator.CONTAINS;
import static io.metaplatform.registry.Filter.Operator.CONTAINS_ALL;
import static io.metaplatform.registry.Filter.Operator.CONTAINS_ANY;
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
import static io.metaplatform.registry.Filter.and;
import static io.metaplatform.registry.Filter.compare;
import static io.metaplatform.registry.Filter.not;
import static io.metaplatform.registry.Filter.or;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.Violation;
import io.metaplatform.registry.Filter.Operator;
import io.metaplatform.registry.Filter.Quantifier;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every filter operator on every field type that supports it, against custom fields (jsonb, on a custom
 * object and on a built-in one) and built-in typed columns. Each filtered object holds four records:
 * {@code r1}, {@code r2}, {@code r3} with ascending values of every filtered field, and {@code r0} with
 * none. Every query is limited to those four records, so other records of the tenant never interfere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilterOperatorsTest extends RegistryTestSupport {

    enum Kind {
        TEXT, LONG_TEXT, EMAIL, PHONE, URL, INTEGER, DECIMAL, CURRENCY, PERCENT, BOOLEAN, DATE, DATETIME, SELECT, MULTI_SELECT,
        TO_ONE, TO_MANY, JSON
    }

    /** A record or value known only once the data set exists: a record id, a creation time. */
    record Ref(String name) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** In a case template: the value of {@code r1} to {@code r3} ($1 to $3), or an element of a set value ($A to $C). */
    record Slot(String name) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final Slot V1 = new Slot("$1");
    static final Slot V2 = new Slot("$2");
    static final Slot V3 = new Slot("$3");
    static final Slot A = new Slot("$A");
    static final Slot B = new Slot("$B");
    static final Slot C = new Slot("$C");

    /** A filtered field: the values of r1, r2, r3 in ascending order, and for set kinds the elements $A, $B, $C. */
    record Target(String object, String field, Kind kind, List<Object> values, List<Object> elements) {
        Target(String object, String field, Kind kind, List<Object> values) {
            this(object, field, kind, values, List.of());
        }

        @Override
        public String toString() {
            return object + "." + field;
        }
    }

    record Template(Operator operator, Object value, boolean negated, List<String> expected) {
    }

    record Case(Target target, Template template) {
        @Override
        public String toString() {
            return target + (template.negated() ? " NOT " : " ") + template.operator() + " " + template.value() + " -> "
                    + template.expected();
        }
    }

    private static final List<SelectOption> LEVELS = List.of(new SelectOption("lvl_low", "LOW", "Low", 0, null, false),
            new SelectOption("lvl_mid", "MID", "Mid", 1, null, false),
            new SelectOption("lvl_high", "HIGH", "High", 2, null, false));
    private static final List<SelectOption> COLOURS = List.of(new SelectOption("red", "RED", "Red", 0, null, false),
            new SelectOption("green", "GREEN", "Green", 1, null, false),
            new SelectOption("blue", "BLUE", "Blue", 2, null, false));

    private static final List<Object> TEXTS = List.of("apple pie", "banana_split", "cherry 100%");
    private static final List<Object> EMAILS = List.of("ann@alpha.example", "bob_b@beta.example", "cy@gamma.example");
    private static final List<Object> PHONES = List.of("+1 555 0100", "+44 20 7946 0000", "+49 30 1234567");
    private static final List<Object> URLS = List.of("https://alpha.example/a", "https://beta.example/b_c",
            "https://gamma.example/100%25");
    private static final List<Object> INTEGERS = List.of(5, 40, 300);
    private static final List<Object> DECIMALS = List.of("2.5", "10.125", "100");
    private static final List<Object> AMOUNTS = List.of(9.99, 100, "1000.5");
    private static final List<Object> PERCENTS = List.of(5, 12.5, 80);
    private static final List<Object> BOOLEANS = List.of(true, false, true);
    private static final List<Object> DATES = List.of("2026-01-15", "2026-06-01", "2027-01-01");
    private static final List<Object> DATETIMES = List.of("2026-03-01T10:00:00Z", "2026-03-01T12:00:00+01:00",
            "2026-03-02T00:30:00+02:00");
    private static final List<Object> LEVEL_VALUES = List.of("LOW", "MID", "HIGH");
    private static final List<Object> COLOUR_SETS = List.of(List.of("RED"), List.of("RED", "GREEN"), List.of("BLUE"));
    private static final List<Object> COMPANIES = List.of(new Ref("T1"), new Ref("T2"), new Ref("T3"));
    private static final List<Object> CONTACT_SETS = List.of(List.of(new Ref("K1")), List.of(new Ref("K1"), new Ref("K2")),
            List.of(new Ref("K3")));
    private static final List<Object> JSONS = List.of(Map.of("a", 1), List.of(1, 2), "text");

    private static final List<String> RECORDS = List.of("r1", "r2", "r3", "r0");
    private static final List<String> OBJECTS = List.of("specimen", "company", "pipelineStage", "invoiceLine", "deal", "activity",
            "contact");

    static final List<Target> TARGETS = targets();

    private TenantId shared;
    private final Map<String, Object> refs = new HashMap<>();
    private final Map<UUID, String> names = new HashMap<>();
    private final Map<String, List<UUID>> scope = new HashMap<>();

    private static List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        for (String object : List.of("specimen", "company")) {
            targets.add(new Target(object, "myText", Kind.TEXT, TEXTS));
            targets.add(new Target(object, "myLongText", Kind.LONG_TEXT, TEXTS));
            targets.add(new Target(object, "myEmail", Kind.EMAIL, EMAILS));
            targets.add(new Target(object, "myPhone", Kind.PHONE, PHONES));
            targets.add(new Target(object, "myUrl", Kind.URL, URLS));
            targets.add(new Target(object, "myInt", Kind.INTEGER, INTEGERS));
            targets.add(new Target(object, "myDecimal", Kind.DECIMAL, DECIMALS));
            targets.add(new Target(object, "myCurrency", Kind.CURRENCY, AMOUNTS));
            targets.add(new Target(object, "myPercent", Kind.PERCENT, PERCENTS));
            targets.add(new Target(object, "myBool", Kind.BOOLEAN, BOOLEANS));
            targets.add(new Target(object, "myDate", Kind.DATE, DATES));
            targets.add(new Target(object, "myDateTime", Kind.DATETIME, DATETIMES));
            targets.add(new Target(object, "mySelect", Kind.SELECT, LEVEL_VALUES));
            targets.add(new Target(object, "myMulti", Kind.MULTI_SELECT, COLOUR_SETS, List.of("RED", "GREEN", "BLUE")));
            targets.add(new Target(object, "myCompany", Kind.TO_ONE, COMPANIES));
            targets.add(new Target(object, "myContacts", Kind.TO_MANY, CONTACT_SETS,
                    List.of(new Ref("K1"), new Ref("K2"), new Ref("K3"))));
            targets.add(new Target(object, "myJson", Kind.JSON, JSONS));
        }
        targets.add(new Target("company", "city", Kind.TEXT, TEXTS));
        targets.add(new Target("company", "notes", Kind.LONG_TEXT, TEXTS));
        targets.add(new Target("company", "email", Kind.EMAIL, EMAILS));
        targets.add(new Target("company", "phone", Kind.PHONE, PHONES));
        targets.add(new Target("company", "website", Kind.URL, URLS));
        targets.add(new Target("company", "status", Kind.SELECT, List.of("LEAD", "ACTIVE", "BLOCKED")));
        targets.add(new Target("pipelineStage", "position", Kind.INTEGER, INTEGERS));
        targets.add(new Target("pipelineStage", "probability", Kind.PERCENT, PERCENTS));
        targets.add(new Target("invoiceLine", "quantity", Kind.DECIMAL, DECIMALS));
        targets.add(new Target("deal", "amount", Kind.CURRENCY, AMOUNTS));
        targets.add(new Target("deal", "expectedCloseDate", Kind.DATE, DATES));
        targets.add(new Target("activity", "occurredAt", Kind.DATETIME, DATETIMES));
        targets.add(new Target("contact", "isPrimary", Kind.BOOLEAN, BOOLEANS));
        targets.add(new Target("contact", "company", Kind.TO_ONE, COMPANIES));
        return List.copyOf(targets);
    }

    // ---- what each kind supports, and the cases that show it ----

    private static final Set<Operator> TEXT_OPERATORS = EnumSet.of(EQ, NEQ, IN, NOT_IN, GT, GTE, LT, LTE, LIKE, ILIKE,
            STARTS_WITH, ENDS_WITH, CONTAINS, IS_NULL);
    private static final Set<Operator> ORDERED_OPERATORS = EnumSet.of(EQ, NEQ, IN, NOT_IN, GT, GTE, LT, LTE, BETWEEN, IS_NULL);
    private static final Set<Operator> EQUALITY_OPERATORS = EnumSet.of(EQ, NEQ, IN, NOT_IN, IS_NULL);
    private static final Set<Operator> SET_OPERATORS = EnumSet.of(CONTAINS_ANY, CONTAINS_ALL, IS_NULL);

    static Set<Operator> supported(Kind kind) {
        return switch (kind) {
            case TEXT, LONG_TEXT, EMAIL, PHONE, URL -> TEXT_OPERATORS;
            case INTEGER, DECIMAL, CURRENCY, PERCENT, DATE, DATETIME -> ORDERED_OPERATORS;
            case BOOLEAN -> EnumSet.of(EQ, NEQ, IS_NULL);
            case SELECT, TO_ONE -> EQUALITY_OPERATORS;
            case MULTI_SELECT, TO_MANY -> SET_OPERATORS;
            case JSON -> EnumSet.of(IS_NULL);
        };
    }

    private static Template is(Operator operator, Object value, String... expected) {
        return new Template(operator, value, false, List.of(expected));
    }

    private static Template isNot(Operator operator, Object value, String... expected) {
        return new Template(operator, value, true, List.of(expected));
    }

    private static final List<Template> NULL_CASES = List.of(
            is(IS_NULL, true, "r0"),
            is(IS_NULL, false, "r1", "r2", "r3"),
            isNot(IS_NULL, true, "r1", "r2", "r3"));

    private static final List<Template> EQUALITY_CASES = List.of(
            is(EQ, V2, "r2"),
            is(NEQ, V2, "r1", "r3", "r0"),
            is(IN, List.of(V1, V3), "r1", "r3"),
            is(IN, List.of(), new String[0]),
            is(NOT_IN, List.of(V1), "r2", "r3", "r0"),
            is(NOT_IN, List.of(V1, V2, V3), "r0"),
            is(NOT_IN, List.of(), "r1", "r2", "r3", "r0"),
            isNot(EQ, V2, "r1", "r3", "r0"),
            isNot(IN, List.of(V1, V3), "r2", "r0"));

    private static final List<Template> RANGE_CASES = List.of(
            is(GT, V2, "r3"),
            is(GTE, V2, "r2", "r3"),
            is(LT, V2, "r1"),
            is(LTE, V2, "r1", "r2"),
            is(GT, V3, new String[0]),
            isNot(GT, V2, "r1", "r2", "r0"),
            isNot(LTE, V1, "r2", "r3", "r0"));

    private static final List<Template> BETWEEN_CASES = List.of(
            is(BETWEEN, List.of(V1, V2), "r1", "r2"),
            is(BETWEEN, List.of(V2, V2), "r2"),
            is(BETWEEN, List.of(V2, V3), "r2", "r3"),
            isNot(BETWEEN, List.of(V1, V2), "r3", "r0"));

    private static final List<Template> BOOLEAN_CASES = List.of(
            is(EQ, true, "r1", "r3"),
            is(EQ, false, "r2"),
            is(NEQ, true, "r2", "r0"),
            is(NEQ, false, "r1", "r3", "r0"),
            is(EQ, "true", "r1", "r3"),
            isNot(EQ, true, "r2", "r0"));

    private static final List<Template> SET_CASES = List.of(
            is(CONTAINS_ANY, List.of(A), "r1", "r2"),
            is(CONTAINS_ANY, List.of(B, C), "r2", "r3"),
            is(CONTAINS_ANY, List.of(), new String[0]),
            is(CONTAINS_ALL, List.of(A), "r1", "r2"),
            is(CONTAINS_ALL, List.of(A, B), "r2"),
            is(CONTAINS_ALL, List.of(A, C), new String[0]),
            isNot(CONTAINS_ANY, List.of(A), "r3", "r0"));

    // Values: "apple pie", "banana_split", "cherry 100%".
    private static final List<Template> TEXT_CASES = List.of(
            is(EQ, "BANANA_SPLIT", new String[0]),
            is(EQ, "  banana_split ", "r2"),
            is(LIKE, "banana%", "r2"),
            is(LIKE, "%e%", "r1", "r3"),
            is(LIKE, "_pple%", "r1"),
            is(LIKE, "APPLE%", new String[0]),
            is(ILIKE, "APPLE%", "r1"),
            is(ILIKE, "%_SPLIT", "r2"),
            is(STARTS_WITH, "BAN", "r2"),
            is(STARTS_WITH, "_", new String[0]),
            is(ENDS_WITH, "PIE", "r1"),
            is(ENDS_WITH, "%", "r3"),
            is(CONTAINS, "ERR", "r3"),
            is(CONTAINS, "_", "r2"),
            is(CONTAINS, "%", "r3"),
            isNot(CONTAINS, "A", "r3", "r0"));

    private static final List<Template> EMAIL_CASES = List.of(
            is(EQ, "bob_b@BETA.Example", "r2"),
            is(EQ, "BOB_B@beta.example", new String[0]),
            is(LIKE, "%@alpha.%", "r1"),
            is(ILIKE, "ANN@%", "r1"),
            is(STARTS_WITH, "BOB", "r2"),
            is(ENDS_WITH, "@GAMMA.EXAMPLE", "r3"),
            is(CONTAINS, "_", "r2"));

    private static final List<Template> PHONE_CASES = List.of(
            is(LIKE, "+49%", "r3"),
            is(ILIKE, "%555%", "r1"),
            is(STARTS_WITH, "+44", "r2"),
            is(ENDS_WITH, "0100", "r1"),
            is(CONTAINS, "7946", "r2"));

    private static final List<Template> URL_CASES = List.of(
            is(LIKE, "https://beta%", "r2"),
            is(ILIKE, "HTTPS://ALPHA%", "r1"),
            is(STARTS_WITH, "HTTPS://GAMMA", "r3"),
            is(ENDS_WITH, "/A", "r1"),
            is(CONTAINS, "/B_", "r2"),
            is(CONTAINS, "%25", "r3"));

    // Filter values are compared as given, not rounded to the field's scale (3 and 4 for decimals, 2 for the others).
    private static final List<Template> DECIMAL_CASES = List.of(
            is(GT, "10.12499", "r2", "r3"),
            is(GTE, "10.12501", "r3"),
            is(LT, "10.12501", "r1", "r2"),
            is(LTE, "10.12499", "r1"),
            is(EQ, "10.12501", new String[0]),
            is(BETWEEN, List.of("2.50001", "100.00001"), "r2", "r3"));

    private static final List<Template> PERCENT_CASES = List.of(
            is(GT, "12.499", "r2", "r3"),
            is(LTE, "12.499", "r1"),
            is(EQ, "12.501", new String[0]),
            is(IN, List.of("12.501", "80"), "r3"));

    private static final List<Template> CURRENCY_CASES = List.of(
            is(GT, "99.999", "r2", "r3"),
            is(LT, "100.001", "r1", "r2"),
            is(EQ, "100.001", new String[0]),
            is(GTE, Map.of("amount", "100.001", "currencyCode", "EUR"), "r3"));

    static List<Template> templates(Kind kind) {
        List<Template> templates = new ArrayList<>(NULL_CASES);
        switch (kind) {
            case TEXT, LONG_TEXT -> add(templates, EQUALITY_CASES, RANGE_CASES, TEXT_CASES);
            case EMAIL -> add(templates, EQUALITY_CASES, RANGE_CASES, EMAIL_CASES);
            case PHONE -> add(templates, EQUALITY_CASES, RANGE_CASES, PHONE_CASES);
            case URL -> add(templates, EQUALITY_CASES, RANGE_CASES, URL_CASES);
            case INTEGER, DATE, DATETIME -> add(templates, EQUALITY_CASES, RANGE_CASES, BETWEEN_CASES);
            case DECIMAL -> add(templates, EQUALITY_CASES, RANGE_CASES, BETWEEN_CASES, DECIMAL_CASES);
            case PERCENT -> add(templates, EQUALITY_CASES, RANGE_CASES, BETWEEN_CASES, PERCENT_CASES);
            case CURRENCY -> add(templates, EQUALITY_CASES, RANGE_CASES, BETWEEN_CASES, CURRENCY_CASES);
            case BOOLEAN -> add(templates, BOOLEAN_CASES);
            case SELECT, TO_ONE -> add(templates, EQUALITY_CASES);
            case MULTI_SELECT, TO_MANY -> add(templates, SET_CASES);
            case JSON -> {
            }
        }
        return templates;
    }

    @SafeVarargs
    private static void add(List<Template> templates, List<Template>... more) {
        for (List<Template> list : more) {
            templates.addAll(list);
        }
    }

    static Stream<Case> operatorCases() {
        List<Case> cases = new ArrayList<>();
        for (Target target : TARGETS) {
            List<Template> templates = templates(target.kind());
            Set<Operator> covered = EnumSet.noneOf(Operator.class);
            templates.forEach(template -> covered.add(template.operator()));
            if (!covered.equals(supported(target.kind()))) {
                throw new IllegalStateException("cases of " + target.kind() + " cover " + covered + ", not "
                        + supported(target.kind()));
            }
            templates.forEach(template -> cases.add(new Case(target, template)));
        }
        return cases.stream();
    }

    static Stream<Case> unsupportedOperators() {
        List<Case> cases = new ArrayList<>();
        for (Target target : TARGETS) {
            for (Operator operator : EnumSet.complementOf(EnumSet.copyOf(supported(target.kind())))) {
                Object value = switch (operator) {
                    case IN, NOT_IN, CONTAINS_ANY, CONTAINS_ALL -> List.of(V1);
                    case BETWEEN -> List.of(V1, V2);
                    default -> V1;
                };
                cases.add(new Case(target, new Template(operator, value, false, List.of())));
            }
        }
        return cases.stream();
    }

    // ---- the data set ----

    @BeforeAll
    void createTheDataSet() {
        shared = TenantId.random();
        as(shared, () -> {
            metadata.createObject(new NewObject("specimen", "Specimen", "Specimens", null), "admin");
            for (Target target : TARGETS) {
                if (target.field().startsWith("my")) {
                    metadata.createField(target.object(), new NewField(target.field(), null, null, type(target), null, null),
                            "admin");
                }
            }
            for (int i = 1; i <= 3; i++) {
                refs.put("T" + i, records.create("company", Map.of("name", "T" + i), "admin").id());
                refs.put("K" + i, records.create("contact", Map.of("lastName", "K" + i), "admin").id());
            }
            UUID pipeline = records.create("pipeline", Map.of("name", "P0"), "admin").id();
            UUID invoice = records.create("invoice", Map.of("number", "I0"), "admin").id();
            for (String object : OBJECTS) {
                for (String name : RECORDS) {
                    Map<String, Object> input = new LinkedHashMap<>();
                    switch (object) {
                        case "company", "deal" -> input.put("name", name);
                        case "pipelineStage" -> input.putAll(Map.of("pipeline", pipeline, "name", name));
                        case "invoiceLine" -> input.putAll(Map.of("invoice", invoice, "description", name));
                        case "activity" -> input.put("subject", name);
                        case "contact" -> input.put("lastName", name);
                        default -> {
                        }
                    }
                    int index = RECORDS.indexOf(name);
                    for (Target target : TARGETS) {
                        if (target.object().equals(object)) {
                            input.put(target.field(), index < 3 ? resolve(target.values().get(index), target) : null);
                        }
                    }
                    DataRecord created = records.create(object, input, "admin");
                    names.put(created.id(), name);
                    scope.computeIfAbsent(object, key -> new ArrayList<>()).add(created.id());
                    refs.put(object + "." + name, created.id());
                    refs.put(object + "." + name + ".createdAt", created.createdAt());
                }
            }
            records.update("specimen", (UUID) refs.get("specimen.r1"), Map.of(), null, "admin");
            return null;
        });
    }

    private static FieldType type(Target target) {
        String inverse = target.object().equals("specimen") ? "specimens" : "linkedCompanies";
        return switch (target.kind()) {
            case TEXT -> new FieldType.Text(200);
            case LONG_TEXT -> new FieldType.LongText(10_000);
            case EMAIL -> new FieldType.Email();
            case PHONE -> new FieldType.Phone();
            case URL -> new FieldType.Url();
            case INTEGER -> new FieldType.Int();
            case DECIMAL -> new FieldType.Decimal(12, 3);
            case CURRENCY -> new FieldType.Currency(2);
            case PERCENT -> new FieldType.Percent(2);
            case BOOLEAN -> new FieldType.Bool();
            case DATE -> new FieldType.Date();
            case DATETIME -> new FieldType.DateTime();
            case SELECT -> new FieldType.Select(LEVELS);
            case MULTI_SELECT -> new FieldType.MultiSelect(COLOURS);
            case TO_ONE -> new FieldType.Relation(ApiName.of("company"), FieldType.Cardinality.MANY_TO_ONE,
                    FieldType.OnDelete.SET_NULL, ApiName.of(inverse), null);
            case TO_MANY -> new FieldType.Relation(ApiName.of("contact"), FieldType.Cardinality.MANY_TO_MANY, null, null, null);
            case JSON -> new FieldType.Json();
        };
    }

    // ---- operators per type ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("operatorCases")
    void operatorMatchesExactlyTheExpectedRecords(Case example) {
        Template template = example.template();
        Filter comparison = compare(example.target().field(), template.operator(), resolve(template.value(), example.target()));

        assertThat(matching(example.target().object(), template.negated() ? not(comparison) : comparison))
                .containsExactlyInAnyOrderElementsOf(template.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsupportedOperators")
    void operatorTheTypeDoesNotSupportIsRefused(Case example) {
        Filter filter = compare(example.target().field(), example.template().operator(),
                resolve(example.template().value(), example.target()));

        assertViolations(() -> matching(example.target().object(), filter),
                tuple("filter.and[1]." + example.target().field(), "UNSUPPORTED_OPERATOR"));
    }

    @Test
    void systemFieldIdMatchesByRecordId() {
        assertThat(matching("specimen", compare("id", EQ, ref("specimen.r2")))).containsExactlyInAnyOrder("r2");
        assertThat(matching("specimen", compare("id", EQ, ref("specimen.r2").toString()))).containsExactlyInAnyOrder("r2");
        assertThat(matching("specimen", compare("id", NEQ, ref("specimen.r2")))).containsExactlyInAnyOrder("r1", "r3", "r0");
        assertThat(matching("specimen", compare("id", IN, List.of(ref("specimen.r1"), ref("specimen.r3")))))
                .containsExactlyInAnyOrder("r1", "r3");
        assertThat(matching("specimen", compare("id", NOT_IN, List.of(ref("specimen.r1")))))
                .containsExactlyInAnyOrder("r2", "r3", "r0");
        assertThat(matching("specimen", compare("id", IS_NULL, false))).containsExactlyInAnyOrder("r1", "r2", "r3", "r0");
        assertThat(matching("specimen", compare("id", IS_NULL, true))).isEmpty();
        assertThat(matching("specimen", compare("id", EQ, ref("company.r2")))).as("an id of another object").isEmpty();
        assertViolations(() -> matching("specimen", compare("id", EQ, "r2")), tuple("filter.and[1].id", "INVALID_ID"));
        assertViolations(() -> matching("specimen", compare("id", GT, ref("specimen.r2"))),
                tuple("filter.and[1].id", "UNSUPPORTED_OPERATOR"));
    }

    @Test
    void systemFieldCreatedAtComparesCreationTimes() {
        // created in the order r1, r2, r3, r0, one write each
        Object r2 = ref("specimen.r2.createdAt");
        Object r3 = ref("specimen.r3.createdAt");

        assertThat(matching("specimen", compare("createdAt", EQ, r2))).containsExactlyInAnyOrder("r2");
        assertThat(matching("specimen", compare("createdAt", EQ, r2.toString()))).containsExactlyInAnyOrder("r2");
        assertThat(matching("specimen", compare("createdAt", NEQ, r2))).containsExactlyInAnyOrder("r1", "r3", "r0");
        assertThat(matching("specimen", compare("createdAt", GT, r2))).containsExactlyInAnyOrder("r3", "r0");
        assertThat(matching("specimen", compare("createdAt", GTE, r2))).containsExactlyInAnyOrder("r2", "r3", "r0");
        assertThat(matching("specimen", compare("createdAt", LT, r2))).containsExactlyInAnyOrder("r1");
        assertThat(matching("specimen", compare("createdAt", LTE, r2))).containsExactlyInAnyOrder("r1", "r2");
        assertThat(matching("specimen", compare("createdAt", BETWEEN, List.of(r2, r3)))).containsExactlyInAnyOrder("r2", "r3");
        assertThat(matching("specimen", compare("createdAt", IN, List.of(ref("specimen.r1.createdAt"), r3))))
                .containsExactlyInAnyOrder("r1", "r3");
        assertThat(matching("specimen", compare("updatedAt", GT, ref("specimen.r0.createdAt")))).as("r1 was updated last")
                .containsExactlyInAnyOrder("r1");
    }

    @Test
    void anEmptyMultiSelectOrRelationListCountsAsNoValue() {
        DataRecord empty = as(shared, () -> records.create("specimen", Map.of("myMulti", List.of(), "myContacts", List.of()),
                "alice"));
        List<UUID> only = List.of(empty.id());

        assertThat(idsMatching("specimen", and(compare("id", IN, only), compare("myMulti", IS_NULL, true))))
                .containsExactly(empty.id());
        assertThat(idsMatching("specimen", and(compare("id", IN, only), compare("myContacts", IS_NULL, true))))
                .containsExactly(empty.id());
        assertThat(idsMatching("specimen", and(compare("id", IN, only), compare("myMulti", IS_NULL, false)))).isEmpty();
    }

    // ---- combinations ----

    @Test
    void andOrAndNotCombineConditionsOnCustomFields() {
        // myInt: 5, 40, 300, none; mySelect: LOW, MID, HIGH, none; myBool: true, false, true, none
        assertThat(matching("specimen", and(compare("myInt", GTE, 40), compare("mySelect", NEQ, "HIGH"))))
                .containsExactlyInAnyOrder("r2");
        assertThat(matching("specimen", or(compare("myInt", LT, 40), compare("mySelect", EQ, "HIGH"))))
                .containsExactlyInAnyOrder("r1", "r3");
        assertThat(matching("specimen", not(or(compare("myInt", EQ, 5), compare("myInt", EQ, 300)))))
                .containsExactlyInAnyOrder("r2", "r0");
        assertThat(matching("specimen", not(and(compare("myInt", GT, 5), compare("mySelect", EQ, "MID")))))
                .containsExactlyInAnyOrder("r1", "r3", "r0");
        assertThat(matching("specimen",
                or(and(compare("myBool", EQ, true), compare("myInt", GT, 100)), compare("myDate", IS_NULL, true))))
                .containsExactlyInAnyOrder("r3", "r0");
        assertThat(matching("specimen", not(not(compare("myInt", GT, 5))))).containsExactlyInAnyOrder("r2", "r3");
    }

    @Test
    void andOrAndNotCombineConditionsOnColumnsAndCustomFields() {
        // city: apple pie, banana_split, cherry 100%, none; status: LEAD, ACTIVE, BLOCKED, none; myInt: 5, 40, 300, none
        assertThat(matching("company", and(compare("city", STARTS_WITH, "b"), compare("status", EQ, "ACTIVE"))))
                .containsExactlyInAnyOrder("r2");
        assertThat(matching("company", or(compare("city", EQ, "apple pie"), compare("status", EQ, "BLOCKED"))))
                .containsExactlyInAnyOrder("r1", "r3");
        assertThat(matching("company", not(or(compare("city", CONTAINS, "_"), compare("status", IS_NULL, true)))))
                .containsExactlyInAnyOrder("r1", "r3");
        assertThat(matching("company", not(and(compare("city", GT, "b"), compare("myInt", LT, 300)))))
                .containsExactlyInAnyOrder("r1", "r3", "r0");
        assertThat(matching("company", and(compare("myInt", GT, 5), compare("status", NEQ, "BLOCKED"))))
                .containsExactlyInAnyOrder("r2");
    }

    // ---- conditions on related records ----

    @Test
    void relatedRecordsMatchSomeNoneOrEveryTime() {
        Map<String, UUID> companies = relatedDataSet();
        Filter ann = compare("firstName", EQ, "Ann");

        assertThat(companiesWhere(companies, new Filter.Related("contacts", Quantifier.SOME, ann)))
                .containsExactlyInAnyOrder("P", "Q", "R");
        assertThat(companiesWhere(companies, new Filter.Related("contacts", Quantifier.NONE, ann)))
                .containsExactlyInAnyOrder("S");
        assertThat(companiesWhere(companies, new Filter.Related("contacts", Quantifier.EVERY, ann)))
                .as("R has a contact without a first name; S has no contacts; Q's other contact is deleted")
                .containsExactlyInAnyOrder("Q", "S");
        assertThat(companiesWhere(companies, not(new Filter.Related("contacts", Quantifier.EVERY, ann))))
                .containsExactlyInAnyOrder("P", "R");
    }

    @Test
    void relatedWithoutAConditionAsksWhetherThereAreRelatedRecords() {
        Map<String, UUID> companies = relatedDataSet();

        assertThat(companiesWhere(companies, new Filter.Related("contacts", Quantifier.SOME, null)))
                .containsExactlyInAnyOrder("P", "Q", "R");
        assertThat(companiesWhere(companies, new Filter.Related("contacts", Quantifier.NONE, null)))
                .containsExactlyInAnyOrder("S");
        assertThat(companiesWhere(companies, new Filter.Related("contacts", Quantifier.EVERY, null)))
                .containsExactlyInAnyOrder("P", "Q", "R", "S");
    }

    @Test
    void relatedConditionsNestAndCombineWithFieldsOfTheRecord() {
        Map<String, UUID> companies = relatedDataSet();
        Filter calledContact = new Filter.Related("contacts", Quantifier.SOME,
                new Filter.Related("activities", Quantifier.SOME, compare("type", EQ, "CALL")));

        assertThat(companiesWhere(companies, calledContact)).containsExactlyInAnyOrder("P");
        assertThat(companiesWhere(companies, and(compare("city", EQ, "Berlin"),
                new Filter.Related("contacts", Quantifier.SOME, compare("lastName", STARTS_WITH, "b")))))
                .containsExactlyInAnyOrder("P");
    }

    @Test
    void relatedRecordsOfACustomRelationAreFilteredByTheirCustomFields() {
        // specimen.myCompany points r1, r2, r3 at T1, T2, T3; myInt of r1, r2, r3 is 5, 40, 300
        Map<String, UUID> targets = Map.of("T1", (UUID) ref("T1"), "T2", (UUID) ref("T2"), "T3", (UUID) ref("T3"));

        assertThat(companiesWhere(targets, new Filter.Related("specimens", Quantifier.SOME, compare("myInt", GT, 5))))
                .containsExactlyInAnyOrder("T2", "T3");
        assertThat(companiesWhere(targets, new Filter.Related("specimens", Quantifier.NONE, compare("myInt", GT, 5))))
                .containsExactlyInAnyOrder("T1");
        assertThat(companiesWhere(targets,
                new Filter.Related("specimens", Quantifier.EVERY, compare("mySelect", IN, List.of("MID")))))
                .containsExactlyInAnyOrder("T2");
    }

    @Test
    void unknownRelationIsReported() {
        assertViolations(() -> as(shared, () -> records.list("company", RecordQuery.firstPage(10)
                        .where(new Filter.Related("gadgets", Quantifier.SOME, null)))),
                tuple("filter.gadgets", "UNKNOWN_RELATION"));
        assertViolations(() -> as(shared, () -> records.list("company", RecordQuery.firstPage(10)
                        .where(new Filter.Related("contacts", Quantifier.SOME, compare("colour", EQ, "red"))))),
                tuple("filter.contacts.colour", "UNKNOWN_FIELD"));
    }

    // ---- errors ----

    @Test
    void unknownFieldIsReported() {
        assertViolations(() -> as(shared, () -> records.list("specimen",
                RecordQuery.firstPage(10).where(compare("colour", EQ, "red")))), tuple("filter.colour", "UNKNOWN_FIELD"));
    }

    @Test
    void everyBadFilterAndSortKeyIsReportedAtOnce() {
        Filter filter = and(
                compare("colour", EQ, "red"),
                compare("myInt", LIKE, "4%"),
                compare("myInt", EQ, "forty"),
                compare("mySelect", EQ, "NOPE"),
                or(compare("myDate", GT, "tomorrow"), compare("myBool", IS_NULL, "yes")),
                not(compare("myJson", EQ, Map.of())),
                compare("myDecimal", BETWEEN, List.of(1)),
                compare("myText", IN, "apple pie"),
                compare("myContacts", CONTAINS_ANY, List.of("K1")));

        assertViolations(() -> as(shared, () -> records.list("specimen", RecordQuery.firstPage(10).where(filter)
                        .orderBy(SortKey.asc("colour"), SortKey.asc("myMulti")))),
                tuple("filter.and[0].colour", "UNKNOWN_FIELD"),
                tuple("filter.and[1].myInt", "UNSUPPORTED_OPERATOR"),
                tuple("filter.and[2].myInt", "INVALID_TYPE"),
                tuple("filter.and[3].mySelect", "INVALID_OPTION"),
                tuple("filter.and[4].or[0].myDate", "INVALID_DATE"),
                tuple("filter.and[4].or[1].myBool", "INVALID_VALUE"),
                tuple("filter.and[5].not.myJson", "UNSUPPORTED_OPERATOR"),
                tuple("filter.and[6].myDecimal", "INVALID_VALUE"),
                tuple("filter.and[7].myText", "INVALID_VALUE"),
                tuple("filter.and[8].myContacts[0]", "INVALID_ID"),
                tuple("orderBy[0].colour", "UNKNOWN_FIELD"),
                tuple("orderBy[1].myMulti", "NOT_SORTABLE"));
    }

    // ---- helpers ----

    /**
     * Companies P (in Berlin), Q, R, S (in Hamburg) with contacts: P Ann Lee and Bob Brown; Q Ann Kay (and a deleted Zed);
     * R Ann Roe and a contact without a first name; S none. Ann Lee had a call.
     */
    private Map<String, UUID> relatedDataSet() {
        return as(shared, () -> {
            Map<String, UUID> companies = new LinkedHashMap<>();
            for (String name : List.of("P", "Q", "R", "S")) {
                String city = name.equals("P") ? "Berlin" : "Hamburg";
                companies.put(name, records.create("company", Map.of("name", name, "city", city), "admin").id());
            }
            UUID annP = records.create("contact", Map.of("firstName", "Ann", "lastName", "Lee", "company", companies.get("P")),
                    "admin").id();
            records.create("contact", Map.of("firstName", "Bob", "lastName", "Brown", "company", companies.get("P")), "admin");
            records.create("contact", Map.of("firstName", "Ann", "lastName", "Kay", "company", companies.get("Q")), "admin");
            UUID zed = records.create("contact", Map.of("firstName", "Zed", "lastName", "Gone", "company", companies.get("Q")),
                    "admin").id();
            records.delete("contact", zed, "admin");
            records.create("contact", Map.of("firstName", "Ann", "lastName", "Roe", "company", companies.get("R")), "admin");
            records.create("contact", Map.of("lastName", "Nameless", "company", companies.get("R")), "admin");
            records.create("activity", Map.of("subject", "Intro", "type", "CALL", "contact", annP), "admin");
            records.create("activity", Map.of("subject", "Note", "type", "NOTE", "company", companies.get("Q")), "admin");
            return companies;
        });
    }

    private List<String> companiesWhere(Map<String, UUID> companies, Filter filter) {
        Map<UUID, String> byId = new HashMap<>();
        companies.forEach((name, id) -> byId.put(id, name));
        return idsMatching("company", and(compare("id", IN, List.copyOf(companies.values())), filter)).stream().map(byId::get)
                .toList();
    }

    private List<String> matching(String object, Filter filter) {
        return idsMatching(object, and(compare("id", IN, scope.get(object)), filter)).stream().map(names::get).toList();
    }

    private List<UUID> idsMatching(String object, Filter filter) {
        RecordPage page = as(shared, () -> records.list(object, RecordQuery.firstPage(100).where(filter)));
        return page.records().stream().map(DataRecord::id).toList();
    }

    private Object ref(String name) {
        Object value = refs.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no such reference: " + name);
        }
        return value;
    }

    private Object resolve(Object template, Target target) {
        if (template instanceof Slot slot) {
            return switch (slot.name()) {
                case "$1" -> resolve(target.values().get(0), target);
                case "$2" -> resolve(target.values().get(1), target);
                case "$3" -> resolve(target.values().get(2), target);
                case "$A" -> resolve(target.elements().get(0), target);
                case "$B" -> resolve(target.elements().get(1), target);
                case "$C" -> resolve(target.elements().get(2), target);
                default -> throw new IllegalArgumentException(slot.name());
            };
        }
        if (template instanceof Ref reference) {
            return ref(reference.name());
        }
        if (template instanceof List<?> list) {
            return list.stream().map(element -> resolve(element, target)).toList();
        }
        return template;
    }

    private static void assertViolations(Runnable action, org.assertj.core.groups.Tuple... violations) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(PlatformException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.violations()).extracting(Violation::field, Violation::code).containsExactlyInAnyOrder(violations);
        });
    }
}
