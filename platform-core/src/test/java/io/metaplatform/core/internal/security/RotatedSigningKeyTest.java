package io.metaplatform.core.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * An issuer publishing its keys at a JWKS URL rotates its signing key: a token of the old key, whose signature
 * was checked and remembered, is refused as soon as the server has fetched the new key set, not minutes later.
 */
class RotatedSigningKeyTest {

    private static final String ISSUER = "urn:test:rotating-issuer";

    private final AtomicReference<JWKSet> published = new AtomicReference<>();
    private final AtomicInteger keySetFetches = new AtomicInteger();
    private HttpServer server;
    private TrustedIssuers issuers;

    @BeforeEach
    void startIssuer() throws IOException {
        serve(0);
        String jwksUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
        issuers = new TrustedIssuers(new SecurityProperties.Jwt(null, ISSUER, jwksUrl, null, Duration.ofSeconds(30), null, null,
                List.of("RS256")));
        issuers.trustExternal();
    }

    private void restartIssuerOnTheSamePort() {
        try {
            serve(port);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private int port;

    private void serve(int at) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", at), 0);
        server.createContext("/jwks", exchange -> {
            keySetFetches.incrementAndGet();
            byte[] body = published.get().toString(true).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterEach
    void stopIssuer() {
        server.stop(0);
    }

    @Test
    void theKeysFetchedAtStartServeTheFirstToken() throws JOSEException {
        RSAKey key = new RSAKeyGenerator(2048).keyID("key-2026-12").generate();
        published.set(new JWKSet(key.toPublicJWK()));

        assertThat(issuers.fetchKeys()).isEqualTo(1);
        assertThat(keySetFetches).hasValue(1);
        assertThat(authenticate(token(key, "alice"))).isEqualTo("alice");
        assertThat(keySetFetches).as("the first token found the key set fetched at start").hasValue(1);
    }

    @Test
    void anIssuerUnreachableAtStartIsFetchedAtItsFirstToken() throws JOSEException {
        RSAKey key = new RSAKeyGenerator(2048).keyID("key-2026-12").generate();
        published.set(new JWKSet(key.toPublicJWK()));
        server.stop(0);

        assertThat(issuers.fetchKeys()).as("logged, not thrown").isZero();

        restartIssuerOnTheSamePort();
        assertThat(authenticate(token(key, "alice"))).isEqualTo("alice");
        assertThat(keySetFetches).hasValue(1);
    }

    @Test
    void aCachedTokenOfARotatedOutKeyIsRefusedOnceTheNewKeySetIsKnown() throws JOSEException {
        RSAKey oldKey = new RSAKeyGenerator(2048).keyID("key-2026-11").generate();
        RSAKey newKey = new RSAKeyGenerator(2048).keyID("key-2026-12").generate();
        published.set(new JWKSet(oldKey.toPublicJWK()));
        String oldToken = token(oldKey, "alice");

        assertThat(authenticate(oldToken)).isEqualTo("alice");
        assertThat(authenticate(oldToken)).isEqualTo("alice");
        assertThat(keySetFetches).as("the key set is fetched once, the token's signature remembered").hasValue(1);

        published.set(new JWKSet(newKey.toPublicJWK()));
        assertThat(authenticate(token(newKey, "bob"))).isEqualTo("bob");

        assertThatThrownBy(() -> authenticate(oldToken)).isInstanceOf(OAuth2AuthenticationException.class);
    }

    @Test
    void aCachedTokenStaysValidWhileItsKeyIsPublishedBesideANewOne() throws JOSEException {
        RSAKey oldKey = new RSAKeyGenerator(2048).keyID("key-2026-11").generate();
        RSAKey newKey = new RSAKeyGenerator(2048).keyID("key-2026-12").generate();
        published.set(new JWKSet(oldKey.toPublicJWK()));
        String oldToken = token(oldKey, "alice");
        assertThat(authenticate(oldToken)).isEqualTo("alice");

        published.set(new JWKSet(List.of(oldKey.toPublicJWK(), newKey.toPublicJWK())));
        assertThat(authenticate(token(newKey, "bob"))).isEqualTo("bob");

        assertThat(authenticate(oldToken)).isEqualTo("alice");
    }

    private String authenticate(String token) {
        return issuers.forIssuer(ISSUER).authenticate(new BearerTokenAuthenticationToken(token)).getName();
    }

    private static String token(RSAKey key, String subject) throws JOSEException {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject(subject)
                .audience(io.metaplatform.core.DevIssuer.DEFAULT_AUDIENCE).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1)))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
