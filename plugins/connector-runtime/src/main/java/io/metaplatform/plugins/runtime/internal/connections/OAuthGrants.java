package io.metaplatform.plugins.runtime.internal.connections;

import io.metaplatform.core.CredentialCipher;
import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.Violation;
import io.metaplatform.plugins.api.Configuration;
import io.metaplatform.plugins.api.CredentialsException;
import io.metaplatform.plugins.api.EgressDeniedException;
import io.metaplatform.plugins.api.OAuth2Spec;
import io.metaplatform.plugins.api.RetriableException;
import io.metaplatform.plugins.runtime.ConnectionStatus;
import io.metaplatform.plugins.runtime.ConnectorCatalog;
import io.metaplatform.plugins.runtime.LoadedConnector;
import io.metaplatform.plugins.runtime.internal.oauth.OAuthTokens;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The OAuth 2 authorisation-code grant of a connection, as a tenant admin runs it: the admin's browser
 * goes to the external system's authorisation page with a {@code state} that only this platform can have
 * made (sealed, bound to tenant and connection, valid for 15 minutes), comes back to the admin UI's
 * redirect URI with a code, and the UI hands code and state back here; the tokens are stored sealed.
 */
@Component
public final class OAuthGrants {

    static final Duration STATE_LIFETIME = Duration.ofMinutes(15);

    private final ConnectionStore connections;
    private final ConnectorCatalog catalog;
    private final ConnectionSecrets secrets;
    private final OAuthTokens tokens;
    private final CredentialCipher cipher;
    private final TransactionTemplate transactions;
    private final Clock clock;

    OAuthGrants(ConnectionStore connections, ConnectorCatalog catalog, ConnectionSecrets secrets, OAuthTokens tokens,
            CredentialCipher cipher, TransactionTemplate transactions) {
        this.connections = connections;
        this.catalog = catalog;
        this.secrets = secrets;
        this.tokens = tokens;
        this.cipher = cipher;
        this.transactions = transactions;
        this.clock = Clock.systemUTC();
    }

    /** Where to send the admin's browser, with the state to hand back. */
    public record Authorization(URI url, String state) {
    }

    /** The authorisation URL of the connection's external system for {@code redirectUri}. */
    public Authorization start(UUID connection, String redirectUri) {
        Granting granting = granting(connection);
        URI redirect = redirect(redirectUri);
        String state = cipher.seal(connection + "|" + clock.instant().plus(STATE_LIFETIME).getEpochSecond(), stateContext(granting.tenant()));
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", granting.configuration().string(granting.spec().clientIdProperty()));
        query.put("redirect_uri", redirect.toString());
        if (!granting.spec().scopes().isEmpty()) {
            query.put("scope", String.join(" ", granting.spec().scopes()));
        }
        query.put("state", state);
        URI base = granting.spec().authorizationUri(granting.configuration());
        String separator = base.getRawQuery() == null ? "?" : "&";
        return new Authorization(URI.create(base + separator + encode(query)), state);
    }

    /**
     * Exchanges the code the external system gave the admin's browser for tokens and stores them.
     *
     * @throws PlatformException {@code VALIDATION_FAILED} on {@code state} (not made for this
     *     connection, tampered with or expired) or {@code code} (refused by the external system);
     *     {@code EGRESS_DENIED} when the token URL names a host the egress policy refuses
     */
    public void complete(UUID connection, String code, String state, String redirectUri) {
        complete(connection, code, state, redirectUri, Optional.empty());
    }

