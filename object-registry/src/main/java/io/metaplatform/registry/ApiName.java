package io.metaplatform.registry;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The name of an object or field as the API shows it: lower camel case, a letter first, letters and
 * digits, at most 50 characters, not one of the names the platform reserves for system fields.
 */
public record ApiName(@JsonValue String value) implements Comparable<ApiName> {

    private static final Pattern FORMAT = Pattern.compile("[a-z][a-zA-Z0-9]{0,49}");
    /** System fields every record has, and words the generated API needs for itself. */
    public static final Set<String> RESERVED = Set.of("id", "createdAt", "updatedAt", "createdBy", "updatedBy", "version",
            "deletedAt", "custom", "tenantId", "objectId", "and", "or", "not", "edges", "node", "cursor", "pageInfo",
            "totalCount", "history");

    public ApiName {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new IllegalArgumentException("Not a valid API name: " + value);
        }
    }

    @JsonCreator
    public static ApiName of(String value) {
        return new ApiName(value);
    }

    /** Whether {@code value} has the form of an API name (reserved names included). */
    public static boolean isValid(String value) {
        return value != null && FORMAT.matcher(value).matches();
    }

    public static boolean isReserved(String value) {
        return RESERVED.contains(value);
    }

    /** The snake_case form, for column names of built-in tables. */
    public String snakeCase() {
        return value.replaceAll("([A-Z])", "_$1").toLowerCase();
    }

    /** The upper camel case form, for type names of the generated API. */
    public String typeName() {
        return Character.toUpperCase(value.charAt(0)) + value.substring(1);
    }

    @Override
    public int compareTo(ApiName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
