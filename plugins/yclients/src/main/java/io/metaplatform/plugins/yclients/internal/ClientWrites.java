package io.metaplatform.plugins.yclients.internal;

import io.metaplatform.plugins.api.ConnectorException;
import io.metaplatform.plugins.api.FieldProblem;
import io.metaplatform.plugins.api.JsonValue;
import io.metaplatform.plugins.api.JsonValue.JsonObject;
import io.metaplatform.plugins.api.RecordRejectedException;
import io.metaplatform.plugins.api.RetriableException;
import io.metaplatform.plugins.api.WriteContext;
import io.metaplatform.plugins.api.WriteOperation;
import io.metaplatform.plugins.api.WriteResult;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creates and updates YCLIENTS clients from contacts. YCLIENTS needs a name and a phone: a contact without
 * them is refused here, with the reason, and never sent. A create whose answer is lost (a 5xx or timeout
 * after YCLIENTS may have stored it) is not repeated blindly: the client is looked up by phone first (the
 * phone identifies a client in YCLIENTS), and only when none is found does the write fail as retriable.
 */
public final class ClientWrites {

    private ClientWrites() {
    }

    public static WriteResult write(WriteContext context) {
        var record = context.record();
        var fields = record.fields();
        String first = text(fields.get("firstName"));
        String last = text(fields.get("lastName"));
        String name = first != null ? first : last;
        String surname = first != null ? last : null;
        String phone = text(fields.get("phone"));
        List<FieldProblem> problems = new ArrayList<>();
        if (name == null) {
            problems.add(new FieldProblem("lastName", "REQUIRED", "YCLIENTS needs a client name: set a first or last name"));
        }
        if (phone == null) {
            problems.add(new FieldProblem("phone", "REQUIRED", "YCLIENTS needs a phone number for every client"));
        }
        if (!problems.isEmpty()) {
            throw new RecordRejectedException("Not sent to YCLIENTS: a client needs a name and a phone.", problems);
        }
        var body = JsonObject.builder().put("name", name).put("phone", phone).putIfPresent("surname", surname)
                .putIfPresent("patronymic", text(fields.get("patronymic"))).putIfPresent("email", text(fields.get("email")))
                .putIfPresent("birth_date", fields.get("birthDate") instanceof LocalDate date ? date.toString() : null)
                .putIfPresent("comment", text(fields.get("comment")))
                .putIfPresent("discount", fields.get("discount") instanceof BigDecimal discount ? discount : null)
                .build();
        var client = new YclientsClient(context);
        return record.operation() == WriteOperation.CREATE ? create(client, body, phone) : update(client, record.externalId().orElseThrow(), body);
    }

    private static WriteResult create(YclientsClient client, JsonValue body, String phone) {
        var answer = client.create("/clients/" + client.companyId(), body);
        if (answer.status() == 200 || answer.status() == 201) {
            return result(answer.data());
        }
        if (answer.status() == 422) {
            throw YclientsClient.rejected(answer);
        }
        if (answer.status() >= 500) {
            return findByPhone(client, phone).map(ClientWrites::result).orElseThrow(() -> new RetriableException(
                    "YCLIENTS answered " + (answer.status() == 599 ? "nothing" : answer.status()) + " to a client create and has no client "
                            + "with its phone: the create is tried again at the next push"));
        }
        throw new ConnectorException("YCLIENTS answered " + answer.status() + " to a client create: " + YclientsClient.message(answer.body()));
    }

    private static WriteResult update(YclientsClient client, String externalId, JsonValue body) {
        var answer = client.put("/client/" + client.companyId() + "/" + externalId, body);
        if (answer.status() == 200) {
            return result(answer.data());
        }
        if (answer.status() == 422) {
            throw YclientsClient.rejected(answer);
        }
        if (answer.status() == 404) {
            throw new RecordRejectedException("The client no longer exists in YCLIENTS.", List.of());
        }
        throw new ConnectorException("YCLIENTS answered " + answer.status() + " to a client update: " + YclientsClient.message(answer.body()));
    }

    private static Optional<JsonValue> findByPhone(YclientsClient client, String phone) {
        String digits = phone.replaceAll("[^0-9]", "");
        var body = JsonObject.builder().put("page", 1).put("page_size", 50)
                .put("filters", List.of(Map.of("type", "quick_search", "state", Map.of("value", digits)))).build();
        return client.search("/company/" + client.companyId() + "/clients/search", body).data().items().stream()
                .filter(item -> item.get("phone").text().map(value -> value.replaceAll("[^0-9]", "")).filter(digits::equals).isPresent())
                .findFirst();
    }

    private static WriteResult result(JsonValue client) {
        return WriteResult.of(Mapping.id(client), client.get("last_change_date").text().orElse(null));
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        var text = value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString().strip();
        return text.isEmpty() ? null : text;
    }
}
