package io.metaplatform.plugins.yclients.internal;

import io.metaplatform.plugins.api.ConnectorContext;
import io.metaplatform.plugins.api.ConnectorException;
import io.metaplatform.plugins.api.ConnectorHttp;
import io.metaplatform.plugins.api.ConnectorHttp.CallOptions;
import io.metaplatform.plugins.api.ConnectorHttp.JsonResponse;
import io.metaplatform.plugins.api.CredentialsException;
import io.metaplatform.plugins.api.FieldProblem;
import io.metaplatform.plugins.api.JsonValue;
import io.metaplatform.plugins.api.JsonValue.JsonObject;
import io.metaplatform.plugins.api.RecordRejectedException;
import io.metaplatform.plugins.api.RetriableException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Calls to the YCLIENTS REST API for one connection and one call into the connector: the headers of the v2
 * envelope, the partner and user tokens (a user token from the configuration, else from {@code POST /auth}
 * with login and password, renewed once when YCLIENTS answers 401 and a login is configured), and the
 * meaning of its statuses. Not thread-safe (it keeps the user token of this call).
 */
public final class YclientsClient {

    static final String ACCEPT = "application/vnd.yclients.v2+json";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** An answer: its status and its body (the whole v2 envelope). */
    public record Answer(int status, JsonValue body) {

        public JsonValue data() {
            return body.get("data");
        }

        public JsonValue meta() {
            return body.get("meta");
        }
    }

    private final ConnectorContext context;
    private final String baseUrl;
    private final String partnerToken;
    private final long companyId;
    private final Optional<String> login;
    private final Optional<String> password;
    private String userToken;

    public YclientsClient(ConnectorContext context) {
        this.context = context;
        var config = context.configuration();
        var base = config.string(Config.BASE_URL).strip();
        this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.partnerToken = config.string(Config.PARTNER_TOKEN);
        this.companyId = config.integer(Config.COMPANY_ID);
        this.login = config.find(Config.LOGIN);
        this.password = config.find(Config.PASSWORD);
        this.userToken = config.find(Config.USER_TOKEN).orElse(null);
        if (userToken == null && (login.isEmpty() || password.isEmpty())) {
            throw new CredentialsException("Set a YCLIENTS user token, or the user's login and password.");
        }
    }

    public long companyId() {
        return companyId;
    }

    /** A GET of an idempotent resource; 404 is returned as an answer, every other failure thrown. */
    public Answer get(String path, Map<String, String> query) {
        return call("GET", path + query(query), null, CallOptions.defaults("GET"), false);
    }

    /** A POST that only reads (searches): retried like a GET. */
    public Answer search(String path, JsonValue body) {
        return call("POST", path, body, new CallOptions(true, 3), false);
    }

    /**
     * A POST that creates: retried by the platform only on 429 and 503; any other 5xx or timeout is returned
     * ({@code status} 599 for no answer at all), because the create may have happened.
     */
    public Answer create(String path, JsonValue body) {
        try {
            return call("POST", path, body, CallOptions.defaults("POST"), true);
        } catch (RetriableException e) {
            return new Answer(599, JsonValue.JsonNull.INSTANCE);
        }
    }

    public Answer put(String path, JsonValue body) {
        return call("PUT", path, body, CallOptions.defaults("PUT"), false);
    }

    private Answer call(String method, String pathAndQuery, JsonValue body, CallOptions options, boolean creates) {
        ensureUserToken();
        var answer = send(method, pathAndQuery, body, options, true);
        if (answer.status() == 401 && login.isPresent() && password.isPresent()) {
            // The user token changes when the user's password changes: fetch a new one, once.
            userToken = null;
            ensureUserToken();
            answer = send(method, pathAndQuery, body, options, true);
        }
        return judge(answer, method, pathAndQuery, creates);
    }

