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
    static final String CLIENT_SECRET = "client-secret-" + java.util.UUID.randomUUID();

    private final FakeServer server = new FakeServer((number, request) -> answer(request));
    private final AtomicInteger refreshes = new AtomicInteger();
    private final AtomicInteger apiCalls = new AtomicInteger();
    private final long firstLifetime;
    private int generation;
    private String access;
    private String refresh;
    private boolean accessRevoked;

    /**
     * @param firstLifetime the lifetime in seconds of the access token the code exchange issues (0: expired at once);
     *                      refreshed ones live an hour
     */
    FakeAuthorisationServer(long firstLifetime) {
        this.firstLifetime = firstLifetime;
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
        Map<String, String> form = form(request.body());
        if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
            return Answer.json(401, "{\"error\":\"invalid_client\"}");
        }
        return switch (form.getOrDefault("grant_type", "")) {
            case "authorization_code" -> code(form.get("code"));
            case "refresh_token" -> refresh(form.get("refresh_token"));
            default -> Answer.json(400, "{\"error\":\"unsupported_grant_type\"}");
        };
    }

    private synchronized Answer apiAnswer(String authorization) {
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
                return Answer.json(400,
                        "{\"error\":\"invalid_grant\",\"hint\":\"refresh token " + presented + " was used or revoked\"}");
            }
            refreshes.incrementAndGet();
            return issue(3600);
        }
    }

    private Answer issue(long expiresIn) {
        generation++;
        access = "access-" + generation + "-" + java.util.UUID.randomUUID();
        refresh = "refresh-" + generation + "-" + java.util.UUID.randomUUID();
        accessRevoked = false;
        return Answer.json(200, "{\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + ",\"access_token\":\"" + access
                + "\",\"refresh_token\":\"" + refresh + "\"}");
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
