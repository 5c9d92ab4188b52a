package io.metaplatform.registry;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A record as the API shows it.
 *
 * @param values every readable field by API name, in field order, in API form: text as {@code String},
 *     integers as {@code Long}, decimals and percentages as {@code BigDecimal}, currency as {@link Money},
 *     dates as {@code LocalDate}, date-times as UTC {@code OffsetDateTime}, select values as option
 *     values, multi-select as a list of them, relations as record ids ({@code UUID} or a list of them),
 *     JSON as maps, lists and scalars; absent values as {@code null}
 * @param version incremented by every write, for optimistic locking
 */
public record DataRecord(UUID id, String object, Map<String, Object> values, Instant createdAt, Instant updatedAt, String createdBy,
        String updatedBy, int version, Instant deletedAt) {

    public Object get(String field) {
        return values.get(field);
    }
}
