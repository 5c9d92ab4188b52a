package io.metaplatform.tenants.internal;

import io.metaplatform.registry.TenantCurrency;
import io.metaplatform.tenants.TenantSettings;
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
}
