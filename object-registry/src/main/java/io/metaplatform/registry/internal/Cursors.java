package io.metaplatform.registry.internal;

import io.metaplatform.core.StorableText;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Opaque keyset cursors: the sort values and id of a record, and a signature of the order they belong
 * to, so a cursor of one order is refused by another.
 */
final class Cursors {

    private Cursors() {
    }

    record Position(List<Object> values, UUID id) {
    }

    static String encode(String signature, List<Object> values, UUID id) {
        List<String> texts = new ArrayList<>();
        values.forEach(value -> texts.add(value == null ? null : value.toString()));
        String json = ValueCodec.JSON.writeValueAsString(Map.of("o", signature, "v", texts, "id", id.toString()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The position, or {@code null} when the cursor is malformed or belongs to another order. */
    static Position decode(String cursor, String signature, List<Class<?>> types) {
        try {
            JsonNode node = ValueCodec.JSON.readTree(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
            if (!signature.equals(node.path("o").asString()) || node.path("v").size() != types.size()) {
                return null;
            }
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < types.size(); i++) {
                JsonNode value = node.path("v").get(i);
                if (value != null && StorableText.hasNul(value.asString())) {
                    return null;
                }
                values.add(value == null || value.isNull() ? null : convert(value.asString(), types.get(i)));
            }
            return new Position(values, UUID.fromString(node.path("id").asString()));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Object convert(String text, Class<?> type) {
        if (type == Long.class) {
            return Long.valueOf(text);
        }
        if (type == Integer.class) {
            return Integer.valueOf(text);
        }
        if (type == BigDecimal.class) {
            return new BigDecimal(text);
        }
        if (type == Boolean.class) {
            return Boolean.valueOf(text);
        }
        if (type == LocalDate.class) {
            return LocalDate.parse(text);
        }
        if (type == OffsetDateTime.class) {
            return OffsetDateTime.parse(text);
        }
        if (type == UUID.class) {
            return UUID.fromString(text);
        }
        return text;
    }
}
