package io.metaplatform.core;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The local development token issuer: an RSA key kept under the data directory, created at first use,
 * and trusted by a server only where the dev issuer is enabled (the {@code local} profile; never in a
 * production configuration). Used by the server and by the {@code token} command that prints tokens.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class DevIssuer {

    /** The {@code iss} of dev tokens unless configured otherwise. */
    public static final String DEFAULT_ISSUER = "urn:metaplatform:dev-issuer";
    /** The audience every token must carry unless configured otherwise. */
    public static final String DEFAULT_AUDIENCE = "metaplatform-api";
    static final String KEY_FILE = "dev-issuer-key.pem";

    private final String issuer;
    private final RSAPrivateCrtKey privateKey;
    private final RSAPublicKey publicKey;

    private DevIssuer(String issuer, RSAPrivateCrtKey privateKey) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.privateKey = privateKey;
        this.publicKey = publicKeyOf(privateKey);
    }

    /** Loads the key from {@code dataDirectory}, creating it (readable by its owner only) when absent. */
    public static DevIssuer loadOrCreate(Path dataDirectory, String issuer) {
        Path file = dataDirectory.resolve(KEY_FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dataDirectory);
                writeKey(file, generate());
            }
            return new DevIssuer(issuer, readKey(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the dev issuer key " + file, e);
        }
    }

    /** An issuer with a fresh key that is never stored; for tests that need an untrusted signer. */
    public static DevIssuer ephemeral(String issuer) {
        return new DevIssuer(issuer, generate());
    }

    public String issuer() {
        return issuer;
    }

    public RSAPublicKey publicKey() {
        return publicKey;
    }

    /** Signs {@code claims} with RS256 as they are: the caller sets issuer, audience and expiry. */
    public String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("dev").build(), claims);
            jwt.sign(new RSASSASigner(privateKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a dev token", e);
        }
    }

    /** Claims of a normal token of this issuer, ready to {@link #sign}. */
    public JWTClaimsSet.Builder claims(TokenRequest request, Clock clock) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(request.subject())
                .audience(request.audience())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(request.ttl())))
                .jwtID(UUID.randomUUID().toString())
                .claim(request.rolesClaim(), request.roles().stream().map(Role::claimValue).sorted().toList());
        if (request.tenant() != null) {
            claims.claim(request.tenantClaim(), request.tenant().toString());
        }
        return claims;
    }

    /** Mints a signed token. */
    public String mint(TokenRequest request) {
        return sign(claims(request, Clock.systemUTC()).build());
    }

    /**
     * What a token says.
     *
     * @param tenant {@code null} for a platform operator acting on the platform itself
     */
    public record TokenRequest(String subject, TenantId tenant, Set<Role> roles, String audience, Duration ttl,
            String tenantClaim, String rolesClaim) {

        public TokenRequest {
            Objects.requireNonNull(subject, "subject");
            roles = Set.copyOf(roles);
            Objects.requireNonNull(audience, "audience");
            Objects.requireNonNull(ttl, "ttl");
            Objects.requireNonNull(tenantClaim, "tenantClaim");
            Objects.requireNonNull(rolesClaim, "rolesClaim");
        }

        /** A token with the default audience and claim names. */
        public static TokenRequest of(String subject, TenantId tenant, Role... roles) {
            return new TokenRequest(subject, tenant, Set.of(roles), DEFAULT_AUDIENCE, Duration.ofHours(8), "tenant_id", "roles");
        }
    }

    private static RSAPrivateCrtKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return (RSAPrivateCrtKey) pair.getPrivate();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }

    private static void writeKey(Path file, RSAPrivateCrtKey key) throws IOException {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Files.writeString(file, pem);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the key keeps the directory's default permissions.
        }
    }

    private static RSAPrivateCrtKey readKey(Path file) throws IOException {
        List<String> body = Files.readAllLines(file).stream().filter(line -> !line.startsWith("-----")).toList();
        byte[] der = Base64.getMimeDecoder().decode(String.join("", body));
        try {
            return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IOException("Not an RSA private key in PKCS#8 PEM: " + file, e);
        }
    }

    private static RSAPublicKey publicKeyOf(RSAPrivateCrtKey key) {
        BigInteger modulus = key.getModulus();
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, key.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot derive the dev issuer's public key", e);
        }
    }
}
