package io.metaplatform.plugins.api;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * OAuth 2 (authorisation code grant) as the external system does it. When a descriptor has one,
 * the platform runs the grant, stores access and refresh tokens encrypted, refreshes them before
 * they expire (one refresh at a time per connection, the new refresh token committed before it is
 * used, since systems like amoCRM rotate it) and sends {@code Authorization: Bearer …} on every
 * request made through {@link ConnectorContext#http()}. A 401 answer makes the platform renew the
 * token once and repeat the request; a refused refresh marks the connection {@code CREDENTIALS_INVALID}
 * until an admin authorises it again.
 *
 * <p>Systems differ in small ways; the {@code with…} methods describe amoCRM-like ones: token requests as
 * JSON with the redirect URI on refreshes too, an account domain the authorisation redirect names, and a
 * long-lived token an admin may paste instead of running the grant.
 *
 * @param authorizationUri      where the admin's browser is sent to grant access; may contain
 *                              {@code {property}} placeholders like the token URI
 * @param tokenUri              where codes and refresh tokens are exchanged; may contain
 *                              {@code {property}} placeholders filled from the configuration
 *                              (for example {@code {baseUrl}/oauth2/access_token})
 * @param scopes                scopes to request; may be empty
 * @param clientIdProperty      configuration property holding the client id
 * @param clientSecretProperty  configuration property holding the client secret (a secret)
 * @param tokenRequests         how token requests carry their parameters
 * @param accountFromRedirect   the account URL the authorisation redirect names, when the system tells it
 * @param longLivedTokenProperty a secret configuration property that, when set, is the bearer token itself
 *                              (no grant, no refresh)
 */
public record OAuth2Spec(
        String authorizationUri,
        String tokenUri,
        List<String> scopes,
        String clientIdProperty,
        String clientSecretProperty,
        TokenRequests tokenRequests,
        Optional<AccountFromRedirect> accountFromRedirect,
        Optional<String> longLivedTokenProperty) {

    /** How the token endpoint takes its parameters. */
    public enum TokenRequests {
        /** RFC 6749: form-encoded; a refresh sends no redirect URI. */
        FORM,
        /** A JSON object; the refresh sends the redirect URI of the grant as well (amoCRM). */
        JSON_WITH_REDIRECT_URI
    }

    /**
     * The external system names the admin's account in the authorisation redirect (amoCRM's
     * {@code referer=acme.amocrm.ru}); the platform checks the host against {@code allowedHostSuffixes}
     * and stores {@code scheme://host} in the configuration property {@code property} before it
     * exchanges the code, so the token URI and the plugin's calls go to that account.
     *
     * @param property            a non-secret configuration property, typically the one the token URI uses
     * @param allowedHostSuffixes host names or domain suffixes the account may be on (for example {@code amocrm.ru})
     * @param scheme              {@code https} in production
     */
    public record AccountFromRedirect(String property, List<String> allowedHostSuffixes, String scheme) {
        public AccountFromRedirect {
            Objects.requireNonNull(property, "property");
            allowedHostSuffixes = allowedHostSuffixes.stream().map(suffix -> suffix.toLowerCase(Locale.ROOT)).toList();
            if (!"https".equals(scheme) && !"http".equals(scheme)) {
                throw new IllegalArgumentException("scheme must be http or https");
            }
        }

        /**
         * The account URL for the host the redirect named, or empty when it is not a plain host name
         * ({@code [port]} allowed) on one of the allowed domains.
         */
        public Optional<String> accountUrl(String referer) {
            if (referer == null) {
                return Optional.empty();
            }
            String host = referer.trim().toLowerCase(Locale.ROOT);
            if (!host.matches("[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?)*(:[0-9]{1,5})?")) {
                return Optional.empty();
            }
            String name = host.replaceFirst(":[0-9]+$", "");
            boolean allowed = allowedHostSuffixes.stream().anyMatch(suffix -> name.equals(suffix) || name.endsWith("." + suffix));
            return allowed ? Optional.of(scheme + "://" + host) : Optional.empty();
        }
    }

    public OAuth2Spec {
        Objects.requireNonNull(authorizationUri, "authorizationUri");
        Objects.requireNonNull(tokenUri, "tokenUri");
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(clientIdProperty, "clientIdProperty");
        Objects.requireNonNull(clientSecretProperty, "clientSecretProperty");
        Objects.requireNonNull(tokenRequests, "tokenRequests");
        Objects.requireNonNull(accountFromRedirect, "accountFromRedirect");
        Objects.requireNonNull(longLivedTokenProperty, "longLivedTokenProperty");
    }

    /** An RFC 6749 system: form-encoded token requests, no account in the redirect, no long-lived token. */
    public OAuth2Spec(String authorizationUri, String tokenUri, List<String> scopes, String clientIdProperty,
            String clientSecretProperty) {
        this(authorizationUri, tokenUri, scopes, clientIdProperty, clientSecretProperty, TokenRequests.FORM, Optional.empty(),
                Optional.empty());
    }

    /** This spec with token requests as JSON, the refresh carrying the grant's redirect URI (amoCRM). */
    public OAuth2Spec withJsonTokenRequests() {
        return new OAuth2Spec(authorizationUri, tokenUri, scopes, clientIdProperty, clientSecretProperty,
                TokenRequests.JSON_WITH_REDIRECT_URI, accountFromRedirect, longLivedTokenProperty);
    }

    /** This spec with the account URL taken from the authorisation redirect (see {@link AccountFromRedirect}). */
    public OAuth2Spec withAccountFromRedirect(String property, List<String> allowedHostSuffixes, String scheme) {
        return new OAuth2Spec(authorizationUri, tokenUri, scopes, clientIdProperty, clientSecretProperty, tokenRequests,
                Optional.of(new AccountFromRedirect(property, allowedHostSuffixes, scheme)), longLivedTokenProperty);
    }

    /** This spec with a long-lived token (a secret configuration property) as the alternative to the grant. */
    public OAuth2Spec withLongLivedToken(String property) {
        return new OAuth2Spec(authorizationUri, tokenUri, scopes, clientIdProperty, clientSecretProperty, tokenRequests,
                accountFromRedirect, Optional.of(property));
    }

    /** The long-lived token of this configuration, when the spec allows one and it is set. */
    public Optional<String> longLivedToken(Configuration configuration) {
        return longLivedTokenProperty.flatMap(configuration::find).filter(value -> !value.isBlank());
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
