package io.metaplatform.plugins.lexware.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** Typed access to parsed JSON (plain Java from {@code JsonValue.toJava()}), lenient about shapes the API varies on (strings for amounts). */
public final class Values {

    /** Lexware's one accepted date-time format, e.g. {@code 2023-06-14T00:00:00.000+02:00}. */
    public static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    private Values() {
    }

    /** The value as an object, or an empty map when it is absent or not an object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** The value as a list, or an empty list when it is absent or not a list. */
    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return value instanceof List<?> list ? (List<Object>) list : List.of();
    }

    /** The value at a dotted path ({@code totalPrice.totalNetAmount}), or {@code null}. */
    public static Object at(Object root, String path) {
        Object current = root;
        for (var key : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    /** The value as text: strings as they are, numbers in plain notation, else {@code null}. */
    public static String text(Object value) {
        return switch (value) {
            case String s -> s.isBlank() ? null : s;
            case BigDecimal d -> d.toPlainString();
            case Boolean b -> b.toString();
            case null, default -> null;
        };
    }

    /** An amount: JSON numbers and numeric strings alike, exactly; {@code null} when absent or blank. */
    public static BigDecimal decimal(Object value) {
        return switch (value) {
            case BigDecimal d -> d;
            case String s when !s.isBlank() -> parseDecimal(s.strip());
            case null, default -> null;
        };
    }

    /** A Lexware date-time as the calendar date in its own offset, {@code null} when absent. */
    public static LocalDate date(Object value) {
        var text = text(value);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DATE_TIME).toLocalDate();
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(text).toLocalDate();
        }
    }

    /** Whether the value is JSON {@code true}. */
    public static boolean isTrue(Object value) {
        return Boolean.TRUE.equals(value);
    }

    private static BigDecimal parseDecimal(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a decimal amount: " + text);
        }
    }
}
