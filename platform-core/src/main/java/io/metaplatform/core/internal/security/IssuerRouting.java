package io.metaplatform.core.internal.security;

import com.nimbusds.jwt.JWTParser;
import jakarta.servlet.http.HttpServletRequest;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Routes a bearer token to the authentication of its issuer ({@code iss}), as Spring's
 * {@code JwtIssuerAuthenticationManagerResolver} does, with the same refusals ("Missing issuer", "Invalid issuer", the
 * parser's message), but parses a token only the first time it is seen: the issuer of a token that authenticated is
 * remembered (keyed by its SHA-256, at most {@code maxEntries}, least recently used out), since parsing its JSON on
 * every request was a tenth of a small request's allocation (bench/README.md, issue 20). The issuer is only the route:
 * the issuer's own authentication still checks the signature (once, {@link VerifiedTokens}) and every claim, {@code iss}
 * included, on every request.
 */
final class IssuerRouting implements AuthenticationManagerResolver<HttpServletRequest> {

    private final Function<String, AuthenticationManager> issuers;
    private final Map<String, String> issuerByToken;

    IssuerRouting(Function<String, AuthenticationManager> issuers, int maxEntries) {
        this.issuers = issuers;
        this.issuerByToken = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    public AuthenticationManager resolve(HttpServletRequest request) {
        return this::authenticate;
    }

    private Authentication authenticate(Authentication authentication) {
        if (!(authentication instanceof BearerTokenAuthenticationToken bearer)) {
            throw new InvalidBearerTokenException("Missing issuer");
        }
        String key = io.metaplatform.core.Sha256.hex(bearer.getToken());
        String issuer;
        synchronized (issuerByToken) {
            issuer = issuerByToken.get(key);
        }
        if (issuer == null) {
            issuer = issuerOf(bearer.getToken());
        }
        AuthenticationManager manager = issuers.apply(issuer);
        if (manager == null) {
            throw new InvalidBearerTokenException("Invalid issuer");
        }
        Authentication authenticated = manager.authenticate(authentication);
        synchronized (issuerByToken) {
            issuerByToken.put(key, issuer);
        }
        return authenticated;
    }

    private static String issuerOf(String token) {
        String issuer;
        try {
            issuer = JWTParser.parse(token).getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            throw new InvalidBearerTokenException(e.getMessage(), e);
        }
        if (issuer == null) {
            throw new InvalidBearerTokenException("Missing issuer");
        }
        return issuer;
    }

    /** Tokens whose issuer is remembered (for tests). */
    int size() {
        synchronized (issuerByToken) {
            return issuerByToken.size();
        }
    }
}
