package io.metaplatform.registry.internal.builtin;

import static io.metaplatform.registry.internal.builtin.PackDsl.bool;
import static io.metaplatform.registry.internal.builtin.PackDsl.currency;
import static io.metaplatform.registry.internal.builtin.PackDsl.date;
import static io.metaplatform.registry.internal.builtin.PackDsl.decimal;
import static io.metaplatform.registry.internal.builtin.PackDsl.formula;
import static io.metaplatform.registry.internal.builtin.PackDsl.integer;
import static io.metaplatform.registry.internal.builtin.PackDsl.longText;
import static io.metaplatform.registry.internal.builtin.PackDsl.manyToOne;
import static io.metaplatform.registry.internal.builtin.PackDsl.object;
import static io.metaplatform.registry.internal.builtin.PackDsl.percent;
import static io.metaplatform.registry.internal.builtin.PackDsl.rollup;
import static io.metaplatform.registry.internal.builtin.PackDsl.select;
import static io.metaplatform.registry.internal.builtin.PackDsl.text;
import static io.metaplatform.registry.internal.builtin.PackDsl.url;

import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.FieldType.OnDelete;
import io.metaplatform.registry.ObjectDefinition;
import java.util.List;

/**
 * Sales and finance: products, the documents of a sale (quote, order, delivery note, invoice, credit
 * note), invoice lines, payments and expenses. Document totals and open amounts are stored as the
 * issuing system (an ERP connector, or the client) states them. Beside them, derived fields compute the same figures
 * from lines and payments (sales:3): line net and tax, the invoice's line totals and paid amount as rollups, its
 * balance (the stated gross when there is one, else the lines' gross, less payments) and its payment status.
 */
final class SalesFinancePack {

    static final String NAME = "sales";
    static final int VERSION = 3;

    private SalesFinancePack() {
    }

    static List<ObjectDefinition> objects() {
        return List.of(product(), quote(), salesOrder(), deliveryNote(), invoice(), invoiceLine(), payment(), creditNote(),
                expense());
    }

    static ObjectDefinition product() {
        return object(100, "product", "Product", "Products", "A good or service you sell, with its list price.",
                text("name", "Name", 200).required(),
                text("sku", "SKU", 100).unique(),
                text("unit", "Unit", 20),
                currency("unitPrice", "Unit price"),
                percent("taxRate", "Tax rate").range("0", "100"),
                longText("description", "Description"),
                bool("active", "Active").defaultValue(true));
    }

    static ObjectDefinition quote() {
        return object(110, "quote", "Quote", "Quotes", "An offer to a customer, valid until a date.",
                text("number", "Number", 50).unique(),
                select("status", "Status", "draft:Draft", "sent:Sent", "accepted:Accepted", "rejected:Rejected",
                        "expired:Expired", "cancelled:Cancelled").defaultValue("DRAFT"),
                date("issueDate", "Issue date"),
                date("validUntil", "Valid until"),
                manyToOne("company", "Company", "company", OnDelete.SET_NULL, "quotes", "Quotes"),
                manyToOne("contact", "Contact", "contact", OnDelete.SET_NULL, "quotes", "Quotes"),
                manyToOne("deal", "Deal", "deal", OnDelete.SET_NULL, "quotes", "Quotes"),
                text("currency", "Currency", 3),
                longText("notes", "Notes"),
                currency("totalNet", "Total net"),
                currency("totalTax", "Total tax"),
                currency("totalGross", "Total gross"));
    }

