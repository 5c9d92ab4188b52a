package io.metaplatform.tenants.internal;

import io.metaplatform.core.PlatformPrincipal;
import io.metaplatform.tenants.Tenant;
import io.metaplatform.tenants.TenantService;
import io.metaplatform.tenants.TenantSettings;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/tenant}: the caller's own tenant, as named by the token. */
@RestController
@RequestMapping("/api/tenant")
class TenantController {

    private final TenantService service;

    TenantController(TenantService service) {
        this.service = service;
    }

    @GetMapping
    Tenant current() {
        return service.current();
    }

    @PatchMapping("/settings")
    @PreAuthorize("hasRole('tenant-admin')")
    TenantSettings updateSettings(@RequestBody TenantSettings change) {
        return service.updateSettings(change, PlatformPrincipal.current().subject());
    }
}
