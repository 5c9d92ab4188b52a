package io.metaplatform.registry;

import java.math.BigDecimal;

/**
 * What a value of a field must satisfy besides its type.
 *
 * @param required a value must be present (on create; an update may not clear it)
 * @param unique no two live records of the tenant's object share a value
 * @param defaultValue the value a create without one gets, in API form (JSON scalar), or {@code null}
 * @param min inclusive lower bound of numbers (amounts for currency)
 * @param max inclusive upper bound of numbers
 * @param minLength minimum length of text
 * @param maxLength maximum length of text, at most the type's
 * @param pattern a regular expression text must match entirely (RE2 syntax, linear time)
 */
public record Constraints(boolean required, boolean unique, Object defaultValue, BigDecimal min, BigDecimal max,
        Integer minLength, Integer maxLength, String pattern) {

    public static final Constraints NONE = new Constraints(false, false, null, null, null, null, null, null);

    public Constraints withRequired(boolean value) {
        return new Constraints(value, unique, defaultValue, min, max, minLength, maxLength, pattern);
    }

    public Constraints withUnique(boolean value) {
        return new Constraints(required, value, defaultValue, min, max, minLength, maxLength, pattern);
    }

    public Constraints withDefault(Object value) {
        return new Constraints(required, unique, value, min, max, minLength, maxLength, pattern);
    }

    public Constraints withRange(BigDecimal lower, BigDecimal upper) {
        return new Constraints(required, unique, defaultValue, lower, upper, minLength, maxLength, pattern);
    }

    public Constraints withLength(Integer lower, Integer upper) {
        return new Constraints(required, unique, defaultValue, min, max, lower, upper, pattern);
    }

    public Constraints withPattern(String regex) {
        return new Constraints(required, unique, defaultValue, min, max, minLength, maxLength, regex);
    }
}
