package io.metaplatform.tenants.internal;

import io.metaplatform.core.PlatformPrincipal;
import io.metaplatform.tenants.Tenant;
import io.metaplatform.tenants.TenantDataService;
import io.metaplatform.tenants.TenantService;
import io.metaplatform.tenants.TenantSettings;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
    private final TenantDataService data;

    TenantController(TenantService service, TenantDataService data) {
        this.service = service;
        this.data = data;
    }

    /** The caller's tenant's data as a ZIP of JSON lines, streamed; tenant admins only. */
    @GetMapping("/export")
    @PreAuthorize("hasRole('tenant-admin')")
    void export(HttpServletResponse response) throws IOException {
        TenantExports.stream(data.exportCurrent(), response);
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
