package io.metaplatform.plugins.lexware.internal;

import io.metaplatform.plugins.api.ConnectorContext;
import io.metaplatform.plugins.api.ConnectorException;
import io.metaplatform.plugins.api.ExternalRecord;
import io.metaplatform.plugins.api.ExternalRef;
import io.metaplatform.plugins.api.Json;
import io.metaplatform.plugins.api.LookupContext;
import io.metaplatform.plugins.api.ReadContext;
import io.metaplatform.plugins.api.SyncMode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The voucher streams. The voucherlist is the only index of vouchers: it is read per type with
 * every status, in windows of {@code updatedDateFrom}/{@code updatedDateTo} (whole days in
 * CET/CEST), sorted by updated date. A window that hits Lexware's 10,000-result search window is
 * split in two. Each voucher is then fetched by id and emitted with exact decimal amounts;
 * invoices also emit their lines into the {@code invoiceLines} stream, as the complete set of the
 * invoice's lines (lines removed in Lexware are removed on the platform).
 *
 * <p>Each page's checkpoint holds the updated date and id of its last voucher, so a run that died
 * resumes after it without emitting anything twice (vouchers changed meanwhile have a later
 * updated date and are read again). A finished run checkpoints the day before today, a day of
 * overlap for vouchers committed late.
 */
public final class VoucherSync {

    /** The checkpoint key: the first day the next incremental read asks for. */
    public static final String UPDATED_FROM = "updatedFrom";
    /** The checkpoint key of a run that has not finished: {@code <updatedDate>|<id>} of the last voucher emitted. */
    public static final String AFTER = "after";
    /** Lexware has kept vouchers since 2012; a full read starts before that. */
    static final LocalDate EARLIEST = LocalDate.of(2010, 1, 1);
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** Days filters are read in CET/CEST and a voucher may change while a page is read: look back a day. */
    static final int OVERLAP_DAYS = 1;
    static final int SEARCH_WINDOW = 10_000;
    private static final int PAGE_SIZE = 250;

    /** The position of a voucher in the order the voucherlist is read in: updated date, then id. */
    private record Cursor(Instant updated, String id) implements Comparable<Cursor> {

        static Cursor of(Map<String, Object> item) {
            var updated = Values.text(item.get("updatedDate"));
            return new Cursor(updated == null ? Instant.EPOCH : OffsetDateTime.parse(updated, Values.DATE_TIME).toInstant(),
                    String.valueOf(Values.text(item.get("id"))));
        }

        static Cursor parse(String value) {
            int bar = value.indexOf('|');
            return new Cursor(Instant.parse(value.substring(0, bar)), value.substring(bar + 1));
        }

        LocalDate day() {
            return updated.atZone(BERLIN).toLocalDate();
        }

        @Override
        public int compareTo(Cursor other) {
            int byTime = updated.compareTo(other.updated);
            return byTime != 0 ? byTime : id.compareTo(other.id);
        }

        @Override
        public String toString() {
            return updated + "|" + id;
        }
    }

    /** What one run reads, and how far it got. */
    private static final class Run {
        private final ReadContext context;
        private final LexwareClient client;
        private final VoucherKind kind;
        private final Cursor resumeAfter;
        private Cursor last;

        Run(ReadContext context, LexwareClient client, VoucherKind kind, Cursor resumeAfter) {
            this.context = context;
            this.client = client;
            this.kind = kind;
            this.resumeAfter = resumeAfter;
        }
    }

    private record Window(LocalDate from, LocalDate to) {

        boolean splittable() {
            return from.isBefore(to);
        }

        List<Window> halves() {
            var middle = from.plusDays((to.toEpochDay() - from.toEpochDay()) / 2);
            return List.of(new Window(from, middle), new Window(middle.plusDays(1), to));
        }
    }

    private VoucherSync() {
    }

    public static void read(ReadContext context, VoucherKind kind, List<String> configuredTypes) {
        if (!configuredTypes.contains(kind.voucherType())) {
            context.logger().log(System.Logger.Level.INFO,
                    "voucher type " + kind.voucherType() + " is not among the types to cache; nothing to read");
            return;
        }
        var client = LexwareClient.of(context);
        var today = LocalDate.now(context.clock().withZone(BERLIN));
        var state = context.mode() == SyncMode.INCREMENTAL ? context.state() : Map.<String, String>of();
        var from = state.containsKey(UPDATED_FROM) ? LocalDate.parse(state.get(UPDATED_FROM)) : EARLIEST;
        var run = new Run(context, client, kind, state.containsKey(AFTER) ? Cursor.parse(state.get(AFTER)) : null);
        var windows = new ArrayDeque<Window>();
        windows.add(new Window(from.isAfter(today) ? today : from, today));
        while (!windows.isEmpty()) {
            var halves = readWindow(run, windows.poll());
            for (int i = halves.size() - 1; i >= 0; i--) {
                windows.addFirst(halves.get(i));
            }
        }
        context.sink().checkpoint(Map.of(UPDATED_FROM, today.minusDays(OVERLAP_DAYS).toString()));
    }

