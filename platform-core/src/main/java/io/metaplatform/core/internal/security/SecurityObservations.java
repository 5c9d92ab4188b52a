package io.metaplatform.core.internal.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * Spring Security observes, by default, every filter of its chain (an event before and after each), every
 * authentication and every authorization: about 7 % of the CPU of a small GraphQL request (issue 20). They are
 * turned off; each request is still measured once, as {@code http.server.requests}, by Spring MVC's observation.
 */
@Configuration(proxyBeanMethods = false)
class SecurityObservations {

    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
