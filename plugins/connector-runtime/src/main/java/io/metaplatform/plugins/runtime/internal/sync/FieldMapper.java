package io.metaplatform.plugins.runtime.internal.sync;

import io.metaplatform.plugins.api.ExternalRecord;
import io.metaplatform.plugins.api.ExternalRef;
import io.metaplatform.plugins.api.FieldMapping;
import io.metaplatform.registry.DataRecord;
import io.metaplatform.registry.Money;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * Carries values between external and platform field names through a stream's mappings, and hashes
 * mapped content. Pull and push hash the same view (platform field names, links as record ids), so a
 * record pushed and read back unchanged hashes alike and is not written again.
 */
final class FieldMapper {

    private FieldMapper() {
    }

    /** The record's values under the target fields of the mappings that read; fields the record lacks are left out. */
    static Map<String, Object> inbound(StreamSettings settings, ExternalRecord record) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (FieldMapping mapping : settings.mappings()) {
            if (mapping.direction().reads() && record.fields().containsKey(mapping.externalField())) {
                values.put(mapping.targetField(), record.fields().get(mapping.externalField()));
            }
        }
        return values;
    }

    /** Every {@link ExternalRef} among the values, nested ones included. */
    static void collectRefs(Object value, Set<ExternalRef> into) {
        switch (value) {
            case ExternalRef ref -> into.add(ref);
            case Map<?, ?> map -> map.values().forEach(nested -> collectRefs(nested, into));
            case Collection<?> list -> list.forEach(nested -> collectRefs(nested, into));
            case null, default -> { }
        }
    }

    /** The value with every external ref replaced by its record id ({@code null}, or left out of lists, when unresolved). */
    static Object resolveRefs(Object value, Map<ExternalRef, UUID> resolved) {
        return switch (value) {
            case ExternalRef ref -> resolved.get(ref);
            case Map<?, ?> map -> {
                Map<Object, Object> copy = new LinkedHashMap<>();
                map.forEach((key, nested) -> copy.put(key, resolveRefs(nested, resolved)));
                yield copy;
            }
            case Collection<?> list -> {
                List<Object> copy = new ArrayList<>();
                for (Object nested : list) {
                    Object item = resolveRefs(nested, resolved);
                    if (item != null || !(nested instanceof ExternalRef)) {
                        copy.add(item);
                    }
                }
                yield copy;
            }
            case null, default -> value;
        };
    }

    /**
     * The record's values under the external fields of the mappings that write, in the types
     * {@link io.metaplatform.plugins.api.OutgoingRecord} promises: money as {@code {amount, currencyCode}},
     * links as {@link ExternalRef} when the linked record is synced with this connection (else left out).
     */
    static Map<String, Object> outbound(StreamSettings settings, DataRecord record, Function<UUID, ExternalRef> linkOf) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (FieldMapping mapping : settings.mappings()) {
            if (!mapping.direction().writes() || !record.values().containsKey(mapping.targetField())) {
                continue;
            }
            Object value = record.values().get(mapping.targetField());
            if (value instanceof UUID id) {
                ExternalRef ref = linkOf.apply(id);
                if (ref != null) {
                    fields.put(mapping.externalField(), ref);
                }
                continue;
            }
            fields.put(mapping.externalField(), external(value, linkOf));
        }
        return fields;
    }

    private static Object external(Object value, Function<UUID, ExternalRef> linkOf) {
        return switch (value) {
            case Money money -> {
                Map<String, Object> amount = new LinkedHashMap<>();
                amount.put("amount", money.amount());
                amount.put("currencyCode", money.currencyCode());
                yield amount;
            }
            case Collection<?> list -> list.stream().map(item -> item instanceof UUID id ? linkOf.apply(id) : external(item, linkOf))
                    .filter(item -> item != null).toList();
            case null, default -> value;
        };
    }

    /**
     * What a pull would map from an external record holding exactly {@code fields}: the view to hash
     * after a push, so reading the record back unchanged finds the same hash.
     */
    static Map<String, Object> echo(StreamSettings settings, Map<String, Object> fields) {
        return inbound(settings, new ExternalRecord("echo", java.util.Optional.empty(), fields));
    }

    /** A SHA-256 over the values in a canonical form: numbers by value, instants in UTC, maps by sorted key. */
    static String hash(Map<String, Object> values) {
        StringBuilder text = new StringBuilder();
        canonical(values, text);
        return io.metaplatform.core.Sha256.hex(text.toString());
    }

    private static void canonical(Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append("null");
            case String text -> out.append('"').append(text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            case Integer number -> out.append(number);
            case Long number -> out.append(number);
            case BigInteger number -> out.append(number);
            case BigDecimal number -> out.append(number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString());
            case Instant instant -> out.append(instant.truncatedTo(ChronoUnit.MICROS));
            case OffsetDateTime time -> out.append(time.toInstant().truncatedTo(ChronoUnit.MICROS));
            case Money money -> canonical(Map.of("amount", money.amount(), "currencyCode", money.currencyCode()), out);
            case Map<?, ?> map -> {
                Map<String, Object> sorted = new TreeMap<>();
                map.forEach((key, nested) -> sorted.put(String.valueOf(key), nested));
                out.append('{');
                sorted.forEach((key, nested) -> {
                    canonical(key, out);
                    out.append(':');
                    canonical(nested, out);
                    out.append(',');
                });
                out.append('}');
            }
            case Collection<?> list -> {
                out.append('[');
                list.forEach(nested -> {
                    canonical(nested, out);
                    out.append(',');
                });
                out.append(']');
            }
            default -> out.append(value);
        }
    }
}
