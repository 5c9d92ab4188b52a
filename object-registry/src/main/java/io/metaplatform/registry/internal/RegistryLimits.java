package io.metaplatform.registry.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code platform.registry.*}: limits on single values, checked with the rest of a write's validation.
 *
 * @param maxJsonValueSize the largest value of a JSON field, serialized as UTF-8 JSON (default 256 KB); text
 *     is bounded by its field's {@code maxLength} instead
 */
@ConfigurationProperties("platform.registry")
public record RegistryLimits(DataSize maxJsonValueSize) {

    /** The limits when nothing is configured. */
    public static final RegistryLimits DEFAULTS = new RegistryLimits(null);

    public RegistryLimits {
        maxJsonValueSize = maxJsonValueSize == null ? DataSize.ofKilobytes(256) : maxJsonValueSize;
        if (maxJsonValueSize.toBytes() < 1) {
            throw new IllegalArgumentException("platform.registry.max-json-value-size must be positive");
        }
    }
}
