package io.metaplatform.core.internal.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * A {@link JwtDecoder} that checks a bearer token's signature once and then remembers the decoded token,
 * so a client sending the same token again costs a hash instead of an RSA verification (the hottest frame
 * of a small request). The claims ({@code exp}, {@code nbf}, {@code iss}, {@code aud}) are checked on
 * every request, cached or not: an expired token is refused although its signature was checked before.
 *
 * <p>Only tokens whose signature and claims both passed are remembered, so a tampered or otherwise refused
 * token never enters. Entries are keyed by the SHA-256 of the compact token; the entry still holds the token
 * (a {@link Jwt} carries its own value), compared in constant time on a hit. An entry lives until the
 * token's {@code exp} or for {@code maxAge}, whichever comes first. A hit also asks {@code keyPublished}
 * whether the token's signing key is still in the issuer's key set as the verifier now knows it: a key the
 * issuer rotated out is dropped as soon as the verifier has fetched the new key set (which it does when a
 * token signed with an unknown key arrives, or when its own cache expires), exactly when an uncached token
 * of that key would be refused too; {@code maxAge} remains the backstop for issuers whose keys cannot be
 * listed. At most {@code maxEntries} tokens are held, least recently used first out. Thread-safe.
 */
final class VerifiedTokens implements JwtDecoder {

    /** How long a checked signature is trusted without checking it again. */
    static final Duration MAX_AGE = Duration.ofMinutes(5);
    /** How many tokens are remembered: about the active users of an instance within {@link #MAX_AGE}. */
    static final int MAX_ENTRIES = 4_096;

    private static final OAuth2TokenValidator<Jwt> NO_CLAIM_CHECK = jwt -> OAuth2TokenValidatorResult.success();

    private final JwtDecoder verifier;
    private final OAuth2TokenValidator<Jwt> claims;
    private final Predicate<Jwt> keyPublished;
    private final Clock clock;
    private final Duration maxAge;
    private final Map<String, Verified> entries;

    /**
     * @param verifier parses a token and checks its signature only (see {@link #noClaimCheck()})
     * @param claims the checks of every request
     * @param keyPublished whether a remembered token's signing key is still one the issuer publishes
     */
    VerifiedTokens(JwtDecoder verifier, OAuth2TokenValidator<Jwt> claims, Predicate<Jwt> keyPublished, Clock clock,
            Duration maxAge, int maxEntries) {
        this.verifier = verifier;
        this.claims = claims;
        this.keyPublished = keyPublished;
        this.clock = clock;
        this.maxAge = maxAge;
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Verified> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The validator to give the wrapped decoder: the claims are this class's business. */
    static OAuth2TokenValidator<Jwt> noClaimCheck() {
        return NO_CLAIM_CHECK;
    }

    @Override
    public Jwt decode(String token) {
        String key = sha256(token);
        Jwt jwt = remembered(key, token);
        if (jwt != null && keyPublished.test(jwt)) {
            return checked(jwt);
        }
        if (jwt != null) {
            forget(key);
        }
        jwt = checked(verifier.decode(token));
        remember(key, jwt);
        return jwt;
    }

    /** Tokens held now (for tests and metrics). */
    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private Jwt remembered(String key, String token) {
        Instant now = clock.instant();
        synchronized (entries) {
            Verified entry = entries.get(key);
            if (entry == null) {
                return null;
            }
            if (!now.isBefore(entry.until())) {
                entries.remove(key);
                return null;
            }
            return sameToken(entry.jwt().getTokenValue(), token) ? entry.jwt() : null;
        }
    }

    private void forget(String key) {
        synchronized (entries) {
            entries.remove(key);
        }
    }

    private void remember(String key, Jwt jwt) {
        Instant until = clock.instant().plus(maxAge);
        if (jwt.getExpiresAt() != null && jwt.getExpiresAt().isBefore(until)) {
            until = jwt.getExpiresAt();
        }
        synchronized (entries) {
            entries.put(key, new Verified(jwt, until));
        }
    }

    private Jwt checked(Jwt jwt) {
        OAuth2TokenValidatorResult result = claims.validate(jwt);
        if (result.hasErrors()) {
            throw new JwtValidationException(message(result.getErrors()), result.getErrors());
        }
        return jwt;
    }

    // The wording of NimbusJwtDecoder's own refusal, so clients see no difference.
    private static String message(Collection<OAuth2Error> errors) {
        return errors.stream().map(OAuth2Error::getDescription).filter(description -> description != null && !description.isEmpty())
                .findFirst().map(description -> "An error occurred while attempting to decode the Jwt: " + description)
                .orElse("Unable to validate Jwt");
    }

    private static boolean sameToken(String held, String given) {
        return MessageDigest.isEqual(held.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(String token) {
        return io.metaplatform.core.Sha256.hex(token);
    }

    private record Verified(Jwt jwt, Instant until) {
    }
}
