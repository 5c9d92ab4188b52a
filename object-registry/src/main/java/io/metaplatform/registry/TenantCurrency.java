package io.metaplatform.registry;

import io.metaplatform.core.TenantId;

/**
 * The currency a tenant's currency values take when a write names none. Provided by the module that
 * owns tenant settings; without one, {@code EUR}.
 */
@FunctionalInterface
public interface TenantCurrency {

    String defaultCurrency(TenantId tenant);
}
