package io.metaplatform.registry;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * JSON Schemas (draft 2020-12) of the create and update payloads of an object, generated from its definition: what a
 * frontend validates a form against before it writes. A schema is the contract the record store enforces for the
 * canonical form of each value (texts trimmed, numbers as JSON numbers, booleans as JSON booleans): a payload of
 * canonical values that the schema accepts, the store accepts, and one it rejects, the store rejects on the same field.
 * What a schema cannot know is checked by the store only: that a referenced record exists, uniqueness, validation
 * rules, quotas. The store is also more lenient than the schema about a few non-canonical forms (it trims texts and
 * takes an empty text as no value, reads decimal strings as numbers and {@code "true"}/{@code "false"} as booleans).
 * Format keywords ({@code email}, {@code uri}, {@code date}, {@code date-time}, {@code uuid}) are exact only when the
 * validator asserts formats; emails, URLs, phone numbers and ids carry a {@code pattern} as well.
 *
 * <p>Output is deterministic (fields in position order, keys in a fixed order), so schemas diff well. Stateless and
 * thread-safe.
 */
public final class PayloadSchemas {

    /** The dialect every generated schema declares. */
    public static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";

    /** The payload a schema describes. */
    public enum Operation {
        /** A new record: required fields must be present (unless they have a default). */
        CREATE,
        /** Changes of a record: every field optional, a required field may not be cleared. */
        UPDATE
    }

    // The store's own rules (FieldValues), written as patterns both ECMA-262 and java.util.regex read alike.
    static final String EMAIL_PATTERN = "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
            + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$";
    static final String PHONE_PATTERN = "^(?=(?:[^0-9]*[0-9]){3})\\+?[0-9 ()./-]{3,30}$";
    private static final String URL_CHAR = "(?:[A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})";
    static final String URL_PATTERN = "^[Hh][Tt][Tt][Pp][Ss]?://"
            + "(?:(?:[A-Za-z0-9._~!$&'()*+,;=:-]|%[0-9A-Fa-f]{2})*@)?"
            + "(?:(?:[0-9]{1,3}\\.){3}[0-9]{1,3}|(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\\.)*[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?\\.?)"
            + "(?::[0-9]*)?(?:[/?]" + URL_CHAR + "*)?(?:#" + URL_CHAR + "*)?$";
    static final String UUID_PATTERN = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$";
    private static final String DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
    private static final String NOT_BLANK = "\\S";
    private static final List<String> CURRENCY_CODES = Currency.getAvailableCurrencies().stream().map(Currency::getCurrencyCode)
            .filter(code -> code.matches("[A-Z]{3}")).sorted().toList();

    private PayloadSchemas() {
    }

