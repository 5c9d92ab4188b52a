package io.metaplatform.plugins.yclients.fake;

import io.metaplatform.plugins.api.Json;
import io.metaplatform.plugins.api.JsonException;
import io.metaplatform.plugins.api.JsonValue;
import io.metaplatform.plugins.testkit.FakeHttpServer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * An in-memory YCLIENTS REST API (v1 paths, v2 envelope) on {@code 127.0.0.1}, built from the reference:
 * <ul>
 *   <li>every answer is {@code {"success", "data", "meta"}}; errors carry {@code meta.message}, a 422 also
 *       {@code meta.errors} (field to messages);</li>
 *   <li>{@code Authorization: Bearer <partner>, User <user>}; {@code POST /auth} (partner token only)
 *       answers 201 with a user token, which changes when the password changes ({@link #changePassword});</li>
 *   <li>{@code Accept: application/vnd.yclients.v2+json} (or {@code application/vnd.api.v2+json}) is required;</li>
 *   <li>clients: {@code POST /company/{c}/clients/search} (page, page_size ≤ 200, fields), the deprecated
 *       {@code GET /clients/{c}} (page, count, changed_after), {@code GET|PUT|DELETE /client/{c}/{id}},
 *       {@code POST /clients/{c}} (201; name and phone required, else 422);</li>
 *   <li>records: {@code GET /records/{c}} (page, count, changed_after, with_deleted), {@code GET /record/{c}/{id}};</li>
 *   <li>transactions: {@code GET /transactions/{c}} (page, count) with {@code meta: []}: page until data is empty;</li>
 *   <li>{@code GET /companies?my=1}, {@code GET /company/{c}/staff}, {@code GET /company/{c}/services};</li>
 *   <li>lenient shapes as the real API sends them: phones as numbers, ids as strings or numbers, amounts as
 *       strings, {@code birth_date} {@code 0}/{@code ""}/date, offsets without colon ({@code +0300});</li>
 *   <li>5 requests per second and 200 per minute for all callers together (per IP; token buckets), else 429;</li>
 *   <li>faults: {@link #inject} a status for the next matching request, before or after it took effect (a 504
 *       after a create committed); {@link #paymentRequired}, {@link #forbidden}.</li>
 * </ul>
 * Timestamps come from a clock that ticks one second per change, so each change has its own
 * {@code last_change_date}. Thread-safe.
 */
public final class FakeYclients implements AutoCloseable {

    /** Offsets are written without colon, as YCLIENTS writes them. */
    public static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx");
    private static final ZoneOffset ZONE = ZoneOffset.ofHours(3);
    private static final int MAX_PAGE = 200;

    /**
     * A fault for the next request whose method matches ({@code *}: any) and whose path starts with {@code pathPrefix}.
     *
     * @param afterCommit whether the request takes effect before the fault is answered (a lost answer)
     */
    public record Fault(String method, String pathPrefix, int status, boolean afterCommit) {
    }

    /** A request as the fake saw it. */
    public record Request(Instant at, String method, String path, int status) {
    }

    private final FakeHttpServer server;
    private final String partnerToken;
    private final Map<String, String[]> users = new HashMap<>();
    private final Map<String, String> tokens = new HashMap<>();
    private final Map<Long, String> companies = new TreeMap<>();
    private final TreeMap<Long, Map<String, Object>> clients = new TreeMap<>();
    private final TreeMap<Long, Map<String, Object>> records = new TreeMap<>();
    private final TreeMap<Long, Map<String, Object>> transactions = new TreeMap<>();
    private final TreeMap<Long, Map<String, Object>> staff = new TreeMap<>();
    private final TreeMap<Long, Map<String, Object>> services = new TreeMap<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final List<Request> requests = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong(1000);
    private final AtomicLong ticks = new AtomicLong();
    private final LocalDateTime epoch = LocalDateTime.of(2026, 1, 1, 9, 0);
    private double[] secondBucket = {5, 0};
    private double[] minuteBucket = {200, 0};
    private boolean rateLimited = true;
    private boolean paymentRequired;
    private boolean forbidden;

    private FakeYclients(String partnerToken) {
        this.partnerToken = partnerToken;
        this.server = FakeHttpServer.start().fallback(this::handle);
    }

    /** Starts a fake that accepts the given partner token, with the real rate limits. */
    public static FakeYclients start(String partnerToken) {
        return new FakeYclients(partnerToken);
    }

    /** The base URL to configure, ending in {@code /api/v1}. */
    public String baseUrl() {
        return server.baseUrl() + "/api/v1";
    }

    // ---- accounts ---------------------------------------------------------------------------------

    /** Adds a user with access to every company; returns the user token. */
    public synchronized String addUser(String login, String password) {
        String token = newToken();
        users.put(login, new String[] {password, token});
        tokens.put(token, login);
        return token;
    }

    /** Changes the user's password, which renews the user token (the old one answers 401); returns the new token. */
    public synchronized String changePassword(String login, String password) {
        tokens.remove(users.get(login)[1]);
        return addUserToken(login, password);
    }

    private String addUserToken(String login, String password) {
        String token = newToken();
        users.put(login, new String[] {password, token});
        tokens.put(token, login);
        return token;
    }

    public synchronized void addCompany(long id, String title) {
        companies.put(id, title);
    }

    /** Answers every authenticated request with 402 (the account's subscription lapsed) while on. */
    public synchronized void paymentRequired(boolean on) {
        paymentRequired = on;
    }

    /** Answers every authenticated request with 403 (the user lacks rights) while on. */
    public synchronized void forbidden(boolean on) {
        forbidden = on;
    }

    /** Turns the 5/s and 200/min limits on (the default) or off. */
    public synchronized void rateLimits(boolean on) {
        rateLimited = on;
    }

    public synchronized void inject(Fault fault) {
        faults.add(fault);
    }

    // ---- data -------------------------------------------------------------------------------------

    /** Adds a client as YCLIENTS stores it; missing keys get defaults. Returns its id. */
    public synchronized long seedClient(String name, String phone, Map<String, Object> more) {
        long id = ids.incrementAndGet();
        var client = new LinkedHashMap<String, Object>();
        client.put("id", id);
        client.put("name", name);
        client.put("surname", "");
        client.put("patronymic", "");
        client.put("phone", phone);
        client.put("email", "");
        client.put("categories", List.of());
        client.put("sex_id", 0);
        client.put("discount", 0);
        client.put("importance_id", 0);
        client.put("card", "");
        client.put("birth_date", id % 3 == 0 ? 0 : "");
        client.put("comment", "");
        client.put("spent", 0);
        client.put("visits", 0);
        client.put("custom_fields", id % 2 == 0 ? List.of() : Map.of());
        client.putAll(more);
        client.put("last_change_date", tick());
        clients.put(id, client);
        return id;
    }

    /** Changes fields of a client (as an admin in YCLIENTS would), with a new {@code last_change_date}. */
    public synchronized void changeClient(long id, Map<String, Object> changes) {
        var client = clients.get(id);
        client.putAll(changes);
        client.put("last_change_date", tick());
    }

    public synchronized void deleteClient(long id) {
        clients.remove(id);
    }

    public synchronized long seedStaff(String name) {
        long id = ids.incrementAndGet();
        staff.put(id, new LinkedHashMap<>(Map.of("id", id, "name", name, "specialization", "Master",
                "position", Map.of("id", 1, "title", "Master"), "fired", 0)));
        return id;
    }

    public synchronized long seedService(String title, String price) {
        long id = ids.incrementAndGet();
        services.put(id, new LinkedHashMap<>(Map.of("id", id, "title", title, "price_min", new BigDecimal(price),
                "price_max", new BigDecimal(price), "duration", 3600, "active", 1)));
        return id;
    }

    /** Adds an appointment of a client with one staff member and one service; returns its id. */
    public synchronized long seedRecord(long clientId, long staffId, long serviceId, LocalDateTime start, int attendance) {
        long id = ids.incrementAndGet();
        var client = clients.get(clientId);
        var record = new LinkedHashMap<String, Object>();
        record.put("id", id);
        record.put("company_id", companies.keySet().stream().findFirst().orElse(0L));
        record.put("staff_id", staffId);
        var service = services.get(serviceId);
        record.put("services", List.of(Map.of("id", serviceId, "title", service.get("title"), "cost", service.get("price_min"),
                "first_cost", service.get("price_min"), "discount", 0, "amount", 1)));
        record.put("staff", Map.of("id", staffId, "name", staff.get(staffId).get("name")));
        record.put("client", client == null ? Map.of() : Map.of("id", clientId, "name", client.get("name"), "phone", client.get("phone")));
        record.put("date", start.toString().replace('T', ' '));
        record.put("datetime", start.atOffset(ZONE).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        record.put("create_date", tick());
        record.put("comment", "");
        record.put("attendance", attendance);
        record.put("visit_attendance", attendance);
        record.put("confirmed", 1);
        record.put("seance_length", 3600);
        record.put("length", 3600);
        record.put("visit_id", id % 2 == 0 ? String.valueOf(id + 5000) : id + 5000);
        record.put("deleted", false);
        record.put("custom_fields", List.of());
        record.put("last_change_date", tick());
        records.put(id, record);
        return id;
    }

    /** Changes an appointment's attendance, or cancels it ({@code deleted}); it gets a new {@code last_change_date}. */
    public synchronized void changeRecord(long id, Map<String, Object> changes) {
        var record = records.get(id);
        record.putAll(changes);
        record.put("last_change_date", tick());
    }

    /** Adds a finance transaction (amount as YCLIENTS sends it: a string); returns its id. */
    public synchronized long seedTransaction(long clientId, Long recordId, String amount) {
        long id = ids.incrementAndGet();
        var client = clients.get(clientId);
        var transaction = new LinkedHashMap<String, Object>();
        transaction.put("id", String.valueOf(id));
        transaction.put("document_id", id + 7);
        transaction.put("expense", Map.of("id", "5", "title", "Оказание услуг"));
        transaction.put("date", tick());
        transaction.put("amount", amount);
        transaction.put("comment", "");
        transaction.put("account", Map.of("id", "23182", "title", "Карты"));
        transaction.put("client", client == null ? Map.of() : Map.of("id", String.valueOf(clientId), "name", client.get("name"),
                "phone", client.get("phone")));
        transaction.put("last_change_date", tick());
        transaction.put("record_id", recordId == null ? 0 : recordId);
        transaction.put("visit_id", recordId == null ? 0 : recordId + 5000);
        transactions.put(id, transaction);
        return id;
    }

    /** A copy of a client as stored, or {@code null}. */
    public synchronized Map<String, Object> client(long id) {
        var client = clients.get(id);
        return client == null ? null : new LinkedHashMap<>(client);
    }

    /** Clients whose field equals the value. */
    public synchronized List<Map<String, Object>> clientsWhere(String field, Object value) {
        return clients.values().stream().filter(client -> String.valueOf(client.get(field)).equals(String.valueOf(value)))
                .map(client -> (Map<String, Object>) new LinkedHashMap<>(client)).toList();
    }

    /** The ids of the clients, (not deleted) records or transactions the fake holds, ascending. */
    public synchronized List<String> ids(String collection) {
        var items = switch (collection) {
            case "clients" -> clients;
            case "records" -> records;
            case "transactions" -> transactions;
            case "staff" -> staff;
            case "services" -> services;
            default -> throw new IllegalArgumentException("no collection " + collection);
        };
        return items.entrySet().stream().filter(entry -> !Boolean.TRUE.equals(entry.getValue().get("deleted")))
                .map(entry -> String.valueOf(entry.getKey())).toList();
    }

    public synchronized int clientCount() {
        return clients.size();
    }

    // ---- observation ------------------------------------------------------------------------------

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** How many answers had this status. */
    public synchronized long count(int status) {
        return requests.stream().filter(request -> request.status() == status).count();
    }

    public synchronized long count(String method, String pathPrefix) {
        return requests.stream().filter(request -> request.method().equals(method) && request.path().startsWith(pathPrefix)).count();
    }

    @Override
    public void close() {
        server.close();
    }

    // ---- request handling -------------------------------------------------------------------------

    private FakeHttpServer.Response handle(FakeHttpServer.Request request) {
        String path = request.path().startsWith("/api/v1") ? request.path().substring("/api/v1".length()) : request.path();
        Answer answer;
        synchronized (this) {
            answer = answer(request, path);
            requests.add(new Request(Instant.now(), request.method(), path, answer.status()));
        }
        if (answer.body() == null) {
            return FakeHttpServer.Response.status(answer.status());
        }
        return new FakeHttpServer.Response(answer.status(), Map.of("Content-Type", "application/json; charset=utf-8"),
                Json.write(answer.body()).getBytes(StandardCharsets.UTF_8));
    }

    private record Answer(int status, Object body) {
    }

    private Answer answer(FakeHttpServer.Request request, String path) {
        if (rateLimited && !takePermit()) {
            return error(429, "Too many requests");
        }
        String accept = request.header("Accept").orElse("");
        if (!accept.contains("application/vnd.yclients.v2+json") && !accept.contains("application/vnd.api.v2+json")) {
            return error(400, "Accept: application/vnd.yclients.v2+json is required");
        }
        var auth = Authorization.parse(request.header("Authorization").orElse(""));
        if (!partnerToken.equals(auth.partner())) {
            return error(401, "Необходима авторизация");
        }
        if ("POST".equals(request.method()) && "/auth".equals(path)) {
            return auth(request);
        }
        if (auth.user() == null || !tokens.containsKey(auth.user())) {
            return error(401, "Необходима авторизация");
        }
        if (paymentRequired) {
            return error(402, "Необходимо оплатить доступ");
        }
        if (forbidden) {
            return error(403, "Нет прав на просмотр данных");
        }
        Fault fault = takeFault(request.method(), path);
        if (fault != null && !fault.afterCommit()) {
            return error(fault.status(), "Injected fault");
        }
        Answer answer;
        try {
            answer = route(request, path);
        } catch (JsonException | IllegalArgumentException e) {
            answer = error(400, e.getMessage());
        }
        return fault != null ? error(fault.status(), "Injected fault after the request took effect") : answer;
    }

    private Answer route(FakeHttpServer.Request request, String path) {
        String[] parts = path.substring(1).split("/");
        String method = request.method();
        if (parts.length == 1 && parts[0].equals("companies") && method.equals("GET")) {
            return companies();
        }
        if (parts.length < 2) {
            return error(404, "Not found");
        }
        long company;
        try {
            company = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return error(404, "Not found");
        }
        if (!companies.containsKey(company)) {
            return error(404, "Компания не найдена");
        }
        return switch (parts[0] + "/" + (parts.length > 2 ? parts[2] : "") + "/" + method) {
            case "company/clients/POST" -> parts.length == 4 && parts[3].equals("search") ? searchClients(request.json()) : error(404, "Not found");
            case "company/staff/GET" -> list(staff.values().stream().toList(), Map.of("total_count", staff.size()));
            case "company/services/GET" -> list(services.values().stream().toList(), Map.of("total_count", services.size()));
            case "clients//GET" -> listClients(request.query());
            case "clients//POST" -> createClient(request.json());
            case "client//GET", "client//PUT", "client//DELETE" -> error(404, "Not found");
            case "records//GET" -> listRecords(request.query());
            case "transactions//GET" -> listTransactions(request.query());
            default -> oneItem(parts, method, request);
        };
    }

    private Answer oneItem(String[] parts, String method, FakeHttpServer.Request request) {
        if (parts.length != 3) {
            return error(404, "Not found");
        }
        long id;
        try {
            id = Long.parseLong(parts[2]);
        } catch (NumberFormatException e) {
            return error(404, "Not found");
        }
        return switch (parts[0] + "/" + method) {
            case "client/GET" -> clients.containsKey(id) ? ok(200, clients.get(id), List.of()) : error(404, "Клиент не найден");
            case "client/PUT" -> updateClient(id, request.json());
            case "client/DELETE" -> clients.remove(id) == null ? error(404, "Клиент не найден") : new Answer(204, null);
            case "record/GET" -> records.containsKey(id) ? ok(200, records.get(id), List.of()) : error(404, "Запись не найдена");
            default -> error(404, "Not found");
        };
    }

    private Answer auth(FakeHttpServer.Request request) {
        var body = request.json();
        String login = body.get("login").text().orElse("");
        var user = users.get(login);
        if (user == null || !user[0].equals(body.get("password").string().orElse(""))) {
            return error(401, "Неверный логин или пароль");
        }
        var data = new LinkedHashMap<String, Object>();
        data.put("id", 123456);
        data.put("user_token", user[1]);
        data.put("name", "Администратор");
        data.put("phone", "79161001010");
        data.put("login", login);
        data.put("email", "admin@example.com");
        data.put("avatar", "");
        data.put("is_approved", true);
        return ok(201, data, List.of());
    }

    private Answer companies() {
        var data = companies.entrySet().stream().map(entry -> (Object) Map.of("id", String.valueOf(entry.getKey()), "title", entry.getValue(),
                "active", 1, "timezone_name", "Europe/Moscow", "currency_short_title", "₽")).toList();
        return list(data, Map.of("total_count", data.size()));
    }

    private Answer searchClients(JsonValue body) {
        int page = (int) (long) body.get("page").integer().orElse(1L);
        int size = (int) (long) body.get("page_size").integer().orElse(25L);
        if (size > MAX_PAGE) {
            return error(422, "page_size must be at most 200", Map.of("page_size", List.of("Максимум 200")));
        }
        List<String> fields = body.get("fields").items().stream().map(field -> field.text().orElse("")).toList();
        String quick = body.get("filters").items().stream().filter(filter -> filter.get("type").text().orElse("").equals("quick_search"))
                .map(filter -> filter.at("state.value").text().orElse("")).findFirst().orElse(null);
        var all = clients.values().stream().filter(client -> quick == null || matches(client, quick)).toList();
        var pageItems = page(all, page, size).stream().map(client -> (Object) project(client, fields)).toList();
        return list(pageItems, Map.of("total_count", all.size()));
    }

    private static boolean matches(Map<String, Object> client, String text) {
        String digits = text.replaceAll("[^0-9]", "");
        return String.valueOf(client.get("name")).contains(text)
                || !digits.isEmpty() && String.valueOf(client.get("phone")).replaceAll("[^0-9]", "").contains(digits);
    }

    private Answer listClients(Map<String, String> query) {
        var changedAfter = changedAfter(query);
        var all = clients.values().stream().filter(client -> changedSince(client, changedAfter)).toList();
        int page = intParam(query, "page", 1);
        int count = Math.min(intParam(query, "count", 20), MAX_PAGE);
        return list(page(all, page, count).stream().map(client -> (Object) client).toList(), Map.of("page", page, "total_count", all.size()));
    }

    private Answer listRecords(Map<String, String> query) {
        var changedAfter = changedAfter(query);
        boolean withDeleted = "1".equals(query.get("with_deleted"));
        var all = records.values().stream().filter(record -> withDeleted || !Boolean.TRUE.equals(record.get("deleted")))
                .filter(record -> changedSince(record, changedAfter)).toList();
        int page = intParam(query, "page", 1);
        int count = Math.min(intParam(query, "count", 50), MAX_PAGE);
        return list(page(all, page, count).stream().map(record -> (Object) record).toList(), Map.of("page", page, "total_count", all.size()));
    }

    private Answer listTransactions(Map<String, String> query) {
        int page = intParam(query, "page", 1);
        int count = Math.min(intParam(query, "count", 50), MAX_PAGE);
        var all = transactions.values().stream().toList();
        return list(page(all, page, count).stream().map(item -> (Object) item).toList(), List.of());
    }

    private Answer createClient(JsonValue body) {
        var problems = clientProblems(body, true);
        if (!problems.isEmpty()) {
            return error(422, "Ошибка валидации", problems);
        }
        long id = seedClient(body.get("name").text().orElseThrow(), body.get("phone").text().orElseThrow(), clientFields(body));
        return ok(201, clients.get(id), List.of());
    }

    private Answer updateClient(long id, JsonValue body) {
        if (!clients.containsKey(id)) {
            return error(404, "Клиент не найден");
        }
        var problems = clientProblems(body, false);
        if (!problems.isEmpty()) {
            return error(422, "Ошибка валидации", problems);
        }
        var changes = clientFields(body);
        body.get("name").text().ifPresent(name -> changes.put("name", name));
        body.get("phone").text().ifPresent(phone -> changes.put("phone", phone));
        changeClient(id, changes);
        return ok(200, clients.get(id), List.of());
    }

    private static Map<String, Object> clientProblems(JsonValue body, boolean create) {
        var problems = new LinkedHashMap<String, Object>();
        if (create || body.members().containsKey("name")) {
            if (body.get("name").text().isEmpty()) {
                problems.put("name", List.of("Поле name обязательно"));
            }
        }
        if (create || body.members().containsKey("phone")) {
            var phone = body.get("phone").text().orElse("");
            if (!phone.replaceAll("[^0-9]", "").matches("\\d{10,15}")) {
                problems.put("phone", List.of("Неверный формат телефона"));
            }
        }
        var email = body.get("email").text().orElse("");
        if (!email.isEmpty() && !email.contains("@")) {
            problems.put("email", List.of("Неверный формат email"));
        }
        return problems;
    }

    private static Map<String, Object> clientFields(JsonValue body) {
        var fields = new LinkedHashMap<String, Object>();
        for (String key : List.of("surname", "patronymic", "email", "birth_date", "comment")) {
            body.get(key).string().ifPresent(value -> fields.put(key, value));
        }
        for (String key : List.of("discount", "importance_id", "sex_id")) {
            body.get(key).decimal().ifPresent(value -> fields.put(key, value));
        }
        return fields;
    }

    private static Map<String, Object> project(Map<String, Object> client, List<String> fields) {
        if (fields.isEmpty()) {
            return client;
        }
        var projected = new LinkedHashMap<String, Object>();
        fields.forEach(field -> {
            if (client.containsKey(field)) {
                projected.put(field, client.get(field));
            }
        });
        return projected;
    }

    private static <T> List<T> page(List<T> all, int page, int size) {
        int from = Math.max(0, (page - 1) * size);
        return from >= all.size() ? List.of() : all.subList(from, Math.min(all.size(), from + size));
    }

    private static LocalDateTime changedAfter(Map<String, String> query) {
        var value = query.get("changed_after");
        return value == null || value.isBlank() ? null : LocalDateTime.parse(value);
    }

    private static boolean changedSince(Map<String, Object> item, LocalDateTime changedAfter) {
        if (changedAfter == null) {
            return true;
        }
        var changed = OffsetDateTime.parse((String) item.get("last_change_date"), TIMESTAMP).withOffsetSameInstant(ZONE).toLocalDateTime();
        return !changed.isBefore(changedAfter);
    }

    private static int intParam(Map<String, String> query, String name, int fallback) {
        var value = query.get(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value);
    }

    private static Answer ok(int status, Object data, Object meta) {
        var body = new LinkedHashMap<String, Object>();
        body.put("success", true);
        body.put("data", data);
        body.put("meta", meta);
        return new Answer(status, body);
    }

    private static Answer list(List<?> data, Object meta) {
        return ok(200, data, meta);
    }

    private static Answer error(int status, String message) {
        var body = new LinkedHashMap<String, Object>();
        body.put("success", false);
        body.put("data", null);
        body.put("meta", Map.of("message", message));
        return new Answer(status, body);
    }

    private static Answer error(int status, String message, Map<String, Object> errors) {
        var body = new LinkedHashMap<String, Object>();
        body.put("success", false);
        body.put("data", null);
        body.put("meta", Map.of("message", message, "errors", errors));
        return new Answer(status, body);
    }

    private Fault takeFault(String method, String path) {
        Predicate<Fault> matches = fault -> (fault.method().equals("*") || fault.method().equals(method)) && path.startsWith(fault.pathPrefix());
        var fault = faults.stream().filter(matches).findFirst().orElse(null);
        if (fault != null) {
            faults.remove(fault);
        }
        return fault;
    }

    /** Token buckets of 5 per second and 200 per minute (bursts up to the full budget). */
    private boolean takePermit() {
        long now = System.nanoTime();
        refill(secondBucket, 5, 1e9, now);
        refill(minuteBucket, 200, 60e9, now);
        if (secondBucket[0] < 1 || minuteBucket[0] < 1) {
            return false;
        }
        secondBucket[0]--;
        minuteBucket[0]--;
        return true;
    }

    private static void refill(double[] bucket, int permits, double periodNanos, long now) {
        if (bucket[1] != 0) {
            bucket[0] = Math.min(permits, bucket[0] + (now - bucket[1]) * permits / periodNanos);
        }
        bucket[1] = now;
    }

    private String tick() {
        return epoch.plusSeconds(ticks.incrementAndGet()).atOffset(ZONE).format(TIMESTAMP);
    }

    private static String newToken() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 25);
    }

    private record Authorization(String partner, String user) {

        static Authorization parse(String header) {
            String partner = null;
            String user = null;
            for (String part : header.split(",")) {
                var trimmed = part.strip();
                if (trimmed.regionMatches(true, 0, "Bearer ", 0, 7)) {
                    partner = trimmed.substring(7).strip();
                } else if (trimmed.regionMatches(true, 0, "User ", 0, 5)) {
                    user = trimmed.substring(5).strip();
                }
            }
            return new Authorization(partner, user);
        }
    }
}
