package io.metaplatform.plugins.lexware.internal;

import io.metaplatform.plugins.api.ExternalRecord;
import io.metaplatform.plugins.api.ExternalRef;
import io.metaplatform.plugins.api.FieldProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Lexware contacts to records and back. A Lexware contact is a company (a {@code companies}
 * record, whose contact persons become {@code contacts} records with an id derived from the
 * company's) or a person (a {@code contacts} record). Reading flattens the first entry of each
 * list; writing puts values back into the list they came from and respects Lexware's rule of at
 * most one entry per list.
 */
public final class ContactMapping {

    /**
     * The separator of a contact person's external id: {@code <companyId>/contactPersons/<key>}, the key stable
     * across reorders (see {@link ContactPersonKeys}).
     */
    public static final String CONTACT_PERSON = "/contactPersons/";

    static final List<String> EMAIL_TYPES = List.of("business", "office", "private", "other");
    static final List<String> PHONE_TYPES = List.of("business", "office", "private", "other");
    static final List<String> LIST_FIELDS = List.of("addresses.billing", "addresses.shipping",
            "emailAddresses.business", "emailAddresses.office", "emailAddresses.private", "emailAddresses.other",
            "phoneNumbers.business", "phoneNumbers.office", "phoneNumbers.mobile", "phoneNumbers.private",
            "phoneNumbers.fax", "phoneNumbers.other", "company.contactPersons");
    private static final List<String> ADDRESS_FIELDS = List.of("supplement", "street", "zip", "city", "countryCode");
    private static final Pattern INDEX = Pattern.compile("\\[\\d+]");
    private static final Map<String, String> FIELD_OF_PATH = fieldsOfPaths();

    private ContactMapping() {
    }

    public static boolean isCompany(Map<String, Object> contact) {
        return contact.get("company") instanceof Map;
    }

    /** The record of a company contact. */
    public static ExternalRecord company(Map<String, Object> contact) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("name", Values.text(Values.at(contact, "company.name")));
        roles(contact, fields);
        fields.put("kind", "B2B");
        fields.put("type", "BUSINESS");
        communication(contact, fields);
        fields.put("taxNumber", Values.text(Values.at(contact, "company.taxNumber")));
        fields.put("vatRegistrationId", Values.text(Values.at(contact, "company.vatRegistrationId")));
        address(contact, fields);
        fields.put("note", Values.text(contact.get("note")));
        fields.put("archived", Values.isTrue(contact.get("archived")));
        return ExternalRecord.of(id(contact), version(contact), fields);
    }

    /** The record of a person contact. */
    public static ExternalRecord person(Map<String, Object> contact) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("salutation", Values.text(Values.at(contact, "person.salutation")));
        fields.put("firstName", Values.text(Values.at(contact, "person.firstName")));
        fields.put("lastName", Values.text(Values.at(contact, "person.lastName")));
        roles(contact, fields);
        communication(contact, fields);
        address(contact, fields);
        fields.put("note", Values.text(contact.get("note")));
        fields.put("archived", Values.isTrue(contact.get("archived")));
        return ExternalRecord.of(id(contact), version(contact), fields);
    }

    /** The records of a company's contact persons, linked to the company's record, with their stable ids. */
    public static List<ExternalRecord> contactPersons(Map<String, Object> company) {
        var persons = Values.list(Values.at(company, "company.contactPersons"));
        var keys = ContactPersonKeys.of(persons);
        var records = new ArrayList<ExternalRecord>();
        for (int i = 0; i < persons.size(); i++) {
            var person = Values.object(persons.get(i));
            var fields = new LinkedHashMap<String, Object>();
            fields.put("salutation", Values.text(person.get("salutation")));
            fields.put("firstName", Values.text(person.get("firstName")));
            fields.put("lastName", Values.text(person.get("lastName")));
            fields.put("email", Values.text(person.get("emailAddress")));
            fields.put("phone", Values.text(person.get("phoneNumber")));
            fields.put("primary", person.containsKey("primary") ? Values.isTrue(person.get("primary")) : i == 0);
            fields.put("company", new ExternalRef(LexwareStreams.COMPANIES, id(company)));
            records.add(ExternalRecord.of(id(company) + CONTACT_PERSON + keys.get(i), version(company), fields));
        }
        return records;
    }

    /** A new company or person contact, as {@code POST /contacts} takes it: version 0, customer role. */
    public static Map<String, Object> newContact(boolean company) {
        var contact = new LinkedHashMap<String, Object>();
        contact.put("version", 0);
        contact.put("roles", new LinkedHashMap<>(Map.of("customer", new LinkedHashMap<>())));
        contact.put(company ? "company" : "person", new LinkedHashMap<String, Object>());
        return contact;
    }

    /**
     * Puts the record's values into a contact (a copy of the current one for an update), reporting
     * values that cannot be written as one entry per list.
     */
    public static List<FieldProblem> apply(Map<String, Object> contact, Map<String, Object> fields) {
        var problems = new ArrayList<FieldProblem>();
        var section = isCompany(contact) ? "company" : "person";
        for (var entry : fields.entrySet()) {
            var field = entry.getKey();
            var value = single(field, entry.getValue(), problems);
            switch (field) {
                case "name", "taxNumber", "vatRegistrationId" -> {
                    if (section.equals("company")) {
                        put(child(contact, "company"), field, value);
                    }
                }
                case "salutation", "firstName", "lastName" -> {
                    if (section.equals("person")) {
                        put(child(contact, "person"), field, value);
                    }
                }
                case "email" -> setFirst(child(contact, "emailAddresses"), EMAIL_TYPES, value);
                case "phone" -> setFirst(child(contact, "phoneNumbers"), PHONE_TYPES, value);
                case "mobile" -> setFirst(child(contact, "phoneNumbers"), List.of("mobile"), value);
                case "supplement", "street", "zip", "city", "countryCode" -> billingAddress(contact, field, value);
                case "note" -> put(contact, "note", value);
                default -> {
                    // read-only values (numbers, roles, links) are not written back
                }
            }
        }
        problems.addAll(tooManyEntries(contact));
        return problems;
    }

    /**
     * The id a contact person of the company has, given the key of one of its ids (current, or a position from
     * before keys existed); empty when the company has no such person.
     */
    public static java.util.Optional<String> contactPersonId(Map<String, Object> company, String key) {
        var persons = Values.list(Values.at(company, "company.contactPersons"));
        var index = ContactPersonKeys.indexOf(persons, key);
        return index.isPresent() ? java.util.Optional.of(id(company) + CONTACT_PERSON + ContactPersonKeys.of(persons).get(index.getAsInt()))
                : java.util.Optional.empty();
    }

    /** The id of the company's contact person at this position. */
    static String contactPersonIdAt(Map<String, Object> company, int index) {
        return id(company) + CONTACT_PERSON + ContactPersonKeys.of(Values.list(Values.at(company, "company.contactPersons"))).get(index);
    }

    /** Each contact person's id from before keys existed (its position) to its stable id, where they differ. */
    public static Map<String, String> legacyContactPersonIds(Map<String, Object> company) {
        var keys = ContactPersonKeys.of(Values.list(Values.at(company, "company.contactPersons")));
        var renames = new LinkedHashMap<String, String>();
        for (int i = 0; i < keys.size(); i++) {
            if (!keys.get(i).equals(String.valueOf(i))) {
                renames.put(id(company) + CONTACT_PERSON + i, id(company) + CONTACT_PERSON + keys.get(i));
            }
        }
        return renames;
    }

    /**
     * Puts a contact person record's values into its entry of the company's contact persons, found by the key of
     * its id.
     */
    public static List<FieldProblem> applyToContactPerson(Map<String, Object> company, String key,
                                                          Map<String, Object> fields) {
        var problems = new ArrayList<FieldProblem>();
        var persons = Values.list(Values.at(company, "company.contactPersons"));
        var index = ContactPersonKeys.indexOf(persons, key);
        if (index.isEmpty()) {
            problems.add(new FieldProblem("record", "NOT_FOUND", "the company has no such contact person any more"));
            return problems;
        }
        var person = Values.object(persons.get(index.getAsInt()));
        for (var entry : fields.entrySet()) {
            var value = single(entry.getKey(), entry.getValue(), problems);
            switch (entry.getKey()) {
                case "salutation", "firstName", "lastName" -> put(person, entry.getKey(), value);
                case "email" -> put(person, "emailAddress", value);
                case "phone" -> put(person, "phoneNumber", value);
                default -> {
                    // contact persons have no other writable fields
                }
            }
        }
        problems.addAll(tooManyEntries(company));
        return problems;
    }

    /** The record field a Lexware error path refers to ({@code emailAddresses.business[0]} → {@code email}). */
    public static String fieldOf(String lexwarePath) {
        if (lexwarePath == null || lexwarePath.isBlank()) {
            return "record";
        }
        var path = INDEX.matcher(lexwarePath).replaceAll("");
        for (var candidate = path; !candidate.isEmpty(); candidate = parent(candidate)) {
            var field = FIELD_OF_PATH.get(candidate);
            if (field != null) {
                return field;
            }
        }
        return lexwarePath;
    }

    static String id(Map<String, Object> contact) {
        return Values.text(contact.get("id"));
    }

    static String version(Map<String, Object> contact) {
        return Values.text(contact.get("version"));
    }

    private static void roles(Map<String, Object> contact, Map<String, Object> fields) {
        var roles = Values.object(contact.get("roles"));
        fields.put("customerNumber", Values.text(Values.at(roles, "customer.number")));
        fields.put("vendorNumber", Values.text(Values.at(roles, "vendor.number")));
        fields.put("isCustomer", roles.containsKey("customer"));
        fields.put("isVendor", roles.containsKey("vendor"));
        var options = new ArrayList<String>();
        if (roles.containsKey("customer")) {
            options.add("CUSTOMER");
        }
        if (roles.containsKey("vendor")) {
            options.add("VENDOR");
        }
        fields.put("roles", List.copyOf(options));
    }

    private static void communication(Map<String, Object> contact, Map<String, Object> fields) {
        fields.put("email", first(Values.object(contact.get("emailAddresses")), EMAIL_TYPES));
        var phones = Values.object(contact.get("phoneNumbers"));
        fields.put("phone", first(phones, PHONE_TYPES));
        fields.put("mobile", first(phones, List.of("mobile")));
    }

    private static void address(Map<String, Object> contact, Map<String, Object> fields) {
        var billing = Values.list(Values.at(contact, "addresses.billing"));
        var address = billing.isEmpty() ? Map.<String, Object>of() : Values.object(billing.getFirst());
        for (var field : ADDRESS_FIELDS) {
            fields.put(field, Values.text(address.get(field)));
        }
    }

    private static String first(Map<String, Object> lists, List<String> types) {
        for (var type : types) {
            var entries = Values.list(lists.get(type));
            if (!entries.isEmpty()) {
                return Values.text(entries.getFirst());
            }
        }
        return null;
    }

    private static Object single(String field, Object value, List<FieldProblem> problems) {
        if (value instanceof List<?> list) {
            if (list.size() > 1) {
                problems.add(new FieldProblem(field, "TOO_MANY_ENTRIES",
                        "Lexware takes one value here, the record has " + list.size()));
            }
            return list.isEmpty() ? null : list.getFirst();
        }
        return value;
    }

    private static void put(Map<String, Object> target, String key, Object value) {
        var text = value == null ? null : String.valueOf(value).strip();
        if (text == null || text.isEmpty()) {
            target.remove(key);
        } else {
            target.put(key, text);
        }
    }

    /** Replaces the first entry of the first non-empty list among the types (the one reading showed). */
    private static void setFirst(Map<String, Object> lists, List<String> types, Object value) {
        var text = value == null ? null : String.valueOf(value).strip();
        for (var type : types) {
            var entries = Values.list(lists.get(type));
            if (!entries.isEmpty()) {
                var copy = new ArrayList<>(entries);
                if (text == null || text.isEmpty()) {
                    copy.removeFirst();
                } else {
                    copy.set(0, text);
                }
                lists.put(type, copy);
                return;
            }
        }
        if (text != null && !text.isEmpty()) {
            lists.put(types.getFirst(), new ArrayList<>(List.of(text)));
        }
    }

    private static void billingAddress(Map<String, Object> contact, String field, Object value) {
        var addresses = child(contact, "addresses");
        var billing = new ArrayList<>(Values.list(addresses.get("billing")));
        if (billing.isEmpty()) {
            if (value == null) {
                return;
            }
            billing.add(new LinkedHashMap<String, Object>());
        }
        var first = new LinkedHashMap<>(Values.object(billing.getFirst()));
        put(first, field, value);
        billing.set(0, first);
        addresses.put("billing", billing);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> parent, String key) {
        var value = parent.get(key);
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        var created = new LinkedHashMap<String, Object>();
        parent.put(key, created);
        return created;
    }

    private static List<FieldProblem> tooManyEntries(Map<String, Object> contact) {
        var problems = new ArrayList<FieldProblem>();
        for (var path : LIST_FIELDS) {
            int size = Values.list(Values.at(contact, path)).size();
            if (size > 1) {
                problems.add(new FieldProblem(fieldOf(path), "TOO_MANY_ENTRIES",
                        "Lexware accepts one entry in " + path + " when a contact is written; this contact has "
                                + size + ". Remove the extra entries in Lexware first."));
            }
        }
        return problems;
    }

    private static String parent(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    private static Map<String, String> fieldsOfPaths() {
        var map = new LinkedHashMap<String, String>();
        map.put("company.name", "name");
        map.put("company.taxNumber", "taxNumber");
        map.put("company.vatRegistrationId", "vatRegistrationId");
        map.put("company.contactPersons.firstName", "firstName");
        map.put("company.contactPersons.lastName", "lastName");
        map.put("company.contactPersons.emailAddress", "email");
        map.put("company.contactPersons.phoneNumber", "phone");
        map.put("company.contactPersons", "contactPersons");
        map.put("person.salutation", "salutation");
        map.put("person.firstName", "firstName");
        map.put("person.lastName", "lastName");
        map.put("person", "lastName");
        map.put("emailAddresses", "email");
        map.put("phoneNumbers.mobile", "mobile");
        map.put("phoneNumbers", "phone");
        for (var field : ADDRESS_FIELDS) {
            map.put("addresses.billing." + field, field);
        }
        map.put("addresses.billing", "street");
        map.put("addresses.shipping", "shippingAddress");
        map.put("note", "note");
        return Map.copyOf(map);
    }
}
