package io.metaplatform.core.internal.security;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantGate;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.internal.web.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.MDC;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Binds the tenant named by the authenticated token (and only by it) for the rest of the request, after
 * checking with the {@link TenantGate} that the tenant exists and is active.
 */
final class TenantResolutionFilter extends OncePerRequestFilter {

    static final String MDC_TENANT = "tenantId";

    private final String tenantClaim;
    private final TenantGate gate;
    private final ProblemWriter problems;

    TenantResolutionFilter(String tenantClaim, TenantGate gate, ProblemWriter problems) {
        this.tenantClaim = tenantClaim;
        this.gate = gate;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof JwtAuthenticationToken token) || token.getToken().getClaim(tenantClaim) == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<TenantId> tenant = TenantId.parse(String.valueOf(token.getToken().getClaims().get(tenantClaim)));
        if (tenant.isEmpty()) {
            problems.write(request, response, ErrorCode.UNAUTHENTICATED, "The token's tenant claim is not a tenant id.");
            return;
        }
        switch (gate.stateOf(tenant.get())) {
            case UNKNOWN -> problems.write(request, response, ErrorCode.TENANT_UNKNOWN, "The token's tenant does not exist.");
            case SUSPENDED -> problems.write(request, response, ErrorCode.TENANT_SUSPENDED, "The tenant is suspended.");
            case ACTIVE -> serve(tenant.get(), request, response, chain);
        }
    }

    private static void serve(TenantId tenant, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        MDC.put(MDC_TENANT, tenant.toString());
        try (TenantContext.Scope ignored = TenantContext.open(tenant)) {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_TENANT);
        }
    }
}
