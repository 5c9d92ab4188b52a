package io.metaplatform.plugins.api;

import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The HTTP client the platform gives a connector. Plugins build standard
 * {@link java.net.http.HttpRequest}s; the platform sends them with:
 * <ul>
 *   <li>the descriptor's {@link RateLimit}, shared by all server instances (the call waits for a permit);</li>
 *   <li>retries with exponential backoff and jitter on 429, 5xx and timeouts, honouring
 *       {@code Retry-After}, at most {@link CallOptions#maxAttempts()} attempts;
 *       a request that is not {@link CallOptions#idempotent() idempotent} is retried only on
 *       429 and 503 (answers that promise the request was not processed), never after a timeout
 *       or another 5xx: re-read before trying again;</li>
 *   <li>a circuit breaker per connection: while it is open, calls fail at once with a
 *       {@link RetriableException};</li>
 *   <li>a request timeout (when the request sets none) and, for OAuth connectors, the bearer token;</li>
 *   <li>the platform's egress policy: only {@code http} and {@code https}, and no host that is or
 *       resolves to a loopback, private, link-local or otherwise internal address unless the operator
 *       allowed it, checked on the address each connection is opened to; redirects of GET and HEAD
 *       requests (and 303s) are followed by the platform, each hop checked, credentials kept to
 *       their origin;</li>
 *   <li>limits on the size of an answer and on the time a call takes, body included.</li>
 * </ul>
 * Thread-safe.
 */
public interface ConnectorHttp {

    /**
     * Sends a request with {@link CallOptions#defaults()} for its method.
     *
     * @return the final response, whatever its status (after retries, a 429 or 5xx may be returned)
     * @throws RetriableException when no response arrived (connection error, timeout after the
     *         last attempt, open circuit)
     * @throws EgressDeniedException when the request or a redirect aims at a host the platform does not
     *         connect to; nothing was sent there
     * @throws ConnectorException when the answer is larger than the platform's limit (read as a stream,
     *         the stream's read fails instead, with an {@link java.io.IOException} caused by it)
     * @throws CancelledException when the call was cancelled while waiting
     */
    default <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        return send(request, body, CallOptions.defaults(request.method()));
    }

    /** Sends a request with explicit options. */
    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body, CallOptions options);

    /**
     * Sends a request with {@link CallOptions#defaults()} for its method and reads the answer as JSON.
     *
     * @see #sendJson(HttpRequest, CallOptions)
     */
    default JsonResponse sendJson(HttpRequest request) {
        return sendJson(request, CallOptions.defaults(request.method()));
    }

    /**
     * Sends a request and reads the answer as JSON (UTF-8), with everything {@link #send} does. Build the
     * request body with {@link #jsonBody}.
     *
     * @return the status, headers and parsed body: {@link JsonValue.JsonNull} when the body is empty, and also
     *         when an answer outside 2xx is not JSON (an HTML error page; its text stays in
     *         {@link JsonResponse#text()})
     * @throws JsonException when a 2xx answer is not JSON
     * @throws RetriableException, EgressDeniedException, ConnectorException, CancelledException as {@link #send}
     */
    default JsonResponse sendJson(HttpRequest request, CallOptions options) {
        var response = send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), options);
        return JsonResponse.of(response.statusCode(), response.headers(), response.body());
    }

    /** A request body of JSON text (UTF-8); set {@code Content-Type: application/json} on the request. */
    static HttpRequest.BodyPublisher jsonBody(JsonValue value) {
        return HttpRequest.BodyPublishers.ofString(value.toJson(), StandardCharsets.UTF_8);
    }

    /**
     * An answer read as JSON.
     *
     * @param statusCode the HTTP status
     * @param headers    the answer's headers
     * @param body       the parsed body, {@link JsonValue.JsonNull} when empty (or not JSON outside 2xx)
     * @param text       the body as received, for messages (may hold personal data: excerpt it, never log it whole)
     */
    record JsonResponse(int statusCode, HttpHeaders headers, JsonValue body, String text) {

        public JsonResponse {
            Objects.requireNonNull(headers, "headers");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(text, "text");
        }

        /** Parses an answer's text, see {@link ConnectorHttp#sendJson(HttpRequest, CallOptions)}. */
        public static JsonResponse of(int statusCode, HttpHeaders headers, String text) {
            var raw = text == null ? "" : text;
            if (raw.isBlank()) {
                return new JsonResponse(statusCode, headers, JsonValue.JsonNull.INSTANCE, raw);
            }
            try {
                return new JsonResponse(statusCode, headers, Json.parse(raw), raw);
            } catch (JsonException e) {
                if (statusCode >= 200 && statusCode < 300) {
                    throw new JsonException("the answer (HTTP " + statusCode + ") is not JSON: " + e.getMessage(), e.offset());
                }
                return new JsonResponse(statusCode, headers, JsonValue.JsonNull.INSTANCE, raw);
            }
        }

        /** Whether the status is 2xx. */
        public boolean successful() {
            return statusCode >= 200 && statusCode < 300;
        }
    }

    /**
     * How one call is retried.
     *
     * @param idempotent  whether repeating the request is harmless (GET, PUT, DELETE by default)
     * @param maxAttempts at most this many attempts in all, from 1 (no retry) to 10
     */
    record CallOptions(boolean idempotent, int maxAttempts) {

        public CallOptions {
            if (maxAttempts < 1 || maxAttempts > 10) {
                throw new IllegalArgumentException("maxAttempts must be between 1 and 10");
            }
        }

        /** Three attempts; idempotent unless the method is POST or PATCH. */
        public static CallOptions defaults(String method) {
            return new CallOptions(!"POST".equals(method) && !"PATCH".equals(method), 3);
        }
    }
}
