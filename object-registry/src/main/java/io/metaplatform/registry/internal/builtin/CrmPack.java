package io.metaplatform.registry.internal.builtin;

import static io.metaplatform.registry.internal.builtin.PackDsl.bool;
import static io.metaplatform.registry.internal.builtin.PackDsl.email;
import static io.metaplatform.registry.internal.builtin.PackDsl.longText;
import static io.metaplatform.registry.internal.builtin.PackDsl.manyToOne;
import static io.metaplatform.registry.internal.builtin.PackDsl.object;
import static io.metaplatform.registry.internal.builtin.PackDsl.phone;
import static io.metaplatform.registry.internal.builtin.PackDsl.select;
import static io.metaplatform.registry.internal.builtin.PackDsl.text;
import static io.metaplatform.registry.internal.builtin.PackDsl.url;

import io.metaplatform.registry.FieldType.OnDelete;
import io.metaplatform.registry.ObjectDefinition;
import java.util.List;

/** CRM: companies, contacts, activities, pipelines with stages, deals. */
final class CrmPack {

    static final String NAME = "crm";
    static final int VERSION = 1;

    private CrmPack() {
    }

    static List<ObjectDefinition> objects() {
        return List.of(company(), contact());
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
                longText("notes", "Notes"));
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
                longText("notes", "Notes"));
    }
}