    /** A voucher of the stream by id, with its open amount from the voucherlist; empty when it is gone. */
    public static Optional<ExternalRecord> readOne(LookupContext context, VoucherKind kind) {
        var client = LexwareClient.of(context);
        var document = client.getObjectOrNull(kind.endpoint() + "/" + context.externalId());
        if (document == null) {
            return Optional.empty();
        }
        var response = client.get("/voucherlist" + LexwareClient.query(LexwareClient.parameters(
                "voucherType", kind.voucherType(), "voucherStatus", "any",
                "voucherNumber", Values.text(document.get("voucherNumber")), "page", 0, "size", PAGE_SIZE)));
        if (!response.ok()) {
            throw LexwareClient.failure("GET /voucherlist", response);
        }
        var item = Values.list(response.object().get("content")).stream().map(Values::object)
                .filter(candidate -> context.externalId().equals(candidate.get("id")))
                .findFirst().orElse(Map.of());
        return Optional.of(record(context, kind, document, item));
    }

    /** Reads one window page by page; returns the halves to read instead when it is too large. */
    private static List<Window> readWindow(Run run, Window window) {
        for (int page = 0; ; page++) {
            run.context.throwIfCancelled();
            var response = run.client.get("/voucherlist" + LexwareClient.query(LexwareClient.parameters(
                    "voucherType", run.kind.voucherType(), "voucherStatus", "any",
                    "updatedDateFrom", window.from(), "updatedDateTo", window.to(),
                    "page", page, "size", PAGE_SIZE, "sort", "updatedDate,ASC")));
            if (isSearchWindowExceeded(response)) {
                return split(window);
            }
            if (!response.ok()) {
                throw LexwareClient.failure("GET /voucherlist", response);
            }
            var body = response.object();
            var total = Values.decimal(body.get("totalElements"));
            if (page == 0 && total != null && total.intValue() >= SEARCH_WINDOW && window.splittable()) {
                return window.halves();
            }
            for (var element : Values.list(body.get("content"))) {
                var item = Values.object(element);
                var cursor = Cursor.of(item);
                if (run.resumeAfter != null && cursor.compareTo(run.resumeAfter) <= 0) {
                    continue;
                }
                fetchAndEmit(run.context, run.client, run.kind, item);
                if (run.last == null || cursor.compareTo(run.last) > 0) {
                    run.last = cursor;
                }
            }
            if (run.last != null) {
                run.context.sink().checkpoint(Map.of(UPDATED_FROM, run.last.day().toString(), AFTER, run.last.toString()));
            }
            if (Values.isTrue(body.get("last")) || Values.list(body.get("content")).isEmpty()) {
                return List.of();
            }
        }
    }

    private static List<Window> split(Window window) {
        if (!window.splittable()) {
            throw new ConnectorException("more than " + SEARCH_WINDOW + " vouchers were updated on "
                    + window.from() + "; Lexware cannot list them");
        }
        return window.halves();
    }

    private static boolean isSearchWindowExceeded(LexwareClient.Response response) {
        var message = response.message();
        return response.status() == 400 && message != null && message.contains("Maximum search window");
    }

    private static void fetchAndEmit(ReadContext context, LexwareClient client, VoucherKind kind, Map<String, Object> item) {
        var id = Values.text(item.get("id"));
        if (id == null) {
            context.sink().reject(kind.stream(), null, "voucherlist item without id", Json.write(item));
            return;
        }
        var document = client.getObjectOrNull(kind.endpoint() + "/" + id);
        if (document == null) {
            context.sink().deleted(kind.stream(), id);
            return;
        }
        ExternalRecord record;
        List<ExternalRecord> lines;
        try {
            record = record(context, kind, document, item);
            lines = kind == VoucherKind.INVOICE ? lines(document) : List.of();
        } catch (RuntimeException e) {
            context.sink().reject(kind.stream(), id, "unreadable voucher: " + e.getMessage(), "");
            return;
        }
        context.sink().record(record);
        if (kind == VoucherKind.INVOICE) {
            // The document holds every line: lines removed in Lexware go with the set.
            context.sink().replaceChildren(LexwareStreams.INVOICE_LINES, new ExternalRef(kind.stream(), id), lines);
        }
    }

