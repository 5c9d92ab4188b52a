package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.Violation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Values PostgreSQL would refuse or that would grow without bound: NUL characters in text, JSON and
 * filters, and values beyond their size limits, each refused per field before any SQL.
 */
class ValueRulesTest extends RegistryTestSupport {

    private static final String NUL = "A\u0000B";

    @Test
    void aNulCharacterInAnyTextLikeValueIsRefusedOnItsField() {
        addField("company", "note", new FieldType.LongText(1000));
        addField("company", "mail", new FieldType.Email());
        addField("company", "fax", new FieldType.Phone());
        addField("company", "site", new FieldType.Url());

        assertRefused(() -> inTenant(() -> records.create("company", Map.of("name", NUL), "a")), "name");
        assertRefused(() -> inTenant(() -> records.create("company", Map.of("name", "X", "note", NUL), "a")), "note");
        assertRefused(() -> inTenant(() -> records.create("company", Map.of("name", "X", "mail", "a\u0000@example.com"), "a")), "mail");
        assertRefused(() -> inTenant(() -> records.create("company", Map.of("name", "X", "fax", "+49\u0000 1"), "a")), "fax");
        assertRefused(() -> inTenant(() -> records.create("company", Map.of("name", "X", "site", "https://a.de/\u0000"), "a")), "site");
        assertThat(inTenant(() -> records.list("company", RecordQuery.firstPage(5).counted())).totalCount()).isZero();
    }

    @Test
    void aNulCharacterIsRefusedInBatchesUpdatesAndUpserts() {
        DataRecord acme = inTenant(() -> records.create("company", Map.of("name", "ACME", "customerNumber", "K-1"), "a"));

        assertRefused(() -> inTenant(() -> records.createMany("company", List.of(Map.of("name", "Fine"), Map.of("name", NUL)), null, "a")),
                "[1].name");
        assertRefused(() -> inTenant(() -> records.update("company", acme.id(), Map.of("city", NUL), null, "a")), "city");
        assertRefused(() -> run(() -> records.updateEach("company", Map.of(acme.id(), Map.of("city", NUL)), "a")), "[0].city");
        assertRefused(() -> inTenant(() -> records.createMany("company", List.of(Map.of("customerNumber", "K-1", "name", NUL)),
                "customerNumber", "a")), "[0].name");
        assertThat(inTenant(() -> records.get("company", acme.id())).orElseThrow().version()).as("nothing written").isEqualTo(1);
    }

    @Test
    void aNulCharacterInAFilterValueIsRefusedOnTheFilterPath() {
        inTenant(() -> records.create("company", Map.of("name", "ACME"), "a"));

        assertRefused(() -> list(Filter.compare("name", Filter.Operator.EQ, NUL)), "filter.name");
        assertRefused(() -> list(Filter.compare("name", Filter.Operator.CONTAINS, NUL)), "filter.name");
        assertRefused(() -> list(Filter.compare("name", Filter.Operator.STARTS_WITH, NUL)), "filter.name");
        assertRefused(() -> list(Filter.compare("name", Filter.Operator.IN, List.of("ACME", NUL))), "filter.name[1]");
        assertRefused(() -> list(Filter.or(Filter.compare("city", Filter.Operator.NEQ, NUL))), "filter.or[0].city");
    }

    @Test
    void aNulCharacterAnywhereInAJsonValueIsRefused() {
        addField("company", "payload", new FieldType.Json());

        assertRefused(() -> inTenant(() -> records.create("company", Map.of("name", "X", "payload", Map.of("k", List.of("ok", NUL))), "a")),
                "payload");
        assertRefused(() -> inTenant(() -> records.create("company", Map.of("name", "X", "payload", Map.of(NUL, 1)), "a")), "payload");
        assertRefused(() -> inTenant(() -> records.create("company", Map.of("name", "X", "payload", NUL), "a")), "payload");
        DataRecord fine = inTenant(() -> records.create("company", Map.of("name", "X", "payload", Map.of("k", "a\\u0000 as text")), "a"));
        assertThat(fine.get("payload")).isEqualTo(Map.of("k", "a\\u0000 as text"));
    }

