package io.metaplatform.core;

import java.util.Collection;
import java.util.Map;

/**
 * What text PostgreSQL can store: anything but the NUL character (U+0000), which it refuses in
 * {@code text} and in {@code jsonb} strings alike. Input that carries one is refused with
 * {@link #INVALID_CHARACTERS} on its field before it reaches SQL; text the platform writes itself
 * (error messages, excerpts of external data) is made storable with {@link #storable(String)}.
 * Stateless and thread-safe.
 */
public final class StorableText {

    /** The violation code of a value that holds a NUL character. */
    public static final String INVALID_CHARACTERS = "INVALID_CHARACTERS";

    /** The message that goes with {@link #INVALID_CHARACTERS}. */
    public static final String MESSAGE = "must not contain the NUL character (U+0000)";

    private static final char NUL = '\u0000';

    private StorableText() {
    }

    /** Whether {@code text} holds a NUL character; {@code false} for {@code null}. */
    public static boolean hasNul(String text) {
        return text != null && text.indexOf(NUL) >= 0;
    }

    /**
     * Whether a JSON-like value (strings, maps with string keys, collections, scalars, nested to any
     * depth) holds a NUL character in any string or key.
     */
    public static boolean hasNulAnywhere(Object value) {
        return switch (value) {
            case null -> false;
            case String text -> hasNul(text);
            case Map<?, ?> map -> map.entrySet().stream()
                    .anyMatch(entry -> hasNulAnywhere(entry.getKey()) || hasNulAnywhere(entry.getValue()));
            case Collection<?> list -> list.stream().anyMatch(StorableText::hasNulAnywhere);
            case Object[] array -> java.util.Arrays.stream(array).anyMatch(StorableText::hasNulAnywhere);
            default -> false;
        };
    }

    /** Adds {@link #INVALID_CHARACTERS} for {@code path} when {@code text} holds a NUL character; returns whether it did. */
    public static boolean refuseNul(String text, String path, Violations violations) {
        if (!hasNul(text)) {
            return false;
        }
        violations.add(path, INVALID_CHARACTERS, MESSAGE);
        return true;
    }

    /** {@code text} with every NUL character replaced by U+FFFD (the replacement character); {@code null} stays {@code null}. */
    public static String storable(String text) {
        return hasNul(text) ? text.replace(NUL, '\uFFFD') : text;
    }
}
