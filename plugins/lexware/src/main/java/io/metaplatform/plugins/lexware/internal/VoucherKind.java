package io.metaplatform.plugins.lexware.internal;

import io.metaplatform.plugins.api.FieldMapping;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Lexware sales vouchers the connector reads, with the stream, endpoint, event prefix and
 * target object of each, and how its Lexware status maps onto the target's status options.
 */
public enum VoucherKind {
    INVOICE("invoices", "invoice", "/invoices", "invoice", "invoice",
            Map.of("draft", "DRAFT", "open", "SENT", "overdue", "OVERDUE", "paid", "PAID", "paidoff", "PAID",
                    "transferred", "PAID", "sepadebit", "PAID", "voided", "CANCELLED"),
            List.of(FieldMapping.read("dueDate", "dueDate"), FieldMapping.read("paymentTermLabel", "terms"),
                    FieldMapping.read("openAmount", "openAmount"))),
    QUOTE("quotes", "quotation", "/quotations", "quotation", "quote",
            Map.of("draft", "DRAFT", "open", "SENT", "accepted", "ACCEPTED", "rejected", "REJECTED", "voided", "CANCELLED"),
            List.of(FieldMapping.read("expirationDate", "validUntil"))),
    SALES_ORDER("salesOrders", "orderconfirmation", "/order-confirmations", "order-confirmation", "salesOrder",
            Map.of("draft", "DRAFT", "open", "CONFIRMED", "voided", "CANCELLED"),
            List.of(FieldMapping.read("shippingDate", "deliveryDate"))),
    CREDIT_NOTE("creditNotes", "creditnote", "/credit-notes", "credit-note", "creditNote",
            Map.of("draft", "DRAFT", "open", "ISSUED", "paid", "REFUNDED", "paidoff", "REFUNDED", "transferred", "REFUNDED",
                    "voided", "CANCELLED"),
            List.of(FieldMapping.read("openAmount", "openAmount")));

    private final String stream;
    private final String voucherType;
    private final String endpoint;
    private final String eventPrefix;
    private final String targetObject;
    private final Map<String, String> statuses;
    private final List<FieldMapping> extraMappings;

    VoucherKind(String stream, String voucherType, String endpoint, String eventPrefix, String targetObject,
                Map<String, String> statuses, List<FieldMapping> extraMappings) {
        this.stream = stream;
        this.voucherType = voucherType;
        this.endpoint = endpoint;
        this.eventPrefix = eventPrefix;
        this.targetObject = targetObject;
        this.statuses = statuses;
        this.extraMappings = extraMappings;
    }

    public String stream() {
        return stream;
    }

    /** The {@code voucherType} value of the voucherlist. */
    public String voucherType() {
        return voucherType;
    }

    /** The path of the by-id endpoint, e.g. {@code /invoices}. */
    public String endpoint() {
        return endpoint;
    }

    /** The event type prefix of its webhooks, e.g. {@code order-confirmation}. */
    public String eventPrefix() {
        return eventPrefix;
    }

    public String targetObject() {
        return targetObject;
    }

    /** The target's status option for a Lexware voucher status, empty when there is no fitting one. */
    public Optional<String> status(String lexwareStatus) {
        return Optional.ofNullable(lexwareStatus == null ? null : statuses.get(lexwareStatus));
    }

    /** The default mappings: the fields every voucher object shares, then this kind's own. */
    public List<FieldMapping> mappings() {
        var shared = List.of(
                FieldMapping.read("voucherNumber", "number"),
                FieldMapping.read("status", "status"),
                FieldMapping.read("voucherDate", "issueDate"),
                FieldMapping.read("company", "company"),
                FieldMapping.read("contact", "contact"),
                FieldMapping.read("currency", "currency"),
                FieldMapping.read("totalNetAmount", "totalNet"),
                FieldMapping.read("totalTaxAmount", "totalTax"),
                FieldMapping.read("totalGrossAmount", "totalGross"),
                FieldMapping.read("remark", "notes"));
        return java.util.stream.Stream.concat(shared.stream(), extraMappings.stream()).toList();
    }

    public static Optional<VoucherKind> ofStream(String stream) {
        return Arrays.stream(values()).filter(kind -> kind.stream.equals(stream)).findFirst();
    }

    public static Optional<VoucherKind> ofVoucherType(String voucherType) {
        return Arrays.stream(values()).filter(kind -> kind.voucherType.equals(voucherType)).findFirst();
    }

    public static Optional<VoucherKind> ofEventPrefix(String prefix) {
        return Arrays.stream(values()).filter(kind -> kind.eventPrefix.equals(prefix)).findFirst();
    }
}
