package io.metaplatform.core.internal.security;

import io.metaplatform.core.DevIssuer;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code platform.security.*}.
 *
 * @param jwt the external issuer of user tokens and how to read its tokens
 * @param devIssuer the local development issuer
 */
@ConfigurationProperties("platform.security")
record SecurityProperties(Jwt jwt, Dev devIssuer) {

    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    SecurityProperties {
        jwt = jwt == null ? new Jwt(null, null, null, null, null, null, null, null) : jwt;
        devIssuer = devIssuer == null ? new Dev(false, null) : devIssuer;
    }

    /**
     * @param issuerUri OpenID Connect issuer; its discovery document names the keys
     * @param issuer expected {@code iss} when keys come from {@code jwksUrl}; defaults to {@code issuerUri}
     * @param jwksUrl JWK set URL, used instead of discovery when set
     * @param audience the {@code aud} every token must contain
     * @param clockSkew tolerance for {@code exp} and {@code nbf}, at most five minutes
     * @param tenantClaim claim that names the tenant
     * @param rolesClaim claim that lists the roles (array or space-separated string)
     * @param algorithms accepted JWS algorithms of the external issuer
     */
    record Jwt(String issuerUri, String issuer, String jwksUrl, String audience, Duration clockSkew,
            String tenantClaim, String rolesClaim, List<String> algorithms) {

        Jwt {
            issuerUri = blankToNull(issuerUri);
            jwksUrl = blankToNull(jwksUrl);
            issuer = blankToNull(issuer) == null ? issuerUri : issuer;
            audience = blankToNull(audience) == null ? DevIssuer.DEFAULT_AUDIENCE : audience;
            clockSkew = clockSkew == null ? Duration.ofSeconds(30) : clockSkew;
            if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
                throw new IllegalArgumentException("platform.security.jwt.clock-skew must be between 0 and " + MAX_CLOCK_SKEW);
            }
            tenantClaim = blankToNull(tenantClaim) == null ? "tenant_id" : tenantClaim;
            rolesClaim = blankToNull(rolesClaim) == null ? "roles" : rolesClaim;
            algorithms = algorithms == null || algorithms.isEmpty() ? List.of("RS256") : List.copyOf(algorithms);
        }

        boolean configured() {
            return issuer != null;
        }
    }

    /**
     * @param enabled trust the local dev key; honoured only with the {@code local} or {@code test} profile
     * @param issuer {@code iss} of dev tokens
     */
    record Dev(boolean enabled, String issuer) {

        Dev {
            issuer = blankToNull(issuer) == null ? DevIssuer.DEFAULT_ISSUER : issuer;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
