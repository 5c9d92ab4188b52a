package io.metaplatform.plugins.testkit;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for fake servers and connector tests, without a library: {@link #write} turns maps,
 * collections, strings, numbers, booleans and {@code null} into JSON (other values as their
 * {@code toString()}); {@link #parse} reads JSON into {@link LinkedHashMap}, {@link ArrayList},
 * {@link String}, {@link Long} or {@link BigDecimal}, {@link Boolean} and {@code null}.
 */
public final class Json {

    private Json() {
    }

    public static String write(Object value) {
        var out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    /** @throws IllegalArgumentException when the text is not one JSON value */
    public static Object parse(String text) {
        var parser = new Parser(text);
        Object value = parser.value();
        parser.skipSpace();
        if (parser.position != text.length()) {
            throw parser.error("unexpected text after the value");
        }
        return value;
    }

    /** Parses a JSON object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        if (parse(text) instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException("not a JSON object");
    }

    private static void write(Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append("null");
            case Boolean bool -> out.append(bool);
            case Number number -> out.append(number instanceof BigDecimal decimal ? decimal.toPlainString() : number.toString());
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (var entry : map.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    writeString(String.valueOf(entry.getKey()), out);
                    out.append(':');
                    write(entry.getValue(), out);
                }
                out.append('}');
            }
            case Collection<?> items -> {
                out.append('[');
                boolean first = true;
                for (Object item : items) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    write(item, out);
                }
                out.append(']');
            }
            default -> writeString(value.toString(), out);
        }
    }

    private static void writeString(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
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
            this.text = text;
        }

        Object value() {
            skipSpace();
            if (position >= text.length()) {
                throw error("unexpected end");
            }
            char c = text.charAt(position);
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> number();
            };
        }

        private Map<String, Object> object() {
            var map = new LinkedHashMap<String, Object>();
            position++;
            skipSpace();
            if (peek('}')) {
                position++;
                return map;
            }
            while (true) {
                skipSpace();
                String key = string();
                skipSpace();
                expect(':');
                map.put(key, value());
                skipSpace();
                if (peek(',')) {
                    position++;
                    continue;
                }
                expect('}');
                return map;
            }
        }

        private List<Object> array() {
            var list = new ArrayList<>();
            position++;
            skipSpace();
            if (peek(']')) {
                position++;
                return list;
            }
            while (true) {
                list.add(value());
                skipSpace();
                if (peek(',')) {
                    position++;
                    continue;
                }
                expect(']');
                return list;
            }
        }

        private String string() {
            expect('"');
            var out = new StringBuilder();
            while (position < text.length()) {
                char c = text.charAt(position++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (position >= text.length()) {
                    break;
                }
                char escaped = text.charAt(position++);
                switch (escaped) {
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        if (position + 4 > text.length()) {
                            throw error("short unicode escape");
                        }
                        out.append((char) Integer.parseInt(text.substring(position, position + 4), 16));
                        position += 4;
                    }
                    default -> out.append(escaped);
                }
            }
            throw error("unterminated string");
        }

        private Object literal(String word, Object value) {
            if (!text.startsWith(word, position)) {
                throw error("unexpected character");
            }
            position += word.length();
            return value;
        }

        private Object number() {
            int start = position;
            while (position < text.length() && "+-0123456789.eE".indexOf(text.charAt(position)) >= 0) {
                position++;
            }
            String number = text.substring(start, position);
            if (number.isEmpty()) {
                throw error("unexpected character");
            }
            try {
                var decimal = new BigDecimal(number);
                return number.contains(".") || number.contains("e") || number.contains("E") ? decimal : (Object) decimal.longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                throw error("invalid number " + number);
            }
        }

        void skipSpace() {
            while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
        }

        private boolean peek(char c) {
            return position < text.length() && text.charAt(position) == c;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw error("expected '" + c + "'");
            }
            position++;
        }

        IllegalArgumentException error(String message) {
            return new IllegalArgumentException("invalid JSON at " + position + ": " + message);
        }
    }
}
