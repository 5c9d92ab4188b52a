package io.metaplatform.core;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is calling: the token's subject, the tenant it belongs to (absent for platform operators acting
 * on the platform itself) and its roles.
 */
public record PlatformPrincipal(String subject, Optional<TenantId> tenant, Set<Role> roles) {

    public PlatformPrincipal {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(tenant, "tenant");
        roles = Set.copyOf(roles);
    }

    /**
     * The caller of the current request: the authenticated token's subject and roles, and the tenant
     * bound for the request.
     *
     * @throws PlatformException with {@link ErrorCode#UNAUTHENTICATED} outside an authenticated request
     */
    public static PlatformPrincipal current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            throw new PlatformException(ErrorCode.UNAUTHENTICATED, "No authenticated caller.");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            String name = authority.getAuthority();
            if (name != null && name.startsWith("ROLE_")) {
                Role.fromClaimValue(name.substring("ROLE_".length())).ifPresent(roles::add);
            }
        }
        return new PlatformPrincipal(authentication.getName(), TenantContext.current(), roles);
    }

    /** Whether the current request authenticated with an API key rather than a user's token. */
    public static boolean viaApiKey() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken token
                && ApiKeyAuthenticator.ISSUER.equals(token.getToken().getClaimAsString("iss"));
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /**
     * Whether the caller may work with its tenant's data: the token names a tenant and grants a tenant role
     * on it. No role, an empty role list or only unknown role names grant nothing (fail closed); a platform
     * operator is no member of a tenant.
     */
    public boolean isTenantMember() {
        return tenant.isPresent() && (has(Role.TENANT_USER) || has(Role.TENANT_ADMIN));
    }

    /** Whether the caller administers its tenant: a tenant is named and the token grants tenant-admin on it. */
    public boolean isTenantAdmin() {
        return tenant.isPresent() && has(Role.TENANT_ADMIN);
    }
}