    static ObjectDefinition salesOrder() {
        return object(120, "salesOrder", "Sales order", "Sales orders", "An order a customer placed, often from a quote.",
                text("number", "Number", 50).unique(),
                select("status", "Status", "open:Open", "confirmed:Confirmed", "fulfilled:Fulfilled", "cancelled:Cancelled",
                        "draft:Draft").defaultValue("OPEN"),
                date("issueDate", "Order date"),
                date("deliveryDate", "Delivery date"),
                manyToOne("company", "Company", "company", OnDelete.SET_NULL, "salesOrders", "Sales orders"),
                manyToOne("contact", "Contact", "contact", OnDelete.SET_NULL, "salesOrders", "Sales orders"),
                manyToOne("deal", "Deal", "deal", OnDelete.SET_NULL, "salesOrders", "Sales orders"),
                manyToOne("quote", "Quote", "quote", OnDelete.SET_NULL, "salesOrders", "Sales orders"),
                text("currency", "Currency", 3),
                longText("notes", "Notes"),
                currency("totalNet", "Total net"),
                currency("totalTax", "Total tax"),
                currency("totalGross", "Total gross"));
    }

    static ObjectDefinition deliveryNote() {
        return object(130, "deliveryNote", "Delivery note", "Delivery notes", "The goods of an order shipped to a customer.",
                text("number", "Number", 50).unique(),
                select("status", "Status", "draft:Draft", "shipped:Shipped", "delivered:Delivered").defaultValue("DRAFT"),
                date("issueDate", "Issue date"),
                date("deliveryDate", "Delivery date"),
                manyToOne("company", "Company", "company", OnDelete.SET_NULL, "deliveryNotes", "Delivery notes"),
                manyToOne("contact", "Contact", "contact", OnDelete.SET_NULL, "deliveryNotes", "Delivery notes"),
                manyToOne("salesOrder", "Sales order", "salesOrder", OnDelete.SET_NULL, "deliveryNotes", "Delivery notes"),
                text("currency", "Currency", 3),
                longText("notes", "Notes"));
    }

    static ObjectDefinition invoice() {
        return object(140, "invoice", "Invoice", "Invoices", "A bill to a customer, settled by payments.",
                text("number", "Number", 50).unique(),
                select("status", "Status", "draft:Draft", "sent:Sent", "paid:Paid", "partial:Partially paid", "overdue:Overdue",
                        "cancelled:Cancelled").defaultValue("DRAFT"),
                date("issueDate", "Issue date"),
                date("dueDate", "Due date"),
                manyToOne("company", "Company", "company", OnDelete.RESTRICT, "invoices", "Invoices"),
                manyToOne("contact", "Contact", "contact", OnDelete.SET_NULL, "invoices", "Invoices"),
                manyToOne("deal", "Deal", "deal", OnDelete.SET_NULL, "invoices", "Invoices"),
                manyToOne("project", "Project", "project", OnDelete.SET_NULL, "invoices", "Invoices"),
                text("currency", "Currency", 3),
                longText("notes", "Notes"),
                longText("terms", "Terms"),
                currency("totalNet", "Total net"),
                currency("totalTax", "Total tax"),
                currency("totalGross", "Total gross"),
                currency("openAmount", "Open amount").describedAs("What the customer still owes."),
                rollup("linesNet", "Lines net", "lines", FieldType.RollupFunction.SUM, "netAmount")
                        .describedAs("Sum of the lines' net amounts."),
                rollup("linesTax", "Lines tax", "lines", FieldType.RollupFunction.SUM, "taxAmount")
                        .describedAs("Sum of the lines' tax amounts."),
                formula("linesGross", "Lines gross", "linesNet + linesTax", FieldType.ResultKind.CURRENCY),
                rollup("paidAmount", "Paid", "payments", FieldType.RollupFunction.SUM, "amount").describedAs("Sum of the payments."),
                formula("balance", "Balance", "BLANKVALUE(totalGross, linesGross) - paidAmount", FieldType.ResultKind.CURRENCY)
                        .describedAs("Gross (as stated, else from the lines) less payments."),
                formula("paymentStatus", "Payment status", "IF(BLANKVALUE(totalGross, linesGross) > 0 AND balance <= 0, 'PAID', "
                        + "IF(NOT ISBLANK(dueDate) AND dueDate < TODAY(), 'OVERDUE', IF(paidAmount > 0, 'PARTIAL', 'OPEN')))",
                        FieldType.ResultKind.TEXT).describedAs("PAID, PARTIAL, OVERDUE or OPEN, from the balance and the due date."));
    }

