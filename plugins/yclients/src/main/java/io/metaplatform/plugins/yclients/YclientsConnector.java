package io.metaplatform.plugins.yclients;

import io.metaplatform.plugins.api.CheckResult;
import io.metaplatform.plugins.api.Connector;
import io.metaplatform.plugins.api.ConnectorContext;
import io.metaplatform.plugins.api.ConnectorDescriptor;
import io.metaplatform.plugins.api.ExternalRecord;
import io.metaplatform.plugins.api.FieldMapping;
import io.metaplatform.plugins.api.Json;
import io.metaplatform.plugins.api.JsonException;
import io.metaplatform.plugins.api.LookupContext;
import io.metaplatform.plugins.api.ManagedField;
import io.metaplatform.plugins.api.ManagedFieldType;
import io.metaplatform.plugins.api.ManagedObject;
import io.metaplatform.plugins.api.ManagedPackage;
import io.metaplatform.plugins.api.RateLimit;
import io.metaplatform.plugins.api.ReadContext;
import io.metaplatform.plugins.api.StreamDescriptor;
import io.metaplatform.plugins.api.SyncMode;
import io.metaplatform.plugins.api.WebhookContext;
import io.metaplatform.plugins.api.WebhookOutcome;
import io.metaplatform.plugins.api.WriteContext;
import io.metaplatform.plugins.api.WriteResult;
import io.metaplatform.plugins.yclients.internal.ClientWrites;
import io.metaplatform.plugins.yclients.internal.Config;
import io.metaplatform.plugins.yclients.internal.Streams;
import io.metaplatform.plugins.yclients.internal.YclientsClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The YCLIENTS connector: clients both ways with the platform's contacts; appointments, finance transactions,
 * staff and services into objects of its own managed package ({@code ycVisit}, {@code ycPayment},
 * {@code ycStaff}, {@code ycService}). See docs/connectors/yclients.md.
 */
public final class YclientsConnector implements Connector {

    private static final Duration EVERY_FIVE_MINUTES = Duration.ofMinutes(5);
    private static final ConnectorDescriptor DESCRIPTOR = descriptorOf();

    @Override
    public ConnectorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public CheckResult check(ConnectorContext context) {
        var client = new YclientsClient(context);
        var companies = client.get("/companies", Map.of("my", "1")).data().items();
        String wanted = String.valueOf(client.companyId());
        return companies.stream().filter(company -> company.get("id").id().filter(wanted::equals).isPresent()).findFirst()
                .map(company -> new CheckResult(true, "Reaches YCLIENTS company " + wanted + " \u201c"
                        + company.get("title").text().orElse("") + "\u201d (the user reaches " + companies.size() + " companies)."))
                .orElseGet(() -> CheckResult.failed("The credentials work, but the user does not reach company " + wanted
                        + "; it reaches: " + companies.stream().map(company -> company.get("id").id().orElse("?") + " "
                        + company.get("title").text().orElse("")).toList()));
    }

    @Override
    public void read(ReadContext context) {
        Streams.read(context);
    }

    @Override
    public Optional<ExternalRecord> readOne(LookupContext context) {
        return Streams.readOne(context);
    }

    @Override
    public WriteResult write(WriteContext context) {
        return ClientWrites.write(context);
    }

