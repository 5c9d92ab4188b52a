package io.metaplatform.plugins.api;

import java.util.Objects;

/**
 * A field a connector brings (see {@link ManagedPackage}), on one of the package's objects or on a built-in
 * object.
 *
 * @param object  the API name of the object it belongs to ({@code ycVisit}, {@code contact})
 * @param apiName the field's API name; on a built-in object it starts with the package's namespace
 *                ({@code ycClientId}), on the package's own objects any lowerCamelCase name
 * @param label   what the admin sees
 * @param type    its type
 * @param unique  whether two records of the object may not share a value (an external id, say)
 */
public record ManagedField(String object, String apiName, String label, ManagedFieldType type, boolean unique) {

    public ManagedField {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(apiName, "apiName");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(type, "type");
    }

    /** A field whose values need not be unique. */
    public static ManagedField of(String object, String apiName, String label, ManagedFieldType type) {
        return new ManagedField(object, apiName, label, type, false);
    }

    /** {@code object.apiName}, how the platform names the field in messages. */
    public String path() {
        return object + "." + apiName;
    }
}
