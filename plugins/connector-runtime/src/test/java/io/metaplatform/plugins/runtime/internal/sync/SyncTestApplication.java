package io.metaplatform.plugins.runtime.internal.sync;

import io.metaplatform.core.TenantGate;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** The platform core, the registry and the connector runtime; every tenant counts as active. */
@SpringBootApplication(scanBasePackages = "io.metaplatform")
class SyncTestApplication {

    @Bean
    TenantGate everyTenantActive() {
        return tenant -> TenantGate.TenantState.ACTIVE;
    }
}
