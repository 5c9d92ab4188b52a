package io.metaplatform.core.internal.security;

import io.metaplatform.core.ApiKeyAuthenticator;
import io.metaplatform.core.ApiKeyAuthenticator.ApiKeyHolder;
import io.metaplatform.core.Role;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Routes a bearer credential: an API key ({@code mpk_...}) to the {@link ApiKeyAuthenticator}, anything
 * else to the trusted token issuers. A valid key becomes the same kind of authentication a token does
 * (claims with the key's tenant and roles, subject {@code api-key:<id>}), so tenant binding, suspension,
 * rate limits and every authorization check treat both alike.
 */
final class BearerAuthentication implements AuthenticationManagerResolver<HttpServletRequest> {

    private final AuthenticationManagerResolver<HttpServletRequest> tokens;
    private final Optional<ApiKeyAuthenticator> keys;
    private final SecurityProperties.Jwt claims;
    private final Clock clock;

    BearerAuthentication(AuthenticationManagerResolver<HttpServletRequest> tokens, Optional<ApiKeyAuthenticator> keys,
            SecurityProperties.Jwt claims, Clock clock) {
        this.tokens = tokens;
        this.keys = keys;
        this.claims = claims;
        this.clock = clock;
    }

    @Override
    public AuthenticationManager resolve(HttpServletRequest request) {
        return authentication -> {
            if (authentication instanceof BearerTokenAuthenticationToken bearer && bearer.getToken().startsWith(ApiKeyAuthenticator.PREFIX)) {
                return apiKey(bearer.getToken());
            }
            return tokens.resolve(request).authenticate(authentication);
        };
    }

    private JwtAuthenticationToken apiKey(String presented) {
        ApiKeyHolder holder = keys.flatMap(authenticator -> authenticator.authenticate(presented))
                .orElseThrow(() -> new InvalidBearerTokenException("The API key is unknown, revoked or expired."));
        Instant now = clock.instant();
        List<String> roles = holder.roles().stream().map(Role::claimValue).sorted().toList();
        Jwt jwt = Jwt.withTokenValue(presented)
                .header("alg", "none")
                .issuer(ApiKeyAuthenticator.ISSUER)
                .subject(holder.subject())
                .claim(claims.tenantClaim(), holder.tenant().toString())
                .claim(claims.rolesClaim(), roles)
                .claim("api_key_name", holder.name())
                .claim(ApiKeyAuthenticator.TENANT_ROLES_CLAIM, holder.tenantRoles().stream().sorted().toList())
                .issuedAt(now)
                .expiresAt(holder.expiresAt().orElse(now.plus(Duration.ofMinutes(5))))
                .build();
        List<GrantedAuthority> authorities = holder.roles().stream()
                .map(role -> (GrantedAuthority) new SimpleGrantedAuthority(role.authority())).toList();
        return new JwtAuthenticationToken(jwt, authorities, holder.subject());
    }
}
