package io.metaplatform.registry.internal.builtin;

import static io.metaplatform.registry.internal.builtin.PackDsl.bool;
import static io.metaplatform.registry.internal.builtin.PackDsl.currency;
import static io.metaplatform.registry.internal.builtin.PackDsl.date;
import static io.metaplatform.registry.internal.builtin.PackDsl.dateTime;
import static io.metaplatform.registry.internal.builtin.PackDsl.email;
import static io.metaplatform.registry.internal.builtin.PackDsl.integer;
import static io.metaplatform.registry.internal.builtin.PackDsl.longText;
import static io.metaplatform.registry.internal.builtin.PackDsl.manyToMany;
import static io.metaplatform.registry.internal.builtin.PackDsl.manyToOne;
import static io.metaplatform.registry.internal.builtin.PackDsl.multiSelect;
import static io.metaplatform.registry.internal.builtin.PackDsl.object;
import static io.metaplatform.registry.internal.builtin.PackDsl.percent;
import static io.metaplatform.registry.internal.builtin.PackDsl.phone;
import static io.metaplatform.registry.internal.builtin.PackDsl.select;
import static io.metaplatform.registry.internal.builtin.PackDsl.text;
import static io.metaplatform.registry.internal.builtin.PackDsl.url;

import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.FieldType.OnDelete;
import io.metaplatform.registry.ObjectDefinition;
import java.util.List;

/** CRM: companies, contacts, activities, pipelines with stages, deals. */
final class CrmPack {

    static final String NAME = "crm";
    static final int VERSION = 3;

    private CrmPack() {
    }

    static List<ObjectDefinition> objects() {
        return List.of(company(), contact(), activity(), pipeline(), pipelineStage(), deal());
    }

    static ObjectDefinition company() {
        return object(10, "company", "Company", "Companies", "A customer, prospect or supplier: an organisation or a person you do business with.",
                text("name", "Name", 200).required(),
                text("customerNumber", "Customer number", 50).unique(),
                select("kind", "Kind", "b2b:B2B", "b2c:B2C").defaultValue("B2B"),
                select("type", "Type", "individual:Individual", "business:Business", "government:Government", "creator:Creator"),
                select("status", "Status", "lead:Lead", "active:Active", "inactive:Inactive", "blocked:Blocked").defaultValue("LEAD"),
                email("email", "Email"),
                phone("phone", "Phone"),
                url("website", "Website"),
                text("taxId", "Tax id", 50),
                text("vatId", "VAT id", 50),
                text("street", "Street", 200),
                text("zip", "ZIP code", 20),
                text("city", "City", 100),
                text("country", "Country", 100),
                longText("notes", "Notes"),
                text("vendorNumber", "Vendor number", 50).unique(),
                multiSelect("roles", "Roles", "customer:Customer", "vendor:Vendor")
                        .describedAs("Whether you sell to the company, buy from it, or both."));
    }

    static ObjectDefinition contact() {
        return object(20, "contact", "Contact", "Contacts", "A person, usually working for a company.",
                text("firstName", "First name", 100),
                text("lastName", "Last name", 100).required(),
                email("email", "Email"),
                phone("phone", "Phone"),
                phone("mobile", "Mobile"),
                text("position", "Position", 100),
                text("department", "Department", 100),
                manyToOne("company", "Company", "company", OnDelete.SET_NULL, "contacts", "Contacts"),
                bool("isPrimary", "Primary contact").defaultValue(false)
                        .describedAs("At most one primary contact per company."),
                longText("notes", "Notes"),
                text("salutation", "Salutation", 50),
                text("customerNumber", "Customer number", 50).unique()
                        .describedAs("For a person who is a customer in their own right."));
    }

    static ObjectDefinition activity() {
        return object(30, "activity", "Activity", "Activities", "A note, call, email, meeting or task about a customer or deal.",
                select("type", "Type", "note:Note", "call:Call", "email:Email", "meeting:Meeting", "task:Task"),
                text("subject", "Subject", 200).required(),
                longText("description", "Description"),
                dateTime("occurredAt", "Occurred at"),
                dateTime("dueAt", "Due at"),
                bool("done", "Done").defaultValue(false),
                manyToOne("company", "Company", "company", OnDelete.SET_NULL, "activities", "Activities"),
                manyToOne("contact", "Contact", "contact", OnDelete.SET_NULL, "activities", "Activities"),
                manyToOne("deal", "Deal", "deal", OnDelete.SET_NULL, "activities", "Activities"));
    }

    static ObjectDefinition pipeline() {
        return object(40, "pipeline", "Pipeline", "Pipelines", "A sales process: the stages a deal goes through.",
                text("name", "Name", 100).required(),
                longText("description", "Description"),
                bool("isDefault", "Default pipeline").defaultValue(false)
                        .describedAs("At most one default pipeline; new deals start in it."));
    }

    static ObjectDefinition pipelineStage() {
        return object(50, "pipelineStage", "Pipeline stage", "Pipeline stages", "A step of a pipeline, e.g. negotiation.",
                manyToOne("pipeline", "Pipeline", "pipeline", OnDelete.CASCADE, "stages", "Stages").required(),
                text("name", "Name", 100).required(),
                integer("position", "Position"),
                percent("probability", "Probability").range("0", "100"),
                bool("isWon", "Won stage").defaultValue(false),
                bool("isLost", "Lost stage").defaultValue(false));
    }

    static ObjectDefinition deal() {
        return object(60, "deal", "Deal", "Deals", "A sales opportunity moving through the stages of a pipeline.",
                text("name", "Name", 200).required(),
                currency("amount", "Amount"),
                manyToOne("pipeline", "Pipeline", "pipeline", OnDelete.RESTRICT, "deals", "Deals"),
                manyToOne("stage", "Stage", "pipelineStage", OnDelete.RESTRICT, "deals", "Deals"),
                manyToOne("company", "Company", "company", OnDelete.SET_NULL, "deals", "Deals"),
                manyToOne("contact", "Contact", "contact", OnDelete.SET_NULL, "deals", "Deals"),
                date("expectedCloseDate", "Expected close date"),
                select("status", "Status", "open:Open", "won:Won", "lost:Lost").defaultValue("OPEN"),
                text("owner", "Owner", 255).describedAs("The id of the user responsible for the deal."),
                manyToMany("linkedInvoices", "Linked invoices", "invoice", "linkedDeals", "Linked deals"),
                manyToMany("linkedQuotes", "Linked quotes", "quote", "linkedDeals", "Linked deals"),
                manyToMany("linkedSalesOrders", "Linked sales orders", "salesOrder", "linkedDeals", "Linked deals"),
                manyToMany("linkedCreditNotes", "Linked credit notes", "creditNote", "linkedDeals", "Linked deals"),
                PackDsl.formula("weightedAmount", "Weighted amount", "amount * stage.probability", FieldType.ResultKind.CURRENCY)
                        .describedAs("The amount times the probability of the deal's stage."));
    }
}
