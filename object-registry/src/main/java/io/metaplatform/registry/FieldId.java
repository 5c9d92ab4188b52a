package io.metaplatform.registry;

import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/** The stable id of a field definition; built-in fields have ids derived from object and field names. */
public record FieldId(@JsonValue UUID value) {

    public FieldId {
        Objects.requireNonNull(value, "value");
    }

    public static FieldId builtIn(String objectApiName, String fieldApiName) {
        return new FieldId(UUID.nameUUIDFromBytes(("builtin-field:" + objectApiName + "." + fieldApiName)
                .getBytes(StandardCharsets.UTF_8)));
    }

    public static FieldId random() {
        return new FieldId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
