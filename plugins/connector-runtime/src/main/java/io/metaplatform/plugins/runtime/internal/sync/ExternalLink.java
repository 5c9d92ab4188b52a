package io.metaplatform.plugins.runtime.internal.sync;

import java.util.Objects;
import java.util.UUID;

/**
 * An external record of a connection's stream and the platform record it is synced with, as the
 * external-ref table keeps it.
 *
 * @param externalVersion the external version last seen, or {@code null} when the system has none
 * @param contentHash     the hash of the mapped values both sides last agreed on
 */
public record ExternalLink(String stream, String externalId, String object, UUID recordId, String externalVersion, String contentHash) {

    public ExternalLink {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(contentHash, "contentHash");
    }
}
