package io.metaplatform.registry;

import io.metaplatform.core.TenantGate;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** The platform core plus this module. Tenants live in a module above this one, so every tenant counts as active here. */
@SpringBootApplication(scanBasePackages = "io.metaplatform")
class RegistryTestApplication {

    @Bean
    TenantGate everyTenantActive() {
        return tenant -> TenantGate.TenantState.ACTIVE;
    }
}