    /**
     * The schema of {@code operation}'s payload of {@code object} for a caller with {@code access}: fields the caller
     * may not read or not edit are absent (and so refused, as is any name that is not a field); derived fields are
     * listed read-only and refuse every value.
     *
     * @return a fresh, mutable JSON tree (maps, lists, strings, numbers, booleans) in a stable order
     */
    public static Map<String, Object> of(ObjectDefinition object, Operation operation, RecordPolicy.ObjectAccess access) {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(access, "access");
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (FieldDefinition field : object.fields()) {
            String name = field.apiName().value();
            if (!access.canRead(name) || (field.type().writable() && !access.canEdit(name))) {
                continue;
            }
            properties.put(name, property(field, operation));
            if (operation == Operation.CREATE && field.type().writable() && field.required() && field.constraints().defaultValue() == null) {
                required.add(name);
            }
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", DIALECT);
        schema.put("$id", "urn:metaplatform:payload:" + object.apiName().value() + ":" + operation.name().toLowerCase());
        schema.put("title", (operation == Operation.CREATE ? "New " : "Changes of ") + object.labelSingular());
        if (object.description() != null && !object.description().isBlank()) {
            schema.put("description", object.description());
        }
        schema.put("type", "object");
        schema.put("properties", properties);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    private static Map<String, Object> property(FieldDefinition field, Operation operation) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("title", field.label());
        if (field.description() != null && !field.description().isBlank()) {
            schema.put("description", field.description());
        }
        schema.put("x-fieldType", field.type().kind());
        if (!field.type().writable()) {
            schema.put("readOnly", true);
            schema.putAll(value(field.type().valueType(), Constraints.NONE, false));
            // Computed by the platform: the store refuses any value, null included.
            schema.put("not", new LinkedHashMap<>());
            return schema;
        }
        boolean nullable = !field.required();
        schema.putAll(value(field.type(), field.constraints(), nullable));
        if (operation == Operation.CREATE && field.constraints().defaultValue() != null) {
            schema.put("default", field.constraints().defaultValue());
        }
        return schema;
    }

    /** The schema of one value of {@code type}; {@code nullable}: JSON null (no value) is accepted. */
    private static Map<String, Object> value(FieldType type, Constraints constraints, boolean nullable) {
        Map<String, Object> schema = new LinkedHashMap<>();
        List<String> patterns = new ArrayList<>();
        switch (type) {
            case FieldType.Text text -> text(schema, patterns, text.maxLength(), constraints, nullable);
            case FieldType.LongText text -> text(schema, patterns, text.maxLength(), constraints, nullable);
            case FieldType.Email ignored -> {
                text(schema, patterns, 320, constraints, nullable);
                schema.put("format", "email");
                patterns.addFirst(EMAIL_PATTERN);
            }
            case FieldType.Phone ignored -> {
                text(schema, patterns, 50, constraints, nullable);
                patterns.addFirst(PHONE_PATTERN);
            }
            case FieldType.Url ignored -> {
                text(schema, patterns, 2048, constraints, nullable);
                schema.put("format", "uri");
                patterns.addFirst(URL_PATTERN);
            }
            case FieldType.Int ignored -> {
                schema.put("type", types("integer", nullable));
                schema.put("minimum", atLeast(constraints.min(), BigDecimal.valueOf(Long.MIN_VALUE)));
                schema.put("maximum", atMost(constraints.max(), BigDecimal.valueOf(Long.MAX_VALUE)));
            }
            case FieldType.Decimal decimal -> number(schema, decimal.precision(), decimal.scale(), constraints, nullable);
            case FieldType.Percent percent -> number(schema, 9, percent.scale(), constraints, nullable);
            case FieldType.Currency currency -> money(schema, currency.scale(), constraints, nullable);
            case FieldType.Bool ignored -> schema.put("type", types("boolean", nullable));
            case FieldType.Date ignored -> {
                schema.put("type", types("string", nullable));
                schema.put("format", "date");
                patterns.add(DATE_PATTERN);
            }
            case FieldType.DateTime ignored -> {
                schema.put("type", types("string", nullable));
                schema.put("format", "date-time");
            }
            case FieldType.Select select -> options(schema, select, nullable);
            case FieldType.MultiSelect multi -> {
                schema.put("type", types("array", nullable));
                options(nested(schema, "items"), multi, false);
            }
            case FieldType.Relation relation -> {
                if (relation.cardinality() == FieldType.Cardinality.MANY_TO_ONE) {
                    id(schema, nullable);
                } else {
                    schema.put("type", types("array", nullable));
                    id(nested(schema, "items"), false);
                }
                schema.put("x-target", relation.target().value());
            }
            case FieldType.Json ignored -> {
                if (!nullable) {
                    schema.put("not", Map.of("type", "null"));
                }
            }
            case FieldType.AutoNumber ignored -> schema.put("type", "string");
            case FieldType.Formula ignored -> schema.put("type", "string");
            case FieldType.Rollup ignored -> schema.put("type", "number");
        }
        putPatterns(schema, patterns);
        return schema;
    }

    private static void text(Map<String, Object> schema, List<String> patterns, int typeMax, Constraints constraints, boolean nullable) {
        schema.put("type", types("string", nullable));
        Integer min = constraints.minLength();
        if (!nullable && (min == null || min < 1)) {
            min = 1;
        }
        if (min != null && min > 0) {
            schema.put("minLength", min);
        }
        schema.put("maxLength", constraints.maxLength() == null ? typeMax : Math.min(typeMax, constraints.maxLength()));
        if (!nullable) {
            // A blank text is stored as no value, which a required field refuses.
            patterns.add(NOT_BLANK);
        }
        if (constraints.pattern() != null) {
            // The store matches the whole text; a schema pattern matches anywhere unless anchored.
            patterns.add("^(?:" + constraints.pattern() + ")$");
        }
    }

    /**
     * A number the store rounds half-even to {@code scale} places and refuses with more than {@code precision - scale}
     * digits before the point: exactly the numbers strictly within ±(10^(precision-scale) - 5·10^-(scale+1)).
     */
    private static void number(Map<String, Object> schema, int precision, int scale, Constraints constraints, boolean nullable) {
        schema.put("type", types("number", nullable));
        bounds(schema, precision, scale, constraints);
    }

    private static void bounds(Map<String, Object> schema, int precision, int scale, Constraints constraints) {
        BigDecimal limit = BigDecimal.TEN.pow(precision - scale).subtract(new BigDecimal(5).movePointLeft(scale + 1));
        if (constraints.min() != null) {
            schema.put("minimum", constraints.min());
        }
        if (constraints.min() == null || constraints.min().compareTo(limit.negate()) <= 0) {
            schema.put("exclusiveMinimum", limit.negate());
        }
        if (constraints.max() != null) {
            schema.put("maximum", constraints.max());
        }
        if (constraints.max() == null || constraints.max().compareTo(limit) >= 0) {
            schema.put("exclusiveMaximum", limit);
        }
    }

    private static void money(Map<String, Object> schema, int scale, Constraints constraints, boolean nullable) {
        Map<String, Object> amount = new LinkedHashMap<>();
        amount.put("type", "number");
        bounds(amount, 18, scale, constraints);
        Map<String, Object> code = new LinkedHashMap<>();
        code.put("description", "ISO 4217; missing or null: the tenant's default currency");
        List<Object> codes = new ArrayList<>(CURRENCY_CODES);
        codes.add(null);
        code.put("enum", codes);
        Map<String, Object> withCode = new LinkedHashMap<>();
        withCode.put("type", "object");
        withCode.put("properties", new LinkedHashMap<>(Map.of("amount", amount)));
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) withCode.get("properties");
        properties.put("currencyCode", code);
        withCode.put("required", List.of("amount"));
        List<Object> forms = new ArrayList<>();
        forms.add(new LinkedHashMap<>(amount));
        forms.add(withCode);
        if (nullable) {
            forms.add(Map.of("type", "null"));
        }
        schema.put("anyOf", forms);
    }

