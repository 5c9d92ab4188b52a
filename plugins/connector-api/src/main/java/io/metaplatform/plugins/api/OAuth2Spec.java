package io.metaplatform.plugins.api;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * OAuth 2 (authorisation code grant) as the external system does it. When a descriptor has one,
 * the platform runs the grant, stores access and refresh tokens encrypted, refreshes them before
 * they expire (one refresh at a time per connection, the new refresh token committed before it is
 * used, since systems like amoCRM rotate it) and sends {@code Authorization: Bearer …} on every
 * request made through {@link ConnectorContext#http()}.
 *
 * @param authorizationUri     where the admin's browser is sent to grant access; may contain
 *                             {@code {property}} placeholders like the token URI
 * @param tokenUri             where codes and refresh tokens are exchanged; may contain
 *                             {@code {property}} placeholders filled from the configuration
 *                             (for example {@code https://{subdomain}.amocrm.ru/oauth2/access_token})
 * @param scopes               scopes to request; may be empty
 * @param clientIdProperty     configuration property holding the client id
 * @param clientSecretProperty configuration property holding the client secret (a secret)
 */
public record OAuth2Spec(
        String authorizationUri,
        String tokenUri,
        List<String> scopes,
        String clientIdProperty,
        String clientSecretProperty) {

    public OAuth2Spec {
        Objects.requireNonNull(authorizationUri, "authorizationUri");
        Objects.requireNonNull(tokenUri, "tokenUri");
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(clientIdProperty, "clientIdProperty");
        Objects.requireNonNull(clientSecretProperty, "clientSecretProperty");
    }

    /** The token URI with placeholders filled from the configuration. */
    public URI tokenUri(Configuration configuration) {
        return URI.create(fill(tokenUri, configuration));
    }

    /** The authorisation URI with placeholders filled from the configuration (same rules as the token URI). */
    public URI authorizationUri(Configuration configuration) {
        return URI.create(fill(authorizationUri, configuration));
    }

    private static String fill(String template, Configuration configuration) {
        var uri = template;
        for (var entry : configuration.values().entrySet()) {
            uri = uri.replace("{" + entry.getKey() + "}", entry.getValue());
        }
        return uri;
    }
}
