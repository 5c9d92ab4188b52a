package io.metaplatform.plugins.api;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a successful {@link Connector#write}.
 *
 * @param externalId      the external id (new for a create)
 * @param externalVersion the external version after the write, if the system has versions
 */
public record WriteResult(String externalId, Optional<String> externalVersion) {

    public WriteResult {
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(externalVersion, "externalVersion");
    }

    public static WriteResult of(String externalId, String externalVersion) {
        return new WriteResult(externalId, Optional.ofNullable(externalVersion));
    }
}