    private void ensureUserToken() {
        if (userToken != null) {
            return;
        }
        var body = JsonObject.builder().put("login", login.orElseThrow()).put("password", password.orElseThrow()).build();
        var answer = send("POST", "/auth", body, new CallOptions(true, 3), false);
        if (answer.status() == 401 || answer.status() == 403 || answer.status() == 422 || answer.status() == 400) {
            throw new CredentialsException("YCLIENTS refused the login and password (HTTP " + answer.status() + "): "
                    + message(answer.body()));
        }
        judge(answer, "POST", "/auth", false);
        userToken = answer.body().at("data.user_token").text()
                .orElseThrow(() -> new ConnectorException("YCLIENTS answered POST /auth without a user token"));
    }

    private Answer send(String method, String pathAndQuery, JsonValue body, CallOptions options, boolean withUser) {
        var builder = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(TIMEOUT)
                .header("Accept", ACCEPT)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + partnerToken + (withUser && userToken != null ? ", User " + userToken : ""));
        builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : ConnectorHttp.jsonBody(body));
        JsonResponse response = context.http().sendJson(builder.build(), options);
        return new Answer(response.statusCode(), response.body());
    }

    /** Throws what a status means; a create's 5xx is returned instead, since the create may have happened. */
    private static Answer judge(Answer answer, String method, String pathAndQuery, boolean creates) {
        int status = answer.status();
        String where = method + " " + withoutQuery(pathAndQuery);
        return switch (status) {
            case 401 -> throw new CredentialsException("YCLIENTS refused the partner token or the user token (HTTP 401) for " + where
                    + ": check both; a user token changes when the user's password changes.");
            case 402 -> throw new io.metaplatform.plugins.api.AccessRefusedException("YCLIENTS answered 402 Payment Required for " + where
                    + ": the location's YCLIENTS subscription or the integration is not paid.");
            case 403 -> throw new io.metaplatform.plugins.api.AccessRefusedException("YCLIENTS answered 403 Forbidden for " + where
                    + ": the user lacks the rights for this location (company id), or the integration is not enabled for it.");
            case 429 -> throw new RetriableException("YCLIENTS kept answering 429 Too Many Requests for " + where);
            default -> {
                if (status >= 500 && !creates) {
                    throw new RetriableException("YCLIENTS answered " + status + " for " + where);
                }
                if (status == 400) {
                    throw new ConnectorException("YCLIENTS refused " + where + " (HTTP 400): " + message(answer.body()));
                }
                yield answer;
            }
        };
    }

    /** The 422 answer of a write as a per-record rejection with YCLIENTS' field errors. */
    public static RecordRejectedException rejected(Answer answer) {
        List<FieldProblem> problems = new ArrayList<>();
        var errors = answer.meta().get("errors");
        errors.members().forEach((field, messages) -> problems.add(new FieldProblem(field, "REFUSED", joined(messages))));
        errors.items().forEach(item -> problems.add(new FieldProblem(item.get("field").text().orElse("record"), "REFUSED",
                item.get("message").text().orElse(item.text().orElse("refused")))));
        return new RecordRejectedException("YCLIENTS refused the record (HTTP " + answer.status() + "): " + message(answer.body()), problems);
    }

    static String message(JsonValue body) {
        return body.at("meta.message").text().or(() -> body.at("errors.message").text()).orElse("no message");
    }

    private static String joined(JsonValue messages) {
        if (messages.items().isEmpty()) {
            return messages.text().orElse("refused");
        }
        var joiner = new StringJoiner("; ");
        messages.items().forEach(message -> joiner.add(message.text().orElse("")));
        return joiner.toString();
    }

    private static String query(Map<String, String> query) {
        if (query.isEmpty()) {
            return "";
        }
        var joiner = new StringJoiner("&", "?", "");
        query.forEach((name, value) -> joiner.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return joiner.toString();
    }

    private static String withoutQuery(String path) {
        int question = path.indexOf('?');
        return question < 0 ? path : path.substring(0, question);
    }
}
