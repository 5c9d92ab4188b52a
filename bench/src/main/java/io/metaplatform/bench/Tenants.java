package io.metaplatform.bench;

import io.metaplatform.core.DevIssuer;
import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import java.util.UUID;

/** Creates tenants through the operator REST API, as an operator would. */
final class Tenants {

    private final GraphQlClient client;
    private final String operatorToken;

    Tenants(GraphQlClient client, DevIssuer issuer) {
        this.client = client;
        this.operatorToken = issuer.mint(DevIssuer.TokenRequest.of("bench-operator", null, Role.PLATFORM_OPERATOR));
    }

    TenantId create(String name) {
        String slug = "b-" + UUID.randomUUID().toString().substring(0, 13);
        GraphQlClient.Reply reply = client.post("/api/operator/tenants", operatorToken,
                "{\"slug\":\"" + slug + "\",\"name\":\"" + name + "\"}");
        if (reply.status() != 201) {
            throw new IllegalStateException("tenant not created (" + reply.status() + "): " + reply.body());
        }
        return TenantId.parse(reply.json().path("id").asString()).orElseThrow();
    }
}
