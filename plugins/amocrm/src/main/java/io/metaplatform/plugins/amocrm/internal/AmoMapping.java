package io.metaplatform.plugins.amocrm.internal;

import io.metaplatform.plugins.api.ExternalRecord;
import io.metaplatform.plugins.api.ExternalRef;
import io.metaplatform.plugins.api.FieldProblem;
import io.metaplatform.plugins.api.JsonValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * amoCRM entities to records and back. Phones and e-mails are amoCRM's {@code PHONE} and {@code EMAIL}
 * multitext fields: {@code MOB} numbers are the mobile, the first other number the phone, the first
 * address the email; written back with {@code field_code} and {@code enum_code} (phone {@code WORK},
 * mobile {@code MOB}, email {@code WORK}), values of other kinds (a HOME number) kept as they were.
 */
public final class AmoMapping {

    static final long WON = 142;
    static final long LOST = 143;

    private AmoMapping() {
    }

    /**
     * The version of an entity: its {@code updated_at} and a hash of what amoCRM answered. {@code updated_at}
     * counts whole seconds, so a change in the same second as the last read would otherwise look unchanged.
     */
    static Optional<String> version(JsonValue entity) {
        return entity.get("updated_at").id().map(updated -> updated + "-" + Integer.toHexString(entity.toJson().hashCode()));
    }

    static long updatedAt(JsonValue entity) {
        return entity.get("updated_at").integer().orElse(0L);
    }

    static String id(JsonValue entity) {
        return entity.get("id").id().orElseThrow(() -> new IllegalArgumentException("an amoCRM entity without id"));
    }

    // ---- reading ---------------------------------------------------------------------------------------

