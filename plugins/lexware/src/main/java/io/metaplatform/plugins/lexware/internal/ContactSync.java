package io.metaplatform.plugins.lexware.internal;

import io.metaplatform.plugins.api.ConflictException;
import io.metaplatform.plugins.api.ExternalRecord;
import io.metaplatform.plugins.api.ExternalRef;
import io.metaplatform.plugins.api.FieldProblem;
import io.metaplatform.plugins.api.LookupContext;
import io.metaplatform.plugins.api.ReadContext;
import io.metaplatform.plugins.api.RecordRejectedException;
import io.metaplatform.plugins.api.RetriableException;
import io.metaplatform.plugins.api.SearchContext;
import io.metaplatform.plugins.api.SyncMode;
import io.metaplatform.plugins.api.WriteContext;
import io.metaplatform.plugins.api.WriteOperation;
import io.metaplatform.plugins.api.WriteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code companies} and {@code contacts} streams. Lexware contacts have no updated date and
 * no modified-since filter, so every read is a full scan (250 per page) that emits everything;
 * the platform skips records whose version did not change. Writes follow Lexware's optimistic
 * locking: create with version 0, update by GET and PUT with the version.
 */
public final class ContactSync {

    static final int PAGE_SIZE = 250;
    private static final String PAGE = "page";

    private ContactSync() {
    }

    /** Scans all contacts, one checkpoint per page, and emits those belonging to the stream. */
    public static void read(ReadContext context) {
        var client = LexwareClient.of(context);
        var stream = context.stream().name();
        int page = context.mode() == SyncMode.INCREMENTAL
                ? Integer.parseInt(context.state().getOrDefault(PAGE, "0")) : 0;
        while (true) {
            context.throwIfCancelled();
            var response = client.get("/contacts" + LexwareClient.query(LexwareClient.parameters(
                    "page", page, "size", PAGE_SIZE)));
            if (!response.ok()) {
                throw LexwareClient.failure("GET /contacts", response);
            }
            var body = response.object();
            for (var item : Values.list(body.get("content"))) {
                emit(context, stream, Values.object(item));
            }
            boolean last = Values.isTrue(body.get("last")) || Values.list(body.get("content")).isEmpty();
            // The scan starts over after its last page: a contact has no date to resume from.
            context.sink().checkpoint(Map.of(PAGE, last ? "0" : String.valueOf(page + 1)));
            if (last) {
                return;
            }
            page++;
        }
    }

    /** One record of the stream by id, or empty when it does not exist or belongs to the other stream. */
    public static Optional<ExternalRecord> readOne(LookupContext context) {
        var client = LexwareClient.of(context);
        var id = context.externalId();
        int separator = id.indexOf(ContactMapping.CONTACT_PERSON);
        var contactId = separator < 0 ? id : id.substring(0, separator);
        var contact = client.getObjectOrNull("/contacts/" + contactId);
        if (contact == null) {
            return Optional.empty();
        }
        if (separator >= 0 && ContactMapping.isCompany(contact)) {
            // A position id from before contact persons had keys names the person there now, under the id asked for.
            var current = ContactMapping.contactPersonId(contact, id.substring(separator + ContactMapping.CONTACT_PERSON.length()));
            return current.flatMap(currentId -> recordsOf(context.stream().name(), contact).stream()
                    .filter(record -> record.externalId().equals(currentId)).findFirst()
                    .map(record -> new ExternalRecord(id, record.externalVersion(), record.fields())));
        }
        return recordsOf(context.stream().name(), contact).stream()
                .filter(record -> record.externalId().equals(id))
                .findFirst();
    }

