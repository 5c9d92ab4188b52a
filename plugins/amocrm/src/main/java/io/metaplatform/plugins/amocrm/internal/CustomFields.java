package io.metaplatform.plugins.amocrm.internal;

import io.metaplatform.plugins.api.ConnectorContext;
import io.metaplatform.plugins.api.Discovery;
import io.metaplatform.plugins.api.ExternalField;
import io.metaplatform.plugins.api.JsonValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * amoCRM's custom fields of leads, contacts and companies (other than the PHONE and EMAIL ones the streams
 * map already): discovered from {@code /{entity}/custom_fields} as external fields named {@code cf_{id}},
 * read into records under that name and written back by {@code field_id}, so an admin can map any of them
 * onto a tenant field.
 */
public final class CustomFields {

    public static final String PREFIX = "cf_";
    private static final Set<String> MAPPED_CODES = Set.of("PHONE", "EMAIL");

    private CustomFields() {
    }

    public static Discovery discover(ConnectorContext context) {
        var client = AmoClient.of(context);
        List<ExternalField> fields = new ArrayList<>();
        for (String entity : List.of(AmoStreams.LEADS, AmoStreams.CONTACTS, AmoStreams.COMPANIES)) {
            for (int page = 1; page <= 20; page++) {
                var response = client.get("/" + entity + "/custom_fields", AmoClient.parameters("limit", 250, "page", page));
                if (response.status() == 204) {
                    break;
                }
                if (!response.ok()) {
                    throw AmoClient.failure("GET /" + entity + "/custom_fields", response);
                }
                for (JsonValue field : response.body().at("_embedded.custom_fields").items()) {
                    if (MAPPED_CODES.contains(field.get("code").string().orElse(""))) {
                        continue;
                    }
                    List<String> options = field.get("enums").items().stream().map(option -> option.get("value").text().orElse(""))
                            .filter(value -> !value.isEmpty()).toList();
                    fields.add(new ExternalField(entity, PREFIX + AmoMapping.id(field), field.get("name").string().orElse(PREFIX + AmoMapping.id(field)),
                            kind(field.get("type").string().orElse("text")), options));
                }
                if (response.body().at("_links.next").isNull()) {
                    break;
                }
            }
        }
        return new Discovery(fields);
    }

    /** The platform field kind that fits an amoCRM field type. */
    static String kind(String type) {
        return switch (type) {
            case "numeric", "monetary" -> "decimal";
            case "checkbox" -> "bool";
            case "date", "birthday" -> "date";
            case "date_time" -> "dateTime";
            case "select", "radiobutton", "category" -> "select";
            case "multiselect" -> "multiSelect";
            case "url" -> "url";
            case "textarea" -> "longText";
            default -> "text";
        };
    }

    /** Every custom field value of an entity under {@code cf_{id}}, typed by the field's type. */
    static void read(JsonValue entity, Map<String, Object> fields) {
        for (JsonValue field : entity.get("custom_fields_values").items()) {
            if (MAPPED_CODES.contains(field.get("field_code").string().orElse(""))) {
                continue;
            }
            String name = PREFIX + field.get("field_id").id().orElse("");
            String type = field.get("field_type").string().orElse("text");
            List<JsonValue> values = field.get("values").items();
            if (type.equals("multiselect")) {
                fields.put(name, values.stream().map(value -> value.get("value").text().orElse("")).toList());
                continue;
            }
            JsonValue value = values.isEmpty() ? JsonValue.JsonNull.INSTANCE : values.getFirst().get("value");
            fields.put(name, switch (kind(type)) {
                case "decimal" -> value.decimal().orElse(null);
                case "bool" -> value.bool().orElse(null);
                case "date", "dateTime" -> value.integer().map(Instant::ofEpochSecond).map(Object.class::cast)
                        .orElseGet(() -> value.text().orElse(null));
                default -> value.text().orElse(null);
            });
        }
    }

    /** The written {@code cf_{id}} fields as amoCRM's {@code custom_fields_values} entries. */
    static List<Object> write(Map<String, Object> fields) {
        List<Object> entries = new ArrayList<>();
        fields.forEach((name, value) -> {
            if (!name.startsWith(PREFIX) || !name.substring(PREFIX.length()).matches("\\d{1,18}")) {
                return;
            }
            long id = Long.parseLong(name.substring(PREFIX.length()));
            List<Object> values = new ArrayList<>();
            if (value instanceof List<?> list) {
                list.forEach(item -> values.add(Map.of("value", String.valueOf(item))));
            } else if (value instanceof Instant instant) {
                values.add(Map.of("value", instant.getEpochSecond()));
            } else if (value instanceof BigDecimal || value instanceof Boolean || value instanceof Number) {
                values.add(Map.of("value", value));
            } else if (value != null && !value.toString().isBlank()) {
                values.add(Map.of("value", value.toString()));
            }
            entries.add(Map.of("field_id", id, "values", values));
        });
        return entries;
    }
}
