package io.metaplatform.core.internal.web;

import io.metaplatform.core.PlatformPrincipal;
import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/me}: who the token says the caller is, as the platform understood it. */
@RestController
final class MeController {

    @GetMapping("/api/me")
    Me me() {
        PlatformPrincipal principal = PlatformPrincipal.current();
        return new Me(principal.subject(), principal.tenant().map(TenantId::toString).orElse(null),
                principal.roles().stream().map(Role::claimValue).sorted().toList(),
                io.metaplatform.core.Caller.bound().map(caller -> caller.roles().stream().sorted().toList()).orElse(List.of()));
    }

    /** {@code tenantRoles}: the tenant roles the caller holds in its tenant (claim mapping included). */
    record Me(String subject, String tenantId, List<String> roles, List<String> tenantRoles) {
    }
}
