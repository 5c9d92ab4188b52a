package io.metaplatform.plugins.api;

import java.util.List;
import java.util.Objects;

/**
 * A field the external system has (typically a custom field), as found by {@link Connector#discover}.
 *
 * @param stream  the stream whose records carry it
 * @param name    the key it has in {@link ExternalRecord#fields()}
 * @param label   its label in the external system
 * @param type    a platform field type kind that fits it ({@code text}, {@code decimal},
 *                {@code select}, {@code multiSelect}, {@code date}, {@code bool}, ...)
 * @param options for pick-lists, the option values; else empty
 */
public record ExternalField(String stream, String name, String label, String type, List<String> options) {

    public ExternalField {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(type, "type");
        options = List.copyOf(options);
    }
}