    /** Rules of the sales and finance objects. */
    static List<io.metaplatform.registry.ValidationRule> rules() {
        return List.of(PackDsl.rule("payment", "notMoreThanBalance", "invoice.balance >= 0",
                "exceeds what the invoice still owes", "amount"));
    }

    static ObjectDefinition invoiceLine() {
        return object(150, "invoiceLine", "Invoice line", "Invoice lines", "One position of an invoice.",
                manyToOne("invoice", "Invoice", "invoice", OnDelete.CASCADE, "lines", "Lines").required(),
                manyToOne("product", "Product", "product", OnDelete.SET_NULL, "invoiceLines", "Invoice lines"),
                integer("position", "Position"),
                text("description", "Description", 500).required(),
                decimal("quantity", "Quantity", 18, 4),
                text("unit", "Unit", 20),
                currency("unitPrice", "Unit price"),
                percent("discount", "Discount").range("0", "100"),
                percent("taxRate", "Tax rate").range("0", "100"),
                currency("lineTotal", "Line total").describedAs("The line's amount after discount, before tax."),
                select("lineType", "Line type", "service:Service", "material:Material", "custom:Custom", "text:Text")
                        .describedAs("What the line sells; a text line only carries text."),
                formula("netAmount", "Net amount", "quantity * unitPrice * (1 - BLANKVALUE(discount, 0))", FieldType.ResultKind.CURRENCY)
                        .describedAs("Quantity × unit price × (1 − discount)."),
                formula("taxAmount", "Tax amount", "netAmount * BLANKVALUE(taxRate, 0)", FieldType.ResultKind.CURRENCY));
    }

    static ObjectDefinition payment() {
        return object(160, "payment", "Payment", "Payments", "Money received for an invoice.",
                manyToOne("invoice", "Invoice", "invoice", OnDelete.RESTRICT, "payments", "Payments").required(),
                currency("amount", "Amount").required(),
                date("date", "Date").required(),
                select("method", "Method", "bank_transfer:Bank transfer", "credit_card:Credit card", "cash:Cash", "paypal:PayPal",
                        "other:Other"),
                text("reference", "Reference", 200),
                longText("notes", "Notes"));
    }

    static ObjectDefinition creditNote() {
        return object(170, "creditNote", "Credit note", "Credit notes", "A correction of an invoice in the customer's favour.",
                text("number", "Number", 50).unique(),
                select("status", "Status", "draft:Draft", "issued:Issued", "refunded:Refunded", "cancelled:Cancelled")
                        .defaultValue("DRAFT"),
                date("issueDate", "Issue date"),
                manyToOne("company", "Company", "company", OnDelete.SET_NULL, "creditNotes", "Credit notes"),
                manyToOne("contact", "Contact", "contact", OnDelete.SET_NULL, "creditNotes", "Credit notes"),
                manyToOne("invoice", "Invoice", "invoice", OnDelete.SET_NULL, "creditNotes", "Credit notes"),
                text("currency", "Currency", 3),
                longText("notes", "Notes"),
                currency("totalNet", "Total net"),
                currency("totalTax", "Total tax"),
                currency("totalGross", "Total gross"),
                currency("openAmount", "Open amount").describedAs("What is still to be refunded or offset."));
    }

    static ObjectDefinition expense() {
        return object(180, "expense", "Expense", "Expenses", "Money spent, optionally on a project or passed on in an invoice.",
                select("category", "Category", "material:Material", "personnel:Personnel", "service:Service", "travel:Travel",
                        "software:Software", "other:Other"),
                text("description", "Description", 500).required(),
                currency("amount", "Amount").required(),
                date("date", "Date").required(),
                manyToOne("project", "Project", "project", OnDelete.SET_NULL, "expenses", "Expenses"),
                manyToOne("invoice", "Invoice", "invoice", OnDelete.SET_NULL, "expenses", "Expenses"),
                bool("reimbursed", "Reimbursed").defaultValue(false),
                url("receiptUrl", "Receipt"));
    }
}
