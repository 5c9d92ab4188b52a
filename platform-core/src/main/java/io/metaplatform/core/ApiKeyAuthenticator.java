package io.metaplatform.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Checks API keys, the bearer credentials tenant admins create for machine clients. A key is
 * {@code mpk_<tenant>_<key id>_<secret>} (ids as 32 hex digits): the tenant and key id say which row to
 * check, the secret is compared with the hash kept there. Implemented where the keys are stored; the
 * security chain asks it for every bearer credential that starts with {@link #PREFIX}.
 */
public interface ApiKeyAuthenticator {

    /** Every API key starts with this; a JWT never does (it starts with its Base64url header, {@code eyJ}). */
    String PREFIX = "mpk_";

    /** {@code iss} of the claims a valid key stands for in the request; no token of this issuer is ever accepted. */
    String ISSUER = "urn:metaplatform:api-key";

    /** The claim that carries a key's tenant roles in the claims a valid key stands for (only of {@link #ISSUER}). */
    String TENANT_ROLES_CLAIM = "api_key_tenant_roles";

    /** The key's holder when the key is known, unrevoked, unexpired and its secret matches; empty otherwise. */
    Optional<ApiKeyHolder> authenticate(String presented);

    /**
     * Who calls with a valid key: the key (its id is the caller's subject), its tenant, its platform roles and the tenant
     * roles it holds (empty: the built-in tenant role of its platform roles).
     */
    record ApiKeyHolder(TenantId tenant, UUID keyId, String name, Set<Role> roles, Set<String> tenantRoles, Optional<Instant> expiresAt) {
        public ApiKeyHolder {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(name, "name");
            roles = Set.copyOf(roles);
            tenantRoles = Set.copyOf(tenantRoles);
            Objects.requireNonNull(expiresAt, "expiresAt");
        }

        /** The subject the key acts as in change logs and history: {@code api-key:<id>}. */
        public String subject() {
            return "api-key:" + keyId;
        }
    }

    /** The parts of a presented key, empty when it is not shaped like one. */
    record KeyParts(TenantId tenant, UUID keyId, String secret) {

        public static Optional<KeyParts> parse(String presented) {
            if (presented == null || !presented.startsWith(PREFIX) || presented.length() > 200) {
                return Optional.empty();
            }
            String[] parts = presented.substring(PREFIX.length()).split("_", 3);
            if (parts.length != 3 || parts[2].isEmpty()) {
                return Optional.empty();
            }
            Optional<UUID> tenant = uuid(parts[0]);
            Optional<UUID> key = uuid(parts[1]);
            if (tenant.isEmpty() || key.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new KeyParts(new TenantId(tenant.get()), key.get(), parts[2]));
        }

        /** The presentable key: prefix, tenant, key id and secret. */
        public String format() {
            return PREFIX + hex(tenant.value()) + "_" + hex(keyId) + "_" + secret;
        }

        private static String hex(UUID id) {
            return id.toString().replace("-", "");
        }

        private static Optional<UUID> uuid(String hex) {
            if (hex.length() != 32 || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return Optional.empty();
            }
            return Optional.of(new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseUnsignedLong(hex.substring(16), 16)));
        }
    }
}
