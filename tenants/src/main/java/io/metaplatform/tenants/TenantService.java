package io.metaplatform.tenants;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.Violation;
import io.metaplatform.core.Violations;
import io.metaplatform.registry.MetadataService;
import io.metaplatform.tenants.internal.TenantRepository;
import io.metaplatform.tenants.internal.TenantRow;
import io.metaplatform.tenants.internal.TenantSettingsStore;
import io.metaplatform.tenants.internal.TenantStatusCache;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates, reads, suspends and reactivates tenants, and reads and changes a tenant's settings.
 *
 * <p>Creating a tenant is two inserts in one transaction, no DDL. Thread-safe.
 */
@Service
public class TenantService {

    public static final int MAX_PAGE_SIZE = 200;

    private final TenantRepository tenants;
    private final TenantSettingsStore settings;
    private final TransactionTemplate transactions;
    private final MetadataService metadata;
    private final TenantStatusCache statuses;

    TenantService(TenantRepository tenants, TenantSettingsStore settings, TransactionTemplate transactions, MetadataService metadata,
            TenantStatusCache statuses) {
        this.statuses = statuses;
        this.tenants = tenants;
        this.settings = settings;
        this.transactions = transactions;
        this.metadata = metadata;
    }

    /**
     * @throws PlatformException {@code VALIDATION_FAILED} listing every invalid field, or {@code CONFLICT}
     *     on field {@code slug} when the slug is taken
     */
    public Tenant create(NewTenant request, String actor) {
        Violations violations = new Violations();
        request.validate(violations);
        violations.throwIfAny();
        if (tenants.findBySlug(request.slug()).isPresent()) {
            throw slugTaken();
        }
        TenantId id = TenantId.random();
        Instant now = now();
        TenantRow row = new TenantRow(id.value(), request.slug(), request.name().strip(), TenantStatus.ACTIVE, now, now, null, null, null);
        TenantSettings effective = request.effectiveSettings();
        try {
            return TenantContext.callAs(id, () -> transactions.execute(status -> {
                TenantRow saved = tenants.save(row);
                settings.insert(id, effective, now, actor);
                return view(saved, effective, 0L);
            }));
        } catch (DuplicateKeyException e) {
            throw slugTaken();
        }
    }

    /** Tenants ordered by slug, after the cursor {@code after}, optionally of one status. */
    public TenantPage list(Optional<TenantStatus> status, Optional<String> after, int limit) {
        Violations violations = new Violations();
        violations.check(limit >= 1 && limit <= MAX_PAGE_SIZE, "limit", "OUT_OF_RANGE", "must be between 1 and " + MAX_PAGE_SIZE);
        violations.throwIfAny();
        String cursor = after.orElse("");
        Limit fetch = Limit.of(limit + 1);
        List<TenantRow> rows = status
                .map(wanted -> tenants.findByStatusAndSlugGreaterThanOrderBySlugAsc(wanted, cursor, fetch))
                .orElseGet(() -> tenants.findBySlugGreaterThanOrderBySlugAsc(cursor, fetch));
        boolean more = rows.size() > limit;
        List<Tenant> page = rows.stream().limit(limit).map(row -> view(row, null, null)).toList();
        return new TenantPage(page, more ? page.getLast().slug() : null);
    }

    /** A tenant with its settings, by id or by slug. */
    public Tenant get(String idOrSlug) {
        TenantRow row = TenantId.parse(idOrSlug)
                .flatMap(id -> tenants.findById(id.value()))
                .or(() -> tenants.findBySlug(idOrSlug))
                .orElseThrow(() -> PlatformException.notFound("Tenant '" + idOrSlug + "'"));
        return withSettings(row);
    }

    /** The tenant of the current request, with its settings. */
    public Tenant current() {
        TenantId id = TenantContext.require();
        return withSettings(tenants.findById(id.value()).orElseThrow(() -> PlatformException.notFound("Tenant " + id)));
    }

    /** Suspends the tenant; suspending a suspended tenant keeps its original suspension. */
    public Tenant suspend(String idOrSlug, String reason) {
        new Violations().check(reason == null || reason.length() <= 500, "reason", "INVALID_LENGTH",
                "must be at most 500 characters").throwIfAny();
        Tenant tenant = get(idOrSlug);
        if (tenant.status() != TenantStatus.ACTIVE) {
            return tenant;
        }
        Instant now = now();
        tenants.updateStatus(tenant.id().value(), TenantStatus.SUSPENDED.name(), now, reason, now);
        statuses.changed(tenant.id());
        return get(tenant.id().toString());
    }

    /** @throws PlatformException {@code CONFLICT} on field {@code status} while the tenant is being deleted */
    public Tenant reactivate(String idOrSlug) {
        Tenant tenant = get(idOrSlug);
        TenantDataService.requireNotDeleting(tenant);
        if (tenant.status() == TenantStatus.ACTIVE) {
            return tenant;
        }
        tenants.updateStatus(tenant.id().value(), TenantStatus.ACTIVE.name(), null, null, now());
        statuses.changed(tenant.id());
        return get(tenant.id().toString());
    }

    /**
     * Changes the current tenant's settings; absent values stay as they are.
     *
     * @throws PlatformException {@code VALIDATION_FAILED} listing every invalid value
     */
    public TenantSettings updateSettings(TenantSettings change, String actor) {
        TenantId id = TenantContext.require();
        return transactions.execute(status -> {
            TenantSettings current = settings.find(id).orElse(TenantSettings.DEFAULTS);
            TenantSettings next = change.orElse(current);
            Violations violations = new Violations();
            next.validate("", violations);
            violations.throwIfAny();
            settings.update(id, next, now(), actor);
            return next;
        });
    }

    // Settings and metadata version are tenant-owned rows: read with the tenant bound, in one transaction.
    private Tenant withSettings(TenantRow row) {
        TenantId id = new TenantId(row.id());
        return TenantContext.callAs(id, () -> transactions.execute(status ->
                view(row, settings.find(id).orElse(null), metadata.version())));
    }

    private static Tenant view(TenantRow row, TenantSettings settings, Long metadataVersion) {
        return new Tenant(new TenantId(row.id()), row.slug(), row.name(), row.status(), metadataVersion, row.createdAt(),
                row.updatedAt(), row.suspendedAt(), row.suspensionReason(), settings);
    }

    private static PlatformException slugTaken() {
        return new PlatformException(ErrorCode.CONFLICT, "A tenant with this slug exists.",
                List.of(new Violation("slug", "DUPLICATE", "is already taken")));
    }

    // PostgreSQL keeps microseconds; values returned must equal what a later read returns.
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
