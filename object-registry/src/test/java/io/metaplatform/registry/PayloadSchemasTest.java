package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.Violation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The generated payload schemas: valid 2020-12 schemas, and the same judge as the record store. Random payloads of
 * canonical values and of wrong ones, across every field type, are given to both the schema (networknt, formats
 * asserted) and the store: each accepts exactly what the other accepts, and rejects on the same fields.
 */
class PayloadSchemasTest extends RegistryTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(com.networknt.schema.SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

    @Autowired
    PayloadSchemaService schemas;

    @Test
    void everyGeneratedSchemaOfEveryObjectIsAValidDraft202012Schema() {
        gadget();
        Schema meta = REGISTRY.getSchema(SchemaLocation.of(PayloadSchemas.DIALECT));
        List<String> checked = new ArrayList<>();
        inTenant(() -> {
            for (ObjectDefinition object : metadata.schema().objects()) {
                for (PayloadSchemas.Operation operation : PayloadSchemas.Operation.values()) {
                    JsonNode schema = JSON.valueToTree(schemas.schemaOf(object.apiName().value(), operation));
                    assertThat(meta.validate(schema)).as(object.apiName() + " " + operation).isEmpty();
                    REGISTRY.getSchema(schema);
                    checked.add(object.apiName().value());
                }
            }
            return null;
        });
        assertThat(checked).contains("company", "invoice", "gadget");
    }

    @Test
    void createSchemaListsRequiredFieldsWithoutDefaultsAndDerivedFieldsReadOnly() {
        gadget();
        Map<String, Object> create = inTenant(() -> schemas.schemaOf("gadget", PayloadSchemas.Operation.CREATE));
        Map<String, Object> update = inTenant(() -> schemas.schemaOf("gadget", PayloadSchemas.Operation.UPDATE));

        assertThat(create.get("required")).isEqualTo(List.of("title"));
        assertThat(update).doesNotContainKey("required");
        assertThat(property(create, "total")).containsEntry("readOnly", true).containsEntry("x-fieldType", "FORMULA");
        assertThat(property(create, "number")).containsEntry("readOnly", true);
        assertThat(property(create, "stage")).containsEntry("enum", List.of("A", "B")).containsEntry("default", "A");
        assertThat(property(create, "mail")).containsEntry("format", "email");
        assertThat(property(create, "site")).containsEntry("format", "uri");
        assertThat(property(create, "due")).containsEntry("format", "date");
        assertThat(property(create, "at")).containsEntry("format", "date-time");
        assertThat(property(create, "qty")).containsEntry("minimum", BigDecimal.ZERO).containsEntry("maximum", new BigDecimal(1000));
        assertThat(property(create, "code")).containsEntry("pattern", "^(?:[A-Z]{2}-[0-9]+)$").containsEntry("maxLength", 10);
        assertThat(create.get("additionalProperties")).isEqualTo(false);
    }

    @Test
    void fieldsTheCallerMayNotReadOrEditAreAbsent() {
        gadget();
        ObjectDefinition gadget = inTenant(() -> metadata.schema().object("gadget").orElseThrow());
        RecordPolicy.ObjectAccess access = new RecordPolicy.ObjectAccess(Set.of(RecordPolicy.Operation.READ, RecordPolicy.Operation.CREATE),
                false, Set.of("title", "qty", "total"), Set.of("title"), Optional.empty(), Optional.empty());

        Map<String, Object> schema = PayloadSchemas.of(gadget, PayloadSchemas.Operation.CREATE, access);

        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
        assertThat(properties.keySet()).containsExactly("title", "total");
    }

    @Test
    void anUnknownObjectIsNotFoundOnTheObjectArgument() {
        assertThatThrownBy(() -> inTenant(() -> schemas.schemaOf("nothing", PayloadSchemas.Operation.CREATE)))
                .isInstanceOfSatisfying(PlatformException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(e.violations()).extracting(Violation::field, Violation::code).containsExactly(
                            org.assertj.core.groups.Tuple.tuple("object", "UNKNOWN_OBJECT"));
                });
    }

    @Test
    void anotherTenantsCustomObjectHasNoSchemaForThisTenant() {
        gadget();
        io.metaplatform.core.TenantId other = io.metaplatform.core.TenantId.random();

        assertThatThrownBy(() -> as(other, () -> schemas.schemaOf("gadget", PayloadSchemas.Operation.CREATE)))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        addField("company", "secretScore", new FieldType.Int());
        assertThat(property(inTenant(() -> schemas.schemaOf("company", PayloadSchemas.Operation.CREATE)), "secretScore")).isNotNull();
        assertThat(as(other, () -> schemas.schemaOf("company", PayloadSchemas.Operation.CREATE)).toString()).doesNotContain("secretScore");
    }

    @Test
    void whatTheSchemaAcceptsTheStoreAcceptsAndWhatItRejectsTheStoreRejectsOnTheSameFields() {
        gadget();
        List<String> companies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            companies.add(inTenant(() -> records.create("company", Map.of("name", "C" + UUID.randomUUID()), "t")).id().toString());
        }
        Schema create = REGISTRY.getSchema(JSON.valueToTree(inTenant(() -> schemas.schemaOf("gadget", PayloadSchemas.Operation.CREATE))));
        Schema update = REGISTRY.getSchema(JSON.valueToTree(inTenant(() -> schemas.schemaOf("gadget", PayloadSchemas.Operation.UPDATE))));
        UUID target = inTenant(() -> records.create("gadget", Map.of("title", "Base"), "t")).id();
        Random random = new Random(20261207L);
        Payloads payloads = new Payloads(random, companies);
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < 600; i++) {
            boolean creating = i % 2 == 0;
            Map<String, Object> payload = payloads.next(creating);
            Set<String> bySchema = fields((creating ? create : update).validate(JSON.valueToTree(payload)));
            Set<String> byStore = storeRejects(() -> creating ? records.create("gadget", payload, "t")
                    : records.update("gadget", target, payload, null, "t"));
            assertThat(byStore).as("%s %s: schema refused %s", creating ? "create" : "update", payload, bySchema).isEqualTo(bySchema);
            if (bySchema.isEmpty()) {
                accepted++;
            } else {
                rejected++;
            }
        }
        assertThat(accepted).as("payloads both accepted of %d", accepted + rejected).isGreaterThan(60);
        assertThat(rejected).as("payloads both rejected").isGreaterThan(60);
    }

    private Set<String> storeRejects(java.util.function.Supplier<DataRecord> write) {
        try {
            inTenant(write);
            return Set.of();
        } catch (PlatformException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            Set<String> fields = new TreeSet<>();
            e.violations().forEach(violation -> fields.add(violation.field().split("[.\\[]")[0]));
            return fields;
        }
    }

    private static Set<String> fields(List<Error> errors) {
        Set<String> fields = new TreeSet<>();
        for (Error error : errors) {
            fields.add(error.getInstanceLocation().getNameCount() > 0 ? String.valueOf(error.getInstanceLocation().getElement(0))
                    : error.getProperty());
        }
        return fields;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> property(Map<String, Object> schema, String name) {
        return (Map<String, Object>) ((Map<String, Object>) schema.get("properties")).get(name);
    }

    /** A custom object with a field of every type clients write, constraints, and derived fields. */
    private void gadget() {
        inTenant(() -> metadata.createObject(new NewObject("gadget", "Gadget", "Gadgets", null), "admin"));
        addField("gadget", "title", new FieldType.Text(40), Constraints.NONE.withRequired(true).withLength(2, null));
        addField("gadget", "code", new FieldType.Text(10), Constraints.NONE.withPattern("[A-Z]{2}-[0-9]+"));
        addField("gadget", "notes", new FieldType.LongText(200));
        addField("gadget", "mail", new FieldType.Email());
        addField("gadget", "phone", new FieldType.Phone());
        addField("gadget", "site", new FieldType.Url());
        addField("gadget", "qty", new FieldType.Int(), Constraints.NONE.withRange(BigDecimal.ZERO, new BigDecimal(1000)));
        addField("gadget", "price", new FieldType.Decimal(7, 2), Constraints.NONE.withRange(new BigDecimal(-100), null));
        addField("gadget", "rate", new FieldType.Percent(2));
        addField("gadget", "cost", new FieldType.Currency(2));
        addField("gadget", "active", new FieldType.Bool());
        addField("gadget", "due", new FieldType.Date());
        addField("gadget", "at", new FieldType.DateTime());
        addField("gadget", "stage", new FieldType.Select(List.of(new SelectOption("a", "A", "Alpha", 0, null, false),
                new SelectOption("b", "B", "Beta", 1, null, false), new SelectOption("c", "C", "Gamma", 2, null, true))),
                Constraints.NONE.withRequired(true).withDefault("A"));
        addField("gadget", "tags", new FieldType.MultiSelect(List.of(new SelectOption("x", "X", null, 0, null, false),
                new SelectOption("y", "Y", null, 1, null, false), new SelectOption("z", "Z", null, 2, null, true))));
        addField("gadget", "owner", new FieldType.Relation(ApiName.of("company"), FieldType.Cardinality.MANY_TO_ONE, null, null, null));
        addField("gadget", "peers", new FieldType.Relation(ApiName.of("company"), FieldType.Cardinality.MANY_TO_MANY, null, null, null));
        addField("gadget", "extra", new FieldType.Json());
        addField("gadget", "total", new FieldType.Formula("qty * price", FieldType.ResultKind.DECIMAL));
        addField("gadget", "number", new FieldType.AutoNumber("G-", 4));
    }

    /** Random payloads: each field present or not, with a canonical valid value or a wrong one. */
    private static final class Payloads {

        private final Random random;
        private final Map<String, Function<Random, Object>> values = new LinkedHashMap<>();

        Payloads(Random random, List<String> companies) {
            this.random = random;
            values.put("title", r -> pick(r, word(r, 0, 45), word(r, 2, 40), word(r, 2, 40), 5, null, "a b"));
            values.put("code", r -> pick(r, "AB-12", "ZZ-1", "ab-12", "AB-", "ABC-123456", "A1-2", null, 12));
            values.put("notes", r -> pick(r, word(r, 1, 210), word(r, 1, 190), null, List.of("x")));
            values.put("mail", r -> pick(r, "anna@example.com", "Bob.Smith+x@Example.ORG", "no-at", "a@b", "a b@c.de", "@x.de",
                    "x@-bad.de", null, 7));
            values.put("phone", r -> pick(r, "+49 30 1234", "12", "+49 (0) 30/12-34", "1.2.3", "abc", "++49 123", "+1 2", null));
            values.put("site", r -> pick(r, "https://example.com", "http://a.example.org/path?q=1#top", "HTTPS://x.de:8443/",
                    "ftp://x.de", "example.com", "https://ex ample.com", "http://1.2.3", "http://:80", "https://10.0.0.1/x", null));
            values.put("qty", r -> pick(r, (long) r.nextInt(-5, 1006), (long) r.nextInt(0, 1001), new BigDecimal("3.0"),
                    new BigDecimal("2.5"), new BigDecimal("1E+20"), "seven", null));
            values.put("price", r -> pick(r, cents(r, -20_000, 10_000_000), cents(r, -10_000, 100_000), new BigDecimal("99999.99"),
                    new BigDecimal("99999.994"), new BigDecimal("99999.995"), new BigDecimal("100000"), new BigDecimal("-100.00"),
                    new BigDecimal("-100.01"), "a lot", null));
            values.put("rate", r -> pick(r, cents(r, -100_000, 100_000), new BigDecimal("9999999.99"), new BigDecimal("10000000"),
                    true, null));
            values.put("cost", r -> pick(r, cents(r, -1000, 1000), money(r, "EUR"), money(r, "USD"), money(r, "XXY"),
                    money(r, null), Map.of("currencyCode", "EUR"), "12 EUR", null));
            values.put("active", r -> pick(r, true, false, "yes", 1, null));
            values.put("due", r -> pick(r, "2026-02-28", "2024-02-29", "2026-02-30", "2026-13-01", "26-1-1", "2026-1-01", 20260101, null));
            values.put("at", r -> pick(r, "2026-11-21T09:30:00Z", "2026-11-21T09:30:00.123456+01:00", "2026-11-21 09:30:00Z",
                    "2026-11-21T25:00:00Z", "2026-11-21T09:30:00", "tomorrow", null));
            values.put("stage", r -> pick(r, "A", "B", "C", "D", null, 3));
            values.put("tags", r -> pick(r, List.of(), List.of("X"), List.of("X", "Y", "X"), List.of("Z"), List.of("Q", "X"), "X", null));
            values.put("owner", r -> pick(r, companies.get(r.nextInt(companies.size())), "not-a-uuid", 42, null));
            values.put("peers", r -> pick(r, List.of(companies.get(0)), companies, List.of(), List.of("bad"), companies.get(1), null));
            values.put("extra", r -> pick(r, Map.of("a", 1), List.of(1, 2), "text", 3, null));
            values.put("total", r -> pick(r, new BigDecimal(5), null));
            values.put("number", r -> pick(r, "G-0001", null));
            values.put("bogus", r -> pick(r, 1, null));
        }

        Map<String, Object> next(boolean creating) {
            Map<String, Object> payload = new LinkedHashMap<>();
            values.forEach((name, value) -> {
                boolean rare = name.equals("total") || name.equals("number") || name.equals("bogus");
                double chance = rare ? 0.02 : creating && name.equals("title") ? 0.9 : 0.12;
                if (random.nextDouble() < chance) {
                    payload.put(name, value.apply(random));
                }
            });
            return payload;
        }

        private static Object pick(Random random, Object... options) {
            return options[random.nextInt(options.length)];
        }

        // Canonical texts: no surrounding whitespace (the store trims, the schema does not).
        private static String word(Random random, int min, int max) {
            int length = random.nextInt(min, max + 1);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < length; i++) {
                text.append((char) ('a' + random.nextInt(26)));
            }
            return text.toString();
        }

        // At most the field's scale of decimals: the store would round more, and compare the rounded value.
        private static BigDecimal cents(Random random, long min, long max) {
            return BigDecimal.valueOf(random.nextLong(min, max), 2);
        }

        private static Map<String, Object> money(Random random, String code) {
            Map<String, Object> money = new LinkedHashMap<>();
            money.put("amount", cents(random, -100_000, 100_000));
            money.put("currencyCode", code);
            return money;
        }
    }
}
