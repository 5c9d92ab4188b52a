package io.metaplatform.plugins.runtime.internal.connections;

import static io.metaplatform.plugins.runtime.internal.connections.AdminFetchers.admin;
import static io.metaplatform.plugins.runtime.internal.connections.AdminFetchers.connection;

import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;
import java.util.Map;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.stereotype.Component;

/** The OAuth grant of {@code /graphql/admin} ({@code admin-schema/extensions/oauth.graphqls}). */
@Component
final class OAuthGrantsWiring implements RuntimeWiringConfigurer {

    private final OAuthGrants grants;
    private final OutboundCalls outbound;

    OAuthGrantsWiring(OAuthGrants grants, OutboundCalls outbound) {
        this.grants = grants;
        this.outbound = outbound;
    }

    @Override
    public void configure(RuntimeWiring.Builder builder) {
        builder.type(TypeRuntimeWiring.newTypeWiring("Query")
                        .dataFetcher("connectionAuthorization", admin(environment -> {
                            OAuthGrants.Authorization authorization = grants.start(connection(environment), environment.getArgument("redirectUri"));
                            return Map.of("authorizationUrl", authorization.url().toString(), "state", authorization.state());
                        })))
                .type(TypeRuntimeWiring.newTypeWiring("Mutation")
                        .dataFetcher("authorizeConnection", admin(outbound.limited(environment -> {
                            grants.complete(connection(environment), environment.getArgument("code"), environment.getArgument("state"),
                                    environment.getArgument("redirectUri"), java.util.Optional.ofNullable(environment.getArgument("referer")));
                            return true;
                        }))));
    }

}
