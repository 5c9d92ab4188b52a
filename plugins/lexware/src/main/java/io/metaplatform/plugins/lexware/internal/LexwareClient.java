package io.metaplatform.plugins.lexware.internal;

import io.metaplatform.plugins.api.ConnectorContext;
import io.metaplatform.plugins.api.ConnectorException;
import io.metaplatform.plugins.api.ConnectorHttp.CallOptions;
import io.metaplatform.plugins.api.ConnectorHttp;
import io.metaplatform.plugins.api.CredentialsException;
import io.metaplatform.plugins.api.Json;
import io.metaplatform.plugins.api.JsonException;
import io.metaplatform.plugins.api.RetriableException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The Lexware Office API as seen through the platform's {@link io.metaplatform.plugins.api.ConnectorHttp}
 * (which owns the 2 requests/s budget and retries): builds authorised requests, parses JSON and
 * turns the statuses every endpoint shares into the SPI's exceptions.
 */
public final class LexwareClient {

    /** The configuration property holding the API key. */
    public static final String API_KEY = "apiKey";
    /** The configuration property holding the base URL. */
    public static final String BASE_URL = "baseUrl";

    /** Lexware answers 504 after 30 s; a POST may have succeeded by then. */
    private static final Duration TIMEOUT = Duration.ofSeconds(40);
    private static final Set<Integer> TRANSIENT = Set.of(429, 500, 502, 503, 504);

    /**
     * One answer.
     *
     * @param status HTTP status
     * @param body   the parsed JSON body, {@code null} when empty
     */
    public record Response(int status, Object body) {

        public boolean ok() {
            return status / 100 == 2;
        }

        public Map<String, Object> object() {
            return Values.object(body);
        }

        /** Lexware's {@code message} of an error body, whichever shape it has; may be {@code null}. */
        public String message() {
            return Values.text(object().get("message"));
        }
    }

    private final ConnectorContext context;
    private final String apiKey;
    private final String baseUrl;

    private LexwareClient(ConnectorContext context, String apiKey) {
        this.context = context;
        this.apiKey = apiKey;
        var base = context.configuration().find(BASE_URL).orElse("https://api.lexware.io/v1");
        this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** Whether the connection has an API key at all (else it is "unconfigured"). */
    public static boolean configured(ConnectorContext context) {
        return context.configuration().find(API_KEY).filter(key -> !key.isBlank()).isPresent();
    }

    /**
     * A client for the connection of this context.
     *
     * @throws CredentialsException when no API key is configured
     */
    public static LexwareClient of(ConnectorContext context) {
        var apiKey = context.configuration().find(API_KEY).filter(key -> !key.isBlank())
                .orElseThrow(() -> new CredentialsException("Lexware is not configured: no API key is set"));
        return new LexwareClient(context, apiKey);
    }

    public Response get(String path) {
        return send(request(path).GET().build(), CallOptions.defaults("GET"));
    }

    /** A POST, retried by the platform only on 429 and 503 (answers that promise it was not processed). */
    public Response post(String path, Object body) {
        return send(withBody(path, "POST", body), CallOptions.defaults("POST"));
    }

    public Response put(String path, Object body) {
        return send(withBody(path, "PUT", body), CallOptions.defaults("PUT"));
    }

    public Response delete(String path) {
        return send(request(path).DELETE().build(), CallOptions.defaults("DELETE"));
    }

    /** The body of a 2xx answer; 404 gives {@code null}; anything else is thrown as {@link #failure}. */
    public Map<String, Object> getObjectOrNull(String path) {
        var response = get(path);
        if (response.status() == 404) {
            return null;
        }
        if (!response.ok()) {
            throw failure("GET " + withoutQuery(path), response);
        }
        return response.object();
    }

    /**
     * The SPI exception for an answer no caller handles itself: 401 → {@link CredentialsException},
     * 429 and 5xx (after the platform's retries) → {@link RetriableException}, else a fatal
     * {@link ConnectorException}. Messages name the call and Lexware's message, never the key.
     */
    public static ConnectorException failure(String call, Response response) {
        var detail = response.message() == null ? "" : ": " + response.message();
        var message = "Lexware answered " + response.status() + " to " + call + detail;
        if (response.status() == 401) {
            return new CredentialsException("Lexware refused the API key (401)" + detail);
        }
        if (TRANSIENT.contains(response.status())) {
            return new RetriableException(message);
        }
        return new ConnectorException(message);
    }

    /**
     * A query string of parameters, in order, skipping {@code null} values. Filter values are
     * HTML-encoded ({@code &}, {@code <}, {@code >}) before URL encoding, as Lexware requires.
     */
    public static String query(Map<String, ?> parameters) {
        var joiner = new StringJoiner("&", "?", "");
        joiner.setEmptyValue("");
        for (var entry : parameters.entrySet()) {
            if (entry.getValue() != null) {
                joiner.add(entry.getKey() + "=" + encode(String.valueOf(entry.getValue())));
            }
        }
        return joiner.toString();
    }

    /** Parameters in insertion order, for {@link #query}. */
    public static Map<String, Object> parameters(Object... keysAndValues) {
        var result = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            result.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return result;
    }

    private static String encode(String value) {
        var html = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return URLEncoder.encode(html, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json");
    }

    private HttpRequest withBody(String path, String method, Object body) {
        return request(path)
                .header("Content-Type", "application/json")
                .method(method, ConnectorHttp.jsonBody(Json.from(body)))
                .build();
    }

    private Response send(HttpRequest request, CallOptions options) {
        ConnectorHttp.JsonResponse response;
        try {
            response = context.http().sendJson(request, options);
        } catch (JsonException e) {
            throw new RetriableException("Lexware sent malformed JSON for " + request.method() + " "
                    + withoutQuery(request.uri().getPath()));
        }
        return new Response(response.statusCode(), response.body().toJava());
    }

    private static String withoutQuery(String path) {
        int question = path.indexOf('?');
        return question < 0 ? path : path.substring(0, question);
    }
}
