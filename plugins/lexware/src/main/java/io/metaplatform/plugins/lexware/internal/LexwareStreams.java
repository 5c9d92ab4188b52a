package io.metaplatform.plugins.lexware.internal;

import io.metaplatform.plugins.api.FieldMapping;
import io.metaplatform.plugins.api.StreamDescriptor;
import java.time.Duration;
import java.util.List;

/** The connector's streams and their default field mappings onto the built-in objects. */
public final class LexwareStreams {

    public static final String COMPANIES = "companies";
    public static final String CONTACTS = "contacts";
    public static final String INVOICE_LINES = "invoiceLines";
    /** The filters of Lexware's contact search, which both contact streams take. */
    static final String[] SEARCH_CRITERIA = {"name", "email", "number", "customer", "vendor"};
    /**
     * Vouchers (and the invoice lines read with invoices) change rarely and cost many calls at two per
     * second: scheduled runs read them every four hours by default.
     */
    public static final Duration VOUCHERS_EVERY = Duration.ofHours(4);
    /** Local changes of companies and contacts reach Lexware within half an hour by default; they are read at the connection's interval. */
    public static final Duration CONTACT_PUSH_EVERY = Duration.ofMinutes(30);

    // Completeness: a full read of contacts scans every page of /contacts (archived ones included), and a full
    // read of a voucher type lists it with every status from 2010 on; so these streams are reconciled. The
    // lines are not listed on their own: each invoice replaces its set of lines when it is read.
    public static final StreamDescriptor COMPANIES_STREAM = StreamDescriptor.of(COMPANIES, "company", List.of(
            FieldMapping.both("name", "name"),
            FieldMapping.read("customerNumber", "customerNumber"),
            FieldMapping.read("vendorNumber", "vendorNumber"),
            FieldMapping.read("roles", "roles"),
            FieldMapping.read("kind", "kind"),
            FieldMapping.read("type", "type"),
            FieldMapping.both("email", "email"),
            FieldMapping.both("phone", "phone"),
            FieldMapping.both("taxNumber", "taxId"),
            FieldMapping.both("vatRegistrationId", "vatId"),
            FieldMapping.both("street", "street"),
            FieldMapping.both("zip", "zip"),
            FieldMapping.both("city", "city"),
            FieldMapping.both("countryCode", "country"),
            FieldMapping.both("note", "notes"))).withWrite().withSearch(SEARCH_CRITERIA).withIntervals(null, CONTACT_PUSH_EVERY)
            .withCompleteListing();

    public static final StreamDescriptor CONTACTS_STREAM = StreamDescriptor.of(CONTACTS, "contact", List.of(
            FieldMapping.both("salutation", "salutation"),
            FieldMapping.both("firstName", "firstName"),
            FieldMapping.both("lastName", "lastName"),
            FieldMapping.both("email", "email"),
            FieldMapping.both("phone", "phone"),
            FieldMapping.both("mobile", "mobile"),
            FieldMapping.read("company", "company"),
            FieldMapping.read("primary", "isPrimary"),
            FieldMapping.read("customerNumber", "customerNumber"),
            FieldMapping.both("note", "notes"))).withWrite().withSearch(SEARCH_CRITERIA).withIntervals(null, CONTACT_PUSH_EVERY)
            .withCompleteListing();

    public static final StreamDescriptor INVOICE_LINES_STREAM = StreamDescriptor.of(INVOICE_LINES, "invoiceLine", List.of(
            FieldMapping.read("invoice", "invoice"),
            FieldMapping.read("position", "position"),
            FieldMapping.read("name", "description"),
            FieldMapping.read("quantity", "quantity"),
            FieldMapping.read("unitName", "unit"),
            FieldMapping.read("unitPrice", "unitPrice"),
            FieldMapping.read("discountPercentage", "discount"),
            FieldMapping.read("taxRatePercentage", "taxRate"),
            FieldMapping.read("lineItemAmount", "lineTotal"),
            FieldMapping.read("type", "lineType"))).withIntervals(VOUCHERS_EVERY, null);

    private LexwareStreams() {
    }

    /** The descriptor of a voucher stream. */
    public static StreamDescriptor voucherStream(VoucherKind kind) {
        return StreamDescriptor.of(kind.stream(), kind.targetObject(), kind.mappings()).withCursor("updatedDate").withIntervals(VOUCHERS_EVERY, null)
                .withCompleteListing();
    }
}
