package io.metaplatform.plugins.api;

import java.util.Objects;

/**
 * A field value that points at another external record of this connector, for example an
 * invoice's contact. The platform replaces it with the id of the platform record that the
 * referenced external record was synced into; if there is none (yet), the field is left empty
 * and the record is stored anyway.
 *
 * @param stream     the stream of the referenced record
 * @param externalId its external id
 */
public record ExternalRef(String stream, String externalId) {

    public ExternalRef {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(externalId, "externalId");
    }
}
