package io.metaplatform.tenants;

import java.util.List;

/**
 * One page of tenants ordered by slug.
 *
 * @param next the cursor ({@code after}) for the following page, {@code null} on the last page
 */
public record TenantPage(List<Tenant> tenants, String next) {
}
