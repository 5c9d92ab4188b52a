package io.metaplatform.registry.internal;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.metaplatform.core.StorableText;
import io.metaplatform.core.Violations;
import io.metaplatform.registry.Constraints;
import io.metaplatform.registry.FieldDefinition;
import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.Money;
import io.metaplatform.registry.SelectOption;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Turns values as clients send them (JSON scalars, objects and arrays) into the normalised values the
 * store keeps, reporting every problem as a violation of the field's path. Stored forms: text as
 * trimmed strings (e-mail domains lower-cased), integers as {@code Long}, decimals and percentages as
 * {@code BigDecimal} at the field's scale, currency as {@link Money}, dates as {@code LocalDate},
 * date-times as UTC {@code OffsetDateTime} (to the microsecond), select values as option ids, relations as
 * {@code UUID}s, JSON as given. No stored value holds a NUL character, which PostgreSQL refuses in text and jsonb
 * ({@link StorableText#INVALID_CHARACTERS}); JSON values are bounded by {@link RegistryLimits#maxJsonValueSize()}.
 */
public final class FieldValues {

    private static final java.util.regex.Pattern EMAIL = java.util.regex.Pattern.compile(
            "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");
    private static final java.util.regex.Pattern PHONE = java.util.regex.Pattern.compile("\\+?[0-9 ()./-]{3,30}");
    private static final int MAX_TEXT_FOR_PATTERN = 10_000;

    private FieldValues() {
    }

    /**
     * The stored form of {@code raw} for {@code field}, or {@code null} for a JSON null; problems are added
     * to {@code violations} under {@code path} (and {@code null} returned).
     */
    public static Object parse(FieldDefinition field, Object raw, String path, String defaultCurrency, Violations violations) {
        return parse(field, raw, path, defaultCurrency, RegistryLimits.DEFAULTS, violations);
    }

    /** Like {@link #parse(FieldDefinition, Object, String, String, Violations)}, with the configured {@code limits}. */
    public static Object parse(FieldDefinition field, Object raw, String path, String defaultCurrency, RegistryLimits limits,
            Violations violations) {
        if (raw == null) {
            return null;
        }
        int before = violations.size();
        Object value = switch (field.type()) {
            case FieldType.Text text -> text(raw, path, text.maxLength(), violations);
            case FieldType.LongText text -> text(raw, path, text.maxLength(), violations);
            case FieldType.Email ignored -> email(raw, path, violations);
            case FieldType.Phone ignored -> phone(raw, path, violations);
            case FieldType.Url ignored -> url(raw, path, violations);
            case FieldType.Int ignored -> integer(raw, path, violations);
            case FieldType.Decimal decimal -> decimal(raw, path, decimal.precision(), decimal.scale(), violations);
            case FieldType.Currency currency -> money(raw, path, currency.scale(), defaultCurrency, violations);
            case FieldType.Percent percent -> decimal(raw, path, 9, percent.scale(), violations);
            case FieldType.Bool ignored -> bool(raw, path, violations);
            case FieldType.Date ignored -> date(raw, path, violations);
            case FieldType.DateTime ignored -> dateTime(raw, path, violations);
            case FieldType.Select select -> option(select, raw, path, violations);
            case FieldType.MultiSelect multi -> options(multi, raw, path, violations);
            case FieldType.Relation relation -> relation(relation, raw, path, violations);
            case FieldType.Json ignored -> json(raw, path, limits.maxJsonValueSize().toBytes(), violations);
            case FieldType.AutoNumber ignored -> readOnly(path, violations);
            case FieldType.Formula ignored -> readOnly(path, violations);
            case FieldType.Rollup ignored -> readOnly(path, violations);
        };
        if (value == null || violations.size() > before) {
            return null;
        }
        checkConstraints(field.constraints(), value, path, violations);
        return violations.size() > before ? null : value;
    }

    /** The API form of a stored value: option ids become option values; everything else is as stored. */
    public static Object present(FieldDefinition field, Object stored) {
        if (stored == null) {
            return null;
        }
        return switch (field.type()) {
            case FieldType.Select select -> select.optionById((String) stored).map(SelectOption::value).orElse((String) stored);
            case FieldType.MultiSelect multi -> ((Collection<?>) stored).stream()
                    .map(id -> multi.optionById((String) id).map(SelectOption::value).orElse((String) id)).toList();
            default -> stored;
        };
    }

    /** Problems of a constraint set itself (a pattern that does not compile, bounds the wrong way round). */
    public static void checkConstraintDefinition(FieldType type, Constraints constraints, String path, Violations violations) {
        if (constraints.pattern() != null) {
            try {
                Pattern.compile(constraints.pattern());
            } catch (PatternSyntaxException e) {
                violations.add(path + ".pattern", "INVALID_PATTERN", "is not a valid regular expression (RE2 syntax): " + e.getDescription());
            }
        }
        if (constraints.min() != null && constraints.max() != null && constraints.min().compareTo(constraints.max()) > 0) {
            violations.add(path + ".min", "INVALID_RANGE", "must not be greater than max");
        }
        if (constraints.minLength() != null && constraints.maxLength() != null && constraints.minLength() > constraints.maxLength()) {
            violations.add(path + ".minLength", "INVALID_RANGE", "must not be greater than maxLength");
        }
        if (constraints.unique() && !uniqueAllowed(type)) {
            violations.add(path + ".unique", "NOT_SUPPORTED", "is not supported for fields of type " + type.kind());
        }
    }

    /**
     * Adds {@link StorableText#INVALID_CHARACTERS} for {@code path} when any text of a metadata part (a field
     * type with its options and settings, a constraint set) holds a NUL character: metadata is stored as jsonb,
     * which refuses it. Select option labels are named by their position ({@code type.options[1].label}).
     */
    public static void checkStorable(Object part, String path, Violations violations) {
        int before = violations.size();
        if (part instanceof FieldType.WithOptions options) {
            for (int i = 0; i < options.options().size(); i++) {
                StorableText.refuseNul(options.options().get(i).label(), path + ".options[" + i + "].label", violations);
            }
        }
        if (violations.size() == before && StorableText.hasNulAnywhere(ValueCodec.JSON.convertValue(part, Object.class))) {
            violations.add(path, StorableText.INVALID_CHARACTERS, StorableText.MESSAGE);
        }
    }

    static boolean uniqueAllowed(FieldType type) {
        return switch (type) {
            case FieldType.Text t -> true;
            case FieldType.Email e -> true;
            case FieldType.Phone p -> true;
            case FieldType.Url u -> true;
            case FieldType.Int i -> true;
            case FieldType.Decimal d -> true;
            case FieldType.Date d -> true;
            case FieldType.LongText t -> false;
            case FieldType.Currency c -> false;
            case FieldType.Percent p -> false;
            case FieldType.Bool b -> false;
            case FieldType.DateTime d -> false;
            case FieldType.Select s -> false;
            case FieldType.MultiSelect m -> false;
            case FieldType.Relation r -> false;
            case FieldType.Json j -> false;
            case FieldType.AutoNumber a -> false;
            case FieldType.Formula f -> false;
            case FieldType.Rollup r -> false;
        };
    }

    private static Object text(Object raw, String path, int maxLength, Violations violations) {
        if (!(raw instanceof String text)) {
            violations.add(path, "INVALID_TYPE", "must be a string");
            return null;
        }
        if (StorableText.refuseNul(text, path, violations)) {
            return null;
        }
        String trimmed = text.strip();
        if (trimmed.codePointCount(0, trimmed.length()) > maxLength) {
            violations.add(path, "TOO_LONG", "must be at most " + maxLength + " characters");
            return null;
        }
        return trimmed.isEmpty() ? null : trimmed;
    }

    // Measured as the store writes it (UTF-8 JSON), so the limit means the same for every client.
    private static Object json(Object raw, String path, long maxBytes, Violations violations) {
        Object plain = raw instanceof JsonNode node ? ValueCodec.JSON.treeToValue(node, Object.class) : raw;
        if (StorableText.hasNulAnywhere(plain)) {
            violations.add(path, StorableText.INVALID_CHARACTERS, "must not contain the NUL character (U+0000) in any string or key");
            return null;
        }
        long size = ValueCodec.JSON.writeValueAsBytes(plain).length;
        if (size > maxBytes) {
            violations.add(path, "TOO_LARGE", "must be at most " + maxBytes + " bytes as JSON; it is " + size);
            return null;
        }
        return plain;
    }

    private static Object email(Object raw, String path, Violations violations) {
        Object text = text(raw, path, 320, violations);
        if (!(text instanceof String email)) {
            return text;
        }
        if (!EMAIL.matcher(email).matches()) {
            violations.add(path, "INVALID_EMAIL", "must be an e-mail address such as name@example.com");
            return null;
        }
        int at = email.lastIndexOf('@');
        return email.substring(0, at) + email.substring(at).toLowerCase();
    }

    private static Object phone(Object raw, String path, Violations violations) {
        Object text = text(raw, path, 50, violations);
        if (text instanceof String phone && (!PHONE.matcher(phone).matches() || phone.chars().filter(Character::isDigit).count() < 3)) {
            violations.add(path, "INVALID_PHONE", "must be a phone number of digits, spaces and + ( ) . / -");
            return null;
        }
        return text;
    }

    private static Object url(Object raw, String path, Violations violations) {
        Object text = text(raw, path, 2048, violations);
        if (!(text instanceof String url)) {
            return text;
        }
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
                violations.add(path, "INVALID_URL", "must be an absolute http or https URL");
                return null;
            }
            return url;
        } catch (URISyntaxException e) {
            violations.add(path, "INVALID_URL", "must be an absolute http or https URL");
            return null;
        }
    }

    private static Object integer(Object raw, String path, Violations violations) {
        BigDecimal number = number(raw);
        if (number == null || number.stripTrailingZeros().scale() > 0) {
            violations.add(path, "INVALID_TYPE", "must be a whole number");
            return null;
        }
        try {
            return number.longValueExact();
        } catch (ArithmeticException e) {
            violations.add(path, "OUT_OF_RANGE", "must fit in 64 bits");
            return null;
        }
    }

    private static Object decimal(Object raw, String path, int precision, int scale, Violations violations) {
        BigDecimal number = number(raw);
        if (number == null) {
            violations.add(path, "INVALID_TYPE", "must be a number (a JSON number or a decimal string)");
            return null;
        }
        BigDecimal scaled = number.setScale(scale, RoundingMode.HALF_EVEN);
        if (scaled.precision() - scaled.scale() > precision - scale) {
            violations.add(path, "OUT_OF_RANGE", "must have at most " + (precision - scale) + " digits before the decimal point");
            return null;
        }
        return scaled;
    }

    private static Object money(Object raw, String path, int scale, String defaultCurrency, Violations violations) {
        Object amount = raw;
        String code = defaultCurrency;
        if (raw instanceof Map<?, ?> map) {
            amount = map.get("amount");
            Object given = map.get("currencyCode");
            if (given != null) {
                code = given instanceof String text ? text : "";
            }
            if (amount == null) {
                violations.add(path + ".amount", "REQUIRED", "is required");
                return null;
            }
        }
        if (!isCurrency(code)) {
            violations.add(path + ".currencyCode", "INVALID_CURRENCY", "must be an ISO 4217 currency code such as EUR");
            return null;
        }
        Object decimal = decimal(amount, path + ".amount", 18, scale, violations);
        return decimal == null ? null : new Money((BigDecimal) decimal, code);
    }

    private static Object bool(Object raw, String path, Violations violations) {
        if (raw instanceof Boolean value) {
            return value;
        }
        if ("true".equals(raw) || "false".equals(raw)) {
            return Boolean.valueOf((String) raw);
        }
        violations.add(path, "INVALID_TYPE", "must be true or false");
        return null;
    }

    private static Object date(Object raw, String path, Violations violations) {
        if (raw instanceof LocalDate date) {
            return date;
        }
        try {
            return LocalDate.parse(String.valueOf(raw));
        } catch (DateTimeParseException e) {
            violations.add(path, "INVALID_DATE", "must be a date such as 2026-11-21");
            return null;
        }
    }

    // PostgreSQL keeps microseconds: values in typed columns and in jsonb read back (and compare) alike.
    private static Object dateTime(Object raw, String path, Violations violations) {
        if (raw instanceof OffsetDateTime value) {
            return value.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        }
        if (raw instanceof Instant value) {
            return value.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        }
        try {
            return OffsetDateTime.parse(String.valueOf(raw)).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            violations.add(path, "INVALID_DATETIME", "must be a date and time with offset such as 2026-11-21T09:30:00Z");
            return null;
        }
    }

    private static Object option(FieldType.WithOptions type, Object raw, String path, Violations violations) {
        if (!(raw instanceof String value)) {
            violations.add(path, "INVALID_TYPE", "must be one of " + values(type));
            return null;
        }
        Optional<SelectOption> option = type.optionByValue(value);
        if (option.isEmpty()) {
            violations.add(path, "INVALID_OPTION", "must be one of " + values(type));
            return null;
        }
        if (option.get().retired()) {
            violations.add(path, "OPTION_RETIRED", "option " + value + " is retired and no longer accepted");
            return null;
        }
        return option.get().id();
    }

    private static Object options(FieldType.MultiSelect type, Object raw, String path, Violations violations) {
        if (!(raw instanceof Collection<?> values)) {
            violations.add(path, "INVALID_TYPE", "must be a list of " + values(type));
            return null;
        }
        Set<String> ids = new LinkedHashSet<>();
        int index = 0;
        for (Object value : values) {
            Object id = option(type, value, path + "[" + index++ + "]", violations);
            if (id != null) {
                ids.add((String) id);
            }
        }
        return List.copyOf(ids);
    }

    private static Object relation(FieldType.Relation relation, Object raw, String path, Violations violations) {
        if (relation.cardinality() == FieldType.Cardinality.MANY_TO_ONE) {
            return uuid(raw, path, violations);
        }
        if (!(raw instanceof Collection<?> values)) {
            violations.add(path, "INVALID_TYPE", "must be a list of record ids");
            return null;
        }
        Set<UUID> ids = new LinkedHashSet<>();
        int index = 0;
        for (Object value : values) {
            UUID id = uuid(value, path + "[" + index++ + "]", violations);
            if (id != null) {
                ids.add(id);
            }
        }
        return List.copyOf(ids);
    }

    private static UUID uuid(Object raw, String path, Violations violations) {
        if (raw instanceof UUID id) {
            return id;
        }
        if (raw instanceof String text && text.length() == 36) {
            try {
                return UUID.fromString(text);
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        violations.add(path, "INVALID_ID", "must be a record id");
        return null;
    }

    private static Object readOnly(String path, Violations violations) {
        violations.add(path, "READ_ONLY", "is computed and cannot be written");
        return null;
    }

    private static void checkConstraints(Constraints constraints, Object value, String path, Violations violations) {
        if (value instanceof String text) {
            int length = text.codePointCount(0, text.length());
            if (constraints.minLength() != null && length < constraints.minLength()) {
                violations.add(path, "TOO_SHORT", "must be at least " + constraints.minLength() + " characters");
            }
            if (constraints.maxLength() != null && length > constraints.maxLength()) {
                violations.add(path, "TOO_LONG", "must be at most " + constraints.maxLength() + " characters");
            }
            if (constraints.pattern() != null && !matches(constraints.pattern(), text)) {
                violations.add(path, "PATTERN_MISMATCH", "must match " + constraints.pattern());
            }
        }
        BigDecimal number = switch (value) {
            case Long whole -> BigDecimal.valueOf(whole);
            case BigDecimal decimal -> decimal;
            case Money money -> money.amount();
            default -> null;
        };
        if (number != null && constraints.min() != null && number.compareTo(constraints.min()) < 0) {
            violations.add(path, "TOO_SMALL", "must be at least " + constraints.min().toPlainString());
        }
        if (number != null && constraints.max() != null && number.compareTo(constraints.max()) > 0) {
            violations.add(path, "TOO_LARGE", "must be at most " + constraints.max().toPlainString());
        }
    }

    // RE2 runs in time linear in the input, so an admin's pattern cannot stall a request; the input is
    // bounded as well to bound the work per value.
    private static boolean matches(String pattern, String text) {
        return text.length() <= MAX_TEXT_FOR_PATTERN && Pattern.compile(pattern).matches(text);
    }

    private static BigDecimal number(Object raw) {
        return switch (raw) {
            case Integer value -> BigDecimal.valueOf(value);
            case Long value -> BigDecimal.valueOf(value);
            case BigInteger value -> new BigDecimal(value);
            case BigDecimal value -> value;
            case Double value -> Double.isFinite(value) ? new BigDecimal(Double.toString(value)) : null;
            case Float value -> Float.isFinite(value) ? new BigDecimal(Float.toString(value)) : null;
            case String text -> parseDecimal(text.strip());
            default -> null;
        };
    }

    private static BigDecimal parseDecimal(String text) {
        if (text.isEmpty() || text.length() > 60) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static boolean isCurrency(String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            return false;
        }
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static List<String> values(FieldType.WithOptions type) {
        List<String> values = new ArrayList<>();
        type.activeOptions().forEach(option -> values.add(option.value()));
        return values;
    }
}
