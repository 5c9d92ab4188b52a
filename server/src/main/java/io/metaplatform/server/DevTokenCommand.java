package io.metaplatform.server;

import io.metaplatform.core.DevIssuer;
import io.metaplatform.core.DevIssuer.TokenRequest;
import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code token --role ROLE[,ROLE] [--tenant UUID] [--subject NAME] [--ttl 8h]}: prints a JWT signed by
 * the local dev issuer (its key under {@code PLATFORM_DATA_DIR}, created when missing). Only a server
 * running with the {@code local} profile trusts such tokens.
 */
final class DevTokenCommand {

    static final String NAME = "token";
    private static final String USAGE = "usage: token --role platform-operator|tenant-admin|tenant-user[,...]"
            + " [--tenant TENANT_UUID] [--subject NAME] [--ttl 8h]";

    private DevTokenCommand() {
    }

    /** @return the process exit code */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                err.println(USAGE);
                return 2;
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        Optional<String> problem = validate(options);
        if (problem.isPresent()) {
            err.println(problem.get());
            err.println(USAGE);
            return 2;
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : options.get("role").split(",")) {
            roles.add(Role.fromClaimValue(name.strip()).orElseThrow());
        }
        TenantId tenant = Optional.ofNullable(options.get("tenant")).flatMap(TenantId::parse).orElse(null);
        DevIssuer issuer = DevIssuer.loadOrCreate(Path.of(env.getOrDefault("PLATFORM_DATA_DIR", ".data")),
                env.getOrDefault("PLATFORM_DEV_ISSUER", DevIssuer.DEFAULT_ISSUER));
        out.println(issuer.mint(new TokenRequest(
                options.getOrDefault("subject", "dev-" + options.get("role").split(",")[0].strip()),
                tenant, roles,
                env.getOrDefault("PLATFORM_JWT_AUDIENCE", DevIssuer.DEFAULT_AUDIENCE),
                ttl(options.getOrDefault("ttl", "8h")),
                env.getOrDefault("PLATFORM_JWT_TENANT_CLAIM", "tenant_id"),
                env.getOrDefault("PLATFORM_JWT_ROLES_CLAIM", "roles"))));
        return 0;
    }

    private static Optional<String> validate(Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!Set.of("role", "tenant", "subject", "ttl").contains(key)) {
                return Optional.of("unknown option --" + key);
            }
        }
        String roles = options.get("role");
        if (roles == null) {
            return Optional.of("--role is required");
        }
        boolean tenantRole = false;
        for (String name : roles.split(",")) {
            Optional<Role> role = Role.fromClaimValue(name.strip());
            if (role.isEmpty()) {
                return Optional.of("unknown role '" + name + "'");
            }
            tenantRole |= role.get() != Role.PLATFORM_OPERATOR;
        }
        String tenant = options.get("tenant");
        if (tenant != null && TenantId.parse(tenant).isEmpty()) {
            return Optional.of("--tenant must be a tenant id (a UUID), as returned when the tenant was created");
        }
        if (tenantRole && tenant == null) {
            return Optional.of("tenant roles need --tenant");
        }
        try {
            Duration ttl = ttl(options.getOrDefault("ttl", "8h"));
            return ttl.isPositive() && ttl.compareTo(Duration.ofDays(30)) <= 0 ? Optional.empty()
                    : Optional.of("--ttl must be between 1s and 30d");
        } catch (DateTimeParseException e) {
            return Optional.of("--ttl must look like 30m, 8h or 2d");
        }
    }

    private static Duration ttl(String text) {
        String value = text.strip().toLowerCase();
        if (value.endsWith("d")) {
            return Duration.parse("P" + value.toUpperCase());
        }
        return Duration.parse("PT" + value.toUpperCase());
    }
}
