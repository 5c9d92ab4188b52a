package io.metaplatform.plugins.amocrm.fake;

import io.metaplatform.plugins.api.Json;
import io.metaplatform.plugins.api.JsonException;
import io.metaplatform.plugins.api.JsonValue;
import io.metaplatform.plugins.testkit.FakeHttpServer;
import io.metaplatform.plugins.testkit.FakeHttpServer.Request;
import io.metaplatform.plugins.testkit.FakeHttpServer.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-memory amoCRM / Kommo API v4 and its OAuth server (reference: {@code external-apis.md} §3) on
 * the JDK's HTTP server, for tests. What it does like the real one:
 *
 * <ul>
 *   <li>OAuth: single-use authorisation codes; JSON token requests at {@code /oauth2/access_token} with the
 *       redirect URI on refreshes too; refresh tokens single-use and rotating, and presenting a used one
 *       revokes the whole grant ("Token has been revoked"); access tokens expire ({@link #accessTokenLifetime});
 *       long-lived tokens without refresh.</li>
 *   <li>HAL envelopes with {@code _page} and {@code _links.next}; 204 with an empty body on an empty list or a
 *       page past the end; {@code limit} at most 250; {@code filter[updated_at][from|to]}, {@code filter[id][n]},
 *       {@code order[updated_at]}, {@code order[id]}; deleted entities only with {@code with=only_deleted}.</li>
 *   <li>Batch POST and PATCH of arrays (at most 250); a batch with any invalid entity is refused as a whole with
 *       400 {@code validation-errors} naming each offending {@code request_id}, code, path and detail.</li>
 *   <li>Pipelines whose statuses include 142 (won), 143 (lost) and an unsorted one ({@code type: 1}).</li>
 *   <li>7 requests/s per account: beyond, 429; after {@link #banAfter} 429s the IP is banned and every call
 *       answers 403. 402 ({@link #unpaid}) and injected faults (504 etc.).</li>
 * </ul>
 *
 * Timestamps are Unix seconds from a clock the test can move ({@link #advance}).
 */
public final class FakeAmoCrm implements AutoCloseable {

    public static final String CLIENT_ID = "amo-client-7d1c";
    public static final String ENTITY_LEADS = "leads";
    public static final String ENTITY_CONTACTS = "contacts";
    public static final String ENTITY_COMPANIES = "companies";
    public static final long MAIN_PIPELINE = 3177727;
    public static final long SALES_PIPELINE = 3177728;
    public static final long UNSORTED_STATUS = 32392156;
    public static final long FIRST_CONTACT_STATUS = 32392157;
    public static final long NEGOTIATION_STATUS = 32392158;
    public static final long WON = 142;
    public static final long LOST = 143;
    public static final long PHONE_FIELD = 1001;
    public static final long EMAIL_FIELD = 1002;
    public static final long LEAD_SOURCE_FIELD = 2001;

    private static final Set<String> ENTITIES = Set.of(ENTITY_LEADS, ENTITY_CONTACTS, ENTITY_COMPANIES);
    private static final Set<String> PHONE_ENUMS = Set.of("WORK", "WORKDD", "MOB", "FAX", "HOME", "OTHER");
    private static final Set<String> EMAIL_ENUMS = Set.of("WORK", "PRIV", "OTHER");
    private static final Pattern ENTITY_PATH = Pattern.compile("/api/v4/(leads|contacts|companies)(?:/(\\d+))?");
    private static final Pattern CUSTOM_FIELDS_PATH = Pattern.compile("/api/v4/(leads|contacts|companies)/custom_fields");
    private static final Pattern FILTER_ID = Pattern.compile("filter\\[id]\\[\\d*]");

    /**
     * A fault for the next matching request.
     *
     * @param method     HTTP method, {@code *} for any
     * @param pathPrefix path prefix, e.g. {@code /api/v4/leads}
     * @param status     status to answer
     */
    public record Fault(String method, String pathPrefix, int status) {
        boolean matches(Request request) {
            return (method.equals("*") || method.equals(request.method())) && request.path().startsWith(pathPrefix);
        }
    }

    /** One API request as the fake answered it. */
    public record Call(long atMillis, String method, String path, Map<String, String> query, int status) {
    }

    private final FakeHttpServer server;
    private final String clientSecret = "amo-secret-" + UUID.randomUUID();
    private final Clock wallClock;
    private final Map<String, Map<Long, Map<String, Object>>> entities = new HashMap<>();
    private final Set<String> codes = new HashSet<>();
    private final Map<String, Long> accessTokens = new HashMap<>();
    private final Set<String> retiredAccessTokens = new HashSet<>();
    private final Set<String> usedRefreshTokens = new HashSet<>();
    private final Set<String> longLivedTokens = new HashSet<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final List<Call> calls = new ArrayList<>();
    private final List<Map<String, Object>> webhooks = new ArrayList<>();
    private double bucket;
    private long bucketAt;
    private final AtomicInteger refreshes = new AtomicInteger();
    private final AtomicInteger retiredTokenCalls = new AtomicInteger();
    private String redirectUri;
    private String refreshToken;
    private long now = 1_750_000_000L;
    private long nextId = 10_000_000L;
    private long accessTokenLifetime = 86_400;
    private int permitsPerSecond = 7;
    private int banAfter = 20;
    private int tooMany;
    private boolean banned;
    private boolean unpaid;
    private int timeoutAboveLimit = Integer.MAX_VALUE;
    private String delayedPath;
    private int delayedSkip;
    private int delayedStatus;
    private int delayedTimes;

    private FakeAmoCrm(String redirectUri, Clock wallClock) {
        this.redirectUri = redirectUri;
        this.wallClock = wallClock;
        ENTITIES.forEach(entity -> entities.put(entity, new TreeMap<>()));
        server = FakeHttpServer.start().fallback(this::handle);
    }

    /** Starts a fake whose integration is registered with {@code redirectUri}. */
    public static FakeAmoCrm start(String redirectUri) {
        return new FakeAmoCrm(redirectUri, Clock.systemUTC());
    }

    /** The account URL ({@code http://127.0.0.1:port}), what the connection's base URL is. */
    public String accountUrl() {
        return server.baseUrl().toString();
    }

    /** What the OAuth redirect's {@code referer} names: the account's host and port. */
    public String referer() {
        return server.baseUrl().getHost() + ":" + server.baseUrl().getPort();
    }

    public String clientSecret() {
        return clientSecret;
    }

    // ---- OAuth ----------------------------------------------------------------------------------------

    /** The code the consent page would put in the redirect (single use, for the registered redirect URI). */
    public synchronized String issueCode() {
        String code = "code-" + UUID.randomUUID();
        codes.add(code);
        return code;
    }

    /** A long-lived token, as a private integration generates in the UI. */
    public synchronized String issueLongLivedToken() {
        String token = "long-lived-" + UUID.randomUUID();
        longLivedTokens.add(token);
        return token;
    }

    /** Lifetime in seconds of access tokens issued from now on (24 h by default; 0 expires them at once). */
    public synchronized FakeAmoCrm accessTokenLifetime(long seconds) {
        accessTokenLifetime = seconds;
        return this;
    }

    /** Expires every access token issued so far, as 24 hours later. */
    public synchronized FakeAmoCrm expireAccessTokens() {
        accessTokens.replaceAll((token, expiry) -> now - 1);
        return this;
    }

    /** Revokes the grant: the refresh token and every access token stop working. */
    public synchronized FakeAmoCrm revokeGrant() {
        revokeAll();
        return this;
    }

    public int refreshes() {
        return refreshes.get();
    }

    /** API calls that carried an access token this fake had replaced or revoked. */
    public int retiredTokenCalls() {
        return retiredTokenCalls.get();
    }

    public synchronized String currentRefreshToken() {
        return refreshToken;
    }

    // ---- limits and faults ----------------------------------------------------------------------------

    public synchronized FakeAmoCrm permitsPerSecond(int value) {
        permitsPerSecond = value;
        bucketAt = 0;
        return this;
    }

    /** After this many 429 answers the IP is banned: every call answers 403. */
    public synchronized FakeAmoCrm banAfter(int value) {
        banAfter = value;
        return this;
    }

    public synchronized FakeAmoCrm unpaid(boolean value) {
        unpaid = value;
        return this;
    }

    /** List requests with a {@code limit} above this answer 504 (amoCRM: "reduce limit"). */
    public synchronized FakeAmoCrm timeoutAboveLimit(int limit) {
        timeoutAboveLimit = limit;
        return this;
    }

    public synchronized FakeAmoCrm inject(Fault fault) {
        faults.add(fault);
        return this;
    }

    /**
     * Lets {@code skip} GET requests whose path is exactly {@code path} through, then answers the next {@code times}
     * of them with {@code status}: a run that dies in the middle of a listing.
     */
    public synchronized FakeAmoCrm failListingAfter(String path, int skip, int status, int times) {
        delayedPath = path;
        delayedSkip = skip;
        delayedStatus = status;
        delayedTimes = times;
        return this;
    }

    public synchronized boolean banned() {
        return banned;
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized long answered(int status) {
        return calls.stream().filter(call -> call.status() == status).count();
    }

    // ---- data ------------------------------------------------------------------------------------------

    /** The fake's clock (Unix seconds); entity timestamps come from it. */
    public synchronized long now() {
        return now;
    }

    public synchronized FakeAmoCrm advance(long seconds) {
        now += seconds;
        return this;
    }

    /** Adds an entity as if created in the UI; {@code fields} as the API would return them (id and timestamps set here). */
    public synchronized long add(String entity, Map<String, Object> fields) {
        long id = nextId++;
        var stored = new LinkedHashMap<String, Object>(fields);
        stored.put("id", id);
        stored.putIfAbsent("responsible_user_id", 504141);
        stored.put("created_at", now);
        stored.put("updated_at", now);
        stored.put("is_deleted", false);
        stored.putIfAbsent("custom_fields_values", null);
        stored.putIfAbsent("_embedded", new LinkedHashMap<>(Map.of("tags", new ArrayList<>())));
        table(entity).put(id, stored);
        return id;
    }

    /** Changes fields of an entity as the UI would, bumping {@code updated_at}. */
    public synchronized void change(String entity, long id, Map<String, Object> fields) {
        var stored = Objects.requireNonNull(table(entity).get(id), "no such entity");
        stored.putAll(fields);
        stored.put("updated_at", now);
    }

    public synchronized void delete(String entity, long id) {
        var stored = Objects.requireNonNull(table(entity).get(id), "no such entity");
        stored.put("is_deleted", true);
        stored.put("updated_at", now);
    }

    /** A copy of the entity as stored, or null. */
    public synchronized Map<String, Object> get(String entity, long id) {
        var stored = table(entity).get(id);
        return stored == null ? null : deepCopy(stored);
    }

    /** The live entities of a kind. */
    public synchronized List<Map<String, Object>> all(String entity) {
        return table(entity).values().stream().filter(value -> !Boolean.TRUE.equals(value.get("is_deleted"))).map(FakeAmoCrm::deepCopy)
                .toList();
    }

    public synchronized List<Map<String, Object>> webhooks() {
        return List.copyOf(webhooks);
    }

    /** A phone/email multitext value as the API returns it. */
    public static Map<String, Object> multitext(long fieldId, String code, String value, String enumCode) {
        return new LinkedHashMap<>(Map.of("field_id", fieldId, "field_name", code.equals("PHONE") ? "Телефон" : "Email",
                "field_code", code, "field_type", "multitext",
                "values", new ArrayList<>(List.of(new LinkedHashMap<>(Map.of("value", value, "enum_code", enumCode,
                        "enum_id", enumId(enumCode)))))));
    }

    /**
     * The body amoCRM posts to a webhook for {@code entity} ({@code leads}, {@code contacts}, ...)
     * and {@code action} ({@code add}, {@code update}, {@code delete}, {@code status}):
     * {@code application/x-www-form-urlencoded} with bracketed keys.
     */
    public synchronized String webhookBody(String entity, String action, long... ids) {
        var body = new StringBuilder();
        for (int i = 0; i < ids.length; i++) {
            var stored = table(entity).get(ids[i]);
            String prefix = entity + "[" + action + "][" + i + "]";
            append(body, prefix + "[id]", String.valueOf(ids[i]));
            if (stored != null && stored.get("name") != null) {
                append(body, prefix + "[name]", String.valueOf(stored.get("name")));
            }
            if (stored != null && stored.get("status_id") != null) {
                append(body, prefix + "[status_id]", String.valueOf(stored.get("status_id")));
                append(body, prefix + "[pipeline_id]", String.valueOf(stored.get("pipeline_id")));
            }
            append(body, prefix + "[last_modified]", String.valueOf(now));
        }
        append(body, "account[id]", "28805383");
        append(body, "account[subdomain]", "clinic");
        return body.toString();
    }

    private static void append(StringBuilder body, String key, String value) {
        if (!body.isEmpty()) {
            body.append('&');
        }
        body.append(URLEncoder.encode(key, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.close();
    }

    // ---- the HTTP side -------------------------------------------------------------------------------

    private synchronized Response handle(Request request) {
        Response response = answer(request);
        if (request.path().startsWith("/api/")) {
            calls.add(new Call(wallClock.millis(), request.method(), request.path(), request.query(), response.status()));
        }
        return response;
    }

    private Response answer(Request request) {
        if (request.method().equals("POST") && request.path().equals("/oauth2/access_token")) {
            return token(request);
        }
        if (!request.path().startsWith("/api/v4/")) {
            return problem(404, "Not Found", "No such route");
        }
        if (banned) {
            return problem(403, "Forbidden", "Access denied: the IP address is restricted");
        }
        if (!withinRate()) {
            tooMany++;
            if (tooMany >= banAfter) {
                banned = true;
            }
            return problem(429, "Too Many Requests", "Too many requests");
        }
        String token = request.header("Authorization").map(value -> value.replaceFirst("^Bearer ", "")).orElse("");
        if (retiredAccessTokens.contains(token)) {
            retiredTokenCalls.incrementAndGet();
        }
        boolean valid = longLivedTokens.contains(token) || accessTokens.getOrDefault(token, Long.MIN_VALUE) > now;
        if (!valid) {
            return problem(401, "Unauthorized", "The access token is invalid or expired");
        }
        if (unpaid) {
            return problem(402, "Payment Required", "The account is not paid");
        }
        if (request.method().equals("GET") && request.path().equals(delayedPath) && delayedTimes > 0) {
            if (delayedSkip > 0) {
                delayedSkip--;
            } else {
                delayedTimes--;
                return problem(delayedStatus, "Injected", "Injected fault " + delayedStatus);
            }
        }
        for (var iterator = faults.iterator(); iterator.hasNext();) {
            Fault fault = iterator.next();
            if (fault.matches(request)) {
                iterator.remove();
                return problem(fault.status(), "Injected", "Injected fault " + fault.status());
            }
        }
        try {
            return route(request);
        } catch (JsonException | ClassCastException e) {
            return problem(400, "Bad Request", "The body is not what the endpoint takes");
        }
    }

    /**
     * A token bucket of {@link #permitsPerSecond} permits, refilled at that rate: amoCRM documents "7 requests
     * per second" without the algorithm; a bucket is how the platform's other fakes read such limits.
     */
    private boolean withinRate() {
        long millis = wallClock.millis();
        if (bucketAt == 0) {
            bucketAt = millis;
            bucket = permitsPerSecond;
        }
        bucket = Math.min(permitsPerSecond, bucket + (millis - bucketAt) * permitsPerSecond / 1000.0);
        bucketAt = millis;
        if (bucket < 1) {
            return false;
        }
        bucket -= 1;
        return true;
    }

    private Response route(Request request) {
        String path = request.path();
        if (path.equals("/api/v4/account") && request.method().equals("GET")) {
            return hal(200, Map.of("id", 28805383, "name", "Clinic", "subdomain", "clinic", "currency", "RUB",
                    "timezone", "Europe/Moscow"));
        }
        if (path.equals("/api/v4/leads/pipelines") && request.method().equals("GET")) {
            return hal(200, Map.of("_total_items", 2, "_embedded", Map.of("pipelines", pipelines())));
        }
        if (path.equals("/api/v4/webhooks")) {
            return webhook(request);
        }
        Matcher fields = CUSTOM_FIELDS_PATH.matcher(path);
        if (fields.matches() && request.method().equals("GET")) {
            return hal(200, Map.of("_total_items", 2, "_embedded", Map.of("custom_fields", customFields(fields.group(1)))));
        }
        Matcher matcher = ENTITY_PATH.matcher(path);
        if (!matcher.matches()) {
            return problem(404, "Not Found", "No such route");
        }
        String entity = matcher.group(1);
        if (matcher.group(2) != null) {
            if (!request.method().equals("GET")) {
                return problem(405, "Method Not Allowed", "Use the batch form");
            }
            var stored = table(entity).get(Long.parseLong(matcher.group(2)));
            return stored == null || Boolean.TRUE.equals(stored.get("is_deleted")) ? Response.status(204) : hal(200, view(entity, stored));
        }
        return switch (request.method()) {
            case "GET" -> list(entity, request.query());
            case "POST" -> write(entity, request.json(), false);
            case "PATCH" -> write(entity, request.json(), true);
            default -> problem(405, "Method Not Allowed", "Not supported");
        };
    }

    private Response list(String entity, Map<String, String> query) {
        int limit = Integer.parseInt(query.getOrDefault("limit", "50"));
        int page = Integer.parseInt(query.getOrDefault("page", "1"));
        if (limit > 250 || limit < 1 || page < 1) {
            return problem(400, "Bad Request", "limit must be 1..250, page at least 1");
        }
        if (limit > timeoutAboveLimit) {
            return problem(504, "Gateway Timeout", "Reduce limit");
        }
        boolean onlyDeleted = query.getOrDefault("with", "").contains("only_deleted");
        Long from = query.containsKey("filter[updated_at][from]") ? Long.parseLong(query.get("filter[updated_at][from]")) : null;
        Long to = query.containsKey("filter[updated_at][to]") ? Long.parseLong(query.get("filter[updated_at][to]")) : null;
        Set<Long> ids = new HashSet<>();
        query.forEach((key, value) -> {
            if (FILTER_ID.matcher(key).matches()) {
                ids.add(Long.parseLong(value));
            }
        });
        Comparator<Map<String, Object>> order = Comparator.comparingLong(value -> ((Number) value.get("id")).longValue());
        if (query.containsKey("order[updated_at]")) {
            Comparator<Map<String, Object>> byUpdate = Comparator.comparingLong(value -> ((Number) value.get("updated_at")).longValue());
            order = (query.get("order[updated_at]").equals("desc") ? byUpdate.reversed() : byUpdate).thenComparing(order);
        } else if ("desc".equals(query.get("order[id]"))) {
            order = order.reversed();
        }
        List<Map<String, Object>> matching = table(entity).values().stream()
                .filter(value -> Boolean.TRUE.equals(value.get("is_deleted")) == onlyDeleted)
                .filter(value -> from == null || ((Number) value.get("updated_at")).longValue() >= from)
                .filter(value -> to == null || ((Number) value.get("updated_at")).longValue() <= to)
                .filter(value -> ids.isEmpty() || ids.contains(((Number) value.get("id")).longValue()))
                .sorted(order)
                .toList();
        int start = (page - 1) * limit;
        if (start >= matching.size()) {
            return Response.status(204);
        }
        var items = matching.subList(start, Math.min(matching.size(), start + limit)).stream().map(value -> view(entity, value)).toList();
        var links = new LinkedHashMap<String, Object>();
        links.put("self", Map.of("href", accountUrl() + "/api/v4/" + entity + "?limit=" + limit + "&page=" + page));
        if (start + limit < matching.size()) {
            links.put("next", Map.of("href", accountUrl() + "/api/v4/" + entity + "?limit=" + limit + "&page=" + (page + 1)));
        }
        return hal(200, Map.of("_page", page, "_links", links, "_embedded", Map.of(entity, items)));
    }

    private Response write(String entity, JsonValue body, boolean update) {
        List<JsonValue> items = body.items();
        if (!(body instanceof JsonValue.JsonArray) || items.isEmpty()) {
            return problem(400, "Bad Request", "The body must be a non-empty array");
        }
        if (items.size() > 250) {
            return problem(400, "Bad Request", "At most 250 entities per request");
        }
        List<Map<String, Object>> errors = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonValue item = items.get(i);
            String requestId = item.get("request_id").text().orElse(String.valueOf(i));
            List<Map<String, Object>> problems = validate(entity, item, update);
            if (!problems.isEmpty()) {
                errors.add(Map.of("request_id", requestId, "errors", problems));
            }
        }
        if (!errors.isEmpty()) {
            return Response.json(400, Map.of("validation-errors", errors, "title", "Bad Request", "type", "https://httpstatus.es/400",
                    "status", 400, "detail", "Request validation failed"));
        }
        List<Map<String, Object>> answers = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonValue item = items.get(i);
            String requestId = item.get("request_id").text().orElse(String.valueOf(i));
            long id = update ? item.get("id").integer().orElseThrow() : nextId++;
            Map<String, Object> stored = update ? table(entity).get(id) : new LinkedHashMap<>();
            if (!update) {
                stored.put("id", id);
                stored.put("created_at", now);
                stored.put("is_deleted", false);
                stored.put("responsible_user_id", 504141);
                stored.put("custom_fields_values", null);
                stored.put("_embedded", new LinkedHashMap<>(Map.of("tags", new ArrayList<>())));
                table(entity).put(id, stored);
            }
            apply(entity, stored, item);
            stored.put("updated_at", now);
            answers.add(Map.of("id", id, "request_id", requestId, "updated_at", now,
                    "_links", Map.of("self", Map.of("href", accountUrl() + "/api/v4/" + entity + "/" + id))));
        }
        return hal(200, Map.of("_links", Map.of("self", Map.of("href", accountUrl() + "/api/v4/" + entity)),
                "_embedded", Map.of(entity, answers)));
    }

    private List<Map<String, Object>> validate(String entity, JsonValue item, boolean update) {
        List<Map<String, Object>> problems = new ArrayList<>();
        if (update) {
            var id = item.get("id").integer();
            var stored = id.map(value -> table(entity).get(value)).orElse(null);
            if (stored == null || Boolean.TRUE.equals(stored.get("is_deleted"))) {
                problems.add(error("NotFound", "id", "The entity does not exist."));
            }
        }
        JsonValue price = item.get("price");
        if (!price.isNull() && !(price instanceof JsonValue.JsonNumber number && number.decimal().orElseThrow().signum() >= 0
                && number.decimal().orElseThrow().stripTrailingZeros().scale() <= 0)) {
            problems.add(error("InvalidType", "price", "This value should be of type int."));
        }
        JsonValue name = item.get("name");
        if (!name.isNull() && name.string().map(String::length).orElse(0) > 255) {
            problems.add(error("TooLong", "name", "This value is too long."));
        }
        List<JsonValue> fields = item.get("custom_fields_values").items();
        for (int f = 0; f < fields.size(); f++) {
            JsonValue field = fields.get(f);
            String code = field.get("field_code").string().orElse("");
            long fieldId = field.get("field_id").integer().orElse(0L);
            boolean phone = code.equals("PHONE") || fieldId == PHONE_FIELD;
            boolean email = code.equals("EMAIL") || fieldId == EMAIL_FIELD;
            boolean leadSource = fieldId == LEAD_SOURCE_FIELD;
            if ((phone || email) && entity.equals(ENTITY_LEADS) || !(phone || email || leadSource)) {
                problems.add(error("NotSupportedChoice", "custom_fields_values." + f + ".field_id", "The value you selected is not a valid choice."));
                continue;
            }
            List<JsonValue> values = field.get("values").items();
            for (int v = 0; v < values.size(); v++) {
                JsonValue value = values.get(v);
                String enumCode = value.get("enum_code").string().orElse(null);
                if (enumCode != null && !(phone ? PHONE_ENUMS : email ? EMAIL_ENUMS : Set.of()).contains(enumCode)) {
                    problems.add(error("NotSupportedChoice", "custom_fields_values." + f + ".values." + v + ".enum_code",
                            "The value you selected is not a valid choice."));
                }
                // Stricter than a plain pattern, as amoCRM is: the reserved .invalid domain is refused too.
                String address = value.get("value").string().orElse("");
                if (email && (!address.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+") || address.endsWith(".invalid"))) {
                    problems.add(error("InvalidEmail", "custom_fields_values." + f + ".values." + v + ".value",
                            "This value is not a valid email address."));
                }
            }
        }
        return problems;
    }

    @SuppressWarnings("unchecked")
    private void apply(String entity, Map<String, Object> stored, JsonValue item) {
        for (var member : item.members().entrySet()) {
            String key = member.getKey();
            switch (key) {
                case "id", "request_id", "created_at", "updated_at", "is_deleted" -> {
                }
                case "custom_fields_values" -> stored.put(key, customValues(member.getValue()));
                case "_embedded" -> {
                    var embedded = (Map<String, Object>) stored.computeIfAbsent("_embedded", k -> new LinkedHashMap<>());
                    for (var link : member.getValue().members().entrySet()) {
                        var list = new ArrayList<Object>();
                        for (JsonValue linked : link.getValue().items()) {
                            var copy = new LinkedHashMap<String, Object>();
                            linked.members().forEach((k, v) -> copy.put(k, v.toJava()));
                            if (link.getKey().equals("tags")) {
                                copy.putIfAbsent("id", Math.abs(String.valueOf(copy.get("name")).hashCode()));
                            }
                            list.add(copy);
                        }
                        embedded.put(link.getKey(), list);
                    }
                }
                default -> stored.put(key, member.getValue().toJava() instanceof java.math.BigDecimal number
                        && number.stripTrailingZeros().scale() <= 0 ? number.longValueExact() : member.getValue().toJava());
            }
        }
    }

    /** Written custom field values as the API returns them: field id, code, name and enum id filled in. */
    private static Object customValues(JsonValue written) {
        if (written.items().isEmpty()) {
            return null;
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonValue field : written.items()) {
            String code = field.get("field_code").string().orElse("");
            long id = field.get("field_id").integer().orElse(0L);
            boolean phone = code.equals("PHONE") || id == PHONE_FIELD;
            boolean email = code.equals("EMAIL") || id == EMAIL_FIELD;
            var values = new ArrayList<Object>();
            for (JsonValue value : field.get("values").items()) {
                var copy = new LinkedHashMap<String, Object>();
                copy.put("value", value.get("value").toJava());
                value.get("enum_code").string().ifPresent(enumCode -> {
                    copy.put("enum_code", enumCode);
                    copy.put("enum_id", enumId(enumCode));
                });
                values.add(copy);
            }
            var stored = new LinkedHashMap<String, Object>();
            stored.put("field_id", phone ? PHONE_FIELD : email ? EMAIL_FIELD : id);
            stored.put("field_name", phone ? "Телефон" : email ? "Email" : "Источник");
            stored.put("field_code", phone ? "PHONE" : email ? "EMAIL" : null);
            stored.put("field_type", phone || email ? "multitext" : "text");
            stored.put("values", values);
            out.add(stored);
        }
        return out;
    }

    private static int enumId(String enumCode) {
        return 100 + Math.abs(enumCode.hashCode() % 100);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> view(String entity, Map<String, Object> stored) {
        var copy = deepCopy(stored);
        copy.put("account_id", 28805383);
        copy.put("_links", Map.of("self", Map.of("href", accountUrl() + "/api/v4/" + entity + "/" + stored.get("id"))));
        var embedded = (Map<String, Object>) copy.computeIfAbsent("_embedded", k -> new LinkedHashMap<>());
        embedded.putIfAbsent("tags", List.of());
        if (!entity.equals(ENTITY_COMPANIES)) {
            embedded.putIfAbsent("companies", List.of());
        }
        if (entity.equals(ENTITY_LEADS)) {
            embedded.putIfAbsent("contacts", List.of());
        }
        return copy;
    }

    private Response webhook(Request request) {
        switch (request.method()) {
            case "GET" -> {
                return webhooks.isEmpty() ? Response.status(204)
                        : hal(200, Map.of("_total_items", webhooks.size(), "_embedded", Map.of("webhooks", webhooks)));
            }
            case "POST" -> {
                var body = request.json();
                String destination = body.get("destination").string().orElse("");
                if (!destination.startsWith("http")) {
                    return Response.json(400, Map.of("validation-errors", List.of(Map.of("request_id", "0",
                            "errors", List.of(error("InvalidUrl", "destination", "This value is not a valid URL.")))),
                            "title", "Bad Request", "status", 400, "detail", "Request validation failed"));
                }
                webhooks.removeIf(hook -> hook.get("destination").equals(destination));
                var hook = new LinkedHashMap<String, Object>();
                hook.put("id", nextId++);
                hook.put("destination", destination);
                hook.put("settings", body.get("settings").toJava());
                webhooks.add(hook);
                return hal(201, hook);
            }
            case "DELETE" -> {
                String destination = request.json().get("destination").string().orElse("");
                webhooks.removeIf(hook -> hook.get("destination").equals(destination));
                return Response.status(204);
            }
            default -> {
                return problem(405, "Method Not Allowed", "Not supported");
            }
        }
    }

    private static List<Map<String, Object>> pipelines() {
        return List.of(pipeline(MAIN_PIPELINE, "Воронка", true, List.of(
                        status(UNSORTED_STATUS, "Неразобранное", 10, MAIN_PIPELINE, 1),
                        status(FIRST_CONTACT_STATUS, "Первичный контакт", 20, MAIN_PIPELINE, 0),
                        status(NEGOTIATION_STATUS, "Переговоры", 30, MAIN_PIPELINE, 0),
                        status(WON, "Успешно реализовано", 10000, MAIN_PIPELINE, 0),
                        status(LOST, "Закрыто и не реализовано", 11000, MAIN_PIPELINE, 0))),
                pipeline(SALES_PIPELINE, "Продажи", false, List.of(
                        status(UNSORTED_STATUS + 10, "Неразобранное", 10, SALES_PIPELINE, 1),
                        status(WON, "Успешно реализовано", 10000, SALES_PIPELINE, 0),
                        status(LOST, "Закрыто и не реализовано", 11000, SALES_PIPELINE, 0))));
    }

    private static Map<String, Object> pipeline(long id, String name, boolean main, List<Map<String, Object>> statuses) {
        return Map.of("id", id, "name", name, "sort", main ? 1 : 2, "is_main", main, "is_unsorted_on", true, "is_archive", false,
                "account_id", 28805383, "_embedded", Map.of("statuses", statuses));
    }

    private static Map<String, Object> status(long id, String name, int sort, long pipeline, int type) {
        return Map.of("id", id, "name", name, "sort", sort, "is_editable", type == 0 && id != WON && id != LOST,
                "pipeline_id", pipeline, "color", "#c1c1c1", "type", type);
    }

    private static List<Map<String, Object>> customFields(String entity) {
        if (entity.equals(ENTITY_LEADS)) {
            return List.of(Map.of("id", LEAD_SOURCE_FIELD, "name", "Источник", "type", "text", "sort", 510, "code", "",
                    "entity_type", "leads", "is_api_only", false));
        }
        return List.of(
                Map.of("id", PHONE_FIELD, "name", "Телефон", "type", "multitext", "code", "PHONE", "sort", 4, "entity_type", entity,
                        "enums", PHONE_ENUMS.stream().sorted().map(code -> Map.of("id", enumId(code), "value", code)).toList()),
                Map.of("id", EMAIL_FIELD, "name", "Email", "type", "multitext", "code", "EMAIL", "sort", 6, "entity_type", entity,
                        "enums", EMAIL_ENUMS.stream().sorted().map(code -> Map.of("id", enumId(code), "value", code)).toList()));
    }

    private Response token(Request request) {
        if (!request.header("Content-Type").orElse("").startsWith("application/json")) {
            return problem(400, "Bad Request", "Expected a JSON body");
        }
        JsonValue body;
        try {
            body = request.json();
        } catch (JsonException e) {
            return problem(400, "Bad Request", "Expected a JSON body");
        }
        if (!CLIENT_ID.equals(body.get("client_id").string().orElse(""))
                || !clientSecret.equals(body.get("client_secret").string().orElse(""))) {
            return problem(401, "Unauthorized", "Client authentication failed");
        }
        if (!redirectUri.equals(body.get("redirect_uri").string().orElse(""))) {
            return problem(400, "Bad Request", "redirect_uri does not match the integration");
        }
        switch (body.get("grant_type").string().orElse("")) {
            case "authorization_code" -> {
                if (!codes.remove(body.get("code").string().orElse(""))) {
                    return Response.json(400, Map.of("hint", "Authorization code has been revoked", "title", "Некорректный запрос",
                            "type", "https://developers.amocrm.ru/v3/errors/OAuthProblemJson", "status", 400,
                            "detail", "В запросе отсутствует ряд параметров или параметры невалидны"));
                }
                revokeAll();
                return issue();
            }
            case "refresh_token" -> {
                String presented = body.get("refresh_token").string().orElse("");
                if (refreshToken == null || !refreshToken.equals(presented)) {
                    if (usedRefreshTokens.contains(presented)) {
                        revokeAll();
                    }
                    return Response.json(401, Map.of("hint", "Token has been revoked", "title", "Unauthorized",
                            "type", "https://httpstatus.es/401", "status", 401, "detail", "The refresh token is invalid."));
                }
                usedRefreshTokens.add(presented);
                refreshes.incrementAndGet();
                retireAccessTokens();
                return issue();
            }
            default -> {
                return problem(400, "Bad Request", "Unsupported grant_type");
            }
        }
    }

    private Response issue() {
        String access = "access-" + UUID.randomUUID();
        accessTokens.put(access, now + accessTokenLifetime);
        refreshToken = "refresh-" + UUID.randomUUID();
        return Response.json(200, Map.of("token_type", "Bearer", "expires_in", accessTokenLifetime, "server_time", now,
                "access_token", access, "refresh_token", refreshToken));
    }

    private void retireAccessTokens() {
        retiredAccessTokens.addAll(accessTokens.keySet());
        accessTokens.clear();
    }

    private void revokeAll() {
        retireAccessTokens();
        if (refreshToken != null) {
            usedRefreshTokens.add(refreshToken);
        }
        refreshToken = null;
    }

    private Map<Long, Map<String, Object>> table(String entity) {
        return Objects.requireNonNull(entities.get(entity), "unknown entity " + entity);
    }

    private static Map<String, Object> error(String code, String path, String detail) {
        return Map.of("code", code, "path", path, "detail", detail);
    }

    private static Response hal(int status, Object value) {
        return new Response(status, Map.of("Content-Type", "application/hal+json"), Json.write(value).getBytes(StandardCharsets.UTF_8));
    }

    private static Response problem(int status, String title, String detail) {
        return new Response(status, Map.of("Content-Type", "application/problem+json"), Json.write(Map.of("title", title,
                "type", "https://httpstatus.es/" + status, "status", status, "detail", detail)).getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> value) {
        return (Map<String, Object>) Json.parse(Json.write(value)).toJava();
    }
}
