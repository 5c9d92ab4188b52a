package io.metaplatform.tenants;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The platform core plus this module, as the tests of this module run them. */
@SpringBootApplication(scanBasePackages = "io.metaplatform")
class TenantsTestApplication {
}
