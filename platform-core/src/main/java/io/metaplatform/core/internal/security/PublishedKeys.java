package io.metaplatform.core.internal.security;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import java.util.function.Predicate;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Whether a token's signing key ({@code kid}) is still in its issuer's key set, as the issuer's decoder holds
 * it now: the decoder's own cached key source is asked, so the answer costs no request while that cache is
 * fresh and changes exactly when the decoder would start refusing the key. A token without a {@code kid}, or
 * a decoder whose keys cannot be listed, counts as published ({@link VerifiedTokens#MAX_AGE} bounds it then).
 * Thread-safe.
 */
final class PublishedKeys implements Predicate<Jwt> {

    private volatile JWKSource<SecurityContext> keys;

    /** To pass to the decoder builder's {@code jwtProcessorCustomizer}: remembers the key source it uses. */
    void capture(ConfigurableJWTProcessor<SecurityContext> processor) {
        if (processor.getJWSKeySelector() instanceof JWSVerificationKeySelector<SecurityContext> selector) {
            keys = selector.getJWKSource();
        }
    }

    /**
     * Fetches the issuer's key set into the decoder's cache now (and, for an issuer given by its location, its discovery
     * document first), as the first token would; returns how many keys it holds.
     *
     * @throws KeySourceException when the key set cannot be read
     */
    int fetch() throws KeySourceException {
        JWKSource<SecurityContext> source = keys;
        return source == null ? 0 : source.get(new JWKSelector(new JWKMatcher.Builder().build()), null).size();
    }

    @Override
    public boolean test(Jwt jwt) {
        JWKSource<SecurityContext> source = keys;
        if (source == null || !(jwt.getHeaders().get("kid") instanceof String keyId)) {
            return true;
        }
        try {
            return !source.get(new JWKSelector(new JWKMatcher.Builder().keyID(keyId).build()), null).isEmpty();
        } catch (KeySourceException unavailable) {
            // The key set cannot be read now: verify again, so the token gets the answer an uncached one would.
            return false;
        }
    }
}
