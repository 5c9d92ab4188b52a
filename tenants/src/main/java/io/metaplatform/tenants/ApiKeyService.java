package io.metaplatform.tenants;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.Role;
import io.metaplatform.core.StorableText;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.Violations;
import io.metaplatform.core.ApiKeyAuthenticator.KeyParts;
import io.metaplatform.tenants.internal.ApiKeyAuthentication;
import io.metaplatform.registry.MetadataService;
import io.metaplatform.registry.RoleService;
import io.metaplatform.registry.TenantRole;
import io.metaplatform.tenants.internal.ApiKeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * API keys of the current tenant: created by tenant admins for machine clients (the secret is shown once
 * and only its hash kept), listed without secrets, revoked at once on every instance. Rotation without
 * downtime: create the new key, move the client, revoke the old one; both work in between.
 */
@Service
public class ApiKeyService {

    /** Live (unrevoked) keys one tenant may hold. */
    public static final int MAX_LIVE_KEYS = 50;
    /** Roles a key may grant: a tenant's own; never the platform operator's. */
    public static final Set<Role> GRANTABLE = EnumSet.of(Role.TENANT_ADMIN, Role.TENANT_USER);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiKeyStore store;
    private final ApiKeyAuthentication authentication;
    private final TransactionTemplate transactions;
    private final TenantService tenants;
    private final RoleService tenantRoles;
    private final MetadataService metadata;
    private final Clock clock;

    ApiKeyService(ApiKeyStore store, ApiKeyAuthentication authentication, TransactionTemplate transactions, TenantService tenants,
            RoleService tenantRoles, MetadataService metadata) {
        this.tenantRoles = tenantRoles;
        this.metadata = metadata;
        this.store = store;
        this.authentication = authentication;
        this.transactions = transactions;
        this.tenants = tenants;
        this.clock = Clock.systemUTC();
    }

    /**
     * Creates a key of the current tenant.
     *
     * @throws PlatformException {@code VALIDATION_FAILED} listing every invalid field ({@code input.name},
     *     {@code input.roles}, {@code input.tenantRoles}: {@code UNKNOWN_ROLE} for a name no role of the tenant has,
     *     {@code input.expiresAt}); {@code CONFLICT} on {@code input.name} when a live key has
     *     the name; {@code LIMIT_EXCEEDED} beyond {@link #MAX_LIVE_KEYS}
     */
    public CreatedApiKey create(NewApiKey request, String actor) {
        TenantId tenant = TenantContext.require();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String name = request.name() == null ? "" : request.name().strip();
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Violations violations = new Violations()
                .check(!name.isEmpty(), "input.name", "REQUIRED", "A key needs a name saying which client holds it.")
                .check(name.length() <= 100, "input.name", "TOO_LONG", "At most 100 characters.")
                .check(!StorableText.hasNul(name), "input.name", StorableText.INVALID_CHARACTERS, StorableText.MESSAGE);
        List<String> given = request.roles() == null ? List.of() : request.roles();
        boolean ownRoles = request.tenantRoles() != null && !request.tenantRoles().isEmpty();
        violations.check(!given.isEmpty() || ownRoles, "input.roles", "REQUIRED",
                "A key needs at least one role: tenant-user or tenant-admin, or tenant roles.");
        if (given.isEmpty() && ownRoles) {
            roles.add(Role.TENANT_USER);
        }
        for (String value : given) {
            Optional<Role> role = Role.fromClaimValue(value == null ? "" : value.strip()).filter(GRANTABLE::contains);
            role.ifPresentOrElse(roles::add, () -> violations.add("input.roles", "UNKNOWN_ROLE",
                    "'" + value + "' is not a role a key may grant (tenant-user, tenant-admin)."));
        }
        Set<String> held = new java.util.TreeSet<>();
        List<String> defined = tenantRoles.roles().stream().map(TenantRole::name).toList();
        for (String value : request.tenantRoles() == null ? List.<String>of() : request.tenantRoles()) {
            String role = value == null ? "" : value.strip();
            if (defined.contains(role)) {
                held.add(role);
            } else {
                violations.add("input.tenantRoles", "UNKNOWN_ROLE", "'" + value + "' is no role of this tenant; its roles are " + defined + ".");
            }
        }
        Instant expiresAt = request.expiresAt() == null ? null : request.expiresAt().truncatedTo(ChronoUnit.MICROS);
        violations.check(expiresAt == null || expiresAt.isAfter(now), "input.expiresAt", "IN_THE_PAST", "The expiry must lie in the future.");
        violations.throwIfAny();

        String secret = secret();
        ApiKey key = new ApiKey(UUID.randomUUID(), name, roles, held, secret.substring(secret.length() - 4), now, actor,
                Optional.ofNullable(expiresAt), Optional.empty(), Optional.empty(), Optional.empty());
        transactions.executeWithoutResult(status -> {
            if (store.liveNameTaken(tenant, name)) {
                throw new PlatformException(ErrorCode.CONFLICT, "A live key is already named '" + name + "'.",
                        List.of(new io.metaplatform.core.Violation("input.name", "DUPLICATE", "Another live key has this name.")));
            }
            if (store.countLive(tenant) >= MAX_LIVE_KEYS) {
                throw new PlatformException(ErrorCode.LIMIT_EXCEEDED, "A tenant holds at most " + MAX_LIVE_KEYS
                        + " live API keys; revoke one first.");
            }
            store.insert(tenant, key, ApiKeyAuthentication.hash(secret));
            metadata.logAccessChange(tenant, actor, "CREATE_API_KEY", "API_KEY", key.id(), null, logged(key));
        });
        authentication.changed(tenant);
        return new CreatedApiKey(key, new KeyParts(tenant, key.id(), secret).format());
    }

    /** The current tenant's keys, live ones first, newest first; never a secret. */
    public List<ApiKey> list() {
        TenantId tenant = TenantContext.require();
        return transactions.execute(status -> store.list(tenant));
    }

    /**
     * Revokes a key of the current tenant: from this moment no instance accepts it.
     *
     * @throws PlatformException {@code NOT_FOUND} for a key this tenant does not have or has revoked already
     */
    public ApiKey revoke(UUID id, String actor) {
        TenantId tenant = TenantContext.require();
        ApiKey revoked = transactions.execute(status -> {
            if (!store.revoke(tenant, id, clock.instant().truncatedTo(ChronoUnit.MICROS), actor)) {
                throw PlatformException.notFound("Live API key " + id);
            }
            ApiKey key = store.find(tenant, id).orElseThrow();
            metadata.logAccessChange(tenant, actor, "REVOKE_API_KEY", "API_KEY", key.id(), logged(key), null);
            return key;
        });
        authentication.changed(tenant);
        return revoked;
    }

    /** Operators: the keys of a tenant given by id or slug, without secrets. */
    public List<ApiKey> listOf(String idOrSlug) {
        TenantId tenant = tenants.get(idOrSlug).id();
        return TenantContext.callAs(tenant, () -> transactions.execute(status -> store.list(tenant)));
    }

    // What the change log keeps of a key: who holds it and what it grants, never its secret or hash.
    private static Map<String, Object> logged(ApiKey key) {
        Map<String, Object> logged = new LinkedHashMap<>();
        logged.put("name", key.name());
        logged.put("roles", key.roles().stream().map(Role::claimValue).sorted().toList());
        logged.put("tenantRoles", key.tenantRoles().stream().sorted().toList());
        logged.put("hint", key.hint());
        logged.put("expiresAt", key.expiresAt().map(Instant::toString).orElse(null));
        return logged;
    }

    private static String secret() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
