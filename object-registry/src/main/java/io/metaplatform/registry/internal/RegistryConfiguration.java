package io.metaplatform.registry.internal;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({RegistryQuotas.class, RegistryLimits.class})
class RegistryConfiguration {
}
