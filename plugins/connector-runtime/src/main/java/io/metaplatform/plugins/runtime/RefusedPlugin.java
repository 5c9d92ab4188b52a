package io.metaplatform.plugins.runtime;

import java.util.Objects;

/**
 * A plugin jar that was not loaded.
 *
 * @param source      the jar's file name
 * @param connectorId the id it declared, when it got that far; else {@code null}
 * @param reason      one sentence: broken jar, wrong SPI version, duplicate id, ...
 */
public record RefusedPlugin(String source, String connectorId, String reason) {

    public RefusedPlugin {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reason, "reason");
    }
}
