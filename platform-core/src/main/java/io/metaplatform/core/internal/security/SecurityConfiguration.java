package io.metaplatform.core.internal.security;

import io.metaplatform.core.ApiKeyAuthenticator;
import io.metaplatform.core.DevIssuer;
import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformPrincipal;
import io.metaplatform.core.Role;
import io.metaplatform.core.TenantGate;
import io.metaplatform.core.SharedRedis;
import io.metaplatform.core.internal.web.ApiProperties;
import io.metaplatform.core.internal.web.ApiRateLimitFilter;
import io.metaplatform.core.internal.web.ProblemWriter;
import io.metaplatform.core.internal.web.RequestGuardFilter;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableMethodSecurity
@EnableConfigurationProperties({SecurityProperties.class, ApiProperties.class})
class SecurityConfiguration {

    /** Browsers may call the API from these origins (bearer tokens, no cookies); none when the list is empty. */
    private static org.springframework.web.cors.CorsConfigurationSource corsSource(java.util.List<String> allowedOrigins) {
        org.springframework.web.cors.CorsConfiguration cors = new org.springframework.web.cors.CorsConfiguration();
        allowedOrigins.stream().filter(origin -> !origin.isBlank()).forEach(cors::addAllowedOrigin);
        cors.setAllowedMethods(java.util.List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
        cors.setAllowedHeaders(java.util.List.of("Authorization", "Content-Type", "X-Request-Id"));
        cors.setExposedHeaders(java.util.List.of("X-Request-Id", "X-Sql-Statements", "X-Sql-Transactions"));
        cors.setAllowCredentials(false);
        cors.setMaxAge(java.time.Duration.ofHours(1));
        org.springframework.web.cors.UrlBasedCorsConfigurationSource source = new org.springframework.web.cors.UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        return source;
    }

    @Bean
    TrustedIssuers trustedIssuers(SecurityProperties properties, Environment environment,
            @Value("${platform.data-dir:.data}") Path dataDirectory) {
        TrustedIssuers issuers = new TrustedIssuers(properties.jwt());
        if (properties.jwt().configured()) {
            issuers.trustExternal();
        }
        if (DevIssuerGuard.allowed(properties.devIssuer().enabled(), environment.getActiveProfiles())) {
            issuers.trustDev(DevIssuer.loadOrCreate(dataDirectory, properties.devIssuer().issuer()));
        }
        if (issuers.isEmpty()) {
            throw new IllegalStateException("No token issuer is trusted: set PLATFORM_JWT_ISSUER_URI (or PLATFORM_JWT_JWKS_URL"
                    + " with PLATFORM_JWT_ISSUER), or run with the 'local' profile for the dev issuer.");
        }
        return issuers;
    }

    /** The external issuers' signing keys, fetched before the instance reports ready rather than by its first requests. */
    @Bean
    org.springframework.boot.ApplicationRunner signingKeysAtStart(TrustedIssuers issuers) {
        return arguments -> issuers.fetchKeys();
    }

    private static final String WEBHOOKS = "/api/webhooks/**";

    /** The default firewall, its header checks without regular expressions. */
    @Bean
    org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer firewall() {
        return web -> web.httpFirewall(HeaderFirewall.strict());
    }

    /** Requests the firewall refuses (unknown methods, encoded slashes, NUL, "..") get a problem, not a bare 400. */
    @Bean
    org.springframework.security.web.firewall.RequestRejectedHandler requestRejectedHandler(ProblemWriter problems) {
        return (request, response, exception) -> problems.write(request, response, ErrorCode.BAD_REQUEST,
                "The request's method, path or headers are not allowed.");
    }

    /** Grants a request when the authenticated caller, with the tenant bound for the request, passes {@code check}. */
    private static AuthorizationManager<RequestAuthorizationContext> caller(Predicate<PlatformPrincipal> check) {
        return (authentication, context) -> {
            Authentication caller = authentication.get();
            boolean granted = caller != null && caller.isAuthenticated() && !(caller instanceof AnonymousAuthenticationToken)
                    && check.test(PlatformPrincipal.current());
            return new AuthorizationDecision(granted);
        };
    }

    // An Authorization header of an external system's webhook call is its own business, not a platform token.
    private static BearerTokenResolver bearerTokensOutsideWebhooks() {
        BearerHeader tokens = new BearerHeader();
        PathPatternRequestMatcher webhooks = PathPatternRequestMatcher.withDefaults().matcher(WEBHOOKS);
        return request -> webhooks.matches(request) ? null : tokens.resolve(request);
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, TrustedIssuers issuers, SecurityProperties properties, TenantGate gate,
            ProblemWriter problems, @Value("${platform.cors.allowed-origins:}") java.util.List<String> allowedOrigins,
            ApiProperties api, SharedRedis redis, tools.jackson.databind.json.JsonMapper json,
            org.springframework.beans.factory.ObjectProvider<ApiKeyAuthenticator> apiKeys,
            org.springframework.beans.factory.ObjectProvider<io.metaplatform.core.TenantRoleResolver> tenantRoles) throws Exception {
        // Tokens of the trusted issuers, and API keys (mpk_...) when the tenants module stores them.
        var authenticationManagers = new BearerAuthentication(new IssuerRouting(issuers::forIssuer, VerifiedTokens.MAX_ENTRIES),
                java.util.Optional.ofNullable(apiKeys.getIfAvailable()), properties.jwt(), java.time.Clock.systemUTC());
        http.csrf(csrf -> csrf.disable())
                .cors(cors -> cors.configurationSource(corsSource(allowedOrigins)))
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus").permitAll()
                        .requestMatchers("/error", "/graphiql", "/graphiql/**").permitAll()
                        // GraphiQL's own assets (public code, no data), served so the page works offline.
                        .requestMatchers(HttpMethod.GET, "/webjars/graphiql/**", "/webjars/react/**", "/webjars/react-dom/**").permitAll()
                        // External systems call connector webhooks without a token; the connector verifies each call.
                        .requestMatchers(HttpMethod.POST, WEBHOOKS).permitAll()
                        // Published formats (no tenant data): the metadata package's JSON Schema.
                        .requestMatchers(HttpMethod.GET, "/api/schemas/metadata-package").permitAll()
                        .requestMatchers("/api/operator/**").hasRole(Role.PLATFORM_OPERATOR.claimValue())
                        // Fail closed: every path names who may call it, anything unlisted is denied. A token
                        // with no role, an empty role list or an unknown role reaches no tenant data.
                        .requestMatchers("/api/me").authenticated()
                        .requestMatchers("/api/tenant", "/api/tenant/**").access(caller(PlatformPrincipal::isTenantMember))
                        .requestMatchers(HttpMethod.GET, "/api/schemas/*").access(caller(PlatformPrincipal::isTenantMember))
                        .requestMatchers("/api/connections/**").access(caller(PlatformPrincipal::isTenantAdmin))
                        // The GraphQL endpoints answer a refused caller in GraphQL's own error shape (code
                        // FORBIDDEN); their interceptors apply the same two checks before anything executes.
                        .requestMatchers("/graphql", "/graphql/admin").authenticated()
                        .anyRequest().denyAll())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .authenticationManagerResolver(authenticationManagers)
                        .bearerTokenResolver(bearerTokensOutsideWebhooks())
                        .authenticationEntryPoint((request, response, exception) -> problems.write(request, response,
                                ErrorCode.UNAUTHENTICATED, "A valid bearer token is required."))
                        .accessDeniedHandler((request, response, exception) -> problems.write(request, response,
                                ErrorCode.FORBIDDEN, "The token's roles do not allow this operation.")))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint((request, response, exception) -> problems.write(request, response,
                                ErrorCode.UNAUTHENTICATED, "A valid bearer token is required."))
                        .accessDeniedHandler((request, response, exception) -> problems.write(request, response,
                                ErrorCode.FORBIDDEN, "The token's roles do not allow this operation.")))
                .addFilterAfter(new TenantResolutionFilter(properties.jwt().tenantClaim(), gate, problems),
                        BearerTokenAuthenticationFilter.class)
                .addFilterAfter(new CallerBindingFilter(properties.jwt().rolesClaim(),
                        java.util.Optional.ofNullable(tenantRoles.getIfAvailable())), TenantResolutionFilter.class);
        // After authorization: a caller is counted and its request checked only once it may call the path at all.
        if (api.rateLimit().enabled()) {
            http.addFilterAfter(new ApiRateLimitFilter(api.rateLimit(), redis, problems), AuthorizationFilter.class)
                    .addFilterAfter(new RequestGuardFilter(api, problems, json), ApiRateLimitFilter.class);
        } else {
            http.addFilterAfter(new RequestGuardFilter(api, problems, json), AuthorizationFilter.class);
        }
        return http.build();
    }
}
