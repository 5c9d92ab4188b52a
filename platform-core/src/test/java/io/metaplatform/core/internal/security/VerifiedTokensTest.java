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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

class VerifiedTokensTest {

    private static final DevIssuer ISSUER = DevIssuer.ephemeral("urn:test:issuer");
    private static final TenantId TENANT = new TenantId(UUID.randomUUID());

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T08:00:00Z"));
    private final AtomicInteger signatureChecks = new AtomicInteger();

    @Test
    void anExpiredTokenIsRefusedAlthoughItsSignatureWasCached() {
        TrustedIssuers issuers = new TrustedIssuers(jwtSettings(), clock);
        issuers.trustDev(ISSUER);
        String token = token(ISSUER, Duration.ofMinutes(2));

        assertThat(authenticate(issuers, token).getName()).isEqualTo("alice");
        clock.advance(Duration.ofSeconds(90));
        assertThat(authenticate(issuers, token).getName()).isEqualTo("alice");
        clock.advance(Duration.ofMinutes(2));

        assertThatThrownBy(() -> authenticate(issuers, token)).isInstanceOf(OAuth2AuthenticationException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void aTokenIsVerifiedOncePerLifetimeAndItsClaimsOnEveryRequest() {
        VerifiedTokens tokens = cache(verifierOf(ISSUER), 10);
        String token = token(ISSUER, Duration.ofMinutes(2));

        tokens.decode(token);
        tokens.decode(token);
        tokens.decode(token);
        assertThat(signatureChecks).hasValue(1);

        clock.advance(Duration.ofMinutes(3));
        assertThatThrownBy(() -> tokens.decode(token)).isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void aTokenOfAKeyNoLongerTrustedIsRefusedWithinTheMaximumAge() {
        DevIssuer rotated = DevIssuer.ephemeral(ISSUER.issuer());
        AtomicReference<JwtDecoder> trusted = new AtomicReference<>(verifierOf(ISSUER));
        VerifiedTokens tokens = cache(token -> trusted.get().decode(token), 10);
        String oldKeyToken = token(ISSUER, Duration.ofHours(1));
        tokens.decode(oldKeyToken);

        trusted.set(verifierOf(rotated));
        clock.advance(VerifiedTokens.MAX_AGE);

        assertThatThrownBy(() -> tokens.decode(oldKeyToken)).isInstanceOf(BadJwtException.class);
        assertThat(tokens.decode(token(rotated, Duration.ofHours(1))).getSubject()).isEqualTo("alice");
    }

    @Test
    void aTamperedTokenIsRefusedAndNeverCached() {
        VerifiedTokens tokens = cache(verifierOf(ISSUER), 10);
        String token = token(ISSUER, Duration.ofHours(1));
        String[] parts = token.split("\\.");
        String otherClaims = token(ISSUER, Duration.ofHours(2)).split("\\.")[1];
        String tampered = parts[0] + "." + otherClaims + "." + parts[2];

        assertThatThrownBy(() -> tokens.decode(tampered)).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> tokens.decode(tampered)).isInstanceOf(BadJwtException.class);
        assertThat(tokens.size()).isZero();
        assertThat(signatureChecks).hasValue(2);
    }

    @Test
    void aTokenRefusedForItsClaimsIsNotCached() {
        VerifiedTokens tokens = cache(verifierOf(ISSUER), 10);
        String expired = token(ISSUER, Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(2));

        assertThatThrownBy(() -> tokens.decode(expired)).isInstanceOf(JwtValidationException.class);
        assertThat(tokens.size()).isZero();
    }

    @Test
    void theCacheHoldsNoMoreThanItsBound() {
        VerifiedTokens tokens = cache(verifierOf(ISSUER), 3);
        for (int i = 0; i < 10; i++) {
            tokens.decode(token(ISSUER, Duration.ofHours(1)));
        }

        assertThat(tokens.size()).isEqualTo(3);
        assertThat(signatureChecks).hasValue(10);
    }

    private VerifiedTokens cache(JwtDecoder verifier, int maxEntries) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ofSeconds(30));
        timestamps.setClock(clock);
        JwtDecoder counting = token -> {
            signatureChecks.incrementAndGet();
            return verifier.decode(token);
        };
        return new VerifiedTokens(counting, timestamps, jwt -> true, clock, VerifiedTokens.MAX_AGE, maxEntries);
    }

    private static JwtDecoder verifierOf(DevIssuer issuer) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(issuer.publicKey()).build();
        decoder.setJwtValidator(VerifiedTokens.noClaimCheck());
        return decoder;
    }

    private String token(DevIssuer issuer, Duration ttl) {
        DevIssuer.TokenRequest request = new DevIssuer.TokenRequest("alice", TENANT, Set.of(Role.TENANT_USER),
                DevIssuer.DEFAULT_AUDIENCE, ttl, "tenant_id", "roles");
        return issuer.sign(issuer.claims(request, clock).build());
    }

    private static Authentication authenticate(TrustedIssuers issuers, String token) {
        return issuers.forIssuer(ISSUER.issuer()).authenticate(new BearerTokenAuthenticationToken(token));
    }

    private static SecurityProperties.Jwt jwtSettings() {
        return new SecurityProperties.Jwt(null, ISSUER.issuer(), null, null, Duration.ofSeconds(30), null, null, List.of());
    }
}
