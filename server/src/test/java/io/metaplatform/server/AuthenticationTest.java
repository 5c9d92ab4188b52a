package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import io.metaplatform.core.DevIssuer;
import io.metaplatform.core.DevIssuer.TokenRequest;
import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthenticationTest extends ApiTestSupport {

    TenantId tenant;

    @BeforeEach
    void tenant() {
        tenant = createTenant("Auth");
    }

    @Test
    void validTokenIsAccepted() {
        Api.Response response = api.get("/api/me", TestPlatform.token(tenant, Role.TENANT_USER));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("tenantId").asString()).isEqualTo(tenant.toString());
        assertThat(response.json().path("roles").get(0).asString()).isEqualTo("tenant-user");
    }

    @Test
    void missingTokenIsUnauthenticated() {
        assertUnauthenticated(api.get("/api/me", null));
    }

    @Test
    void expiredTokenIsUnauthenticated() {
        Clock twoHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        TokenRequest oneHour = new TokenRequest("user", tenant, Set.of(Role.TENANT_USER), DevIssuer.DEFAULT_AUDIENCE,
                Duration.ofHours(1), "tenant_id", "roles");

        assertUnauthenticated(api.get("/api/me", TestPlatform.issuer().sign(TestPlatform.issuer().claims(oneHour, twoHoursAgo).build())));
    }

    @Test
    void tokenSignedWithAnotherKeyIsUnauthenticated() {
        DevIssuer impostor = DevIssuer.ephemeral(DevIssuer.DEFAULT_ISSUER);

        assertUnauthenticated(api.get("/api/me", impostor.mint(TokenRequest.of("user", tenant, Role.TENANT_USER))));
    }

    @Test
    void tokenOfAnUntrustedIssuerIsUnauthenticated() {
        JWTClaimsSet claims = TestPlatform.issuer().claims(TokenRequest.of("user", tenant, Role.TENANT_USER), Clock.systemUTC())
                .issuer("https://attacker.example")
                .build();

        assertUnauthenticated(api.get("/api/me", TestPlatform.issuer().sign(claims)));
    }

    @Test
    void unsignedAlgNoneTokenIsUnauthenticated() {
        JWTClaimsSet claims = TestPlatform.issuer().claims(TokenRequest.of("user", tenant, Role.PLATFORM_OPERATOR), Clock.systemUTC())
                .build();
        String unsigned = new PlainJWT(new PlainHeader.Builder().type(JOSEObjectType.JWT).build(), claims).serialize();

        assertUnauthenticated(api.get("/api/me", unsigned));
        assertUnauthenticated(api.get("/api/operator/tenants", unsigned));
    }

    @Test
    void tokenForAnotherAudienceIsUnauthenticated() {
        JWTClaimsSet claims = TestPlatform.issuer().claims(TokenRequest.of("user", tenant, Role.TENANT_USER), Clock.systemUTC())
                .audience("some-other-api")
                .build();

        assertUnauthenticated(api.get("/api/me", TestPlatform.issuer().sign(claims)));
    }

    @Test
    void tokenNotYetValidBeyondTheClockSkewIsUnauthenticated() {
        JWTClaimsSet claims = TestPlatform.issuer().claims(TokenRequest.of("user", tenant, Role.TENANT_USER), Clock.systemUTC())
                .notBeforeTime(Date.from(Instant.now().plus(Duration.ofMinutes(10))))
                .build();

        assertUnauthenticated(api.get("/api/me", TestPlatform.issuer().sign(claims)));
    }

    @Test
    void garbageTokenIsUnauthenticated() {
        assertUnauthenticated(api.get("/api/me", "not-a-jwt"));
    }

    private static void assertUnauthenticated(Api.Response response) {
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.code()).isEqualTo("UNAUTHENTICATED");
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.wwwAuthenticate()).startsWith("Bearer");
        assertThat(response.body()).doesNotContain("Exception", "\tat ");
    }
}
