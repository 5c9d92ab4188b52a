package io.metaplatform.plugins.api;

/** The type of a configuration property; values always travel as strings. */
public enum ConfigType {
    /** Any text. */
    STRING,
    /** A whole number ({@link Long}). */
    INTEGER,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** An absolute {@code http} or {@code https} URL; the platform refuses one whose host is internal (egress policy). */
    URL,
    /** One of {@link ConfigProperty#allowedValues()}. */
    CHOICE,
    /** A comma separated list of texts (each one of the allowed values when those are given). */
    LIST,
    /** An ISO-8601 duration such as {@code PT30M}. */
    DURATION
}
