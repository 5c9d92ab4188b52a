package io.metaplatform.tenants;

import io.metaplatform.core.Violations;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an operator gives to create a tenant.
 *
 * @param slug unique, lower-case letters, digits and hyphens, 3 to 63 characters, starting with a letter
 * @param name display name, 1 to 200 characters
 * @param settings optional; absent values take {@link TenantSettings#DEFAULTS}
 */
public record NewTenant(String slug, String name, TenantSettings settings) {

    private static final Pattern SLUG = Pattern.compile("[a-z][a-z0-9-]{1,61}[a-z0-9]");
    private static final Set<String> RESERVED = Set.of("admin", "api", "app", "graphql", "platform", "system", "www");

    void validate(Violations violations) {
        if (slug == null || !SLUG.matcher(slug).matches() || slug.contains("--")) {
            violations.add("slug", "INVALID_FORMAT", "must be 3 to 63 lower-case letters, digits or single hyphens,"
                    + " starting with a letter and not ending with a hyphen");
        } else if (RESERVED.contains(slug)) {
            violations.add("slug", "RESERVED", "is reserved by the platform");
        }
        violations.check(name != null && !name.isBlank() && name.length() <= 200, "name", "INVALID_LENGTH",
                "must be 1 to 200 characters and not blank");
        effectiveSettings().validate("settings.", violations);
    }

    TenantSettings effectiveSettings() {
        return settings == null ? TenantSettings.DEFAULTS : settings.orElse(TenantSettings.DEFAULTS);
    }
}
