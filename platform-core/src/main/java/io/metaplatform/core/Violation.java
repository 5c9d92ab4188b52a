package io.metaplatform.core;

import java.util.Objects;

/**
 * One problem with one input field.
 *
 * @param field the offending field, as a dotted path in the caller's input ({@code settings.locale})
 * @param code a stable, machine-readable reason ({@code REQUIRED}, {@code INVALID_FORMAT}, ...)
 * @param message a human-readable explanation
 */
public record Violation(String field, String code, String message) {

    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