    /** Creates or updates one Lexware contact (or a company's contact person). */
    public static WriteResult write(WriteContext context) {
        var client = LexwareClient.of(context);
        var record = context.record();
        boolean companies = context.stream().name().equals(LexwareStreams.COMPANIES);
        if (record.operation() == WriteOperation.CREATE) {
            return create(context, client, companies);
        }
        var externalId = record.externalId().orElseThrow();
        int separator = externalId.indexOf(ContactMapping.CONTACT_PERSON);
        var contactId = separator < 0 ? externalId : externalId.substring(0, separator);
        var current = client.getObjectOrNull("/contacts/" + contactId);
        if (current == null) {
            throw new RecordRejectedException("the Lexware contact " + contactId + " no longer exists",
                    List.of(new FieldProblem("record", "NOT_FOUND",
                            "the linked Lexware contact was not found")));
        }
        var currentVersion = ContactMapping.version(current);
        if (record.externalVersion().isPresent() && !record.externalVersion().get().equals(currentVersion)) {
            throw new ConflictException("the Lexware contact changed since version " + record.externalVersion().get());
        }
        var key = separator < 0 ? null : externalId.substring(separator + ContactMapping.CONTACT_PERSON.length());
        var position = key == null ? java.util.OptionalInt.empty()
                : ContactPersonKeys.indexOf(Values.list(Values.at(current, "company.contactPersons")), key);
        var problems = separator < 0
                ? ContactMapping.apply(current, record.fields())
                : ContactMapping.applyToContactPerson(current, key, record.fields());
        if (!problems.isEmpty()) {
            throw new RecordRejectedException("the record cannot be written to Lexware as it is", problems);
        }
        var response = client.put("/contacts/" + contactId, current);
        if (response.status() == 409) {
            throw new ConflictException("Lexware refused version " + currentVersion + " of contact " + contactId);
        }
        rejectIfInvalid(response);
        if (!response.ok()) {
            throw LexwareClient.failure("PUT /contacts/{id}", response);
        }
        // A contact person's id follows its name and e-mail: an update of either gives it a new one.
        var writtenId = position.isEmpty() ? externalId : ContactMapping.contactPersonIdAt(current, position.getAsInt());
        return WriteResult.of(writtenId, Values.text(response.object().get("version")));
    }

    /**
     * Searches Lexware contacts by the filters Lexware offers ({@code name} of at least three
     * characters, {@code email}, {@code number}, {@code customer}, {@code vendor}), all combined;
     * returns the matching records of the context's stream (company contacts for {@code companies},
     * person contacts for {@code contacts}) from one page of 250.
     */
    public static List<ExternalRecord> search(SearchContext context) {
        var stream = context.stream();
        var criteria = context.criteria();
        for (var key : criteria.keySet()) {
            if (!stream.searchCriteria().contains(key)) {
                throw new IllegalArgumentException("Lexware contacts cannot be searched by " + key + "; use "
                        + String.join(", ", stream.searchCriteria()));
            }
        }
        var name = criteria.get("name");
        if (name != null && name.strip().length() < 3) {
            throw new IllegalArgumentException("a name to search for needs at least 3 characters");
        }
        var given = criteria.entrySet().stream().filter(entry -> entry.getValue() != null && !entry.getValue().isBlank()).toList();
        if (given.isEmpty()) {
            throw new IllegalArgumentException("give at least one of " + String.join(", ", stream.searchCriteria()));
        }
        var parameters = LexwareClient.parameters("page", 0, "size", PAGE_SIZE);
        given.forEach(entry -> parameters.put(entry.getKey(), entry.getValue().strip()));
        var response = LexwareClient.of(context).get("/contacts" + LexwareClient.query(parameters));
        if (!response.ok()) {
            throw LexwareClient.failure("GET /contacts", response);
        }
        boolean companies = stream.name().equals(LexwareStreams.COMPANIES);
        var records = new ArrayList<ExternalRecord>();
        for (var item : Values.list(response.object().get("content"))) {
            var contact = Values.object(item);
            if (ContactMapping.isCompany(contact) == companies) {
                records.add(companies ? ContactMapping.company(contact) : ContactMapping.person(contact));
            }
        }
        return records;
    }

