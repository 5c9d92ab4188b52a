package io.metaplatform.tenants.internal;

import io.metaplatform.core.PlatformPrincipal;
import io.metaplatform.core.Violation;
import io.metaplatform.core.PlatformException;
import io.metaplatform.tenants.NewTenant;
import io.metaplatform.tenants.Tenant;
import io.metaplatform.tenants.TenantDataService;
import io.metaplatform.tenants.TenantDeletion;
import io.metaplatform.tenants.TenantPage;
import io.metaplatform.tenants.TenantService;
import io.metaplatform.tenants.TenantStatus;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/operator/tenants}: tenant lifecycle for platform operators (the security chain checks the role). */
@RestController
@RequestMapping("/api/operator/tenants")
final class OperatorTenantController {

    private final TenantService service;
    private final TenantDataService data;
    private final io.metaplatform.tenants.ApiKeyService apiKeys;

    OperatorTenantController(TenantService service, TenantDataService data, io.metaplatform.tenants.ApiKeyService apiKeys) {
        this.service = service;
        this.data = data;
        this.apiKeys = apiKeys;
    }

    /** A tenant's API keys, without secrets (only the hash is stored): who created them, roles, expiry, last use. */
    @GetMapping("/{idOrSlug}/api-keys")
    List<Map<String, Object>> apiKeys(@PathVariable String idOrSlug) {
        return apiKeys.listOf(idOrSlug).stream().map(ApiKeyAdminWiring::view).toList();
    }

    @PostMapping
    ResponseEntity<Tenant> create(@RequestBody NewTenant request) {
        Tenant tenant = service.create(request, PlatformPrincipal.current().subject());
        return ResponseEntity.created(URI.create("/api/operator/tenants/" + tenant.id())).body(tenant);
    }

    @GetMapping
    TenantPage list(@RequestParam Optional<String> status, @RequestParam Optional<String> after,
            @RequestParam(defaultValue = "50") int limit) {
        return service.list(status.map(OperatorTenantController::parseStatus), after, limit);
    }

    @GetMapping("/{idOrSlug}")
    Tenant get(@PathVariable String idOrSlug) {
        return service.get(idOrSlug);
    }

    @PostMapping("/{idOrSlug}/suspend")
    Tenant suspend(@PathVariable String idOrSlug, @RequestBody(required = false) Suspension suspension) {
        return service.suspend(idOrSlug, suspension == null ? null : suspension.reason());
    }

    @PostMapping("/{idOrSlug}/reactivate")
    Tenant reactivate(@PathVariable String idOrSlug) {
        return service.reactivate(idOrSlug);
    }

    /** The tenant's data as a ZIP of JSON lines, streamed (docs/operators/tenant-data.md). */
    @GetMapping("/{idOrSlug}/export")
    void export(@PathVariable String idOrSlug, HttpServletResponse response) throws IOException {
        TenantExports.stream(data.export(idOrSlug), response);
    }

    /** Suspends the tenant at once and deletes all its data in the background; 202 with the progress. */
    @DeleteMapping("/{idOrSlug}")
    ResponseEntity<TenantDeletion> delete(@PathVariable String idOrSlug) {
        TenantDeletion deletion = data.delete(idOrSlug, PlatformPrincipal.current().subject());
        return ResponseEntity.accepted().location(URI.create("/api/operator/tenants/" + deletion.id() + "/deletion")).body(deletion);
    }

    @GetMapping("/{idOrSlug}/deletion")
    TenantDeletion deletion(@PathVariable String idOrSlug) {
        return data.deletion(idOrSlug);
    }

    record Suspension(String reason) {
    }

    private static TenantStatus parseStatus(String value) {
        return Arrays.stream(TenantStatus.values()).filter(status -> status.name().equalsIgnoreCase(value)).findFirst()
                .orElseThrow(() -> PlatformException.validation(List.of(new Violation("status", "INVALID_VALUE",
                        "must be one of " + Arrays.toString(TenantStatus.values())))));
    }
}
