package io.metaplatform.plugins.lexware.fake;

import io.metaplatform.plugins.api.Json;
import io.metaplatform.plugins.api.JsonException;
import io.metaplatform.plugins.testkit.FakeHttpServer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * An in-memory Lexware Office public API (reference: {@code external-apis.md} §1) on the JDK's
 * HTTP server, for tests. It behaves like the real API where the reference is sure (paging
 * envelope, filters, versions and 409, the three error body shapes, the 2 requests/s token
 * bucket per API key answering 429, the 10,000-result search window, date formats, amounts as
 * strings, event subscriptions and signed callbacks) and is configurable where it is not.
 */
public final class FakeLexware implements AutoCloseable {

    /** Lexware reads date filters as whole days in CET/CEST and writes date-times in that zone. */
    public static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static final String INTERNAL_ERROR = "{\"message\":\"Internal server error or rate limit exceeded\"}";
    private static final Set<String> VOUCHER_TYPES = Set.of("salesinvoice", "salescreditnote", "purchaseinvoice",
            "purchasecreditnote", "invoice", "downpaymentinvoice", "creditnote", "orderconfirmation", "quotation",
            "deliverynote");
    private static final Set<String> VOUCHER_STATUSES = Set.of("draft", "open", "paid", "paidoff", "voided",
            "transferred", "sepadebit", "overdue", "accepted", "rejected", "unchecked");
    private static final Map<String, String> DOCUMENT_ENDPOINTS = Map.of(
            "invoices", "invoice", "quotations", "quotation", "order-confirmations", "orderconfirmation",
            "credit-notes", "creditnote", "down-payment-invoices", "downpaymentinvoice", "delivery-notes", "deliverynote");
    private static final Pattern EVENT_TYPE = Pattern.compile(
            "contact\\.(created|changed|deleted)"
            + "|(invoice|credit-note|order-confirmation|quotation|down-payment-invoice|voucher|delivery-note)"
            + "\\.(created|changed|deleted|status\\.changed)"
            + "|(dunning|recurring-template|article)\\.(created|changed|deleted)|payment\\.changed|token\\.revoked");
    private static final List<String> LIST_FIELDS = List.of("addresses.billing", "addresses.shipping",
            "emailAddresses.business", "emailAddresses.office", "emailAddresses.private", "emailAddresses.other",
            "phoneNumbers.business", "phoneNumbers.office", "phoneNumbers.mobile", "phoneNumbers.private",
            "phoneNumbers.fax", "phoneNumbers.other", "company.contactPersons");

    /** Which body a contact validation failure (406) has; the reference says contacts use the IssueList. */
    public enum ErrorShape { ISSUE_LIST, REGULAR, BARE }

    /**
     * A fault injected into the next matching request.
     *
     * @param method     HTTP method to match, {@code *} for any
     * @param pathPrefix path below {@code /v1} to match by prefix, e.g. {@code /contacts}; {@code /} for any
     * @param status     status to answer with
     * @param body       body to answer with
     * @param perform    whether the request is carried out anyway (a 504 after the work was done)
     * @param headers    extra response headers (Lexware itself sends no {@code Retry-After})
     */
    public record Fault(String method, String pathPrefix, int status, String body, boolean perform,
                        Map<String, String> headers) {

        public Fault(String method, String pathPrefix, int status, String body, boolean perform) {
            this(method, pathPrefix, status, body, perform, Map.of());
        }

        boolean matches(String requestMethod, String path) {
            return (method.equals("*") || method.equals(requestMethod)) && path.startsWith(pathPrefix);
        }
    }

    /** One request as the fake saw it. */
    public record Request(Instant at, String apiKey, String method, String path, int status) {
    }

    /** A webhook callback as Lexware would send it: the raw body and its {@code X-Lxo-Signature}. */
    public record SignedEvent(byte[] body, String signature) {
    }

    /** One key pair for every fake of the test JVM: generating RSA keys is slow. */
    private static final class SigningKeys {
        static final KeyPair PAIR = generate();