    /**
     * YCLIENTS signs no webhook: a call is taken only at the connection's URL followed by the configured
     * webhook token, and its body only says what to fetch again (never trusted as data).
     */
    @Override
    public WebhookOutcome webhook(WebhookContext context) {
        var expected = context.configuration().find(Config.WEBHOOK_TOKEN).orElseThrow(
                () -> new SecurityException("no webhook token is configured"));
        var given = context.urlToken().orElseThrow(() -> new SecurityException("the call carries no token"));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            throw new SecurityException("wrong webhook token");
        }
        try {
            var event = Json.parse(context.body());
            boolean deleted = event.get("status").text().filter("delete"::equals).isPresent();
            var id = event.get("resource_id").id();
            return switch (event.get("resource").text().orElse("")) {
                case "record" -> id.map(value -> outcome(Streams.RECORDS, value, deleted)).orElse(WebhookOutcome.ignore());
                case "client" -> id.map(value -> outcome(Streams.CLIENTS, value, deleted)).orElse(WebhookOutcome.ignore());
                case "finances_operation" -> new WebhookOutcome(List.of(new WebhookOutcome.Fetch(Streams.TRANSACTIONS, null, false)));
                default -> WebhookOutcome.ignore();
            };
        } catch (JsonException e) {
            return WebhookOutcome.ignore();
        }
    }

    private static WebhookOutcome outcome(String stream, String id, boolean deleted) {
        return new WebhookOutcome(List.of(new WebhookOutcome.Fetch(stream, id, deleted)));
    }

    private static ConnectorDescriptor descriptorOf() {
        var both = Set.of(SyncMode.FULL, SyncMode.INCREMENTAL);
        var full = Set.of(SyncMode.FULL);
        return ConnectorDescriptor.builder("yclients", "YCLIENTS", "1.0.0")
                .config(Config.SCHEMA)
                // YCLIENTS limits per calling IP: every connection on this egress shares both budgets.
                .rateLimit(RateLimit.perEgress(5, Duration.ofSeconds(1)))
                .rateLimit(RateLimit.perEgress(200, Duration.ofMinutes(1)))
                .managedPackage(managedPackage())
                .stream(stream(Streams.STAFF, "ycStaff", full, List.of(
                        FieldMapping.read("name", "name"), FieldMapping.read("specialization", "specialization"),
                        FieldMapping.read("position", "position"), FieldMapping.read("fired", "fired"),
                        FieldMapping.read("staffId", "staffId"))).withCompleteListing())
                .stream(stream(Streams.SERVICES, "ycService", full, List.of(
                        FieldMapping.read("title", "title"), FieldMapping.read("priceMin", "priceMin"),
                        FieldMapping.read("priceMax", "priceMax"), FieldMapping.read("durationSeconds", "durationSeconds"),
                        FieldMapping.read("active", "active"), FieldMapping.read("serviceId", "serviceId"))).withCompleteListing())
                .stream(stream(Streams.CLIENTS, "contact", both, List.of(
                        FieldMapping.both("firstName", "firstName"), FieldMapping.both("lastName", "lastName"),
                        FieldMapping.both("phone", "phone"), FieldMapping.both("email", "email"),
                        FieldMapping.both("patronymic", "ycPatronymic"), FieldMapping.both("birthDate", "ycBirthDate"),
                        FieldMapping.read("categories", "ycCategories"), FieldMapping.both("comment", "ycComment"),
                        FieldMapping.both("discount", "ycDiscount"), FieldMapping.read("importance", "ycImportance"),
                        FieldMapping.read("visits", "ycVisitCount"), FieldMapping.read("spent", "ycSpent"),
                        FieldMapping.read("clientId", "ycClientId")))
                        .withCursor("last_change_date").withWrite().withCompleteListing())
                .stream(stream(Streams.RECORDS, "ycVisit", both, List.of(
                        FieldMapping.read("start", "start"), FieldMapping.read("lengthSeconds", "lengthSeconds"),
                        FieldMapping.read("attendance", "attendance"), FieldMapping.read("client", "client"),
                        FieldMapping.read("staff", "staff"), FieldMapping.read("services", "services"),
                        FieldMapping.read("comment", "comment"), FieldMapping.read("visitId", "visitId"),
                        FieldMapping.read("recordId", "recordId"))).withCursor("last_change_date"))
                .stream(stream(Streams.TRANSACTIONS, "ycPayment", both, List.of(
                        FieldMapping.read("amount", "amount"), FieldMapping.read("date", "date"),
                        FieldMapping.read("client", "client"), FieldMapping.read("visit", "visit"),
                        FieldMapping.read("account", "account"), FieldMapping.read("expense", "expense"),
                        FieldMapping.read("comment", "comment"), FieldMapping.read("transactionId", "transactionId"))))
                .build();
    }

    private static StreamDescriptor stream(String name, String target, Set<SyncMode> modes, List<FieldMapping> mappings) {
        return new StreamDescriptor(name, Optional.of(target), "id", Optional.empty(), modes, false, mappings)
                .withIntervals(EVERY_FIVE_MINUTES, EVERY_FIVE_MINUTES);
    }

    private static ManagedPackage managedPackage() {
        return new ManagedPackage("yc", 1, List.of(
                new ManagedObject("ycStaff", "Staff member", "Staff", "A staff member of the YCLIENTS location."),
                new ManagedObject("ycService", "Service", "Services", "A service the YCLIENTS location offers."),
                new ManagedObject("ycVisit", "Visit", "Visits", "An appointment (record) in YCLIENTS."),
                new ManagedObject("ycPayment", "YCLIENTS payment", "YCLIENTS payments", "A finance transaction in YCLIENTS.")),
                List.of(
                        new ManagedField("contact", "ycClientId", "YCLIENTS client id", new ManagedFieldType.Text(40), false),
                        ManagedField.of("contact", "ycPatronymic", "Patronymic", new ManagedFieldType.Text(100)),
                        ManagedField.of("contact", "ycBirthDate", "Birth date", new ManagedFieldType.Date()),
                        ManagedField.of("contact", "ycCategories", "YCLIENTS categories", ManagedFieldType.MultiSelect.open()),
                        ManagedField.of("contact", "ycComment", "YCLIENTS comment", new ManagedFieldType.LongText()),
                        ManagedField.of("contact", "ycDiscount", "Discount (%)", new ManagedFieldType.Decimal(2)),
                        ManagedField.of("contact", "ycImportance", "Importance",
                                new ManagedFieldType.Select(List.of("NONE", "BRONZE", "SILVER", "GOLD"))),
                        ManagedField.of("contact", "ycVisitCount", "Visits (YCLIENTS)", new ManagedFieldType.Int()),
                        ManagedField.of("contact", "ycSpent", "Spent (YCLIENTS)", new ManagedFieldType.Decimal(2)),
                        ManagedField.of("ycStaff", "name", "Name", new ManagedFieldType.Text(200)),
                        ManagedField.of("ycStaff", "specialization", "Specialization", new ManagedFieldType.Text(200)),
                        ManagedField.of("ycStaff", "position", "Position", new ManagedFieldType.Text(200)),
                        ManagedField.of("ycStaff", "fired", "Fired", new ManagedFieldType.Bool()),
                        ManagedField.of("ycStaff", "staffId", "YCLIENTS staff id", new ManagedFieldType.Text(40)),
                        ManagedField.of("ycService", "title", "Title", new ManagedFieldType.Text(200)),
                        ManagedField.of("ycService", "priceMin", "Price from", new ManagedFieldType.Decimal(2)),
                        ManagedField.of("ycService", "priceMax", "Price to", new ManagedFieldType.Decimal(2)),
                        ManagedField.of("ycService", "durationSeconds", "Duration (s)", new ManagedFieldType.Int()),
                        ManagedField.of("ycService", "active", "Active", new ManagedFieldType.Bool()),
                        ManagedField.of("ycService", "serviceId", "YCLIENTS service id", new ManagedFieldType.Text(40)),
                        ManagedField.of("ycVisit", "start", "Start", new ManagedFieldType.DateTime()),
                        ManagedField.of("ycVisit", "lengthSeconds", "Length (s)", new ManagedFieldType.Int()),
                        ManagedField.of("ycVisit", "attendance", "Attendance",
                                new ManagedFieldType.Select(List.of("CONFIRMED", "CAME", "WAITING", "NO_SHOW"))),
                        ManagedField.of("ycVisit", "client", "Client", new ManagedFieldType.Relation("contact", "ycVisits", "YCLIENTS visits")),
                        ManagedField.of("ycVisit", "staff", "Staff member", new ManagedFieldType.Relation("ycStaff", "visits", "Visits")),
                        ManagedField.of("ycVisit", "services", "Services", new ManagedFieldType.Text(1000)),
                        ManagedField.of("ycVisit", "comment", "Comment", new ManagedFieldType.LongText()),
                        ManagedField.of("ycVisit", "visitId", "YCLIENTS visit id", new ManagedFieldType.Text(40)),
                        ManagedField.of("ycVisit", "recordId", "YCLIENTS record id", new ManagedFieldType.Text(40)),
                        ManagedField.of("ycPayment", "amount", "Amount", new ManagedFieldType.Decimal(2)),
                        ManagedField.of("ycPayment", "date", "Date", new ManagedFieldType.DateTime()),
                        ManagedField.of("ycPayment", "client", "Client", new ManagedFieldType.Relation("contact", "ycPayments", "YCLIENTS payments")),
                        ManagedField.of("ycPayment", "visit", "Visit", new ManagedFieldType.Relation("ycVisit", "payments", "Payments")),
                        ManagedField.of("ycPayment", "account", "Account", new ManagedFieldType.Text(200)),
                        ManagedField.of("ycPayment", "expense", "Item", new ManagedFieldType.Text(200)),
                        ManagedField.of("ycPayment", "comment", "Comment", new ManagedFieldType.LongText()),
                        ManagedField.of("ycPayment", "transactionId", "YCLIENTS transaction id", new ManagedFieldType.Text(40))));
    }
}
