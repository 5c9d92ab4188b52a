package io.metaplatform.tenants.internal;

import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;
import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.PlatformPrincipal;
import io.metaplatform.core.Role;
import io.metaplatform.tenants.ApiKey;
import io.metaplatform.tenants.ApiKeyService;
import io.metaplatform.tenants.CreatedApiKey;
import io.metaplatform.tenants.NewApiKey;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.stereotype.Component;

/** The API key operations of {@code /graphql/admin} ({@code admin-schema/extensions/api-keys.graphqls}). */
@Component
final class ApiKeyAdminWiring implements RuntimeWiringConfigurer {

    private final ApiKeyService keys;

    ApiKeyAdminWiring(ApiKeyService keys) {
        this.keys = keys;
    }

    @Override
    public void configure(RuntimeWiring.Builder builder) {
        builder.type(TypeRuntimeWiring.newTypeWiring("Query")
                        .dataFetcher("apiKeys", userAdmin(environment -> keys.list().stream().map(ApiKeyAdminWiring::view).toList())))
                .type(TypeRuntimeWiring.newTypeWiring("Mutation")
                        .dataFetcher("createApiKey", userAdmin(environment -> {
                            Map<String, Object> input = environment.getArgument("input");
                            @SuppressWarnings("unchecked")
                            List<String> roles = (List<String>) input.get("roles");
                            @SuppressWarnings("unchecked")
                            List<String> tenantRoles = (List<String>) input.get("tenantRoles");
                            OffsetDateTime expires = (OffsetDateTime) input.get("expiresAt");
                            CreatedApiKey created = keys.create(new NewApiKey((String) input.get("name"), roles,
                                    tenantRoles == null ? List.of() : tenantRoles, expires == null ? null : expires.toInstant()),
                                    PlatformPrincipal.current().subject());
                            Map<String, Object> result = new LinkedHashMap<>();
                            result.put("apiKey", view(created.apiKey()));
                            result.put("secret", created.secret());
                            return result;
                        }))
                        .dataFetcher("revokeApiKey", userAdmin(environment -> {
                            String id = environment.getArgument("id");
                            UUID key;
                            try {
                                key = UUID.fromString(id);
                            } catch (IllegalArgumentException e) {
                                throw PlatformException.notFound("Live API key " + id);
                            }
                            return view(keys.revoke(key, PlatformPrincipal.current().subject()));
                        })));
    }

    // Keys are managed by tenant admins signed in as themselves: a key (even one granting tenant-admin)
    // cannot mint or revoke keys, so a leaked key cannot make itself permanent.
    private static DataFetcher<Object> userAdmin(DataFetcher<Object> fetcher) {
        return environment -> {
            if (!PlatformPrincipal.current().has(Role.TENANT_ADMIN)) {
                throw new PlatformException(ErrorCode.FORBIDDEN, "API keys are managed by tenant admins.");
            }
            if (PlatformPrincipal.viaApiKey()) {
                throw new PlatformException(ErrorCode.FORBIDDEN, "API keys are managed with a user's token, not with an API key.");
            }
            return fetcher.get(environment);
        };
    }

    static Map<String, Object> view(ApiKey key) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", key.id().toString());
        view.put("name", key.name());
        view.put("roles", key.roles().stream().map(Role::claimValue).sorted().toList());
        view.put("tenantRoles", key.tenantRoles().stream().sorted().toList());
        view.put("hint", key.hint());
        view.put("createdAt", key.createdAt());
        view.put("createdBy", key.createdBy());
        view.put("expiresAt", key.expiresAt().orElse(null));
        view.put("revokedAt", key.revokedAt().orElse(null));
        view.put("revokedBy", key.revokedBy().orElse(null));
        view.put("lastUsedAt", key.lastUsedAt().orElse(null));
        view.put("active", key.validAt(Instant.now()));
        return view;
    }
}
