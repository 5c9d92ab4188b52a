package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.Violation;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every field type written and read back, on a custom object (values in the shared table's jsonb), as
 * custom fields of a built-in object (its own table's jsonb) and in the typed columns of built-in objects.
 * The definitions and the referenced records live in one tenant shared by the whole class; every test
 * writes records of its own and reads only those.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FieldTypesTest extends RegistryTestSupport {

    private static final List<SelectOption> STAGES = List.of(
            new SelectOption("s_new", "NEW", "New", 0, null, false),
            new SelectOption("s_done", "DONE", "Done", 1, "#1e88e5", false),
            new SelectOption("s_old", "OLD", "Old", 2, null, true));
    private static final List<SelectOption> COLOURS = List.of(
            new SelectOption("red", "RED", "Red", 0, null, false),
            new SelectOption("green", "GREEN", "Green", 1, null, false),
            new SelectOption("blue", "BLUE", "Blue", 2, null, false));

    private TenantId shared;
    private UUID acme;
    private UUID globex;
    private UUID ann;
    private UUID bob;

    @BeforeAll
    void defineEveryTypeOnACustomAndABuiltInObject() {
        shared = TenantId.random();
        as(shared, () -> {
            metadata.createObject(new NewObject("gadget", "Gadget", "Gadgets", "every field type"), "admin");
            everyWritableType("").forEach((name, type) -> define("gadget", name, type));
            define("gadget", "serial", new FieldType.AutoNumber("G-", 4));
            define("gadget", "score", new FieldType.Formula("quantity * 2", FieldType.ResultKind.INTEGER));
            define("gadget", "parent", new FieldType.Relation(ApiName.of("gadget"), FieldType.Cardinality.MANY_TO_ONE,
                    FieldType.OnDelete.SET_NULL, ApiName.of("children"), "Children"));
            define("gadget", "total", new FieldType.Rollup(ApiName.of("children"), null, FieldType.RollupFunction.COUNT));
            everyWritableType("x").forEach((name, type) -> define("company", name, type));
            acme = records.create("company", Map.of("name", "Acme"), "admin").id();
            globex = records.create("company", Map.of("name", "Globex"), "admin").id();
            ann = records.create("contact", Map.of("firstName", "Ann", "lastName", "Lee"), "admin").id();
            bob = records.create("contact", Map.of("firstName", "Bob", "lastName", "Ray"), "admin").id();
            return null;
        });
    }

    // ---- round trips ----

    @Test
    void customObjectRecordReadsBackEveryTypeInApiForm() {
        Map<String, Object> expected = expectedValues("");
        expected.put("score", 84L);
        expected.put("parent", null);
        expected.put("total", 0L);

        DataRecord created = shared(() -> records.create("gadget", sampleInput(""), "alice"));
        assertThat((String) created.values().get("serial")).matches("G-\\d{4}");
        expected.put("serial", created.values().get("serial"));

        assertThat(created.values()).isEqualTo(expected);
        assertThat(shared(() -> records.get("gadget", created.id())).orElseThrow().values()).isEqualTo(expected);
        assertThat(listed("gadget", created.id()).values()).isEqualTo(expected);
        assertThat(created.values().keySet()).as("every field, in field order")
                .startsWith("title", "body", "mail", "phone", "homepage", "quantity", "weight", "price", "share");
    }

    @Test
    void customFieldsOfABuiltInObjectReadBackEveryTypeInApiForm() {
        Map<String, Object> input = sampleInput("x");
        input.put("name", "Initech");
        Map<String, Object> expected = expectedValues("x");

        DataRecord created = shared(() -> records.create("company", input, "alice"));

        assertThat(created.values()).containsAllEntriesOf(expected).containsEntry("name", "Initech");
        assertThat(shared(() -> records.get("company", created.id())).orElseThrow().values()).containsAllEntriesOf(expected);
        assertThat(listed("company", created.id()).values()).containsAllEntriesOf(expected);
    }

    @Test
    void typedColumnsOfBuiltInObjectsReadBackInApiForm() {
        DataRecord deal = shared(() -> records.create("deal", Map.of("name", "Big deal", "amount",
                Map.of("amount", "1234.5", "currencyCode", "CHF"), "expectedCloseDate", "2027-03-31", "status", "WON", "company",
                acme, "contact", ann.toString(), "owner", "user-1"), "alice"));
        DataRecord invoice = shared(() -> records.create("invoice", Map.of("number", "INV-1", "status", "SENT", "issueDate",
                "2026-11-01", "dueDate", "2026-12-01", "company", acme, "contact", ann, "deal", deal.id(), "currency", "CHF",
                "notes", "  Thanks!  "), "alice"));
        DataRecord pipeline = shared(() -> records.create("pipeline", Map.of("name", "Sales"), "alice"));
        DataRecord stage = shared(() -> records.create("pipelineStage", Map.of("pipeline", pipeline.id(), "name", "Won",
                "position", "3", "probability", 33.335, "isWon", true), "alice"));
        DataRecord line = shared(() -> records.create("invoiceLine", Map.of("invoice", invoice.id(), "description", "Consulting",
                "quantity", "2.50005", "unitPrice", Map.of("amount", 10, "currencyCode", "USD"), "taxRate", 19), "alice"));
        DataRecord call = shared(() -> records.create("activity", Map.of("type", "CALL", "subject", "Kick-off", "occurredAt",
                "2026-03-01T12:00:00-05:00", "done", "true", "deal", deal.id()), "alice"));

        assertBothReads(deal, Map.of("name", "Big deal", "amount", new Money(new BigDecimal("1234.50"), "CHF"),
                "expectedCloseDate", LocalDate.of(2027, 3, 31), "status", "WON", "company", acme, "contact", ann,
                "owner", "user-1"));
        assertBothReads(invoice, Map.of("number", "INV-1", "status", "SENT", "issueDate", LocalDate.of(2026, 11, 1),
                "dueDate", LocalDate.of(2026, 12, 1), "company", acme, "contact", ann, "deal", deal.id(), "currency", "CHF",
                "notes", "Thanks!"));
        assertBothReads(stage, Map.of("pipeline", pipeline.id(), "position", 3L, "probability", new BigDecimal("33.34"),
                "isWon", true, "isLost", false));
        assertBothReads(line, Map.of("invoice", invoice.id(), "quantity", new BigDecimal("2.5000"), "unitPrice",
                new Money(new BigDecimal("10.00"), "USD"), "taxRate", new BigDecimal("19.00")));
        assertBothReads(call, Map.of("type", "CALL", "occurredAt", OffsetDateTime.of(2026, 3, 1, 17, 0, 0, 0, ZoneOffset.UTC),
                "done", true, "deal", deal.id()));
        assertThat(deal.values()).containsEntry("pipeline", null).containsEntry("stage", null);
    }

    @Test
    void updatesNormaliseEveryTypeAndNullClearsIt() {
        DataRecord created = shared(() -> records.create("gadget", sampleInput(""), "alice"));
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("title", " Gizmo ");
        changes.put("quantity", "-7");
        changes.put("weight", 0.0005);
        changes.put("price", Map.of("amount", 3, "currencyCode", "JPY"));
        changes.put("happensAt", "2026-01-01T00:30:00+01:00");
        changes.put("stage", "NEW");
        changes.put("tags", List.of("GREEN", "GREEN"));
        changes.put("company", globex);
        changes.put("contacts", List.of(bob));
        changes.put("payload", List.of(1, "two"));

        DataRecord updated = shared(() -> records.update("gadget", created.id(), changes, 1, "bob"));

        assertThat(updated.values()).containsEntry("title", "Gizmo").containsEntry("quantity", -7L)
                .containsEntry("weight", new BigDecimal("0.000")).containsEntry("price", new Money(new BigDecimal("3.00"), "JPY"))
                .containsEntry("happensAt", OffsetDateTime.of(2025, 12, 31, 23, 30, 0, 0, ZoneOffset.UTC))
                .containsEntry("stage", "NEW")
                .containsEntry("tags", List.of("GREEN")).containsEntry("company", globex).containsEntry("contacts", List.of(bob))
                .containsEntry("payload", List.of(1, "two"))
                .as("fields not named keep their values")
                .containsEntry("mail", "ann.lee@example.com").containsEntry("active", true);

        Map<String, Object> clearAll = new LinkedHashMap<>();
        everyWritableType("").keySet().forEach(field -> clearAll.put(field, null));
        DataRecord cleared = shared(() -> records.update("gadget", created.id(), clearAll, 2, "bob"));

        Map<String, Object> empty = new LinkedHashMap<>();
        cleared.values().keySet().forEach(field -> empty.put(field, null));
        empty.put("contacts", List.of());
        empty.put("total", 0L);
        empty.put("serial", created.values().get("serial"));
        assertThat(cleared.values()).isEqualTo(empty);
        assertThat(shared(() -> records.get("gadget", created.id())).orElseThrow().values()).isEqualTo(empty);
    }

    // ---- normalisation ----

    @Test
    void textIsTrimmedAndBlankTextIsNoValue() {
        DataRecord created = shared(() -> records.create("gadget",
                Map.of("title", "  Widget \t", "body", "   ", "phone", " 030 123 "), "alice"));

        assertThat(created.get("title")).isEqualTo("Widget");
        assertThat(created.get("body")).isNull();
        assertThat(created.get("phone")).isEqualTo("030 123");
    }

    @Test
    void emailKeepsItsLocalPartAndLowerCasesItsDomain() {
        DataRecord gadget = shared(() -> records.create("gadget", Map.of("mail", " Ann.Lee@Example.COM "), "alice"));
        DataRecord company = shared(() -> records.create("company", Map.of("name", "Mail", "email", "Info@ACME.Example",
                "xMail", "Sales@Sub.ACME.example"), "alice"));

        assertThat(gadget.get("mail")).isEqualTo("Ann.Lee@example.com");
        assertThat(company.get("email")).isEqualTo("Info@acme.example");
        assertThat(company.get("xMail")).isEqualTo("Sales@sub.acme.example");
    }

    @Test
    void decimalsRoundHalfEvenToTheFieldScale() {
        List<DataRecord> created = shared(() -> records.createMany("gadget", List.of(
                Map.of("weight", "1.2345", "share", 12.345, "price", 0.125),
                Map.of("weight", "1.2355", "share", "12.355", "price", "0.135"),
                Map.of("weight", -2.0005, "share", 7, "price", 1)), null, "alice"));

        assertThat(created).extracting(record -> record.get("weight"))
                .containsExactly(new BigDecimal("1.234"), new BigDecimal("1.236"), new BigDecimal("-2.000"));
        assertThat(created).extracting(record -> record.get("share"))
                .containsExactly(new BigDecimal("12.34"), new BigDecimal("12.36"), new BigDecimal("7.00"));
        assertThat(created).extracting(record -> record.get("price")).containsExactly(new Money(new BigDecimal("0.12"), "EUR"),
                new Money(new BigDecimal("0.14"), "EUR"), new Money(new BigDecimal("1.00"), "EUR"));
    }

    @Test
    void currencyWithoutACodeTakesTheDefaultEur() {
        DataRecord plain = shared(() -> records.create("gadget", Map.of("price", 10), "alice"));
        DataRecord amountOnly = shared(() -> records.create("gadget", Map.of("price", Map.of("amount", "5.5")), "alice"));
        DataRecord deal = shared(() -> records.create("deal", Map.of("name", "No code", "amount", "99.999"), "alice"));

        assertThat(plain.get("price")).isEqualTo(new Money(new BigDecimal("10.00"), "EUR"));
        assertThat(amountOnly.get("price")).isEqualTo(new Money(new BigDecimal("5.50"), "EUR"));
        assertThat(shared(() -> records.get("deal", deal.id())).orElseThrow().get("amount"))
                .isEqualTo(new Money(new BigDecimal("100.00"), "EUR"));
    }

    @Test
    void numbersAndBooleansMayBeGivenAsStrings() {
        DataRecord created = shared(() -> records.create("gadget",
                Map.of("quantity", " 42 ", "weight", "3.5", "price", "7.1", "share", "5", "active", "false"), "alice"));
        DataRecord wholeDouble = shared(() -> records.create("gadget", Map.of("quantity", 42.0), "alice"));

        assertThat(created.values()).containsEntry("quantity", 42L).containsEntry("weight", new BigDecimal("3.500"))
                .containsEntry("price", new Money(new BigDecimal("7.10"), "EUR")).containsEntry("share", new BigDecimal("5.00"))
                .containsEntry("active", false);
        assertThat(wholeDouble.get("quantity")).isEqualTo(42L);
    }

    @Test
    void dateTimesAreStoredAsTheSameInstantInUtc() {
        List<DataRecord> created = shared(() -> records.createMany("gadget", List.of(
                Map.of("happensAt", "2026-06-30T23:59:59.123456-07:00"),
                Map.of("happensAt", OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(14))),
                Map.of("happensAt", java.time.Instant.parse("2026-02-03T04:05:06Z"))), null, "alice"));

        assertThat(created).extracting(record -> record.get("happensAt")).containsExactly(
                OffsetDateTime.of(2026, 7, 1, 6, 59, 59, 123_456_000, ZoneOffset.UTC),
                OffsetDateTime.of(2025, 12, 31, 10, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(2026, 2, 3, 4, 5, 6, 0, ZoneOffset.UTC));
    }

    @Test
    void dateTimesKeepMicrosecondsAlikeInEveryStorage() {
        String written = "2026-06-30T23:59:59.1234567Z";
        OffsetDateTime expected = OffsetDateTime.of(2026, 6, 30, 23, 59, 59, 123_456_000, ZoneOffset.UTC);

        DataRecord gadget = shared(() -> records.create("gadget", Map.of("happensAt", written), "alice"));
        DataRecord company = shared(() -> records.create("company", Map.of("name", "Precise", "xHappensAt", written), "alice"));
        DataRecord activity = shared(() -> records.create("activity", Map.of("subject", "Precise", "occurredAt", written),
                "alice"));

        assertThat(shared(() -> records.get("gadget", gadget.id())).orElseThrow().get("happensAt")).isEqualTo(expected);
        assertThat(shared(() -> records.get("company", company.id())).orElseThrow().get("xHappensAt")).isEqualTo(expected);
        assertThat(shared(() -> records.get("activity", activity.id())).orElseThrow().get("occurredAt")).isEqualTo(expected);
        assertThat(listed("gadget", gadget.id()).get("happensAt")).isEqualTo(listed("activity", activity.id()).get("occurredAt"));
    }

    @Test
    void multiSelectDropsRepeatedOptionsAndKeepsTheirOrder() {
        DataRecord created = shared(() -> records.create("gadget", Map.of("tags", List.of("BLUE", "RED", "BLUE")), "alice"));

        assertThat(created.get("tags")).isEqualTo(List.of("BLUE", "RED"));
    }

    @Test
    void recordsStoreTheOptionIdSoRenamingAnOptionRenamesStoredValues() {
        TenantId own = TenantId.random();
        as(own, () -> {
            metadata.createField("company", new NewField("tier", null, null, new FieldType.Select(List.of(
                    new SelectOption("t1", "GOLD", "Gold", 0, null, false))), null, null), "admin");
            return null;
        });
        DataRecord created = as(own, () -> records.create("company", Map.of("name", "Renamed", "tier", "GOLD"), "alice"));
        FieldType renamed = new FieldType.Select(List.of(new SelectOption("t1", "PLATINUM", "Platinum", 0, null, false)));
        as(own, () -> metadata.updateField("company", "tier", new FieldChange(null, null, null, null, renamed, null), null,
                "admin"));

        assertThat(as(own, () -> records.get("company", created.id())).orElseThrow().get("tier")).isEqualTo("PLATINUM");
    }

    // ---- read-only and wrongly typed values ----

    @Test
    void reservedTypesAreReadOnly() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("title", "Computed");
        input.put("serial", "G-0001");
        input.put("score", 10);
        input.put("total", 3);

        assertValidationFailure(() -> shared(() -> records.create("gadget", input, "alice")),
                tuple("serial", "READ_ONLY"), tuple("score", "READ_ONLY"), tuple("total", "READ_ONLY"));

        DataRecord created = shared(() -> records.create("gadget", Map.of("title", "Computed"), "alice"));
        assertThat((String) created.values().get("serial")).matches("G-\\d{4}");
        assertThat(created.values()).containsEntry("score", null).containsEntry("total", 0L);
        assertValidationFailure(() -> shared(() -> records.update("gadget", created.id(), Map.of("serial", "G-0002"), null,
                "alice")), tuple("serial", "READ_ONLY"));
        assertThat(shared(() -> records.get("gadget", created.id())).orElseThrow().version()).isEqualTo(1);
    }

    static Stream<Arguments> wronglyTypedValues() {
        List<Arguments> cases = new ArrayList<>(List.of(
                Arguments.of("title", 42, "title", "INVALID_TYPE"),
                Arguments.of("title", "x".repeat(101), "title", "TOO_LONG"),
                Arguments.of("body", true, "body", "INVALID_TYPE"),
                Arguments.of("mail", "not-an-email", "mail", "INVALID_EMAIL"),
                Arguments.of("mail", 7, "mail", "INVALID_TYPE"),
                Arguments.of("phone", "call me", "phone", "INVALID_PHONE"),
                Arguments.of("homepage", "ftp://files.example", "homepage", "INVALID_URL"),
                Arguments.of("homepage", "example.com", "homepage", "INVALID_URL"),
                Arguments.of("quantity", 1.5, "quantity", "INVALID_TYPE"),
                Arguments.of("quantity", "ten", "quantity", "INVALID_TYPE"),
                Arguments.of("quantity", "9223372036854775808", "quantity", "OUT_OF_RANGE"),
                Arguments.of("weight", "1,5", "weight", "INVALID_TYPE"),
                Arguments.of("weight", true, "weight", "INVALID_TYPE"),
                Arguments.of("weight", "1234567890.5", "weight", "OUT_OF_RANGE"),
                Arguments.of("price", "cheap", "price.amount", "INVALID_TYPE"),
                Arguments.of("price", Map.of("amount", "x", "currencyCode", "EUR"), "price.amount", "INVALID_TYPE"),
                Arguments.of("price", Map.of("currencyCode", "EUR"), "price.amount", "REQUIRED"),
                Arguments.of("price", Map.of("amount", 1, "currencyCode", "XYZ"), "price.currencyCode", "INVALID_CURRENCY"),
                Arguments.of("price", Map.of("amount", 1, "currencyCode", "eur"), "price.currencyCode", "INVALID_CURRENCY"),
                Arguments.of("share", List.of(1), "share", "INVALID_TYPE"),
                Arguments.of("active", "yes", "active", "INVALID_TYPE"),
                Arguments.of("active", 1, "active", "INVALID_TYPE"),
                Arguments.of("dueOn", "21.11.2026", "dueOn", "INVALID_DATE"),
                Arguments.of("dueOn", 20261121, "dueOn", "INVALID_DATE"),
                Arguments.of("happensAt", "2026-11-21T10:00:00", "happensAt", "INVALID_DATETIME"),
                Arguments.of("happensAt", "2026-11-21", "happensAt", "INVALID_DATETIME"),
                Arguments.of("stage", "UNKNOWN", "stage", "INVALID_OPTION"),
                Arguments.of("stage", "done", "stage", "INVALID_OPTION"),
                Arguments.of("stage", 1, "stage", "INVALID_TYPE"),
                Arguments.of("stage", "OLD", "stage", "OPTION_RETIRED"),
                Arguments.of("tags", "RED", "tags", "INVALID_TYPE"),
                Arguments.of("tags", List.of("RED", "PINK"), "tags[1]", "INVALID_OPTION"),
                Arguments.of("company", "not-a-record-id", "company", "INVALID_ID"),
                Arguments.of("company", 12, "company", "INVALID_ID"),
                Arguments.of("company", UUID.randomUUID(), "company", "REFERENCE_NOT_FOUND"),
                Arguments.of("contacts", UUID.randomUUID().toString(), "contacts", "INVALID_TYPE"),
                Arguments.of("contacts", List.of("x"), "contacts[0]", "INVALID_ID")));
        List<Arguments> onCompany = cases.stream().map(arguments -> {
            Object[] values = arguments.get();
            return Arguments.of(name("x", (String) values[0]), values[1], name("x", (String) values[2]), values[3]);
        }).toList();
        cases.addAll(onCompany);
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} = {1} is {3} at {2}")
    @MethodSource("wronglyTypedValues")
    void wronglyTypedValueIsAValidationFailureAtTheFieldPath(String field, Object value, String path, String code) {
        String object = field.startsWith("x") ? "company" : "gadget";
        Map<String, Object> input = new LinkedHashMap<>();
        if (object.equals("company")) {
            input.put("name", "Typed");
        }
        input.put(field, value);
        long before = count(object);

        assertValidationFailure(() -> shared(() -> records.create(object, input, "alice")), tuple(path, code));
        assertThat(count(object)).as("nothing written").isEqualTo(before);
    }

    @Test
    void wronglyTypedValuesOfABatchAreAllReportedWithTheirRecordIndex() {
        assertValidationFailure(() -> shared(() -> records.createMany("gadget", List.of(Map.of("quantity", "x"),
                Map.of("title", "ok"), Map.of("dueOn", "soon", "active", "maybe")), null, "alice")),
                tuple("[0].quantity", "INVALID_TYPE"), tuple("[2].dueOn", "INVALID_DATE"), tuple("[2].active", "INVALID_TYPE"));
    }

    // ---- helpers ----

    /** One field of every writable type, named with {@code prefix} (none on the custom object, {@code x} on company). */
    private static Map<String, FieldType> everyWritableType(String prefix) {
        Map<String, FieldType> types = new LinkedHashMap<>();
        types.put(name(prefix, "title"), new FieldType.Text(100));
        types.put(name(prefix, "body"), new FieldType.LongText(5000));
        types.put(name(prefix, "mail"), new FieldType.Email());
        types.put(name(prefix, "phone"), new FieldType.Phone());
        types.put(name(prefix, "homepage"), new FieldType.Url());
        types.put(name(prefix, "quantity"), new FieldType.Int());
        types.put(name(prefix, "weight"), new FieldType.Decimal(12, 3));
        types.put(name(prefix, "price"), new FieldType.Currency(2));
        types.put(name(prefix, "share"), new FieldType.Percent(2));
        types.put(name(prefix, "active"), new FieldType.Bool());
        types.put(name(prefix, "dueOn"), new FieldType.Date());
        types.put(name(prefix, "happensAt"), new FieldType.DateTime());
        types.put(name(prefix, "stage"), new FieldType.Select(STAGES));
        types.put(name(prefix, "tags"), new FieldType.MultiSelect(COLOURS));
        types.put(name(prefix, "company"), new FieldType.Relation(ApiName.of("company"), FieldType.Cardinality.MANY_TO_ONE,
                FieldType.OnDelete.SET_NULL, ApiName.of(name(prefix, "gadgets")), "Gadgets"));
        types.put(name(prefix, "contacts"), new FieldType.Relation(ApiName.of("contact"), FieldType.Cardinality.MANY_TO_MANY,
                null, null, null));
        types.put(name(prefix, "payload"), new FieldType.Json());
        return types;
    }

    private Map<String, Object> sampleInput(String prefix) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put(name(prefix, "title"), "Widget");
        input.put(name(prefix, "body"), "Line one\nLine two");
        input.put(name(prefix, "mail"), "ann.lee@example.com");
        input.put(name(prefix, "phone"), "+49 30 1234567");
        input.put(name(prefix, "homepage"), "https://example.com/a?b=c");
        input.put(name(prefix, "quantity"), 42);
        input.put(name(prefix, "weight"), new BigDecimal("1.25"));
        input.put(name(prefix, "price"), Map.of("amount", "19.99", "currencyCode", "USD"));
        input.put(name(prefix, "share"), 12.5);
        input.put(name(prefix, "active"), true);
        input.put(name(prefix, "dueOn"), "2026-12-24");
        input.put(name(prefix, "happensAt"), "2026-11-21T10:15:30+02:00");
        input.put(name(prefix, "stage"), "DONE");
        input.put(name(prefix, "tags"), List.of("RED", "BLUE"));
        input.put(name(prefix, "company"), acme.toString());
        input.put(name(prefix, "contacts"), contactsInStoredOrder());
        input.put(name(prefix, "payload"), payload());
        return input;
    }

    private Map<String, Object> expectedValues(String prefix) {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put(name(prefix, "title"), "Widget");
        expected.put(name(prefix, "body"), "Line one\nLine two");
        expected.put(name(prefix, "mail"), "ann.lee@example.com");
        expected.put(name(prefix, "phone"), "+49 30 1234567");
        expected.put(name(prefix, "homepage"), "https://example.com/a?b=c");
        expected.put(name(prefix, "quantity"), 42L);
        expected.put(name(prefix, "weight"), new BigDecimal("1.250"));
        expected.put(name(prefix, "price"), new Money(new BigDecimal("19.99"), "USD"));
        expected.put(name(prefix, "share"), new BigDecimal("12.50"));
        expected.put(name(prefix, "active"), true);
        expected.put(name(prefix, "dueOn"), LocalDate.of(2026, 12, 24));
        expected.put(name(prefix, "happensAt"), OffsetDateTime.of(2026, 11, 21, 8, 15, 30, 0, ZoneOffset.UTC));
        expected.put(name(prefix, "stage"), "DONE");
        expected.put(name(prefix, "tags"), List.of("RED", "BLUE"));
        expected.put(name(prefix, "company"), acme);
        expected.put(name(prefix, "contacts"), contactsInStoredOrder());
        expected.put(name(prefix, "payload"), payload());
        return expected;
    }

    // Links of one write read back in id order (PostgreSQL compares uuids as unsigned bytes, like their text form).
    private List<UUID> contactsInStoredOrder() {
        return Stream.of(ann, bob).sorted(Comparator.comparing(UUID::toString)).toList();
    }

    private static Map<String, Object> payload() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("ratio", new BigDecimal("1.5"));
        nested.put("missing", null);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("count", 1);
        payload.put("list", List.of("x", true));
        payload.put("nested", nested);
        return payload;
    }

    private void assertBothReads(DataRecord created, Map<String, Object> expected) {
        assertThat(created.values()).containsAllEntriesOf(expected);
        assertThat(shared(() -> records.get(created.object(), created.id())).orElseThrow().values())
                .containsAllEntriesOf(expected);
        assertThat(listed(created.object(), created.id()).values()).containsAllEntriesOf(expected);
    }

    private DataRecord listed(String object, UUID id) {
        List<DataRecord> found = shared(() -> records.list(object, RecordQuery.firstPage(10)
                .where(Filter.compare("id", Filter.Operator.EQ, id)))).records();
        assertThat(found).hasSize(1);
        return found.getFirst();
    }

    private long count(String object) {
        return shared(() -> records.list(object, RecordQuery.firstPage(0).counted())).totalCount();
    }

    private static void assertValidationFailure(Runnable action, org.assertj.core.groups.Tuple... violations) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(PlatformException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.violations()).extracting(Violation::field, Violation::code).containsExactlyInAnyOrder(violations);
        });
    }

    private void define(String object, String name, FieldType type) {
        metadata.createField(object, new NewField(name, null, null, type, null, null), "admin");
    }

    private <T> T shared(Supplier<T> work) {
        return as(shared, work);
    }

    private static String name(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + capitalised(name);
    }

    private static String capitalised(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