        private static KeyPair generate() {
            try {
                var generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                return generator.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final FakeHttpServer server;
    private final String organizationId = UUID.randomUUID().toString();
    private final KeyPair signingKeys;
    private final Set<String> apiKeys = new HashSet<>();
    private final Map<String, Map<String, Object>> contacts = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> vouchers = new LinkedHashMap<>();
    private final Set<String> stringAmountVouchers = new HashSet<>();
    private final Map<String, Map<String, Object>> subscriptions = new LinkedHashMap<>();
    private final Map<String, double[]> buckets = new HashMap<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final List<Request> requests = new ArrayList<>();
    private final Random random = new Random(42);
    private double permitsPerSecond = 2;
    private int searchWindow = 10_000;
    private double randomFailureRate;
    private ErrorShape contactErrorShape = ErrorShape.ISSUE_LIST;
    private long nextCustomerNumber = 10_000;
    private long nextVendorNumber = 70_000;

    private FakeLexware(String apiKey) {
        apiKeys.add(apiKey);
        signingKeys = SigningKeys.PAIR;
        server = FakeHttpServer.start().fallback(this::handle);
    }

    /** Starts a fake accepting the given API key, with the real limits (2 requests/s, 10,000-result window). */
    public static FakeLexware start(String apiKey) {
        return new FakeLexware(apiKey);
    }

    /** The base URL to configure, ending in {@code /v1}. */
    public String baseUrl() {
        return server.baseUrl() + "/v1";
    }

    public String organizationId() {
        return organizationId;
    }

    // ---- configuration and fault injection -------------------------------------------------------

    public synchronized FakeLexware acceptKey(String apiKey) {
        apiKeys.add(apiKey);
        return this;
    }

    /** Simulates a revoked key: it is answered with 401 from now on. */
    public synchronized FakeLexware revokeKey(String apiKey) {
        apiKeys.remove(apiKey);
        return this;
    }

    /** Changes the token bucket's rate (and burst) per key; tests that are not about limits speed up with it. */
    public synchronized FakeLexware permitsPerSecond(double value) {
        permitsPerSecond = value;
        buckets.clear();
        return this;
    }

    /** Changes the search window (10,000 in the real API): offsets at or beyond it are refused, totals capped at it. */
    public synchronized FakeLexware searchWindow(int value) {
        searchWindow = value;
        return this;
    }

    /** Answers this share of requests with 500 "Internal server error or rate limit exceeded" (seeded, repeatable). */
    public synchronized FakeLexware randomFailures(double rate) {
        randomFailureRate = rate;
        return this;
    }

    public synchronized FakeLexware contactErrorShape(ErrorShape shape) {
        contactErrorShape = shape;
        return this;
    }

    /** Queues a fault for the next request matching it. */
    public synchronized FakeLexware inject(Fault fault) {
        faults.add(fault);
        return this;
    }

    /** A 504 after the POST's work was done, as when the gateway times out after 30 s. */
    public FakeLexware timeoutAfterPost(String pathPrefix) {
        return inject(new Fault("POST", pathPrefix, 504, "{\"message\":\"Gateway Timeout\"}", true));
    }

    // ---- seeding and inspection ------------------------------------------------------------------

    /** Stores a contact as given (bypassing write validation, so it may have several entries per list); returns its id. */
    public synchronized String seedContact(Map<String, Object> contact) {
        var stored = deepCopy(contact);
        var id = (String) stored.computeIfAbsent("id", key -> UUID.randomUUID().toString());
        stored.put("organizationId", organizationId);
        stored.putIfAbsent("version", new BigDecimal(1));
        stored.putIfAbsent("archived", false);
        assignNumbers(stored, Map.of());
        contacts.put(id, stored);
        return id;
    }

    /** A company contact with a customer role and one business email address; returns its id. */
    public String seedCompany(String name, String email) {
        var contact = new LinkedHashMap<String, Object>();
        contact.put("roles", new LinkedHashMap<>(Map.of("customer", new LinkedHashMap<>())));
        contact.put("company", new LinkedHashMap<>(Map.of("name", name)));
        if (email != null) {
            contact.put("emailAddresses", new LinkedHashMap<>(Map.of("business", new ArrayList<>(List.of(email)))));
        }
        return seedContact(contact);
    }

    /** A person contact with a customer role; returns its id. */
    public String seedPerson(String firstName, String lastName) {
        var contact = new LinkedHashMap<String, Object>();
        contact.put("roles", new LinkedHashMap<>(Map.of("customer", new LinkedHashMap<>())));
        contact.put("person", new LinkedHashMap<>(Map.of("salutation", "Frau", "firstName", firstName, "lastName", lastName)));
        return seedContact(contact);
    }

    /** The stored contact, as {@code GET /contacts/{id}} would return it, or {@code null}. */
    public synchronized Map<String, Object> contact(String id) {
        var contact = contacts.get(id);
        return contact == null ? null : deepCopy(contact);
    }

    public synchronized int contactCount() {
        return contacts.size();
    }

    /**
     * A line of a seeded voucher.
     *
     * @param name       line text
     * @param quantity   quantity
     * @param unitNet    net unit price
     * @param taxPercent tax rate in percent
     */
    public record Line(String name, String quantity, String unitNet, String taxPercent) {
    }

    /**
     * Stores a voucher document of a type ({@code invoice}, {@code quotation},
     * {@code orderconfirmation}, {@code creditnote}) with totals computed from its lines; returns its id.
     *
     * @param amountsAsStrings whether the document and its voucherlist item carry amounts as JSON strings
     */
    public synchronized String seedVoucher(String voucherType, String status, String number, String contactId,
                                           LocalDate voucherDate, Instant updated, List<Line> lines,
                                           boolean amountsAsStrings) {
        var id = UUID.randomUUID().toString();
        var document = new LinkedHashMap<String, Object>();
        document.put("id", id);
        document.put("organizationId", organizationId);
        document.put("createdDate", format(updated));
        document.put("updatedDate", format(updated));
        document.put("version", new BigDecimal(1));
        document.put("language", "de");
        document.put("archived", false);
        document.put("voucherStatus", status);
        document.put("voucherNumber", number);
        document.put("voucherDate", format(voucherDate.atStartOfDay(BERLIN).toInstant()));
        if (!voucherType.equals("quotation")) {
            document.put("dueDate", format(voucherDate.plusDays(14).atStartOfDay(BERLIN).toInstant()));
        } else {
            document.put("expirationDate", format(voucherDate.plusDays(30).atStartOfDay(BERLIN).toInstant()));
        }
        var address = new LinkedHashMap<String, Object>();
        var contact = contactId == null ? null : contacts.get(contactId);
        if (contact != null) {
            address.put("contactId", contactId);
        }
        address.put("name", contact == null ? "Einmalkunde" : displayName(contact));
        address.put("countryCode", "DE");
        document.put("address", address);
        var lineItems = new ArrayList<Object>();
        var net = BigDecimal.ZERO;
        var tax = BigDecimal.ZERO;
        for (var line : lines) {
            var quantity = new BigDecimal(line.quantity());
            var unitNet = new BigDecimal(line.unitNet());
            var rate = new BigDecimal(line.taxPercent());
            var lineNet = quantity.multiply(unitNet).setScale(2, RoundingMode.HALF_UP);
            var unitGross = unitNet.add(unitNet.multiply(rate).movePointLeft(2)).setScale(2, RoundingMode.HALF_UP);
            net = net.add(lineNet);
            tax = tax.add(lineNet.multiply(rate).movePointLeft(2).setScale(2, RoundingMode.HALF_UP));
            var unitPrice = new LinkedHashMap<String, Object>();
            unitPrice.put("currency", "EUR");
            unitPrice.put("netAmount", amount(unitNet, amountsAsStrings));
            unitPrice.put("grossAmount", amount(unitGross, amountsAsStrings));
            unitPrice.put("taxRatePercentage", rate);
            var item = new LinkedHashMap<String, Object>();
            item.put("id", UUID.randomUUID().toString());
            item.put("type", "custom");
            item.put("name", line.name());
            item.put("quantity", quantity);
            item.put("unitName", "Stück");
            item.put("unitPrice", unitPrice);
            item.put("discountPercentage", BigDecimal.ZERO);
            item.put("lineItemAmount", amount(lineNet, amountsAsStrings));
            lineItems.add(item);
        }
        document.put("lineItems", lineItems);
        var totalPrice = new LinkedHashMap<String, Object>();
        totalPrice.put("currency", "EUR");
        totalPrice.put("totalNetAmount", amount(net, amountsAsStrings));
        totalPrice.put("totalGrossAmount", amount(net.add(tax), amountsAsStrings));
        totalPrice.put("totalTaxAmount", amount(tax, amountsAsStrings));
        document.put("totalPrice", totalPrice);
        document.put("taxConditions", new LinkedHashMap<>(Map.of("taxType", "net")));
        document.put("title", "Rechnung");
        document.put("remark", "Vielen Dank");
        document.put("_voucherType", voucherType);
        vouchers.put(id, document);
        if (amountsAsStrings) {
            stringAmountVouchers.add(id);
        }
        return id;
    }

    /** Changes a voucher's status and moves its updated date. */
    public synchronized void updateVoucher(String id, String status, Instant updated) {
        var document = vouchers.get(id);
        document.put("voucherStatus", status);
        document.put("updatedDate", format(updated));
        document.put("version", FakeValues.decimal(document.get("version")).add(BigDecimal.ONE));
    }

    /**
     * Replaces a company's contact persons (as editing the company in the web app does: add, remove, reorder),
     * raising its version.
     */
    public synchronized void setContactPersons(String id, List<Map<String, Object>> persons) {
        var contact = contacts.get(id);
        @SuppressWarnings("unchecked")
        var company = (Map<String, Object>) contact.get("company");
        var copies = new ArrayList<Object>();
        persons.forEach(person -> copies.add(deepCopy(person)));
        company.put("contactPersons", copies);
        contact.put("version", FakeValues.decimal(contact.get("version")).add(BigDecimal.ONE));
    }

    /**
     * Deletes a contact, as a Lexware user can in the web app (the public API has no DELETE): it no longer
     * appears in lists and {@code GET /contacts/{id}} answers 404. Returns whether it existed.
     */
    public synchronized boolean deleteContact(String id) {
        return contacts.remove(id) != null;
    }

    /**
     * Deletes a voucher, as a Lexware user can delete a draft in the web app: it leaves the voucherlist and
     * its document answers 404. Returns whether it existed.
     */
    public synchronized boolean deleteVoucher(String id) {
        stringAmountVouchers.remove(id);
        return vouchers.remove(id) != null;
    }

    /**
     * Removes the line at {@code index} (0-based) from a voucher, as editing a draft does: the version goes up
     * and the updated date moves to {@code updated}. Totals are left as they were.
     */
    public synchronized void removeVoucherLine(String id, int index, Instant updated) {
        var document = vouchers.get(id);
        ((List<?>) document.get("lineItems")).remove(index);
        document.put("updatedDate", format(updated));
        document.put("version", FakeValues.decimal(document.get("version")).add(BigDecimal.ONE));
    }

    /** The ids of the stored vouchers of a type ({@code invoice}, {@code quotation}, ...). */
    public synchronized Set<String> voucherIds(String voucherType) {
        var ids = new LinkedHashSet<String>();
        vouchers.forEach((id, document) -> {
            if (voucherType.equals(document.get("_voucherType"))) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** Every stored contact, companies and persons, as GET would return them. */
    public synchronized List<Map<String, Object>> contacts() {
        return contacts.values().stream().map(FakeLexware::deepCopy).toList();
    }

    /** Every request received so far, in arrival order. */
    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** How many requests were answered with this status. */
    public synchronized long count(int status) {
        return requests.stream().filter(request -> request.status() == status).count();
    }

    /** How many requests matched method and path prefix (whatever their answer). */
    public synchronized long count(String method, String pathPrefix) {
        return requests.stream()
                .filter(request -> request.method().equals(method) && request.path().startsWith(pathPrefix))
                .count();
    }

    /** The most requests of one key that arrived within any one second. */
    public synchronized int maxRequestsPerSecond(String apiKey) {
        var times = requests.stream().filter(request -> apiKey.equals(request.apiKey())).map(Request::at).toList();
        int max = 0;
        int start = 0;
        for (int end = 0; end < times.size(); end++) {
            while (times.get(start).plusSeconds(1).compareTo(times.get(end)) <= 0) {
                start++;
            }
            max = Math.max(max, end - start + 1);
        }
        return max;
    }

    /** The event subscriptions as {@code GET /event-subscriptions} lists them. */
    public synchronized List<Map<String, Object>> subscriptions() {
        return subscriptions.values().stream().map(FakeLexware::deepCopy).toList();
    }

    /** The public key that verifies {@link #event} signatures, PEM encoded (X.509 SubjectPublicKeyInfo). */
    public String publicKeyPem() {
        var base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(signingKeys.getPublic().getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
    }

    /** A callback body for an event, signed with this fake's key like Lexware signs its callbacks. */
    public SignedEvent event(String eventType, String resourceId) {
        var body = new LinkedHashMap<String, Object>();
        body.put("organizationId", organizationId);
        body.put("eventType", eventType);
        body.put("resourceId", resourceId);
        body.put("eventDate", format(Instant.now()));
        var bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        try {
            var signature = Signature.getInstance("SHA512withRSA");
            signature.initSign(signingKeys.getPrivate());
            signature.update(bytes);
            return new SignedEvent(bytes, Base64.getEncoder().encodeToString(signature.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }

    // ---- request handling ------------------------------------------------------------------------

    private record Response(int status, String body, Map<String, String> headers) {

        Response(int status, String body) {
            this(status, body, Map.of());
        }
    }

    private FakeHttpServer.Response handle(FakeHttpServer.Request request) {
        var arrived = Instant.now();
        if (!request.path().startsWith("/v1/")) {
            return FakeHttpServer.Response.text(404, "text/plain", "not found");
        }
        var path = request.path().substring("/v1".length());
        var apiKey = bearer(request.header("Authorization").orElse(null));
        Response response;
        synchronized (this) {
            response = respond(request.method(), path, request.query(), request.bodyText(), apiKey,
                    request.header("Content-Type").orElse(null));
            requests.add(new Request(arrived, apiKey, request.method(), path, response.status()));
        }
        var bytes = response.body() == null ? new byte[0] : response.body().getBytes(StandardCharsets.UTF_8);
        var headers = new LinkedHashMap<String, String>();
        if (bytes.length > 0) {
            headers.put("Content-Type", "application/json;charset=UTF-8");
        }
        headers.putAll(response.headers());
        return new FakeHttpServer.Response(response.status(), headers, bytes);
    }

    private Response respond(String method, String path, Map<String, String> query, String body, String apiKey,
                             String contentType) {
        if (apiKey == null || !apiKeys.contains(apiKey)) {
            return new Response(401, "{\"message\":\"Unauthorized\"}");
        }
        if (!takePermit(apiKey)) {
            return new Response(429, "{\"message\":\"Too Many Requests\"}");
        }
        if (randomFailureRate > 0 && random.nextDouble() < randomFailureRate) {
            return new Response(500, INTERNAL_ERROR);
        }
        var fault = takeFault(method, path);
        if (fault != null && !fault.perform()) {
            return new Response(fault.status(), fault.body(), fault.headers());
        }
        if (("POST".equals(method) || "PUT".equals(method))
                && (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json"))) {
            return regular(415, "Unsupported Media Type", path, "Content type not supported", List.of());
        }
        Response response;
        try {
            response = route(method, path, query, body);
        } catch (IllegalArgumentException e) {
            response = regular(400, "Bad Request", path, e.getMessage(), List.of());
        }
        return fault != null ? new Response(fault.status(), fault.body(), fault.headers()) : response;
    }

    private Response route(String method, String path, Map<String, String> query, String body) {
        var segments = path.substring(1).split("/");
        var collection = segments[0];
        var id = segments.length > 1 ? segments[1] : null;
        if (segments.length > 2) {
            return notFound(path);
        }
        return switch (collection) {
            case "contacts" -> switch (method) {
                case "GET" -> id == null ? listContacts(query, path) : getContact(id, path);
                case "POST" -> id == null ? createContact(body, path) : notAllowed(path);
                case "PUT" -> id == null ? notAllowed(path) : updateContact(id, body, path);
                default -> notAllowed(path);
            };
            case "voucherlist" -> "GET".equals(method) && id == null ? voucherList(query, path) : notAllowed(path);
            case "event-subscriptions" -> switch (method) {
                case "GET" -> id == null ? listSubscriptions() : getSubscription(id, path);
                case "POST" -> id == null ? createSubscription(body, path) : notAllowed(path);
                case "DELETE" -> id == null ? notAllowed(path) : deleteSubscription(id, path);
                default -> notAllowed(path);
            };
            default -> DOCUMENT_ENDPOINTS.containsKey(collection) && id != null && "GET".equals(method)
                    ? getDocument(DOCUMENT_ENDPOINTS.get(collection), id, path)
                    : notFound(path);
        };
    }

    // ---- contacts --------------------------------------------------------------------------------

    private Response listContacts(Map<String, String> query, String path) {
        Predicate<Map<String, Object>> filter = contact -> true;
        var email = htmlDecoded(query.get("email"));
        if (email != null) {
            filter = filter.and(contact -> emails(contact).stream().anyMatch(email::equalsIgnoreCase));
        }
        var name = htmlDecoded(query.get("name"));
        if (name != null) {
            if (name.length() < 3) {
                return regular(400, "Bad Request", path, "name must have at least 3 characters", List.of());
            }
            var pattern = likePattern(name);
            filter = filter.and(contact -> pattern.matcher(displayName(contact)).find());
        }
        var number = query.get("number");
        if (number != null) {
            filter = filter.and(contact -> number.equals(roleNumber(contact, "customer"))
                    || number.equals(roleNumber(contact, "vendor")));
        }
        for (var role : List.of("customer", "vendor")) {
            var wanted = query.get(role);
            if (wanted != null) {
                boolean has = Boolean.parseBoolean(wanted);
                filter = filter.and(contact -> FakeValues.object(contact.get("roles")).containsKey(role) == has);
            }
        }
        var matching = contacts.values().stream().filter(filter).map(FakeLexware::deepCopy).map(c -> (Object) c).toList();
        return page(matching, query, path, "name");
    }

    private Response getContact(String id, String path) {
        var contact = contacts.get(id);
        return contact == null ? notFound(path) : ok(contact);
    }

    private Response createContact(String body, String path) {
        var contact = FakeValues.object(parse(body));
        var problems = validateContact(contact);
        var version = FakeValues.decimal(contact.get("version"));
        if (version == null || version.signum() != 0) {
            problems.addFirst(issue("invalid_value", "version"));
        }
        if (!problems.isEmpty()) {
            return contactRejected(problems, path);
        }
        var stored = new LinkedHashMap<>(contact);
        var id = UUID.randomUUID().toString();
        stored.put("id", id);
        stored.put("organizationId", organizationId);
        stored.put("version", new BigDecimal(1));
        stored.putIfAbsent("archived", false);
        assignNumbers(stored, Map.of());
        contacts.put(id, stored);
        return new Response(200, Json.write(created(id, "contacts", 1)));
    }

    private Response updateContact(String id, String body, String path) {
        var existing = contacts.get(id);
        if (existing == null) {
            return notFound(path);
        }
        var contact = FakeValues.object(parse(body));
        var version = FakeValues.decimal(contact.get("version"));
        if (version == null) {
            return contactRejected(new ArrayList<>(List.of(issue("missing_entity", "version"))), path);
        }
        if (version.compareTo(FakeValues.decimal(existing.get("version"))) != 0) {
            return regular(409, "Conflict", path, "Die Ressource wurde zwischenzeitlich geändert.", List.of());
        }
        var problems = validateContact(contact);
        if (!problems.isEmpty()) {
            return contactRejected(problems, path);
        }
        var stored = new LinkedHashMap<>(contact);
        stored.put("id", id);
        stored.put("organizationId", organizationId);
        int next = version.intValue() + 1;
        stored.put("version", new BigDecimal(next));
        stored.putIfAbsent("archived", false);
        assignNumbers(stored, existing);
        contacts.put(id, stored);
        return new Response(200, Json.write(created(id, "contacts", next)));
    }

    private List<Map<String, Object>> validateContact(Map<String, Object> contact) {
        var problems = new ArrayList<Map<String, Object>>();
        var roles = FakeValues.object(contact.get("roles"));
        if (!roles.containsKey("customer") && !roles.containsKey("vendor")) {
            problems.add(issue("missing_entity", "roles"));
        }
        boolean company = contact.get("company") instanceof Map;
        boolean person = contact.get("person") instanceof Map;
        if (company && person) {
            problems.add(issue("invalid_value", "company"));
        } else if (!company && !person) {
            problems.add(issue("missing_entity", "person"));
        } else if (company && FakeValues.text(FakeValues.at(contact, "company.name")) == null) {
            problems.add(issue("missing_entity", "company.name"));
        } else if (person && FakeValues.text(FakeValues.at(contact, "person.lastName")) == null) {
            problems.add(issue("missing_entity", "person.lastName"));
        }
        for (var field : LIST_FIELDS) {
            if (FakeValues.list(FakeValues.at(contact, field)).size() > 1) {
                problems.add(issue("too_many_entries", field));
            }
        }
        for (var type : List.of("business", "office", "private", "other")) {
            var addresses = FakeValues.list(FakeValues.at(contact, "emailAddresses." + type));
            for (int i = 0; i < addresses.size(); i++) {
                var address = FakeValues.text(addresses.get(i));
                if (address == null || !address.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                    problems.add(issue("invalid_value", "emailAddresses." + type + "[" + i + "]"));
                }
            }
        }
        for (var kind : List.of("billing", "shipping")) {
            for (var address : FakeValues.list(FakeValues.at(contact, "addresses." + kind))) {
                var country = FakeValues.text(FakeValues.object(address).get("countryCode"));
                if (country == null || !country.matches("[A-Z]{2}")) {
                    problems.add(issue("invalid_value", "addresses." + kind + "[0].countryCode"));
                }
            }
        }
        return problems;
    }

    private Response contactRejected(List<Map<String, Object>> issues, String path) {
        return switch (contactErrorShape) {
            case ISSUE_LIST -> new Response(406, Json.write(Map.of("IssueList", issues)));
            case REGULAR -> regular(406, "Not Acceptable", path, "Validation failed for request.", issues.stream()
                    .map(issue -> (Object) detail("NOTVALID", (String) issue.get("source"), (String) issue.get("i18nKey")))
                    .toList());
            case BARE -> new Response(406, Json.write(Map.of("message",
                    "Validierung fehlgeschlagen: " + issues.getFirst().get("source"))));
        };
    }

    private void assignNumbers(Map<String, Object> contact, Map<String, Object> previous) {
        var roles = FakeValues.object(contact.get("roles"));
        var previousRoles = FakeValues.object(previous.get("roles"));
        var assigned = new LinkedHashMap<String, Object>();
        for (var role : List.of("customer", "vendor")) {
            if (!roles.containsKey(role)) {
                continue;
            }
            var number = FakeValues.object(previousRoles.get(role)).get("number");
            if (number == null) {
                number = FakeValues.object(roles.get(role)).get("number");
            }
            if (number == null) {
                number = new BigDecimal(role.equals("customer") ? nextCustomerNumber++ : nextVendorNumber++);
            }
            assigned.put(role, new LinkedHashMap<>(Map.of("number", number)));
        }
        contact.put("roles", assigned);
    }

    // ---- vouchers --------------------------------------------------------------------------------

    private Response voucherList(Map<String, String> query, String path) {
        var types = query.get("voucherType");
        var statuses = query.get("voucherStatus");
        if (types == null || statuses == null) {
            return regular(400, "Bad Request", path, "Required request parameter '"
                    + (types == null ? "voucherType" : "voucherStatus") + "' is not present", List.of());
        }
        var typeSet = Set.copyOf(List.of(types.split(",")));
        var statusSet = Set.copyOf(List.of(statuses.split(",")));
        if (!typeSet.equals(Set.of("any")) && !VOUCHER_TYPES.containsAll(typeSet)) {
            return regular(400, "Bad Request", path, "invalid voucherType " + types, List.of());
        }
        if (!statusSet.equals(Set.of("any")) && !VOUCHER_STATUSES.containsAll(statusSet)) {
            return regular(400, "Bad Request", path, "invalid voucherStatus " + statuses, List.of());
        }
        if (statusSet.contains("overdue") && statusSet.size() > 1) {
            return regular(400, "Bad Request", path, "voucherStatus overdue cannot be combined with other statuses", List.of());
        }
        Predicate<Map<String, Object>> filter = item -> (typeSet.contains("any") || typeSet.contains((String) item.get("voucherType")))
                && (statusSet.contains("any") || statusSet.contains((String) item.get("voucherStatus"))
                    || statusSet.contains("overdue") && isOverdue(item));
        for (var field : List.of("updatedDate", "createdDate", "voucherDate")) {
            var from = day(query.get(field + "From"), field + "From");
            var to = day(query.get(field + "To"), field + "To");
            filter = filter.and(item -> inDays(item.get(field), from, to));
        }
        var contactId = query.get("contactId");
        if (contactId != null) {
            filter = filter.and(item -> contactId.equals(item.get("contactId")));
        }
        var voucherNumber = query.get("voucherNumber");
        if (voucherNumber != null) {
            filter = filter.and(item -> voucherNumber.equals(item.get("voucherNumber")));
        }
        var archived = query.get("archived");
        if (archived != null) {
            filter = filter.and(item -> Boolean.parseBoolean(archived) == FakeValues.isTrue(item.get("archived")));
        }
        var items = vouchers.values().stream().map(this::listItem).filter(filter).map(item -> (Object) item).toList();
        return page(items, query, path, "voucherDate");
    }

    private Map<String, Object> listItem(Map<String, Object> document) {
        boolean strings = stringAmountVouchers.contains((String) document.get("id"));
        var total = FakeValues.decimal(FakeValues.at(document, "totalPrice.totalGrossAmount"));
        var status = (String) document.get("voucherStatus");
        var item = new LinkedHashMap<String, Object>();
        item.put("id", document.get("id"));
        item.put("voucherType", document.get("_voucherType"));
        item.put("voucherStatus", status);
        item.put("voucherNumber", document.get("voucherNumber"));
        item.put("voucherDate", document.get("voucherDate"));
        item.put("createdDate", document.get("createdDate"));
        item.put("updatedDate", document.get("updatedDate"));
        item.put("dueDate", document.get("dueDate"));
        item.put("contactId", FakeValues.at(document, "address.contactId"));
        item.put("contactName", FakeValues.at(document, "address.name"));
        item.put("totalAmount", amount(total, strings));
        item.put("openAmount", switch (status) {
            case "draft" -> null;
            case "open" -> amount(total, strings);
            default -> amount(BigDecimal.ZERO.setScale(2), strings);
        });
        item.put("currency", "EUR");
        item.put("archived", document.get("archived"));
        return item;
    }

    private Response getDocument(String voucherType, String id, String path) {
        var document = vouchers.get(id);
        if (document == null || !voucherType.equals(document.get("_voucherType"))) {
            return notFound(path);
        }
        var copy = deepCopy(document);
        copy.remove("_voucherType");
        return ok(copy);
    }

    private static boolean isOverdue(Map<String, Object> item) {
        var due = FakeValues.date(item.get("dueDate"));
        return "open".equals(item.get("voucherStatus")) && due != null && due.isBefore(LocalDate.now(BERLIN));
    }

    private static LocalDate day(String value, String parameter) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(parameter + " must be a date yyyy-MM-dd");
        }
    }

    private static boolean inDays(Object dateTime, LocalDate from, LocalDate to) {
        if (from == null && to == null) {
            return true;
        }
        var text = FakeValues.text(dateTime);
        if (text == null) {
            return false;
        }
        var day = OffsetDateTime.parse(text, FakeValues.DATE_TIME).atZoneSameInstant(BERLIN).toLocalDate();
        return (from == null || !day.isBefore(from)) && (to == null || !day.isAfter(to));
    }

    // ---- event subscriptions ---------------------------------------------------------------------

    private Response listSubscriptions() {
        return ok(Map.of("content", List.copyOf(subscriptions.values())));
    }

    private Response getSubscription(String id, String path) {
        var subscription = subscriptions.get(id);
        return subscription == null ? notFound(path) : ok(subscription);
    }

    private Response createSubscription(String body, String path) {
        var request = FakeValues.object(parse(body));
        var eventType = FakeValues.text(request.get("eventType"));
        var callbackUrl = FakeValues.text(request.get("callbackUrl"));
        var details = new ArrayList<Object>();
        if (eventType == null || !EVENT_TYPE.matcher(eventType).matches()) {
            details.add(detail("NOTVALID", "eventType", "unbekannter Ereignistyp"));
        }
        if (callbackUrl == null || !callbackUrl.startsWith("https://")) {
            details.add(detail("NOTVALID", "callbackUrl", "muss eine HTTPS-URL sein"));
        }
        if (!details.isEmpty()) {
            return regular(406, "Not Acceptable", path, "Validation failed for request.", details);
        }
        boolean duplicate = subscriptions.values().stream()
                .anyMatch(s -> eventType.equals(s.get("eventType")) && callbackUrl.equals(s.get("callbackUrl")));
        if (duplicate) {
            return regular(409, "Conflict", path, "subscription already exists", List.of());
        }
        var id = UUID.randomUUID().toString();
        var subscription = new LinkedHashMap<String, Object>();
        subscription.put("subscriptionId", id);
        subscription.put("organizationId", organizationId);
        subscription.put("createdDate", format(Instant.now()));
        subscription.put("eventType", eventType);
        subscription.put("callbackUrl", callbackUrl);
        subscriptions.put(id, subscription);
        return new Response(200, Json.write(created(id, "event-subscriptions", 0)));
    }

    private Response deleteSubscription(String id, String path) {
        return subscriptions.remove(id) == null ? notFound(path) : new Response(204, null);
    }

    // ---- shared helpers --------------------------------------------------------------------------

    private boolean takePermit(String apiKey) {
        var now = System.nanoTime();
        var bucket = buckets.computeIfAbsent(apiKey, key -> new double[] {permitsPerSecond, now});
        double burst = Math.max(1, permitsPerSecond);
        bucket[0] = Math.min(burst, bucket[0] + (now - bucket[1]) / 1e9 * permitsPerSecond);
        bucket[1] = now;
        if (bucket[0] < 1) {
            return false;
        }
        bucket[0] -= 1;
        return true;
    }

    private Fault takeFault(String method, String path) {
        for (var iterator = faults.iterator(); iterator.hasNext(); ) {
            var fault = iterator.next();
            if (fault.matches(method, path)) {
                iterator.remove();
                return fault;
            }
        }
        return null;
    }

    private Response page(List<Object> all, Map<String, String> query, String path, String defaultSort) {
        int page = integer(query.get("page"), 0, "page");
        int size = Math.min(integer(query.get("size"), 25, "size"), 250);
        if (size < 1 || page < 0) {
            return regular(400, "Bad Request", path, "page and size must be positive", List.of());
        }
        // Lexware caps the search window at 10,000 results: with 250 a page, page 40 is the first refused.
        if ((long) page * size >= searchWindow) {
            return regular(400, "Bad Request", path, "Maximum search window size exceeded", List.of());
        }
        var sort = query.getOrDefault("sort", defaultSort + ",ASC").split(",");
        var property = sort[0];
        boolean descending = sort.length > 1 && "DESC".equalsIgnoreCase(sort[1]);
        var keyed = new ArrayList<Map.Entry<String, Object>>();
        all.forEach(item -> keyed.add(Map.entry(sortKey(item, property), item)));
        Comparator<Map.Entry<String, Object>> order = Map.Entry.comparingByKey();
        keyed.sort(descending ? order.reversed() : order);
        var sorted = keyed.stream().map(Map.Entry::getValue).toList();
        int total = Math.min(sorted.size(), searchWindow);
        int from = Math.min(page * size, total);
        int to = Math.min(from + size, total);
        int totalPages = (total + size - 1) / size;
        var envelope = new LinkedHashMap<String, Object>();
        envelope.put("content", sorted.subList(from, to));
        envelope.put("first", page == 0);
        envelope.put("last", page >= totalPages - 1);
        envelope.put("totalPages", totalPages);
        envelope.put("totalElements", total);
        envelope.put("numberOfElements", to - from);
        envelope.put("size", size);
        envelope.put("number", page);
        envelope.put("sort", List.of(Map.of("property", property, "direction", descending ? "DESC" : "ASC",
                "ignoreCase", false, "nullHandling", "NATIVE", "ascending", !descending, "descending", descending)));
        return ok(envelope);
    }

    private static String sortKey(Object item, String property) {
        var map = FakeValues.object(item);
        if (property.equals("name")) {
            return displayName(map).toLowerCase(Locale.ROOT) + map.get("id");
        }
        var value = FakeValues.text(map.get(property));
        if (value != null && value.length() == 29 && value.charAt(10) == 'T') {
            value = OffsetDateTime.parse(value, FakeValues.DATE_TIME).toInstant().toString();
        }
        return (value == null ? "" : value) + map.get("id");
    }

    private static int integer(String value, int fallback, String parameter) {
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(parameter + " must be a number");
        }
    }

    private static Object parse(String body) {
        try {
            return Json.parse(body).toJava();
        } catch (JsonException e) {
            throw new IllegalArgumentException("JSON parse error");
        }
    }

    private Map<String, Object> created(String id, String collection, int version) {
        var now = format(Instant.now());
        var result = new LinkedHashMap<String, Object>();
        result.put("id", id);
        result.put("resourceUri", "https://api.lexware.io/v1/" + collection + "/" + id);
        result.put("createdDate", now);
        result.put("updatedDate", now);
        result.put("version", version);
        return result;
    }

    private static Map<String, Object> issue(String i18nKey, String source) {
        var issue = new LinkedHashMap<String, Object>();
        issue.put("i18nKey", i18nKey);
        issue.put("source", source);
        issue.put("type", "validation_failure");
        issue.put("additionalData", null);
        issue.put("args", null);
        return issue;
    }

    private static Map<String, Object> detail(String violation, String field, String message) {
        var detail = new LinkedHashMap<String, Object>();
        detail.put("violation", violation);
        detail.put("field", field);
        detail.put("message", message);
        return detail;
    }

    private static Response regular(int status, String error, String path, String message, List<Object> details) {
        var body = new LinkedHashMap<String, Object>();
        body.put("timestamp", format(Instant.now()));
        body.put("status", status);
        body.put("error", error);
        body.put("path", "/v1" + path);
        body.put("traceId", UUID.randomUUID().toString().substring(0, 12));
        body.put("message", message);
        if (!details.isEmpty()) {
            body.put("details", details);
        }
        return new Response(status, Json.write(body));
    }

    private static Response notFound(String path) {
        return regular(404, "Not Found", path, "Resource not found", List.of());
    }

    private static Response notAllowed(String path) {
        return regular(405, "Method Not Allowed", path, "Method not allowed", List.of());
    }

    private static Response ok(Object body) {
        return new Response(200, Json.write(body));
    }

    private static Object amount(BigDecimal value, boolean asString) {
        if (value == null) {
            return null;
        }
        return asString ? value.toPlainString() : value;
    }

    private static String format(Instant instant) {
        return FakeValues.DATE_TIME.format(instant.atZone(BERLIN));
    }

    private static String displayName(Map<String, Object> contact) {
        var company = FakeValues.text(FakeValues.at(contact, "company.name"));
        if (company != null) {
            return company;
        }
        var first = FakeValues.text(FakeValues.at(contact, "person.firstName"));
        var last = FakeValues.text(FakeValues.at(contact, "person.lastName"));
        return ((first == null ? "" : first + " ") + (last == null ? "" : last)).strip();
    }

    private static List<String> emails(Map<String, Object> contact) {
        var result = new ArrayList<String>();
        for (var addresses : FakeValues.object(contact.get("emailAddresses")).values()) {
            FakeValues.list(addresses).forEach(address -> result.add(String.valueOf(address)));
        }
        for (var person : FakeValues.list(FakeValues.at(contact, "company.contactPersons"))) {
            var address = FakeValues.text(FakeValues.object(person).get("emailAddress"));
            if (address != null) {
                result.add(address);
            }
        }
        return result;
    }

    private static String roleNumber(Map<String, Object> contact, String role) {
        return FakeValues.text(FakeValues.at(contact, "roles." + role + ".number"));
    }

    private static Pattern likePattern(String value) {
        var regex = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '_' -> regex.append('.');
                case '%' -> regex.append(".*");
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    private static String htmlDecoded(String value) {
        return value == null ? null : value.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private static String bearer(String header) {
        return header != null && header.startsWith("Bearer ") ? header.substring("Bearer ".length()) : null;
    }

    @SuppressWarnings("unchecked")
    private static <T> T deepCopy(T value) {
        return (T) Json.from(value).toJava();
    }
}
