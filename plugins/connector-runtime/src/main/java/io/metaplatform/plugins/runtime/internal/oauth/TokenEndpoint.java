package io.metaplatform.plugins.runtime.internal.oauth;

import io.metaplatform.plugins.api.CancelledException;
import io.metaplatform.plugins.api.Configuration;
import io.metaplatform.plugins.api.ConnectorException;
import io.metaplatform.plugins.api.CredentialsException;
import io.metaplatform.plugins.api.OAuth2Spec;
import io.metaplatform.plugins.api.RetriableException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import io.metaplatform.plugins.runtime.internal.http.EgressClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The authorisation server's token endpoint (RFC 6749 §4.1.3 and §6), client credentials in the
 * form body. Its answers and requests carry secrets: messages here name statuses and OAuth error
 * codes only.
 */
final class TokenEndpoint {

    /** Shorter than the database statement timeout, so instances waiting on the token row's lock do not time out first. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final EgressClient client;

    TokenEndpoint(EgressClient client) {
        this.client = client;
    }

    TokenSet exchangeCode(OAuth2Spec spec, Configuration configuration, String code, URI redirectUri, Instant now) {
        var form = new LinkedHashMap<String, String>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri.toString());
        return post(spec, configuration, form, Optional.empty(), now);
    }

    /** Renews the tokens; a server that rotates no refresh token leaves the old one in place. */
    TokenSet refresh(OAuth2Spec spec, Configuration configuration, String refreshToken, Optional<String> redirectUri, Instant now) {
        var form = new LinkedHashMap<String, String>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        if (spec.tokenRequests() == OAuth2Spec.TokenRequests.JSON_WITH_REDIRECT_URI) {
            form.put("redirect_uri", redirectUri.orElseThrow(() -> new CredentialsException(
                    "The connection was authorised before its redirect URI was kept, which this system needs to refresh:"
                            + " authorise the connection again.")));
        }
        return post(spec, configuration, form, Optional.of(refreshToken), now);
    }

    private TokenSet post(OAuth2Spec spec, Configuration configuration, Map<String, String> form,
            Optional<String> previousRefresh, Instant now) {
        form.put("client_id", configuration.string(spec.clientIdProperty()));
        form.put("client_secret", configuration.string(spec.clientSecretProperty()));
        boolean json = spec.tokenRequests() == OAuth2Spec.TokenRequests.JSON_WITH_REDIRECT_URI;
        HttpRequest request = HttpRequest.newBuilder(tokenUri(spec, configuration))
                .timeout(TIMEOUT)
                .header("Content-Type", json ? "application/json" : "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json ? JSON.writeValueAsString(form) : encode(form)))
                .build();
        HttpResponse<String> response = send(request);
        int status = response.statusCode();
        if (status == 400 || status == 401) {
            throw new CredentialsException("The authorisation server refused the grant (HTTP " + status
                    + errorCode(response.body()) + "): authorise the connection again.");
        }
        if (status / 100 != 2) {
            throw new RetriableException("The authorisation server answered HTTP " + status + " to a token request.");
        }
        return parse(response.body(), previousRefresh, now);
    }

    private static URI tokenUri(OAuth2Spec spec, Configuration configuration) {
        try {
            URI uri = spec.tokenUri(configuration);
            if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                throw new IllegalArgumentException("not an absolute http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConnectorException("The connector's OAuth token URI is not an absolute http(s) URL"
                    + " with this configuration.");
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RetriableException("The authorisation server did not answer a token request"
                    + " (it could not be reached or did not answer in time).");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
    }

    private static TokenSet parse(String body, Optional<String> previousRefresh, Instant now) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new RetriableException("The authorisation server's token answer is not JSON.");
        }
        String access = json.path("access_token").asString("");
        if (access.isBlank()) {
            throw new RetriableException("The authorisation server's token answer has no access_token.");
        }
        Optional<String> refresh = Optional.of(json.path("refresh_token").asString(""))
                .filter(value -> !value.isBlank())
                .or(() -> previousRefresh);
        Optional<Instant> expiresAt = json.path("expires_in").isNumber()
                ? Optional.of(now.plusSeconds(json.path("expires_in").asLong()))
                : Optional.empty();
        return new TokenSet(access, refresh, expiresAt);
    }

    /**
     * The OAuth error code (RFC 6749 §5.2) when it is one, never free text from the server; amoCRM
     * answers a used or revoked refresh token with a problem document whose {@code hint} says
     * "revoked", reported as {@code invalid_grant}.
     */
    private static String errorCode(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            String error = json.path("error").asString("");
            if (error.isEmpty() && json.path("hint").asString("").toLowerCase(java.util.Locale.ROOT).contains("revoked")) {
                error = "invalid_grant";
            }
            return error.matches("[a-z_]{1,40}") ? ", " + error : "";
        } catch (JacksonException e) {
            return "";
        }
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