    static ExternalRecord record(ConnectorContext context, VoucherKind kind, Map<String, Object> document,
                                 Map<String, Object> listItem) {
        var currency = Optional.ofNullable(Values.text(Values.at(document, "totalPrice.currency")))
                .orElse(Values.text(listItem.get("currency")));
        var lexwareStatus = Values.text(document.get("voucherStatus"));
        var total = Values.decimal(Values.at(document, "totalPrice.totalGrossAmount"));
        var open = Values.decimal(listItem.get("openAmount"));
        var fields = new LinkedHashMap<String, Object>();
        fields.put("voucherNumber", Values.text(document.get("voucherNumber")));
        fields.put("status", status(context, kind, lexwareStatus, Values.date(document.get("dueDate")), total, open));
        fields.put("voucherStatus", lexwareStatus);
        fields.put("voucherDate", Values.date(document.get("voucherDate")));
        fields.put("dueDate", Values.date(document.get("dueDate")));
        fields.put("expirationDate", Values.date(document.get("expirationDate")));
        fields.put("shippingDate", Values.date(Values.at(document, "shippingConditions.shippingDate")));
        var contactId = Values.text(Values.at(document, "address.contactId"));
        // Lexware does not say whether the contact is a company or a person: the platform resolves whichever was synced.
        fields.put("company", contactId == null ? null : new ExternalRef(LexwareStreams.COMPANIES, contactId));
        fields.put("contact", contactId == null ? null : new ExternalRef(LexwareStreams.CONTACTS, contactId));
        fields.put("contactName", Values.text(Values.at(document, "address.name")));
        fields.put("currency", currency);
        fields.put("totalNetAmount", money(Values.at(document, "totalPrice.totalNetAmount"), currency));
        fields.put("totalTaxAmount", money(Values.at(document, "totalPrice.totalTaxAmount"), currency));
        fields.put("totalGrossAmount", money(total, currency));
        fields.put("openAmount", money(open, currency));
        fields.put("title", Values.text(document.get("title")));
        fields.put("remark", Values.text(document.get("remark")));
        fields.put("paymentTermLabel", Values.text(Values.at(document, "paymentConditions.paymentTermLabel")));
        fields.put("archived", Values.isTrue(document.get("archived")));
        fields.put("updatedDate", Values.text(document.get("updatedDate")));
        return ExternalRecord.of(Values.text(document.get("id")), Values.text(document.get("version")), fields);
    }

    static List<ExternalRecord> lines(Map<String, Object> invoice) {
        var invoiceId = Values.text(invoice.get("id"));
        var items = Values.list(invoice.get("lineItems"));
        var lines = new ArrayList<ExternalRecord>();
        for (int i = 0; i < items.size(); i++) {
            var item = Values.object(items.get(i));
            var currency = Values.text(Values.at(item, "unitPrice.currency"));
            var net = Values.decimal(Values.at(item, "unitPrice.netAmount"));
            var fields = new LinkedHashMap<String, Object>();
            fields.put("invoice", new ExternalRef(VoucherKind.INVOICE.stream(), invoiceId));
            fields.put("position", i + 1);
            var type = Values.text(item.get("type"));
            fields.put("type", type == null ? null : type.toUpperCase(Locale.ROOT));
            fields.put("name", Values.text(item.get("name")));
            fields.put("description", Values.text(item.get("description")));
            fields.put("quantity", Values.decimal(item.get("quantity")));
            fields.put("unitName", Values.text(item.get("unitName")));
            fields.put("unitPrice", money(net != null ? net : Values.decimal(Values.at(item, "unitPrice.grossAmount")), currency));
            fields.put("discountPercentage", Values.decimal(item.get("discountPercentage")));
            fields.put("taxRatePercentage", Values.decimal(Values.at(item, "unitPrice.taxRatePercentage")));
            fields.put("lineItemAmount", money(Values.decimal(item.get("lineItemAmount")), currency));
            var lineId = Values.text(item.get("id"));
            lines.add(ExternalRecord.of(lineId != null ? lineId : invoiceId + "/lineItems/" + i,
                    Values.text(invoice.get("version")), fields));
        }
        return lines;
    }

    private static String status(ConnectorContext context, VoucherKind kind, String lexwareStatus, LocalDate dueDate,
                                 BigDecimal total, BigDecimal open) {
        if (kind == VoucherKind.INVOICE && "open".equals(lexwareStatus)) {
            if (open != null && total != null && open.signum() > 0 && open.compareTo(total) < 0) {
                return "PARTIAL";
            }
            if (dueDate != null && dueDate.isBefore(LocalDate.now(context.clock().withZone(BERLIN)))) {
                return "OVERDUE";
            }
        }
        return kind.status(lexwareStatus).orElse(null);
    }

    private static Map<String, Object> money(Object amount, String currency) {
        var value = Values.decimal(amount);
        if (value == null) {
            return null;
        }
        var money = new LinkedHashMap<String, Object>();
        money.put("amount", value);
        money.put("currencyCode", currency);
        return money;
    }
}
