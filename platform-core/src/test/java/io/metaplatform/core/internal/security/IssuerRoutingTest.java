package io.metaplatform.core.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.core.DevIssuer;
import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/** Routing by issuer, with the issuer of a token remembered after it authenticated (issue 20). */
class IssuerRoutingTest {

    private static final DevIssuer TRUSTED = DevIssuer.ephemeral("urn:test:issuer");
    private static final DevIssuer STRANGER = DevIssuer.ephemeral("urn:test:stranger");
    private static final TenantId TENANT = new TenantId(UUID.randomUUID());

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T08:00:00Z"));
    private final TrustedIssuers issuers = trusted();
    private final IssuerRouting routing = new IssuerRouting(issuers::forIssuer, 2);

    @Test
    void aTokenIsRoutedToItsIssuerAndItsRouteRememberedOnlyOnceItAuthenticated() {
        String token = token(TRUSTED, Duration.ofMinutes(10));

        assertThat(authenticate(token).getName()).isEqualTo("alice");
        assertThat(authenticate(token).getName()).isEqualTo("alice");
        assertThat(routing.size()).isEqualTo(1);

        assertThatThrownBy(() -> authenticate(token(STRANGER, Duration.ofMinutes(10))))
                .isInstanceOf(InvalidBearerTokenException.class).hasMessage("Invalid issuer");
        assertThatThrownBy(() -> authenticate("not.a.token")).isInstanceOf(InvalidBearerTokenException.class);
        assertThatThrownBy(() -> authenticate(TRUSTED.sign(new com.nimbusds.jwt.JWTClaimsSet.Builder().subject("alice")
                .expirationTime(java.util.Date.from(clock.instant().plusSeconds(60))).build())))
                .isInstanceOf(InvalidBearerTokenException.class).hasMessage("Missing issuer");
        assertThat(routing.size()).isEqualTo(1);
    }

    @Test
    void aRememberedRouteStillChecksEveryClaimAndTheSignature() {
        String token = token(TRUSTED, Duration.ofMinutes(2));
        authenticate(token);

        clock.advance(Duration.ofMinutes(3));
        assertThatThrownBy(() -> authenticate(token)).isInstanceOf(OAuth2AuthenticationException.class).hasMessageContaining("expired");

        // The same issuer and claims, another key: the route is the issuer's, the signature is refused.
        String forged = token(DevIssuer.ephemeral(TRUSTED.issuer()), Duration.ofMinutes(10));
        assertThatThrownBy(() -> authenticate(forged)).isInstanceOf(OAuth2AuthenticationException.class);
        assertThat(routing.size()).isEqualTo(1);
    }

    @Test
    void atMostTheGivenNumberOfRoutesIsHeld() {
        for (int i = 0; i < 5; i++) {
            authenticate(token(TRUSTED, Duration.ofMinutes(10 + i)));
        }

        assertThat(routing.size()).isEqualTo(2);
    }

    private Authentication authenticate(String token) {
        return routing.resolve(null).authenticate(new BearerTokenAuthenticationToken(token));
    }

    private TrustedIssuers trusted() {
        TrustedIssuers trusted = new TrustedIssuers(new SecurityProperties.Jwt(null, TRUSTED.issuer(), null, null, Duration.ofSeconds(30),
                null, null, List.of()), clock);
        trusted.trustDev(TRUSTED);
        return trusted;
    }

    private String token(DevIssuer issuer, Duration ttl) {
        DevIssuer.TokenRequest request = new DevIssuer.TokenRequest("alice", TENANT, Set.of(Role.TENANT_USER),
                DevIssuer.DEFAULT_AUDIENCE, ttl, "tenant_id", "roles");
        return issuer.sign(issuer.claims(request, clock).build());
    }
}
