package io.metaplatform.plugins.runtime.internal.oauth;

import io.metaplatform.plugins.runtime.internal.http.FakeServer;
import io.metaplatform.plugins.runtime.internal.http.FakeServer.Answer;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * An authorisation server and API like amoCRM's: every refresh rotates the refresh token and a used
 * (or any other) refresh token is refused with {@code invalid_grant}; the API accepts only the
 * newest access token. Refreshes take a while, so concurrent callers really overlap.
 */
final class FakeAuthorisationServer implements AutoCloseable {

    static final String CODE = "the-admins-code";
    static final String CLIENT_ID = "client-42";
    static final String REDIRECT = "https://platform.example/oauth/callback";
    static final String CLIENT_SECRET = "client-secret-" + java.util.UUID.randomUUID();

    private final FakeServer server = new FakeServer((number, request) -> answer(request));
    private final AtomicInteger refreshes = new AtomicInteger();
    private final AtomicInteger apiCalls = new AtomicInteger();
    private final AtomicInteger staleTokenCalls = new AtomicInteger();
    private final java.util.Set<String> retiredAccessTokens = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final long firstLifetime;
    private final boolean amoStyle;
    private int generation;
    private String access;
    private String refresh;
    private boolean accessRevoked;

    /**
     * @param firstLifetime the lifetime in seconds of the access token the code exchange issues (0: expired at once);
     *                      refreshed ones live an hour
     */
    FakeAuthorisationServer(long firstLifetime) {
        this(firstLifetime, false);
    }

    /**
     * @param amoStyle token requests are JSON and a refresh must carry the grant's redirect URI (as amoCRM
     *                 wants); presenting a used refresh token revokes the whole grant and is answered with
     *                 amoCRM's problem document ("Token has been revoked")
     */
    FakeAuthorisationServer(long firstLifetime, boolean amoStyle) {
        this.firstLifetime = firstLifetime;
        this.amoStyle = amoStyle;
    }

    /** API calls that carried an access token this server had already replaced. */
    int staleTokenCalls() {
        return staleTokenCalls.get();
    }

    URI tokenUri() {
        return server.uri("/oauth2/access_token");
    }

    URI api(String path) {
        return server.uri("/api/v4" + path);
    }

    int refreshes() {
        return refreshes.get();
    }

    int apiCalls() {
        return apiCalls.get();
    }

    synchronized String currentAccessToken() {
        return access;
    }

    synchronized String currentRefreshToken() {
        return refresh;
    }

    /** The API refuses the current access token from now on (as after a revocation). */
    synchronized void revokeAccessToken() {
        accessRevoked = true;
    }

    /** Every refresh token we issued is refused from now on (the user withdrew the grant). */
    synchronized void withdrawGrant() {
        refresh = "withdrawn";
    }

    private Answer answer(FakeServer.Request request) throws InterruptedException {
        if (request.path().startsWith("/api/")) {
            apiCalls.incrementAndGet();
            return apiAnswer(request.headers().getFirst("Authorization"));
        }
        Map<String, String> form = amoStyle ? json(request) : form(request.body());
        if (form == null) {
            return Answer.json(400, "{\"title\":\"Bad Request\",\"status\":400,\"detail\":\"expected a JSON body\"}");
        }
        if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
            return Answer.json(401, "{\"error\":\"invalid_client\"}");
        }
        return switch (form.getOrDefault("grant_type", "")) {
            case "authorization_code" -> code(form.get("code"));
            case "refresh_token" -> amoStyle && !REDIRECT.equals(form.get("redirect_uri"))
                    ? Answer.json(400, "{\"title\":\"Bad Request\",\"status\":400,\"detail\":\"redirect_uri is required\"}")
                    : refresh(form.get("refresh_token"));
            default -> Answer.json(400, "{\"error\":\"unsupported_grant_type\"}");
        };
    }

    private synchronized Answer apiAnswer(String authorization) {
        if (authorization != null && retiredAccessTokens.contains(authorization.replaceFirst("^Bearer ", ""))) {
            staleTokenCalls.incrementAndGet();
        }
        boolean valid = access != null && !accessRevoked && ("Bearer " + access).equals(authorization);
        return valid ? Answer.json(200, "{\"ok\":true}") : Answer.json(401, "{\"title\":\"Unauthorized\"}");
    }

    private synchronized Answer code(String code) {
        return CODE.equals(code)
                ? issue(firstLifetime)
                : Answer.json(400, "{\"error\":\"invalid_grant\",\"hint\":\"" + code + "\"}");
    }

    private Answer refresh(String presented) throws InterruptedException {
        Thread.sleep(300);
        synchronized (this) {
            if (presented == null || !presented.equals(refresh)) {
                if (amoStyle) {
                    // A used refresh token: amoCRM revokes the grant, the current pair included.
                    refresh = "revoked-" + java.util.UUID.randomUUID();
                    accessRevoked = true;
                    return Answer.json(401, "{\"hint\":\"Token has been revoked\",\"title\":\"Unauthorized\","
                            + "\"type\":\"https://httpstatus.es/401\",\"status\":401,\"detail\":\"The refresh token is invalid.\"}");
                }
                return Answer.json(400,
                        "{\"error\":\"invalid_grant\",\"hint\":\"refresh token " + presented + " was used or revoked\"}");
            }
            refreshes.incrementAndGet();
            return issue(3600);
        }
    }

    private Answer issue(long expiresIn) {
        generation++;
        if (access != null) {
            retiredAccessTokens.add(access);
        }
        access = "access-" + generation + "-" + java.util.UUID.randomUUID();
        refresh = "refresh-" + generation + "-" + java.util.UUID.randomUUID();
        accessRevoked = false;
        return Answer.json(200, "{\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + ",\"access_token\":\"" + access
                + "\",\"refresh_token\":\"" + refresh + "\"}");
    }

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    /** A JSON object's text values, or null when the body is not JSON (amoCRM wants JSON token requests). */
    private static Map<String, String> json(FakeServer.Request request) {
        String type = request.headers().getFirst("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            return null;
        }
        try {
            var values = new java.util.HashMap<String, String>();
            JSON.readTree(request.body()).properties().forEach(entry -> values.put(entry.getKey(), entry.getValue().asString("")));
            return values;
        } catch (tools.jackson.core.JacksonException e) {
            return null;
        }
    }

    private static Map<String, String> form(String body) {
        return Arrays.stream(body.split("&"))
                .map(pair -> pair.split("=", 2))
                .filter(pair -> pair.length == 2)
                .collect(Collectors.toMap(pair -> decode(pair[0]), pair -> decode(pair[1]), (a, b) -> b));
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.close();
    }
}
