package io.metaplatform.plugins.api;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A JSON value: one of six records, so a {@code switch} over them is exhaustive. Parse text with
 * {@link Json#parse}, write it with {@link #toJson()} (or {@code toString()}), build it from maps and
 * lists with {@link Json#from}.
 *
 * <p>Besides the exact model, every value offers <em>lenient accessors</em> for the shapes external
 * APIs vary on: {@link #get(String)} on anything that is not an object (or a missing key) gives
 * {@link JsonNull}, {@link #members()} of an array is empty (so {@code "meta": []} reads like
 * {@code "meta": {}}), {@link #id()} takes a string or a number, {@link #decimal()} takes a number or a
 * numeric string. Values are immutable and thread-safe.
 */
public sealed interface JsonValue
        permits JsonValue.JsonObject, JsonValue.JsonArray, JsonValue.JsonString, JsonValue.JsonNumber,
        JsonValue.JsonBoolean, JsonValue.JsonNull {

    /** The member {@code key} of an object; {@link JsonNull} when absent or when this is not an object. */
    default JsonValue get(String key) {
        return JsonNull.INSTANCE;
    }

    /** The item at {@code index} of an array; {@link JsonNull} when out of range or when this is not an array. */
    default JsonValue get(int index) {
        return JsonNull.INSTANCE;
    }

    /** The value at a dotted path of object keys ({@code client.phone}); {@link JsonNull} where it breaks off. */
    default JsonValue at(String path) {
        JsonValue current = this;
        for (var key : path.split("\\.")) {
            current = current.get(key);
        }
        return current;
    }

    /** Whether this is JSON {@code null} (or a missing member). */
    default boolean isNull() {
        return this instanceof JsonNull;
    }

    /** The members of an object in document order; empty for anything else (an empty array included). */
    default Map<String, JsonValue> members() {
        return Map.of();
    }

    /** The items of an array; empty for anything else (an empty object included). */
    default List<JsonValue> items() {
        return List.of();
    }

    /** The string, only if this is a JSON string (blank included). */
    default Optional<String> string() {
        return Optional.empty();
    }

    /**
     * The value as text: a non-blank string as it is, a number in plain notation ({@code 79112345678}),
     * a boolean as {@code true}/{@code false}; empty for null, blank strings, objects and arrays.
     */
    default Optional<String> text() {
        return Optional.empty();
    }

    /**
     * The value as an identifier, whether the API sent {@code 42}, {@code "42"} or {@code 42.0}: stripped
     * text, integral numbers without fraction; empty for null, blank, objects and arrays.
     */
    default Optional<String> id() {
        return text().map(String::strip);
    }

    /**
     * The value as an exact decimal: a number, or a string holding one ({@code "1000.00"});
     * empty for null and blank strings.
     *
     * @throws JsonException when it is a non-numeric string, a boolean, an object or an array
     */
    default Optional<BigDecimal> decimal() {
        throw new JsonException("expected a number, found " + kind());
    }

    /**
     * The value as a whole number ({@code 42} or {@code "42"}); empty for null and blank strings.
     *
     * @throws JsonException when it is not integral or not a number at all
     */
    default Optional<Long> integer() {
        return decimal().map(value -> {
            try {
                return value.longValueExact();
            } catch (ArithmeticException e) {
                throw new JsonException("expected a whole number, found " + value.toPlainString());
            }
        });
    }

    /**
     * The value as a boolean: {@code true}/{@code false}, the numbers {@code 1}/{@code 0} and the strings
     * {@code "true"}, {@code "false"}, {@code "1"}, {@code "0"}; empty for null and blank strings.
     *
     * @throws JsonException for anything else
     */
    default Optional<Boolean> bool() {
        throw new JsonException("expected a boolean, found " + kind());
    }

    /**
     * The value as plain Java: {@link LinkedHashMap} (order kept), {@link ArrayList}, {@link String},
     * {@link BigDecimal}, {@link Boolean} and {@code null}, all mutable copies.
     */
    Object toJava();

    /** Compact JSON text. */
    default String toJson() {
        return Json.write(this);
    }

    /** What kind of value this is, for messages: {@code object}, {@code array}, {@code string}, ... */
    String kind();

    /** A JSON object; its members keep document (or insertion) order. */
    record JsonObject(Map<String, JsonValue> members) implements JsonValue {

        public static final JsonObject EMPTY = new JsonObject(Map.of());

        public JsonObject {
            var copy = new LinkedHashMap<String, JsonValue>();
            members.forEach((key, value) -> copy.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, key)));
            members = Collections.unmodifiableMap(copy);
        }

        /** Starts an object; members keep the order they are put in. */
        public static Builder builder() {
            return new Builder();
        }

        @Override
        public JsonValue get(String key) {
            return members.getOrDefault(key, JsonNull.INSTANCE);
        }

        @Override
        public Object toJava() {
            var map = new LinkedHashMap<String, Object>();
            members.forEach((key, value) -> map.put(key, value.toJava()));
            return map;
        }

        @Override
        public String kind() {
            return "object";
        }

        @Override
        public String toString() {
            return toJson();
        }

        /** Builds a {@link JsonObject}; values go through {@link Json#from}. */
        public static final class Builder {
            private final LinkedHashMap<String, JsonValue> members = new LinkedHashMap<>();

            private Builder() {
            }

            /** Puts a member (replacing one of the same key); {@code null} becomes JSON null. */
            public Builder put(String key, Object value) {
                members.put(Objects.requireNonNull(key, "key"), Json.from(value));
                return this;
            }

            /** Puts a member unless the value is {@code null} or an empty {@link Optional}. */
            public Builder putIfPresent(String key, Object value) {
                var json = Json.from(value);
                if (!json.isNull()) {
                    members.put(Objects.requireNonNull(key, "key"), json);
                }
                return this;
            }

            public JsonObject build() {
                return new JsonObject(members);
            }
        }
    }

    /** A JSON array. */
    record JsonArray(List<JsonValue> items) implements JsonValue {

        public static final JsonArray EMPTY = new JsonArray(List.of());

        public JsonArray {
            items = List.copyOf(items);
        }

        @Override
        public JsonValue get(int index) {
            return index >= 0 && index < items.size() ? items.get(index) : JsonNull.INSTANCE;
        }

        @Override
        public Object toJava() {
            var list = new ArrayList<>(items.size());
            items.forEach(item -> list.add(item.toJava()));
            return list;
        }

        @Override
        public String kind() {
            return "array";
        }

        @Override
        public String toString() {
            return toJson();
        }
    }

    /** A JSON string. */
    record JsonString(String value) implements JsonValue {

        public JsonString {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Optional<String> string() {
            return Optional.of(value);
        }

        @Override
        public Optional<String> text() {
            return value.isBlank() ? Optional.empty() : Optional.of(value);
        }

        @Override
        public Optional<BigDecimal> decimal() {
            if (value.isBlank()) {
                return Optional.empty();
            }
            try {
                return Optional.of(new BigDecimal(value.strip()));
            } catch (NumberFormatException e) {
                throw new JsonException("expected a number, found the string \"" + Json.excerpt(value) + "\"");
            }
        }

        @Override
        public Optional<Boolean> bool() {
            return switch (value.strip()) {
                case "" -> Optional.empty();
                case "true", "1" -> Optional.of(true);
                case "false", "0" -> Optional.of(false);
                default -> throw new JsonException("expected a boolean, found the string \"" + Json.excerpt(value) + "\"");
            };
        }

        @Override
        public Object toJava() {
            return value;
        }

        @Override
        public String kind() {
            return "string";
        }

        @Override
        public String toString() {
            return toJson();
        }
    }

    /**
     * A JSON number, exact: never passes through {@code double}. Two numbers are equal when they are
     * numerically equal ({@code 1.0} equals {@code 1}).
     */
    record JsonNumber(BigDecimal value) implements JsonValue {

        public JsonNumber {
            Objects.requireNonNull(value, "value");
        }

        public static JsonNumber of(long value) {
            return new JsonNumber(BigDecimal.valueOf(value));
        }

        @Override
        public Optional<String> text() {
            return Optional.of(value.toPlainString());
        }

        @Override
        public Optional<String> id() {
            var integral = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
            return Optional.of(integral.scale() <= 0 ? integral.toBigInteger().toString() : value.toPlainString());
        }

        @Override
        public Optional<BigDecimal> decimal() {
            return Optional.of(value);
        }

        @Override
        public Optional<Boolean> bool() {
            if (value.compareTo(BigDecimal.ONE) == 0) {
                return Optional.of(true);
            }
            if (value.signum() == 0) {
                return Optional.of(false);
            }
            throw new JsonException("expected a boolean, found the number " + value.toPlainString());
        }

        @Override
        public Object toJava() {
            return value;
        }

        @Override
        public String kind() {
            return "number";
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof JsonNumber number && value.compareTo(number.value) == 0;
        }

        @Override
        public int hashCode() {
            return value.signum() == 0 ? 0 : value.stripTrailingZeros().hashCode();
        }

        @Override
        public String toString() {
            return toJson();
        }

        static JsonNumber of(BigInteger value) {
            return new JsonNumber(new BigDecimal(value));
        }
    }

    /** JSON {@code true} or {@code false}. */
    record JsonBoolean(boolean value) implements JsonValue {

        public static final JsonBoolean TRUE = new JsonBoolean(true);
        public static final JsonBoolean FALSE = new JsonBoolean(false);

        public static JsonBoolean of(boolean value) {
            return value ? TRUE : FALSE;
        }

        @Override
        public Optional<String> text() {
            return Optional.of(Boolean.toString(value));
        }

        @Override
        public Optional<Boolean> bool() {
            return Optional.of(value);
        }

        @Override
        public Object toJava() {
            return value;
        }

        @Override
        public String kind() {
            return "boolean";
        }

        @Override
        public String toString() {
            return toJson();
        }
    }

    /** JSON {@code null}; also what the lenient accessors give for a missing member. */
    record JsonNull() implements JsonValue {

        public static final JsonNull INSTANCE = new JsonNull();

        @Override
        public Optional<BigDecimal> decimal() {
            return Optional.empty();
        }

        @Override
        public Optional<Boolean> bool() {
            return Optional.empty();
        }

        @Override
        public Object toJava() {
            return null;
        }

        @Override
        public String kind() {
            return "null";
        }

        @Override
        public String toString() {
            return "null";
        }
    }
}
