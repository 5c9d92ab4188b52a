package io.metaplatform.tenants.internal;

import io.metaplatform.core.TenantGate;
import io.metaplatform.registry.TenantCurrency;
import io.metaplatform.tenants.TenantSettings;
import io.metaplatform.tenants.TenantStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jdbc.repository.config.EnableJdbcRepositories;

@Configuration(proxyBeanMethods = false)
@EnableJdbcRepositories(basePackageClasses = TenantRepository.class)
class TenantsConfiguration {

    /** The currency of values that name none: the tenant's settings (read in the caller's transaction). */
    @Bean
    TenantCurrency tenantCurrency(TenantSettingsStore settings) {
        return tenant -> settings.find(tenant).map(TenantSettings::defaultCurrency).orElse(TenantSettings.DEFAULTS.defaultCurrency());
    }

    /** One primary-key lookup per authenticated request; the tenant table has no row-level security. */
    @Bean
    TenantGate tenantGate(TenantRepository tenants) {
        return tenant -> tenants.findStatusById(tenant.value())
                .map(status -> status == TenantStatus.ACTIVE ? TenantGate.TenantState.ACTIVE : TenantGate.TenantState.SUSPENDED)
                .orElse(TenantGate.TenantState.UNKNOWN);
    }
}