    static ExternalRecord pipeline(JsonValue pipeline) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("name", pipeline.get("name").string().orElse(null));
        fields.put("is_main", pipeline.get("is_main").bool().orElse(false));
        return new ExternalRecord(id(pipeline), Optional.empty(), fields);
    }

    /** Statuses of a pipeline: 142 won, 143 lost; ids {@code pipeline:status}. */
    static List<ExternalRecord> statuses(JsonValue pipeline) {
        String pipelineId = id(pipeline);
        var records = new ArrayList<ExternalRecord>();
        for (JsonValue status : pipeline.at("_embedded.statuses").items()) {
            long statusId = status.get("id").integer().orElseThrow();
            var fields = new LinkedHashMap<String, Object>();
            fields.put("pipeline", new ExternalRef(AmoStreams.PIPELINES, pipelineId));
            fields.put("name", status.get("name").string().orElse(null));
            fields.put("sort", status.get("sort").integer().orElse(null));
            fields.put("won", statusId == WON);
            fields.put("lost", statusId == LOST);
            records.add(new ExternalRecord(stageId(pipelineId, statusId), Optional.empty(), fields));
        }
        return records;
    }

    static String stageId(Object pipelineId, Object statusId) {
        return pipelineId + ":" + statusId;
    }

    static ExternalRecord lead(JsonValue lead, String currency) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("name", lead.get("name").string().orElse(null));
        fields.put("price", lead.get("price").decimal()
                .map(price -> (Object) Map.of("amount", price, "currencyCode", currency)).orElse(null));
        Optional<String> pipeline = lead.get("pipeline_id").id();
        Optional<Long> status = lead.get("status_id").integer();
        fields.put("pipeline", pipeline.map(id -> new ExternalRef(AmoStreams.PIPELINES, id)).orElse(null));
        fields.put("status", pipeline.isPresent() && status.isPresent()
                ? new ExternalRef(AmoStreams.STATUSES, stageId(pipeline.get(), status.get())) : null);
        fields.put("outcome", status.map(id -> id == WON ? "WON" : id == LOST ? "LOST" : "OPEN").orElse("OPEN"));
        fields.put("responsible_user_id", lead.get("responsible_user_id").id().orElse(null));
        fields.put("company", lead.at("_embedded.companies").get(0).get("id").id()
                .map(id -> new ExternalRef(AmoStreams.COMPANIES, id)).orElse(null));
        fields.put("contact", mainContact(lead).map(id -> new ExternalRef(AmoStreams.CONTACTS, id)).orElse(null));
        fields.put("closed_at", lead.get("closed_at").integer().filter(at -> at > 0).map(Instant::ofEpochSecond).orElse(null));
        fields.put("loss_reason_id", lead.get("loss_reason_id").id().orElse(null));
        List<String> tags = lead.at("_embedded.tags").items().stream().map(tag -> tag.get("name").string().orElse(""))
                .filter(name -> !name.isBlank()).toList();
        fields.put("tags", tags.isEmpty() ? null : String.join(", ", tags));
        CustomFields.read(lead, fields);
        return new ExternalRecord(id(lead), version(lead), fields);
    }

    private static Optional<String> mainContact(JsonValue lead) {
        List<JsonValue> contacts = lead.at("_embedded.contacts").items();
        return contacts.stream().filter(contact -> contact.get("is_main").bool().orElse(false)).findFirst()
                .or(() -> contacts.stream().findFirst())
                .flatMap(contact -> contact.get("id").id());
    }

    static ExternalRecord contact(JsonValue contact) {
        var fields = new LinkedHashMap<String, Object>();
        String name = contact.get("name").string().orElse("").strip();
        String first = contact.get("first_name").string().orElse("").strip();
        String last = contact.get("last_name").string().orElse("").strip();
        if (first.isEmpty() && last.isEmpty()) {
            // amoCRM often has only "name"; the platform's contact needs a last name.
            int space = name.lastIndexOf(' ');
            first = space < 0 ? "" : name.substring(0, space).strip();
            last = space < 0 ? name : name.substring(space + 1).strip();
        }
        fields.put("first_name", first.isEmpty() ? null : first);
        fields.put("last_name", last.isEmpty() ? null : last);
        putPhonesAndEmail(contact, fields, true);
        fields.put("company", contact.at("_embedded.companies").get(0).get("id").id()
                .map(id -> new ExternalRef(AmoStreams.COMPANIES, id)).orElse(null));
        CustomFields.read(contact, fields);
        return new ExternalRecord(id(contact), version(contact), fields);
    }

    static ExternalRecord company(JsonValue company) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("name", company.get("name").string().orElse(null));
        putPhonesAndEmail(company, fields, false);
        CustomFields.read(company, fields);
        return new ExternalRecord(id(company), version(company), fields);
    }

    private static void putPhonesAndEmail(JsonValue entity, Map<String, Object> fields, boolean withMobile) {
        String phone = null;
        String mobile = null;
        for (JsonValue value : multitext(entity, "PHONE")) {
            String number = value.get("value").text().orElse(null);
            if (withMobile && "MOB".equals(value.get("enum_code").string().orElse("")) && mobile == null) {
                mobile = number;
            } else if (phone == null) {
                phone = number;
            }
        }
        fields.put("email", multitext(entity, "EMAIL").stream().map(value -> value.get("value").text().orElse(null))
                .filter(java.util.Objects::nonNull).findFirst().orElse(null));
        fields.put("phone", phone);
        if (withMobile) {
            fields.put("mobile", mobile);
        }
    }

    private static List<JsonValue> multitext(JsonValue entity, String code) {
        return entity.get("custom_fields_values").items().stream()
                .filter(field -> code.equals(field.get("field_code").string().orElse("")))
                .flatMap(field -> field.get("values").items().stream())
                .toList();
    }

    // ---- writing ---------------------------------------------------------------------------------------

    /**
     * The amoCRM entity for an outgoing record of a stream (without id and request_id); problems of values
     * amoCRM cannot take are added to {@code problems}.
     *
     * @param current the entity as amoCRM has it (for updates: phone and email values of other kinds are kept), or null
     */
    static Map<String, Object> entity(String stream, Map<String, Object> fields, JsonValue current, List<FieldProblem> problems) {
        var entity = new LinkedHashMap<String, Object>();
        var embedded = new LinkedHashMap<String, Object>();
        switch (stream) {
            case AmoStreams.LEADS -> {
                putText(entity, fields, "name", "name");
                if (fields.containsKey("price")) {
                    price(fields.get("price"), problems).ifPresent(price -> entity.put("price", price));
                }
                ref(fields, "pipeline").ifPresent(id -> entity.put("pipeline_id", Long.parseLong(id)));
                ref(fields, "status").ifPresent(id -> {
                    String[] parts = id.split(":");
                    entity.put("pipeline_id", Long.parseLong(parts[0]));
                    entity.put("status_id", Long.parseLong(parts[1]));
                });
                if (fields.get("responsible_user_id") instanceof Object owner && owner.toString().matches("\\d{1,18}")) {
                    entity.put("responsible_user_id", Long.parseLong(owner.toString()));
                }
                ref(fields, "contact").ifPresent(id -> embedded.put("contacts", List.of(Map.of("id", Long.parseLong(id), "is_main", true))));
                ref(fields, "company").ifPresent(id -> embedded.put("companies", List.of(Map.of("id", Long.parseLong(id)))));
                if (fields.containsKey("tags")) {
                    String tags = fields.get("tags") == null ? "" : fields.get("tags").toString();
                    embedded.put("tags", Arrays.stream(tags.split(",")).map(String::strip).filter(tag -> !tag.isEmpty())
                            .map(tag -> Map.of("name", tag)).toList());
                }
            }
            case AmoStreams.CONTACTS -> {
                putText(entity, fields, "first_name", "first_name");
                putText(entity, fields, "last_name", "last_name");
                String first = text(fields.get("first_name"));
                String last = text(fields.get("last_name"));
                String name = ((first == null ? "" : first) + " " + (last == null ? "" : last)).strip();
                if (!name.isEmpty()) {
                    entity.put("name", name);
                }
                customFields(entity, fields, current, true);
                ref(fields, "company").ifPresent(id -> embedded.put("companies", List.of(Map.of("id", Long.parseLong(id)))));
            }
            case AmoStreams.COMPANIES -> {
                putText(entity, fields, "name", "name");
                customFields(entity, fields, current, false);
            }
            default -> throw new UnsupportedOperationException("stream " + stream + " is not writable");
        }
        List<Object> custom = CustomFields.write(fields);
        if (!custom.isEmpty()) {
            @SuppressWarnings("unchecked")
            var all = entity.get("custom_fields_values") instanceof List<?> mapped ? new ArrayList<Object>(mapped) : new ArrayList<Object>();
            all.addAll(custom);
            entity.put("custom_fields_values", all);
        }
        if (!embedded.isEmpty()) {
            entity.put("_embedded", embedded);
        }
        return entity;
    }

    private static Optional<Long> price(Object value, List<FieldProblem> problems) {
        Object amount = value instanceof Map<?, ?> money ? money.get("amount") : value;
        if (amount == null) {
            return Optional.of(0L);
        }
        BigDecimal decimal = amount instanceof BigDecimal exact ? exact : new BigDecimal(amount.toString());
        try {
            return Optional.of(decimal.longValueExact());
        } catch (ArithmeticException e) {
            problems.add(new FieldProblem("price", "NOT_WHOLE", "amoCRM keeps a lead's price in whole units of the account's currency"));
            return Optional.empty();
        }
    }

    private static Optional<String> ref(Map<String, Object> fields, String field) {
        return fields.get(field) instanceof ExternalRef ref ? Optional.of(ref.externalId()) : Optional.empty();
    }

    private static void putText(Map<String, Object> entity, Map<String, Object> fields, String field, String key) {
        if (fields.containsKey(field)) {
            entity.put(key, text(fields.get(field)) == null ? "" : text(fields.get(field)));
        }
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString().strip();
    }

    /** PHONE and EMAIL with field_code and enum_code; values of kinds the record does not map are kept. */
    private static void customFields(Map<String, Object> entity, Map<String, Object> fields, JsonValue current, boolean withMobile) {
        var custom = new ArrayList<Object>();
        if (fields.containsKey("phone") || fields.containsKey("mobile")) {
            var values = new ArrayList<Object>();
            var kept = new ArrayList<Object>();
            String phone = text(fields.get("phone"));
            String mobile = withMobile ? text(fields.get("mobile")) : null;
            if (phone != null) {
                values.add(Map.of("value", phone, "enum_code", "WORK"));
            }
            if (mobile != null) {
                values.add(Map.of("value", mobile, "enum_code", "MOB"));
            }
            if (current != null) {
                boolean phoneSeen = false;
                boolean mobileSeen = false;
                for (JsonValue value : multitext(current, "PHONE")) {
                    String enumCode = value.get("enum_code").string().orElse("OTHER");
                    // The first non-mobile number was the phone and the first MOB the mobile: those are replaced.
                    if (withMobile && enumCode.equals("MOB") && !mobileSeen) {
                        mobileSeen = true;
                    } else if (!(withMobile && enumCode.equals("MOB")) && !phoneSeen) {
                        phoneSeen = true;
                    } else {
                        kept.add(Map.of("value", value.get("value").text().orElse(""), "enum_code", enumCode));
                    }
                }
            }
            values.addAll(kept);
            custom.add(Map.of("field_code", "PHONE", "values", values));
        }
        if (fields.containsKey("email")) {
            var values = new ArrayList<Object>();
            String email = text(fields.get("email"));
            if (email != null) {
                values.add(Map.of("value", email, "enum_code", "WORK"));
            }
            if (current != null) {
                multitext(current, "EMAIL").stream().skip(1).forEach(value -> values.add(Map.of("value",
                        value.get("value").text().orElse(""), "enum_code", value.get("enum_code").string().orElse("OTHER"))));
            }
            custom.add(Map.of("field_code", "EMAIL", "values", values));
        }
        if (!custom.isEmpty()) {
            entity.put("custom_fields_values", custom);
        }
    }
}
