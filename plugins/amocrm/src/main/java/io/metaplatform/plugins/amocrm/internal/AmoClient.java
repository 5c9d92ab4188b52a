package io.metaplatform.plugins.amocrm.internal;

import io.metaplatform.plugins.api.ConnectorContext;
import io.metaplatform.plugins.api.ConnectorException;
import io.metaplatform.plugins.api.ConnectorHttp;
import io.metaplatform.plugins.api.ConnectorHttp.CallOptions;
import io.metaplatform.plugins.api.CredentialsException;
import io.metaplatform.plugins.api.JsonValue;
import io.metaplatform.plugins.api.RetriableException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * amoCRM's API v4 through the platform's HTTP client (which adds the bearer token, renews it once on
 * a 401 and keeps to the 7 requests/s). Answers a connection cannot go on after are exceptions here:
 * 401 after the renewal, 402 (account unpaid) and 403 (IP restricted) stop the connection with a
 * {@link CredentialsException} naming the cause, so nothing calls amoCRM again until an admin acts.
 */
public final class AmoClient {

    public static final String BASE_URL = "baseUrl";
    /** After a 429 amoCRM wants a pause of at least a second. */
    static final long TOO_MANY_PAUSE_MILLIS = 1_000;

    private final ConnectorContext context;
    private final String api;

    private AmoClient(ConnectorContext context) {
        this.context = context;
        String base = context.configuration().find(BASE_URL).map(String::strip).orElse("");
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        if (base.isEmpty()) {
            throw new CredentialsException("The amoCRM account URL is not set: authorise the connection or enter the account URL.");
        }
        this.api = base + "/api/v4";
    }

    public static AmoClient of(ConnectorContext context) {
        return new AmoClient(context);
    }

    /** An answer: status and JSON body ({@link JsonValue.JsonNull} for 204). */
    public record Response(int status, JsonValue body) {
        public boolean ok() {
            return status / 100 == 2;
        }
    }

    /** A GET with the platform's retries (429, 5xx). */
    public Response get(String path, Map<String, String> query) {
        return send("GET", path + query(query), null, CallOptions.defaults("GET"));
    }

    /**
     * A list GET retried here rather than by the platform: a 504 asks for a smaller {@code limit}, which only
     * the caller can choose, so it is returned at once; a 429 is paused for (a second) and other 5xx are
     * repeated, three attempts in all.
     */
    public Response list(String path, Map<String, String> query) {
        for (int attempt = 1; ; attempt++) {
            Response response = send("GET", path + query(query), null, new CallOptions(true, 1));
            boolean retry = response.status() == 429 || (response.status() >= 500 && response.status() != 504);
            if (!retry || attempt >= 3) {
                return response;
            }
            pause();
        }
    }

    /** A POST or PATCH of a JSON body; not repeated by the platform (amoCRM has no idempotency keys). */
    public Response write(String method, String path, JsonValue body) {
        return send(method, path, body, new CallOptions(false, 3));
    }

    private Response send(String method, String pathAndQuery, JsonValue body, CallOptions options) {
        context.throwIfCancelled();
        var builder = HttpRequest.newBuilder(URI.create(api + pathAndQuery))
                .header("Accept", "application/hal+json, application/json")
                .header("User-Agent", "metaplatform-amocrm/1.0");
        // The platform sends the connection's OAuth or long-lived token itself; a long-lived token is set here too,
        // so the connector works with a plain HTTP client (the test kit's).
        context.configuration().find("longLivedToken").filter(token -> !token.isBlank())
                .ifPresent(token -> builder.header("Authorization", "Bearer " + token));
        if (body == null) {
            builder.GET();
        } else {
            builder.header("Content-Type", "application/json").method(method, ConnectorHttp.jsonBody(body));
        }
        var response = context.http().sendJson(builder.build(), options);
        stopIfRefused(response.statusCode());
        return new Response(response.statusCode(), response.body());
    }

    /** 401 (after the platform's one renewal), 402 and 403 end every further call of the connection. */
    private static void stopIfRefused(int status) {
        switch (status) {
            case 401 -> throw new CredentialsException("amoCRM refused the access token (401) after renewing it: authorise the connection again.");
            case 402 -> throw new io.metaplatform.plugins.api.AccessRefusedException("amoCRM refused access: the account is not paid (402). The connection is stopped;"
                    + " pay the account, then run the connection's check.");
            case 403 -> throw new io.metaplatform.plugins.api.AccessRefusedException("amoCRM refused access (403): the platform's IP address is restricted, usually after too"
                    + " many requests, or the user lacks the rights. The connection is stopped; run its check once amoCRM lifts it.");
            default -> {
            }
        }
    }

    /** What a failed call means for the run: 429 and 5xx are transient, anything else is a fault of this call. */
    public static RuntimeException failure(String what, Response response) {
        int status = response.status();
        if (status == 429 || status >= 500) {
            return new RetriableException("amoCRM answered " + status + " to " + what + "; the run resumes from its last checkpoint.");
        }
        String detail = response.body().get("detail").string().filter(text -> text.length() < 200).orElse("");
        return new ConnectorException("amoCRM answered " + status + " to " + what + (detail.isEmpty() ? "" : ": " + detail));
    }

    static void pause() {
        try {
            Thread.sleep(TOO_MANY_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.metaplatform.plugins.api.CancelledException();
        }
    }

    /** Query parameters, amoCRM's bracketed names included ({@code filter[updated_at][from]}). */
    public static String query(Map<String, String> parameters) {
        if (parameters.isEmpty()) {
            return "";
        }
        return "?" + parameters.entrySet().stream()
                .map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    public static Map<String, String> parameters(Object... pairs) {
        var map = new LinkedHashMap<String, String>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(String.valueOf(pairs[i]), String.valueOf(pairs[i + 1]));
        }
        return map;
    }
}
