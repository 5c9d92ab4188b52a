package io.metaplatform.tenants.internal;

import io.metaplatform.core.TenantGate;
import io.metaplatform.tenants.TenantStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jdbc.repository.config.EnableJdbcRepositories;

@Configuration(proxyBeanMethods = false)
@EnableJdbcRepositories(basePackageClasses = TenantRepository.class)
class TenantsConfiguration {

    /** One primary-key lookup per authenticated request; the tenant table has no row-level security. */
    @Bean
    TenantGate tenantGate(TenantRepository tenants) {
        return tenant -> tenants.findStatusById(tenant.value())
                .map(status -> status == TenantStatus.ACTIVE ? TenantGate.TenantState.ACTIVE : TenantGate.TenantState.SUSPENDED)
                .orElse(TenantGate.TenantState.UNKNOWN);
    }
}
