package io.metaplatform.plugins.api;

import java.util.List;

/**
 * What {@link Connector#discover} found.
 *
 * @param fields the external system's fields beyond the declared mappings, in a stable order
 */
public record Discovery(List<ExternalField> fields) {

    /** Nothing to discover. */
    public static final Discovery NONE = new Discovery(List.of());

    public Discovery {
        fields = List.copyOf(fields);
    }
}
