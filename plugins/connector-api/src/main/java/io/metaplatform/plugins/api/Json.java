package io.metaplatform.plugins.api;

import io.metaplatform.plugins.api.JsonValue.JsonArray;
import io.metaplatform.plugins.api.JsonValue.JsonBoolean;
import io.metaplatform.plugins.api.JsonValue.JsonNull;
import io.metaplatform.plugins.api.JsonValue.JsonNumber;
import io.metaplatform.plugins.api.JsonValue.JsonObject;
import io.metaplatform.plugins.api.JsonValue.JsonString;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads and writes JSON (RFC 8259) without a library, because a plugin's class loader offers none.
 *
 * <pre>{@code
 * JsonValue page = Json.parse("{\"data\":[{\"id\":\"7\",\"amount\":\"10.50\"}],\"meta\":[]}");
 * for (JsonValue item : page.get("data").items()) {
 *     String id = item.get("id").id().orElseThrow();          // "7", also for 7
 *     BigDecimal amount = item.get("amount").decimal().orElse(null); // 10.50, exact
 * }
 * String body = Json.write(Map.of("name", "Anna", "phone", "79161234567"));
 * }</pre>
 *
 * The parser is strict: one value, nothing but whitespace around it, no comments, no trailing commas,
 * no duplicate keys, no leading zeros, no control characters in strings, nesting at most
 * {@value #MAX_DEPTH} deep. A violation throws {@link JsonException} naming line, column and offset.
 * Numbers are kept exact as {@link BigDecimal}. Thread-safe (stateless).
 */
public final class Json {

    /** The deepest nesting of arrays and objects {@link #parse} accepts. */
    public static final int MAX_DEPTH = 512;

    private Json() {
    }

    /**
     * Parses one JSON value.
     *
     * @throws JsonException when the text is not exactly one JSON value; the message names where
     */
    public static JsonValue parse(String text) {
        var parser = new Parser(text);
        var value = parser.value(0);
        parser.skipWhitespace();
        if (parser.position != text.length()) {
            throw parser.error("unexpected text after the value");
        }
        return value;
    }

    /** Parses UTF-8 bytes, see {@link #parse(String)}. */
    public static JsonValue parse(byte[] utf8) {
        return parse(new String(utf8, StandardCharsets.UTF_8));
    }

    /**
     * Writes compact JSON. Takes a {@link JsonValue} or anything {@link #from} takes.
     *
     * @throws IllegalArgumentException for a value {@link #from} does not take
     */
    public static String write(Object value) {
        var out = new StringBuilder();
        write(from(value), out);
        return out.toString();
    }

    /**
     * Turns plain Java into a {@link JsonValue}: {@code null} and an empty {@link Optional} into null;
     * {@link JsonValue}s as they are; {@link String}, {@link Character}, enums, {@link UUID}, {@link URI} and
     * {@code java.time} values into strings ({@code toString()}, ISO-8601); integers and {@link BigDecimal}
     * into exact numbers, {@code double}/{@code float} through their decimal text (finite only); {@link Map}s
     * into objects (keys by {@code String.valueOf}, order kept); {@link Collection}s and arrays of objects into arrays.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static JsonValue from(Object value) {
        return switch (value) {
            case null -> JsonNull.INSTANCE;
            case JsonValue json -> json;
            case Optional<?> optional -> from(optional.orElse(null));
            case String s -> new JsonString(s);
            case Boolean b -> JsonBoolean.of(b);
            case BigDecimal d -> new JsonNumber(d);
            case BigInteger i -> JsonNumber.of(i);
            case Long l -> JsonNumber.of(l);
            case Integer i -> JsonNumber.of(i);
            case Short s -> JsonNumber.of(s);
            case Byte b -> JsonNumber.of(b);
            case Double d -> floating(d);
            case Float f -> floating(f.doubleValue());
            case Map<?, ?> map -> object(map);
            case Collection<?> items -> array(items.toArray());
            case Object[] items -> array(items);
            case Character c -> new JsonString(c.toString());
            case Enum<?> e -> new JsonString(e.name());
            case UUID id -> new JsonString(id.toString());
            case URI uri -> new JsonString(uri.toString());
            case TemporalAccessor time -> new JsonString(time.toString());
            default -> throw new IllegalArgumentException("cannot turn a " + value.getClass().getName() + " into JSON");
        };
    }

    static String excerpt(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    private static JsonValue floating(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("JSON has no " + value);
        }
        return new JsonNumber(BigDecimal.valueOf(value));
    }

    private static JsonObject object(Map<?, ?> map) {
        var members = new LinkedHashMap<String, JsonValue>();
        map.forEach((key, item) -> members.put(String.valueOf(key), from(item)));
        return new JsonObject(members);
    }

    private static JsonArray array(Object[] items) {
        var values = new ArrayList<JsonValue>(items.length);
        for (var item : items) {
            values.add(from(item));
        }
        return new JsonArray(values);
    }

    private static void write(JsonValue value, StringBuilder out) {
        switch (value) {
            case JsonNull ignored -> out.append("null");
            case JsonBoolean b -> out.append(b.value());
            case JsonNumber n -> out.append(n.value().toPlainString());
            case JsonString s -> writeString(s.value(), out);
            case JsonArray array -> {
                out.append('[');
                for (int i = 0; i < array.items().size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(array.items().get(i), out);
                }
                out.append(']');
            }
            case JsonObject object -> {
                out.append('{');
                boolean first = true;
                for (var entry : object.members().entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    writeString(entry.getKey(), out);
                    out.append(':');
                    write(entry.getValue(), out);
                }
                out.append('}');
            }
        }
    }

    private static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static final class Parser {
        private final String text;
        private int position;

        Parser(String text) {
            this.text = java.util.Objects.requireNonNull(text, "text");
        }

        JsonValue value(int depth) {
            skipWhitespace();
            if (position >= text.length()) {
                throw error("unexpected end of input, expected a value");
            }
            char next = text.charAt(position);
            return switch (next) {
                case '{' -> object(depth + 1);
                case '[' -> array(depth + 1);
                case '"' -> new JsonString(string());
                case 't' -> literal("true", JsonBoolean.TRUE);
                case 'f' -> literal("false", JsonBoolean.FALSE);
                case 'n' -> literal("null", JsonNull.INSTANCE);
                default -> {
                    if (next == '-' || isDigit(next)) {
                        yield number();
                    }
                    throw error("unexpected character " + describe(next) + ", expected a value");
                }
            };
        }

        private JsonObject object(int depth) {
            checkDepth(depth);
            var members = new LinkedHashMap<String, JsonValue>();
            position++;
            skipWhitespace();
            if (peek("'}' or a string key") == '}') {
                position++;
                return new JsonObject(members);
            }
            while (true) {
                skipWhitespace();
                if (peek("a string key") != '"') {
                    throw error("expected a string key, found " + describe(text.charAt(position)));
                }
                int keyAt = position;
                var key = string();
                skipWhitespace();
                expect(':');
                var value = value(depth);
                if (members.putIfAbsent(key, value) != null) {
                    position = keyAt;
                    throw error("duplicate key \"" + excerpt(key) + "\"");
                }
                skipWhitespace();
                char next = peek("',' or '}'");
                if (next == '}') {
                    position++;
                    return new JsonObject(members);
                }
                if (next != ',') {
                    throw error("expected ',' or '}', found " + describe(next));
                }
                position++;
            }
        }

        private JsonArray array(int depth) {
            checkDepth(depth);
            var items = new ArrayList<JsonValue>();
            position++;
            skipWhitespace();
            if (peek("']' or a value") == ']') {
                position++;
                return new JsonArray(items);
            }
            while (true) {
                items.add(value(depth));
                skipWhitespace();
                char next = peek("',' or ']'");
                if (next == ']') {
                    position++;
                    return new JsonArray(items);
                }
                if (next != ',') {
                    throw error("expected ',' or ']', found " + describe(next));
                }
                position++;
            }
        }

        private String string() {
            position++;
            var out = new StringBuilder();
            while (true) {
                if (position >= text.length()) {
                    throw error("unterminated string");
                }
                char c = text.charAt(position);
                if (c == '"') {
                    position++;
                    return out.toString();
                }
                if (c < 0x20) {
                    throw error("control character " + describe(c) + " in a string (escape it)");
                }
                position++;
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (position >= text.length()) {
                    throw error("unterminated escape");
                }
                char escaped = text.charAt(position);
                switch (escaped) {
                    case '"', '\\', '/' -> out.append(escaped);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        out.append(unicodeEscape());
                        continue;
                    }
                    default -> throw error("invalid escape '\\" + escaped + "'");
                }
                position++;
            }
        }

        private char unicodeEscape() {
            int start = position + 1;
            if (start + 4 > text.length()) {
                throw error("short unicode escape");
            }
            int code = 0;
            for (int i = start; i < start + 4; i++) {
                int digit = Character.digit(text.charAt(i), 16);
                if (digit < 0) {
                    position = i;
                    throw error("invalid unicode escape");
                }
                code = code * 16 + digit;
            }
            position = start + 4;
            return (char) code;
        }

        private JsonNumber number() {
            int start = position;
            if (text.charAt(position) == '-') {
                position++;
            }
            if (position < text.length() && text.charAt(position) == '0') {
                position++;
                if (position < text.length() && isDigit(text.charAt(position))) {
                    throw error("leading zero in a number");
                }
            } else {
                digits("a digit");
            }
            if (position < text.length() && text.charAt(position) == '.') {
                position++;
                digits("a digit after the decimal point");
            }
            if (position < text.length() && (text.charAt(position) == 'e' || text.charAt(position) == 'E')) {
                position++;
                if (position < text.length() && (text.charAt(position) == '+' || text.charAt(position) == '-')) {
                    position++;
                }
                digits("a digit in the exponent");
            }
            try {
                return new JsonNumber(new BigDecimal(text.substring(start, position)));
            } catch (NumberFormatException e) {
                position = start;
                throw error("number out of range");
            }
        }

        private void digits(String what) {
            int start = position;
            while (position < text.length() && isDigit(text.charAt(position))) {
                position++;
            }
            if (start == position) {
                throw error("expected " + what);
            }
        }

        private JsonValue literal(String word, JsonValue value) {
            if (!text.startsWith(word, position)) {
                throw error("unexpected character " + describe(text.charAt(position)) + ", expected a value");
            }
            position += word.length();
            return value;
        }

        private void expect(char c) {
            if (peek("'" + c + "'") != c) {
                throw error("expected '" + c + "', found " + describe(text.charAt(position)));
            }
            position++;
        }

        private char peek(String expected) {
            if (position >= text.length()) {
                throw error("unexpected end of input, expected " + expected);
            }
            return text.charAt(position);
        }

        private void checkDepth(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nested deeper than " + MAX_DEPTH);
            }
        }

        void skipWhitespace() {
            while (position < text.length() && " \t\r\n".indexOf(text.charAt(position)) >= 0) {
                position++;
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private static String describe(char c) {
            return c < 0x20 || c > 0x7e ? String.format("U+%04X", (int) c) : "'" + c + "'";
        }

        JsonException error(String message) {
            int line = 1;
            int column = 1;
            for (int i = 0; i < position && i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            return new JsonException("malformed JSON at line " + line + ", column " + column + " (offset " + position + "): "
                    + message, position);
        }
    }
}
