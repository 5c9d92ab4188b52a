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
                principal.roles().stream().map(Role::claimValue).sorted().toList());
    }

    record Me(String subject, String tenantId, List<String> roles) {
    }
}
