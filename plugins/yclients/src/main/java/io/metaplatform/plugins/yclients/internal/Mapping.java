package io.metaplatform.plugins.yclients.internal;

import io.metaplatform.plugins.api.ExternalRecord;
import io.metaplatform.plugins.api.ExternalRef;
import io.metaplatform.plugins.api.JsonException;
import io.metaplatform.plugins.api.JsonValue;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * YCLIENTS items as external records, lenient about every shape the API varies on: ids and phones as
 * numbers or strings, amounts as strings, {@code birth_date} as {@code 0}, {@code ""} or a date, offsets
 * with or without colon, {@code custom_fields} as {@code []} or {@code {}}. An item that cannot be read
 * throws {@link JsonException} with the reason; the reader rejects it and goes on.
 */
public final class Mapping {

    /** {@code 2020-02-01T12:00:00+0400} and {@code 2019-01-16T16:00:00+09:00} alike. */
    public static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd'T'HH:mm:ss")
            .optionalStart().appendFraction(java.time.temporal.ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    private Mapping() {
    }

    // ---- clients -> contact ------------------------------------------------------------------------

    public static ExternalRecord client(JsonValue item) {
        String id = id(item);
        var fields = new LinkedHashMap<String, Object>();
        String name = item.get("name").text().map(String::strip).orElse(null);
        String surname = item.get("surname").text().map(String::strip).orElse(null);
        // The platform's contact needs a last name; YCLIENTS often keeps the whole name in "name".
        fields.put("firstName", surname == null ? null : name);
        fields.put("lastName", surname != null ? surname : name);
        fields.put("phone", item.get("phone").text().orElse(null));
        fields.put("email", item.get("email").text().orElse(null));
        fields.put("patronymic", item.get("patronymic").text().orElse(null));
        fields.put("birthDate", birthDate(item.get("birth_date")));
        fields.put("categories", titleList(item.get("categories")));
        fields.put("comment", item.get("comment").text().orElse(null));
        fields.put("discount", item.get("discount").decimal().orElse(null));
        fields.put("importance", importance(item.get("importance_id")));
        fields.put("visits", item.get("visits").integer().orElse(null));
        fields.put("spent", item.get("spent").decimal().orElse(null));
        fields.put("clientId", id);
        return ExternalRecord.of(id, item.get("last_change_date").text().orElse(null), fields);
    }

    // ---- records -> ycVisit ------------------------------------------------------------------------

    public static ExternalRecord visit(JsonValue item) {
        String id = id(item);
        var fields = new LinkedHashMap<String, Object>();
        fields.put("start", start(item));
        fields.put("lengthSeconds", item.get("seance_length").integer().or(() -> item.get("length").integer()).orElse(null));
        fields.put("attendance", attendance(item.get("attendance")));
        fields.put("client", ref("clients", item.at("client.id")));
        fields.put("staff", ref("staff", item.get("staff_id").isNull() ? item.at("staff.id") : item.get("staff_id")));
        fields.put("services", titles(item.get("services")));
        fields.put("comment", item.get("comment").text().orElse(null));
        fields.put("visitId", item.get("visit_id").id().filter(value -> !value.equals("0")).orElse(null));
        fields.put("recordId", id);
        return ExternalRecord.of(id, item.get("last_change_date").text().orElse(null), fields);
    }

    public static boolean deleted(JsonValue item) {
        return item.get("deleted").bool().orElse(false);
    }

    // ---- finance transactions -> ycPayment ---------------------------------------------------------

    public static ExternalRecord payment(JsonValue item) {
        String id = id(item);
        var amount = item.get("amount").decimal().orElseThrow(() -> new JsonException("transaction without amount"));
        var fields = new LinkedHashMap<String, Object>();
        fields.put("amount", amount);
        fields.put("date", timestamp(item.get("date")).orElse(null));
        fields.put("client", ref("clients", item.at("client.id")));
        fields.put("visit", ref("records", item.get("record_id")));
        fields.put("account", item.at("account.title").text().orElse(null));
        fields.put("expense", item.at("expense.title").text().orElse(null));
        fields.put("comment", item.get("comment").text().orElse(null));
        fields.put("transactionId", id);
        return ExternalRecord.of(id, item.get("last_change_date").text().orElse(null), fields);
    }

    // ---- staff and services ------------------------------------------------------------------------

    public static ExternalRecord staff(JsonValue item) {
        String id = id(item);
        var fields = new LinkedHashMap<String, Object>();
        fields.put("name", item.get("name").text().orElse(id));
        fields.put("specialization", item.get("specialization").text().orElse(null));
        fields.put("position", item.at("position.title").text().orElse(null));
        fields.put("fired", item.get("fired").bool().orElse(false));
        fields.put("staffId", id);
        return ExternalRecord.of(id, null, fields);
    }

    public static ExternalRecord service(JsonValue item) {
        String id = id(item);
        var fields = new LinkedHashMap<String, Object>();
        fields.put("title", item.get("title").text().orElse(id));
        fields.put("priceMin", item.get("price_min").decimal().orElse(null));
        fields.put("priceMax", item.get("price_max").decimal().orElse(null));
        fields.put("durationSeconds", item.get("duration").integer().orElse(null));
        fields.put("active", item.get("active").bool().orElse(true));
        fields.put("serviceId", id);
        return ExternalRecord.of(id, null, fields);
    }

    // ---- parts -------------------------------------------------------------------------------------

    /** The item's id, whether a number or a string. */
    public static String id(JsonValue item) {
        return item.get("id").id().filter(value -> !value.equals("0"))
                .orElseThrow(() -> new JsonException("item without id"));
    }

    /** A YCLIENTS timestamp, with or without colon in its offset; empty when absent. */
    public static Optional<OffsetDateTime> timestamp(JsonValue value) {
        var text = value.text();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text.get().strip(), TIMESTAMP));
        } catch (DateTimeParseException e) {
            throw new JsonException("not a timestamp: " + text.get());
        }
    }

    private static OffsetDateTime start(JsonValue item) {
        return timestamp(item.get("datetime")).orElseThrow(() -> new JsonException("record without datetime"));
    }

    private static LocalDate birthDate(JsonValue value) {
        var text = value.text().map(String::strip).orElse("");
        if (text.isEmpty() || text.equals("0") || text.startsWith("0000")) {
            return null;
        }
        try {
            return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    // Category titles as a list: the contact's open multi-select learns an option per title (label: the title).
    private static List<String> titleList(JsonValue items) {
        List<String> titles = new ArrayList<>();
        items.items().forEach(item -> item.get("title").text().map(String::strip).filter(title -> !title.isEmpty()).ifPresent(titles::add));
        return titles;
    }

    private static String titles(JsonValue items) {
        var joiner = new StringJoiner(", ");
        items.items().forEach(item -> item.get("title").text().ifPresent(joiner::add));
        return joiner.length() == 0 ? null : joiner.toString();
    }

    private static String importance(JsonValue value) {
        return switch ((int) (long) value.integer().orElse(0L)) {
            case 1 -> "BRONZE";
            case 2 -> "SILVER";
            case 3 -> "GOLD";
            default -> "NONE";
        };
    }

    private static String attendance(JsonValue value) {
        return switch ((int) (long) value.integer().orElse(0L)) {
            case 2 -> "CONFIRMED";
            case 1 -> "CAME";
            case -1 -> "NO_SHOW";
            default -> "WAITING";
        };
    }

    private static ExternalRef ref(String stream, JsonValue id) {
        return id.id().filter(value -> !value.equals("0")).map(value -> new ExternalRef(stream, value)).orElse(null);
    }

    /** {@code changed_after} for a cursor: the cursor's wall time in its own offset (the company's zone). */
    public static String changedAfter(String cursor) {
        LocalDateTime local = OffsetDateTime.parse(cursor, TIMESTAMP).toLocalDateTime();
        return local.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"));
    }

    /** The later of two cursors (either may be {@code null}). */
    public static String later(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return OffsetDateTime.parse(a, TIMESTAMP).isBefore(OffsetDateTime.parse(b, TIMESTAMP)) ? b : a;
    }

    /** A short excerpt of an item for a dead letter (no more than 300 characters). */
    public static String excerpt(JsonValue item) {
        var text = item.toJson();
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    static Map<String, Object> none() {
        return Map.of();
    }
}