    @Test
    void aJsonValueBeyondTheConfiguredSizeIsRefusedAndOneWithinIsStored() {
        addField("company", "payload", new FieldType.Json());
        Map<String, Object> tooLarge = Map.of("blob", "x".repeat(256 * 1024));
        Map<String, Object> fits = Map.of("blob", "x".repeat(200 * 1024));

        assertThatThrownBy(() -> inTenant(() -> records.create("company", Map.of("name", "X", "payload", tooLarge), "a")))
                .isInstanceOfSatisfying(PlatformException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.violations()).extracting(Violation::field, Violation::code).containsExactly(
                            org.assertj.core.groups.Tuple.tuple("payload", "TOO_LARGE"));
                    assertThat(e.violations().getFirst().message()).contains("262144 bytes");
                });
        DataRecord stored = inTenant(() -> records.create("company", Map.of("name", "X", "payload", fits), "a"));
        assertThat(stored.get("payload")).isEqualTo(fits);
    }

    @Test
    void textIsBoundByItsMaxLengthForCustomAndBuiltInFieldsAlike() {
        addField("company", "code", new FieldType.Text(5));
        addField("company", "essay", new FieldType.LongText(FieldType.LongText.DEFAULT_MAX));
        addField("company", "short", new FieldType.Text(100), Constraints.NONE.withLength(null, 3));

        assertTooLong(() -> inTenant(() -> records.create("company", Map.of("name", "X", "code", "123456"), "a")), "code");
        assertTooLong(() -> inTenant(() -> records.create("company", Map.of("name", "X", "essay", "x".repeat(100_001)), "a")), "essay");
        assertTooLong(() -> inTenant(() -> records.create("company", Map.of("name", "X", "short", "four"), "a")), "short");
        assertTooLong(() -> inTenant(() -> records.create("company", Map.of("name", "x".repeat(10_001)), "a")), "name");
        assertThat(inTenant(() -> records.create("company", Map.of("name", "X", "code", "12345"), "a")).get("code")).isEqualTo("12345");
    }

    @Test
    void metadataTextWithANulCharacterIsRefusedOnItsField() {
        assertRefused(() -> inTenant(() -> metadata.createField("company", new NewField("note", NUL, null, new FieldType.Text(10), null, null),
                "admin")), "label");
        assertRefused(() -> inTenant(() -> metadata.createField("company", new NewField("note", null, NUL, new FieldType.Text(10), null, null),
                "admin")), "description");
        assertRefused(() -> inTenant(() -> metadata.createField("company", new NewField("no\u0000te", null, null, new FieldType.Text(10), null,
                null), "admin")), "apiName");
        FieldType select = new FieldType.Select(List.of(new SelectOption("a", "A", "Fine", 0, null, false),
                new SelectOption("b", "B", NUL, 1, null, false)));
        assertRefused(() -> inTenant(() -> metadata.createField("company", new NewField("tier", null, null, select, null, null), "admin")),
                "type.options[1].label");
        assertRefused(() -> inTenant(() -> metadata.createField("company", new NewField("ref", null, null, new FieldType.Text(10),
                Constraints.NONE.withPattern("[a-z]\u0000"), null), "admin")), "constraints");
        assertRefused(() -> inTenant(() -> metadata.createObject(new NewObject("project2", NUL, null, null), "admin")), "labelSingular");
        assertRefused(() -> inTenant(() -> metadata.updateObject("company", new ObjectChange(null, null, NUL, null), null, "admin")),
                "labelPlural");
        assertThat(inTenant(() -> metadata.schema().object("company")).orElseThrow().field("note")).isEmpty();
    }

    private RecordPage list(Filter filter) {
        return inTenant(() -> records.list("company", RecordQuery.firstPage(5).where(filter)));
    }

    private static void assertRefused(ThrowingCallable call, String field) {
        assertViolation(call, field, "INVALID_CHARACTERS");
    }

    private static void assertTooLong(ThrowingCallable call, String field) {
        assertViolation(call, field, "TOO_LONG");
    }

    private static void assertViolation(ThrowingCallable call, String field, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PlatformException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            Map<String, String> codes = new LinkedHashMap<>();
            e.violations().forEach(violation -> codes.put(violation.field(), violation.code()));
            assertThat(codes).containsEntry(field, code);
        });
    }
}
