package io.metaplatform.plugins.amocrm.internal;

import io.metaplatform.plugins.api.ConnectorContext;
import io.metaplatform.plugins.api.FieldProblem;
import io.metaplatform.plugins.api.Json;
import io.metaplatform.plugins.api.JsonValue;
import io.metaplatform.plugins.api.OutgoingRecord;
import io.metaplatform.plugins.api.RecordRejectedException;
import io.metaplatform.plugins.api.WriteContext;
import io.metaplatform.plugins.api.WriteOperation;
import io.metaplatform.plugins.api.WriteOutcome;
import io.metaplatform.plugins.api.WriteResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writing leads, contacts and companies: creates are a {@code POST}, updates a {@code PATCH} of an array
 * (amoCRM's batch form) whose entities carry a {@code request_id}. amoCRM refuses a whole batch when one
 * entity is invalid ({@code validation-errors} per {@code request_id}); the offending ones are named with
 * amoCRM's error path and detail.
 */
public final class EntityWrites {

    /** amoCRM takes up to 250 per call and recommends 50. */
    public static final int BATCH = 50;

    private EntityWrites() {
    }

    public static WriteResult write(WriteContext context) {
        WriteOutcome outcome = writeBatch(context, context.stream().name(), List.of(context.record())).getFirst();
        if (outcome.refused().isPresent()) {
            throw outcome.refused().get();
        }
        return outcome.written().orElseThrow();
    }

    /**
     * Writes up to {@link #BATCH} records of one stream: creates in one POST and updates in one PATCH. A
     * refused batch is written again without the offending records, so only those are refused.
     */
    public static List<WriteOutcome> writeBatch(ConnectorContext context, String entity, List<OutgoingRecord> records) {
        var client = AmoClient.of(context);
        Map<String, JsonValue> current = current(client, entity, records);
        WriteOutcome[] outcomes = new WriteOutcome[records.size()];
        Map<String, Integer> creates = new LinkedHashMap<>();
        Map<String, Integer> updates = new LinkedHashMap<>();
        Map<String, Map<String, Object>> bodies = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            OutgoingRecord record = records.get(i);
            String requestId = String.valueOf(i);
            var problems = new ArrayList<FieldProblem>();
            JsonValue existing = record.externalId().map(current::get).orElse(null);
            Map<String, Object> body = AmoMapping.entity(entity, record.fields(), existing, problems);
            if (!problems.isEmpty()) {
                outcomes[i] = WriteOutcome.refused(new RecordRejectedException("the record cannot be written to amoCRM as it is", problems));
                continue;
            }
            body.put("request_id", requestId);
            if (record.operation() == WriteOperation.UPDATE) {
                String id = record.externalId().orElseThrow();
                if (!id.matches("\\d{1,18}")) {
                    outcomes[i] = WriteOutcome.refused(new RecordRejectedException("the linked amoCRM id is not one",
                            List.of(new FieldProblem("id", "NOT_FOUND", "the linked amoCRM entity does not exist"))));
                    continue;
                }
                body.put("id", Long.parseLong(id));
                updates.put(requestId, i);
            } else {
                creates.put(requestId, i);
            }
            bodies.put(requestId, body);
        }
        send(client, entity, "POST", creates, bodies, outcomes);
        send(client, entity, "PATCH", updates, bodies, outcomes);
        return List.of(outcomes);
    }

    private static void send(AmoClient client, String entity, String method, Map<String, Integer> batch,
            Map<String, Map<String, Object>> bodies, WriteOutcome[] outcomes) {
        var pending = new LinkedHashMap<>(batch);
        while (!pending.isEmpty()) {
            var array = pending.keySet().stream().map(bodies::get).toList();
            var response = client.write(method, "/" + entity, Json.from(array));
            if (response.status() == 400 && !response.body().get("validation-errors").isNull()) {
                int refused = 0;
                for (JsonValue error : response.body().get("validation-errors").items()) {
                    String requestId = error.get("request_id").text().orElse("");
                    Integer index = pending.remove(requestId);
                    if (index == null) {
                        continue;
                    }
                    refused++;
                    outcomes[index] = WriteOutcome.refused(new RecordRejectedException("amoCRM refused the record",
                            error.get("errors").items().stream().map(problem -> problem(problem, bodies.get(requestId))).toList()));
                }
                if (refused == 0) {
                    // amoCRM named no entity of ours: the batch as a whole is wrong, each entity gets the answer.
                    pending.values().forEach(index -> outcomes[index] = WriteOutcome.refused(new RecordRejectedException(
                            "amoCRM refused the batch", List.of(new FieldProblem("record", "VALIDATION", "amoCRM refused the batch")))));
                    return;
                }
                continue;
            }
            if (!response.ok()) {
                throw AmoClient.failure(method + " /" + entity, response);
            }
            for (JsonValue written : response.body().at("_embedded." + entity).items()) {
                Integer index = pending.remove(written.get("request_id").text().orElse(""));
                if (index != null) {
                    // amoCRM answers no entity, so no version like a read's; the next read brings it.
                    outcomes[index] = WriteOutcome.written(WriteResult.of(AmoMapping.id(written), null));
                }
            }
            if (!pending.isEmpty()) {
                throw new io.metaplatform.plugins.api.RetriableException("amoCRM did not confirm " + pending.size() + " of the "
                        + entity + " written; they are written again at the next push.");
            }
        }
    }

    /**
     * An amoCRM error as a problem of the record's field: {@code custom_fields_values.0.values.0.value} of the
     * entity sent names its {@code EMAIL} field, so the problem is the record's {@code email}; the amoCRM path
     * and detail stay in the message.
     */
    @SuppressWarnings("unchecked")
    static FieldProblem problem(JsonValue error, Map<String, Object> sent) {
        String path = error.get("path").string().orElse("record");
        String code = error.get("code").string().orElse("INVALID");
        String detail = error.get("detail").string().orElse("amoCRM refused the value");
        String field = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
        var custom = java.util.regex.Pattern.compile("custom_fields_values\\.(\\d+)(\\..*)?").matcher(path);
        if (custom.matches() && sent != null && sent.get("custom_fields_values") instanceof List<?> fields
                && Integer.parseInt(custom.group(1)) < fields.size()
                && fields.get(Integer.parseInt(custom.group(1))) instanceof Map<?, ?> sentField) {
            field = switch (String.valueOf(sentField.get("field_code"))) {
                case "PHONE" -> "phone";
                case "EMAIL" -> "email";
                default -> field;
            };
        }
        return new FieldProblem(field, code, detail + " (amoCRM path " + path + ")");
    }

    /** The entities to update as amoCRM has them now (phones and e-mails of other kinds are kept), by id. */
    private static Map<String, JsonValue> current(AmoClient client, String entity, List<OutgoingRecord> records) {
        var ids = records.stream().filter(record -> record.operation() == WriteOperation.UPDATE && !entity.equals(AmoStreams.LEADS))
                .map(record -> record.externalId().orElseThrow()).filter(id -> id.matches("\\d{1,18}")).toList();
        Map<String, JsonValue> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        var query = AmoClient.parameters("limit", 250);
        for (int i = 0; i < ids.size(); i++) {
            query.put("filter[id][" + i + "]", ids.get(i));
        }
        var response = client.get("/" + entity, query);
        if (response.status() == 204) {
            return found;
        }
        if (!response.ok()) {
            throw AmoClient.failure("GET /" + entity, response);
        }
        response.body().at("_embedded." + entity).items().forEach(item -> found.put(AmoMapping.id(item), item));
        return found;
    }
}