    /**
     * As {@link #complete(UUID, String, String, String)}, with the account the redirect named
     * ({@code referer}) when the connector takes it from there ({@link OAuth2Spec#accountFromRedirect()}):
     * the code is exchanged at that account and its URL stored in the connection's configuration. A
     * connection whose credentials were refused is enabled again, since new tokens are what it lacked.
     *
     * @throws PlatformException as above, and {@code VALIDATION_FAILED} on {@code referer} when it is not a
     *     host the connector allows
     */
    public void complete(UUID connection, String code, String state, String redirectUri, Optional<String> referer) {
        Granting granting = granting(connection);
        URI redirect = redirect(redirectUri);
        checkState(granting.tenant(), connection, state);
        Configuration configuration = granting.configuration();
        Optional<Map<String, String>> accountConfig = Optional.empty();
        Optional<OAuth2Spec.AccountFromRedirect> account = granting.spec().accountFromRedirect();
        if (referer.filter(value -> !value.isBlank()).isPresent() && account.isPresent()) {
            String url = account.get().accountUrl(referer.get()).orElseThrow(() -> PlatformException.validation(List.of(new Violation(
                    "referer", "NOT_ALLOWED", "must be a host name on " + String.join(", ", account.get().allowedHostSuffixes())))));
            Map<String, String> values = new HashMap<>(configuration.values());
            values.put(account.get().property(), url);
            configuration = new Configuration(values);
            Map<String, String> config = new LinkedHashMap<>(granting.row().config());
            config.put(account.get().property(), url);
            accountConfig = Optional.of(config);
        }
        try {
            tokens.exchangeCode(granting.tenant(), connection, granting.spec(), configuration, code, redirect);
        } catch (CredentialsException e) {
            throw PlatformException.validation(List.of(new Violation("code", "REFUSED", "the external system refused the code")));
        } catch (RetriableException e) {
            throw new PlatformException(ErrorCode.UNAVAILABLE, "The external system's token endpoint did not answer properly; try again.");
        } catch (EgressDeniedException e) {
            throw new PlatformException(ErrorCode.EGRESS_DENIED, "The OAuth token URL: " + e.getMessage());
        }
        Optional<Map<String, String>> newConfig = accountConfig;
        transactions.executeWithoutResult(status -> {
            newConfig.ifPresent(config -> connections.replaceConfig(granting.tenant(), connection, config));
            boolean refused = connections.lockSchedule(granting.tenant(), connection, false)
                    .filter(schedule -> schedule.status() == ConnectionStatus.CREDENTIALS_INVALID).isPresent();
            if (refused) {
                connections.setStatus(granting.tenant(), connection, ConnectionStatus.ENABLED,
                        granting.row().schedule().map(interval -> clock.instant()));
            }
        });
    }

    private record Granting(TenantId tenant, ConnectionRow row, OAuth2Spec spec, Configuration configuration) {
    }

    private Granting granting(UUID connection) {
        TenantId tenant = TenantContext.require();
        ConnectionRow row = transactions.execute(status -> connections.find(tenant, connection))
                .orElseThrow(() -> PlatformException.notFound("Connection " + connection));
        LoadedConnector connector = catalog.find(row.connectorId())
                .orElseThrow(() -> new PlatformException(ErrorCode.CONFLICT, "Connector " + row.connectorId() + " is not loaded."));
        OAuth2Spec spec = connector.descriptor().oauth().orElseThrow(() -> PlatformException.validation(List.of(
                new Violation("connection", "NOT_OAUTH", "its connector does not use OAuth authorisation"))));
        return new Granting(tenant, row, spec, secrets.configuration(row, connector.descriptor().config()));
    }

    private void checkState(TenantId tenant, UUID connection, String state) {
        String[] parts;
        try {
            parts = cipher.open(state, stateContext(tenant)).split("\\|");
        } catch (IllegalArgumentException e) {
            throw invalidState("was not issued for this tenant or was altered");
        }
        if (parts.length != 2) {
            throw invalidState("was altered");
        }
        if (!parts[0].equals(connection.toString())) {
            throw invalidState("was issued for another connection");
        }
        if (Instant.ofEpochSecond(Long.parseLong(parts[1])).isBefore(clock.instant())) {
            throw invalidState("has expired: start the authorisation again");
        }
    }

    private static PlatformException invalidState(String why) {
        return PlatformException.validation(List.of(new Violation("state", "INVALID_STATE", why)));
    }

    private static URI redirect(String redirectUri) {
        try {
            URI uri = URI.create(redirectUri);
            if (uri.isAbsolute() && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw PlatformException.validation(List.of(new Violation("redirectUri", "INVALID_URL", "must be an absolute http or https URL")));
    }

    private static String stateContext(TenantId tenant) {
        return "oauth-state/" + tenant.value();
    }

    private static String encode(Map<String, String> query) {
        return query.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