    private static void options(Map<String, Object> schema, FieldType.WithOptions type, boolean nullable) {
        schema.put("type", types("string", nullable));
        List<Object> values = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        type.activeOptions().forEach(option -> {
            values.add(option.value());
            labels.add(option.label());
        });
        if (nullable) {
            values.add(null);
        }
        schema.put("enum", values);
        schema.put("x-enumLabels", labels);
    }

    private static void id(Map<String, Object> schema, boolean nullable) {
        schema.put("type", types("string", nullable));
        schema.put("format", "uuid");
        schema.put("pattern", UUID_PATTERN);
    }

    private static void putPatterns(Map<String, Object> schema, List<String> patterns) {
        if (patterns.size() == 1) {
            schema.put("pattern", patterns.getFirst());
        } else if (patterns.size() > 1) {
            schema.put("allOf", patterns.stream().map(pattern -> Map.of("pattern", pattern)).toList());
        }
    }

    private static Map<String, Object> nested(Map<String, Object> schema, String key) {
        Map<String, Object> nested = new LinkedHashMap<>();
        schema.put(key, nested);
        return nested;
    }

    private static Object types(String type, boolean nullable) {
        return nullable ? List.of(type, "null") : type;
    }

    private static BigDecimal atLeast(BigDecimal wanted, BigDecimal floor) {
        return wanted == null || wanted.compareTo(floor) < 0 ? floor : wanted;
    }

    private static BigDecimal atMost(BigDecimal wanted, BigDecimal ceiling) {
        return wanted == null || wanted.compareTo(ceiling) > 0 ? ceiling : wanted;
    }
}
