package io.metaplatform.core.internal.security;

import io.metaplatform.core.ApiKeyAuthenticator;
import io.metaplatform.core.Caller;
import io.metaplatform.core.Role;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantRoleResolver;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Binds the {@link Caller} of every authenticated request of a tenant, after {@link TenantResolutionFilter}: the
 * subject, user or API key, the tenant roles and the token's simple claims as {@code $user.<claim>} attributes.
 *
 * <p>Tenant roles: {@code tenant-admin} always maps to the built-in {@value TenantRoleResolver#TENANT_ADMIN}; a user's
 * roles claim values are mapped by the tenant's claim mapping; the platform role {@code tenant-user} maps to
 * {@value TenantRoleResolver#STANDARD_USER} only when the mapping grants the user nothing (so a tenant that maps its
 * groups to narrower roles really narrows them). API keys hold the tenant roles given them, otherwise the built-in
 * roles of their platform roles.
 */
final class CallerBindingFilter extends OncePerRequestFilter {

    private final String rolesClaim;
    private final Optional<TenantRoleResolver> resolver;

    CallerBindingFilter(String rolesClaim, Optional<TenantRoleResolver> resolver) {
        this.rolesClaim = rolesClaim;
        this.resolver = resolver;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof JwtAuthenticationToken token) || TenantContext.current().isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        try (TenantContext.Scope ignored = Caller.open(caller(token))) {
            chain.doFilter(request, response);
        }
    }

    private Caller caller(JwtAuthenticationToken token) {
        Map<String, Object> claims = token.getToken().getClaims();
        boolean apiKey = ApiKeyAuthenticator.ISSUER.equals(token.getToken().getClaimAsString("iss"));
        Set<Role> platformRoles = platformRoles(claims.get(rolesClaim));
        Set<String> roles = new TreeSet<>();
        if (!apiKey) {
            resolver.ifPresent(mapping -> roles.addAll(mapping.rolesFromClaims(claims)));
        } else if (claims.get(ApiKeyAuthenticator.TENANT_ROLES_CLAIM) instanceof Collection<?> held) {
            held.forEach(role -> roles.add(String.valueOf(role)));
        }
        if (platformRoles.contains(Role.TENANT_ADMIN)) {
            roles.add(TenantRoleResolver.TENANT_ADMIN);
        }
        if (platformRoles.contains(Role.TENANT_USER) && roles.isEmpty()) {
            roles.add(TenantRoleResolver.STANDARD_USER);
        }
        return new Caller(token.getName(), apiKey ? Caller.Kind.API_KEY : Caller.Kind.USER, roles, apiKey ? Map.of() : attributes(claims));
    }

    private static Set<Role> platformRoles(Object claim) {
        Collection<?> values = claim instanceof Collection<?> many ? many
                : claim == null ? List.of() : List.of(String.valueOf(claim).trim().split("\\s+"));
        Set<Role> roles = new TreeSet<>();
        values.forEach(value -> Role.fromClaimValue(String.valueOf(value)).ifPresent(roles::add));
        return roles;
    }

    // Only single values: a rule compares a field with one value ($user.team), never with a claim's list.
    private static Map<String, String> attributes(Map<String, Object> claims) {
        Map<String, String> attributes = new LinkedHashMap<>();
        claims.forEach((name, value) -> {
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                attributes.put(name, String.valueOf(value));
            }
        });
        return attributes;
    }
}