    private static WriteResult create(WriteContext context, LexwareClient client, boolean companies) {
        var record = context.record();
        var contact = ContactMapping.newContact(companies);
        var problems = ContactMapping.apply(contact, record.fields());
        if (!problems.isEmpty()) {
            throw new RecordRejectedException("the record cannot be written to Lexware as it is", problems);
        }
        var response = client.post("/contacts", contact);
        if (response.status() >= 500) {
            // The POST may have been carried out (Lexware answers 504 after 30 s): look before posting again.
            var existing = findCreated(client, contact);
            if (existing.isPresent()) {
                return existing.get();
            }
            context.logger().log(System.Logger.Level.INFO,
                    "Lexware answered " + response.status() + " to creating a contact and has none like it; posting once more");
            response = client.post("/contacts", contact);
        }
        rejectIfInvalid(response);
        if (!response.ok()) {
            throw LexwareClient.failure("POST /contacts", response);
        }
        return WriteResult.of(Values.text(response.object().get("id")), Values.text(response.object().get("version")));
    }

    /** The contact a timed-out POST may have created: the same name (and email, when given), if exactly one. */
    private static Optional<WriteResult> findCreated(LexwareClient client, Map<String, Object> posted) {
        var email = firstEmail(posted);
        var name = displayName(posted);
        var parameters = LexwareClient.parameters("page", 0, "size", PAGE_SIZE);
        if (email != null) {
            parameters.put("email", email);
        } else if (name.length() >= 3) {
            parameters.put("name", name);
        } else {
            throw new RetriableException("Lexware did not confirm creating a contact and it cannot be looked up; "
                    + "it is retried at the next push");
        }
        var response = client.get("/contacts" + LexwareClient.query(parameters));
        if (!response.ok()) {
            throw LexwareClient.failure("GET /contacts", response);
        }
        var matches = Values.list(response.object().get("content")).stream()
                .map(Values::object)
                .filter(contact -> displayName(contact).equalsIgnoreCase(name))
                .filter(contact -> email == null || email.equalsIgnoreCase(firstEmail(contact)))
                .toList();
        if (matches.size() > 1) {
            throw new RetriableException("Lexware did not confirm creating a contact and " + matches.size()
                    + " alike exist; link the record to one of them");
        }
        return matches.stream().findFirst()
                .map(contact -> WriteResult.of(ContactMapping.id(contact), ContactMapping.version(contact)));
    }

    private static void rejectIfInvalid(LexwareClient.Response response) {
        if (response.status() == 406 || response.status() == 400) {
            throw new RecordRejectedException("Lexware rejected the record (" + response.status() + ")",
                    LexwareErrors.problems(response, ContactMapping::fieldOf));
        }
    }

    private static void emit(ReadContext context, String stream, Map<String, Object> contact) {
        if (stream.equals(LexwareStreams.CONTACTS) && ContactMapping.isCompany(contact)) {
            // Links from before contact persons had stable keys move to the keys; then the company's persons
            // replace its earlier set, so a person removed in Lexware goes.
            ContactMapping.legacyContactPersonIds(contact).forEach((legacy, stable) -> context.sink().renamed(stream, legacy, stable));
            context.sink().replaceChildren(stream, new ExternalRef(LexwareStreams.COMPANIES, ContactMapping.id(contact)),
                    ContactMapping.contactPersons(contact));
            return;
        }
        for (var record : recordsOf(stream, contact)) {
            context.sink().record(record);
        }
    }

    private static List<ExternalRecord> recordsOf(String stream, Map<String, Object> contact) {
        boolean company = ContactMapping.isCompany(contact);
        if (stream.equals(LexwareStreams.COMPANIES)) {
            return company ? List.of(ContactMapping.company(contact)) : List.of();
        }
        return company ? ContactMapping.contactPersons(contact) : List.of(ContactMapping.person(contact));
    }

    private static String firstEmail(Map<String, Object> contact) {
        var lists = Values.object(contact.get("emailAddresses"));
        return ContactMapping.EMAIL_TYPES.stream()
                .map(type -> Values.list(lists.get(type)))
                .filter(list -> !list.isEmpty())
                .map(list -> Values.text(list.getFirst()))
                .filter(Objects::nonNull)
                .findFirst().orElse(null);
    }

    private static String displayName(Map<String, Object> contact) {
        var company = Values.text(Values.at(contact, "company.name"));
        if (company != null) {
            return company;
        }
        var first = Values.text(Values.at(contact, "person.firstName"));
        var last = Values.text(Values.at(contact, "person.lastName"));
        return ((first == null ? "" : first + " ") + (last == null ? "" : last)).strip();
    }
}
