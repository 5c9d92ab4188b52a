package io.metaplatform.plugins.api;

import java.util.Objects;

/**
 * One problem with one field: a configuration property, a field of an external record, or a
 * field the external system refused.
 *
 * @param field   the property or field name (dotted for nested fields, e.g. {@code addresses.billing})
 * @param code    a stable machine code in upper snake case, e.g. {@code REQUIRED}, {@code INVALID_URL}
 * @param message a sentence for people
 */
public record FieldProblem(String field, String code, String message) {

    public FieldProblem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
