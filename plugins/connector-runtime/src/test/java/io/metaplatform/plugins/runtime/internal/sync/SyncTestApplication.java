package io.metaplatform.plugins.runtime.internal.sync;

import io.metaplatform.core.TenantGate;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Bean;

/** The platform core, the registry and the connector runtime; every tenant counts as active. */
// Other test packages of this module have test applications (and nested test configurations) of their own: never scan those in.
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(basePackages = "io.metaplatform", excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = ".*(TestApplication|Test\\$.*)"))
class SyncTestApplication {

    @Bean
    TenantGate everyTenantActive() {
        return tenant -> TenantGate.TenantState.ACTIVE;
    }
}
