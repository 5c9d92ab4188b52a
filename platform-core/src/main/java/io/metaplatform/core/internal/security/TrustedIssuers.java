package io.metaplatform.core.internal.security;

import io.metaplatform.core.DevIssuer;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

/**
 * The issuers whose tokens the server accepts, each with its own keys. A token is routed by its
 * {@code iss} before its signature is checked; any other issuer is rejected. Every token must carry the
 * configured audience and be within its validity, with bounded clock skew. A token's signature is checked
 * once and remembered for up to {@link VerifiedTokens#MAX_AGE} while its key stays published; its claims are
 * checked on every request.
 */
final class TrustedIssuers {

    private static final Logger log = LoggerFactory.getLogger(TrustedIssuers.class);

    private final Map<String, AuthenticationManager> managers = new LinkedHashMap<>();
    private final Map<String, PublishedKeys> externalKeys = new LinkedHashMap<>();
    private final SecurityProperties.Jwt jwt;
    private final Clock clock;

    TrustedIssuers(SecurityProperties.Jwt jwt) {
        this(jwt, Clock.systemUTC());
    }

    TrustedIssuers(SecurityProperties.Jwt jwt, Clock clock) {
        this.jwt = jwt;
        this.clock = clock;
    }

    void trustExternal() {
        PublishedKeys published = new PublishedKeys();
        NimbusJwtDecoder decoder = jwt.jwksUrl() != null
                ? NimbusJwtDecoder.withJwkSetUri(jwt.jwksUrl()).jwsAlgorithms(algorithms -> jwt.algorithms().forEach(
                        name -> algorithms.add(SignatureAlgorithm.from(name)))).jwtProcessorCustomizer(published::capture).build()
                : NimbusJwtDecoder.withIssuerLocation(jwt.issuerUri()).jwtProcessorCustomizer(published::capture).build();
        add(jwt.issuer(), decoder, published);
        externalKeys.put(jwt.issuer(), published);
        log.info("Trusting tokens of issuer {}", jwt.issuer());
    }

    /**
     * Fetches each external issuer's signing keys (and discovery document) now instead of at the first token, so that the
     * first requests after a start do not all wait on the issuer; an issuer that cannot be reached is logged and fetched
     * again at its first token, as without this. Returns how many keys were fetched.
     */
    int fetchKeys() {
        int fetched = 0;
        for (Map.Entry<String, PublishedKeys> issuer : externalKeys.entrySet()) {
            try {
                int keys = issuer.getValue().fetch();
                fetched += keys;
                log.info("Fetched {} signing keys of issuer {}", keys, issuer.getKey());
            } catch (com.nimbusds.jose.KeySourceException | RuntimeException e) {
                log.warn("Could not fetch the signing keys of issuer {} at start; the first token fetches them: {}", issuer.getKey(),
                        e.getMessage());
            }
        }
        return fetched;
    }

    void trustDev(DevIssuer dev) {
        add(dev.issuer(), NimbusJwtDecoder.withPublicKey(dev.publicKey()).build(), jwt -> true);
        log.warn("Trusting the LOCAL DEV ISSUER {}: tokens signed with the key under the data directory are accepted."
                + " Never use this outside development.", dev.issuer());
    }

    AuthenticationManager forIssuer(String issuer) {
        return managers.get(issuer);
    }

    boolean isEmpty() {
        return managers.isEmpty();
    }

    // The signature is checked once per token (VerifiedTokens), the claims on every request.
    private void add(String issuer, NimbusJwtDecoder decoder, Predicate<Jwt> keyPublished) {
        decoder.setJwtValidator(VerifiedTokens.noClaimCheck());
        JwtDecoder verified = new VerifiedTokens(decoder, validator(issuer), keyPublished, clock, VerifiedTokens.MAX_AGE,
                VerifiedTokens.MAX_ENTRIES);
        JwtAuthenticationProvider provider = new JwtAuthenticationProvider(verified);
        provider.setJwtAuthenticationConverter(authenticationConverter());
        managers.put(issuer, provider::authenticate);
    }

    private OAuth2TokenValidator<Jwt> validator(String issuer) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(jwt.clockSkew());
        timestamps.setClock(clock);
        return new DelegatingOAuth2TokenValidator<>(List.of(
                timestamps,
                new JwtIssuerValidator(issuer),
                new JwtClaimValidator<List<String>>("aud", audience -> audience != null && audience.contains(jwt.audience())),
                new JwtClaimValidator<Object>("exp", expiry -> expiry != null)));
    }

    private Converter<Jwt, AbstractAuthenticationToken> authenticationConverter() {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(jwt.rolesClaim());
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(token -> token.hasClaim(jwt.rolesClaim())
                ? roles.convert(token)
                : List.<GrantedAuthority>of());
        return converter;
    }
}
