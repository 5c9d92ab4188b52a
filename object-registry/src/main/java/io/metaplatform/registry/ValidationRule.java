package io.metaplatform.registry;

import java.util.Objects;
import java.util.UUID;

/**
 * A rule every create and update of an object's records must satisfy: {@code expression} is a boolean formula over the
 * record; when it is false (null passes) the write fails with {@code message} on {@code field} (or on the rule's name).
 *
 * @param builtIn shipped in a definition pack; tenants can deactivate it but not change or delete it
 */
public record ValidationRule(UUID id, ApiName object, String name, String expression, String message, String field, boolean active,
        boolean builtIn, long version) {

    public ValidationRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(name, "name");
    }

    public ValidationRule withActive(boolean value) {
        return new ValidationRule(id, object, name, expression, message, field, value, builtIn, version);
    }
}
