package io.metaplatform.registry.internal;

import io.metaplatform.registry.FieldDefinition;
import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.JSONB;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stored values to and from their SQL and jsonb forms. Readers accept every form an allowed type change
 * leaves behind (a number read as text, a single option id read as a multi-select list), so type
 * changes never rewrite data.
 */
final class ValueCodec {

    static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ValueCodec() {
    }

    static JSONB jsonb(JsonNode node) {
        return JSONB.valueOf(JSON.writeValueAsString(node));
    }

    static ObjectNode tree(JSONB value) {
        if (value == null) {
            return NODES.objectNode();
        }
        JsonNode node = JSON.readTree(value.data());
        return node instanceof ObjectNode object ? object : NODES.objectNode();
    }

    /** The jsonb form of a stored value (for a key of {@code custom}). */
    static JsonNode toJson(FieldType type, Object stored) {
        if (stored == null) {
            return NODES.nullNode();
        }
        return switch (type) {
            case FieldType.Currency c -> {
                Money money = (Money) stored;
                ObjectNode node = NODES.objectNode();
                node.put("amount", money.amount());
                node.put("currency", money.currencyCode());
                yield node;
            }
            case FieldType.Int i -> NODES.numberNode((Long) stored);
            case FieldType.Decimal d -> NODES.numberNode((BigDecimal) stored);
            case FieldType.Percent p -> NODES.numberNode((BigDecimal) stored);
            case FieldType.Bool b -> NODES.booleanNode((Boolean) stored);
            case FieldType.MultiSelect m -> strings(stored);
            case FieldType.Relation r when stored instanceof List<?> -> strings(stored);
            case FieldType.Json j -> JSON.valueToTree(stored);
            default -> NODES.stringNode(stored.toString());
        };
    }

    /** The stored value of a key of {@code custom}; {@code null} when absent. */
    static Object fromJson(FieldDefinition field, JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return switch (field.type()) {
            case FieldType.Text t -> text(node);
            case FieldType.LongText t -> text(node);
            case FieldType.Email e -> text(node);
            case FieldType.Phone p -> text(node);
            case FieldType.Url u -> text(node);
            case FieldType.Select s -> text(node);
            case FieldType.MultiSelect m -> node.isArray() ? list(node) : List.of(text(node));
            case FieldType.Int i -> node.asLong();
            case FieldType.Decimal d -> node.decimalValue().setScale(d.scale(), java.math.RoundingMode.HALF_EVEN);
            case FieldType.Percent p -> node.decimalValue().setScale(p.scale(), java.math.RoundingMode.HALF_EVEN);
            case FieldType.Currency c -> new Money(node.get("amount").decimalValue().setScale(c.scale(), java.math.RoundingMode.HALF_EVEN),
                    node.get("currency").asString());
            case FieldType.Bool b -> node.asBoolean();
            case FieldType.Date d -> LocalDate.parse(node.asString());
            case FieldType.DateTime d -> OffsetDateTime.parse(node.asString()).withOffsetSameInstant(ZoneOffset.UTC);
            case FieldType.Relation r -> r.cardinality() == FieldType.Cardinality.MANY_TO_ONE ? UUID.fromString(node.asString()) : null;
            case FieldType.Json j -> JSON.treeToValue(node, Object.class);
            case FieldType.AutoNumber a -> text(node);
            case FieldType.Formula f -> null;
            case FieldType.Rollup r -> null;
        };
    }

    /** The value bound to a typed column (the amount for currency). */
    static Object toColumn(FieldType type, Object stored) {
        if (stored == null) {
            return null;
        }
        return switch (type) {
            case FieldType.Currency c -> ((Money) stored).amount();
            case FieldType.Json j -> jsonb(JSON.valueToTree(stored));
            case FieldType.MultiSelect m -> ((List<?>) stored).toArray(new String[0]);
            default -> stored;
        };
    }

    /** The stored value read from a typed column ({@code currency}: its code column, else ignored). */
    static Object fromColumn(FieldType type, Object column, String currency) {
        if (column == null) {
            return null;
        }
        return switch (type) {
            case FieldType.Currency c -> new Money(((BigDecimal) column).setScale(c.scale(), java.math.RoundingMode.HALF_EVEN),
                    currency == null ? "EUR" : currency);
            case FieldType.Decimal d -> ((BigDecimal) column).setScale(d.scale(), java.math.RoundingMode.HALF_EVEN);
            case FieldType.Percent p -> ((BigDecimal) column).setScale(p.scale(), java.math.RoundingMode.HALF_EVEN);
            case FieldType.DateTime d -> ((OffsetDateTime) column).withOffsetSameInstant(ZoneOffset.UTC);
            case FieldType.Json j -> JSON.readValue(((JSONB) column).data(), Object.class);
            case FieldType.MultiSelect m -> List.of((Object[]) column);
            default -> column;
        };
    }

    private static String text(JsonNode node) {
        return node.isString() ? node.asString() : node.toString();
    }

    private static List<Object> list(JsonNode node) {
        List<Object> values = new ArrayList<>();
        node.forEach(element -> values.add(text(element)));
        return List.copyOf(values);
    }

    private static ArrayNode strings(Object stored) {
        ArrayNode array = NODES.arrayNode();
        ((List<?>) stored).forEach(value -> array.add(value.toString()));
        return array;
    }
}
