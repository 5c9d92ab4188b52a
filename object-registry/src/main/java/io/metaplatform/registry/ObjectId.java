package io.metaplatform.registry;

import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/** The stable id of an object definition; built-in objects have ids derived from their API names. */
public record ObjectId(@JsonValue UUID value) {

    public ObjectId {
        Objects.requireNonNull(value, "value");
    }

    public static ObjectId builtIn(String apiName) {
        return new ObjectId(UUID.nameUUIDFromBytes(("builtin-object:" + apiName).getBytes(StandardCharsets.UTF_8)));
    }

    public static ObjectId random() {
        return new ObjectId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
