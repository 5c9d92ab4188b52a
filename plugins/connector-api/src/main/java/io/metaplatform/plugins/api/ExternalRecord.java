package io.metaplatform.plugins.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A record as the external system has it.
 *
 * <p>Field values are {@code null}, {@link String}, {@link Boolean}, {@link Long} or
 * {@link Integer}, {@link java.math.BigDecimal} (never {@code double} for money),
 * {@link java.time.LocalDate}, {@link java.time.Instant} or {@link java.time.OffsetDateTime},
 * {@link ExternalRef} (a link to another external record, resolved to the platform record it was
 * synced into), or a {@link java.util.List} / {@link Map} of these (for multi-select values,
 * currency amounts as {@code {amount, currencyCode}} and JSON fields). The platform maps fields
 * through the stream's {@link FieldMapping}s, validates them against the target object and sends
 * invalid records to dead letters.
 *
 * @param externalId      the record's id in the external system, never blank
 * @param externalVersion the external system's version or modification stamp, if it has one; the
 *                        platform uses it (and a content hash) to skip unchanged records and
 *                        sends it back in {@link OutgoingRecord#externalVersion()} for optimistic
 *                        locking
 * @param fields          external field name to value, iteration order kept; values may be null
 * @param source          where the record is in its source when that helps an admin find it (for example
 *                        {@code row 17} of a CSV file); shown on the record's dead letter. At most 100 characters
 */
public record ExternalRecord(String externalId, Optional<String> externalVersion, Map<String, Object> fields, Optional<String> source) {

    public ExternalRecord {
        Objects.requireNonNull(externalId, "externalId");
        if (externalId.isBlank()) {
            throw new IllegalArgumentException("externalId must not be blank");
        }
        Objects.requireNonNull(externalVersion, "externalVersion");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        Objects.requireNonNull(source, "source");
    }

    /** A record without a source position. */
    public ExternalRecord(String externalId, Optional<String> externalVersion, Map<String, Object> fields) {
        this(externalId, externalVersion, fields, Optional.empty());
    }

    /** This record, found at {@code source} (for example {@code "row 17"}). */
    public ExternalRecord withSource(String source) {
        return new ExternalRecord(externalId, externalVersion, fields, Optional.of(source));
    }

    public static ExternalRecord of(String externalId, String externalVersion, Map<String, Object> fields) {
        return new ExternalRecord(externalId, Optional.ofNullable(externalVersion), fields);
    }
}
