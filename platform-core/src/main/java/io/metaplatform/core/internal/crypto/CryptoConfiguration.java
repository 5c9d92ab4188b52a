package io.metaplatform.core.internal.crypto;

import io.metaplatform.core.CredentialCipher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Credential keys come from {@code platform.credentials.keys} ({@code PLATFORM_CREDENTIAL_KEYS}).
 * Only in the {@code local} and {@code test} profiles may a missing setting be replaced by a key
 * generated once under the data directory; anywhere else the server refuses to start, because
 * secrets sealed with a key nobody kept are lost.
 */
@Configuration(proxyBeanMethods = false)
class CryptoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(CryptoConfiguration.class);
    private static final String KEY_FILE = "credential-key";
    private static final Set<String> DEVELOPMENT_PROFILES = Set.of("local", "test");

    @Bean
    CredentialCipher credentialCipher(@Value("${platform.credentials.keys:}") String keys,
            @Value("${platform.data-dir:.data}") Path dataDirectory, Environment environment) {
        if (!keys.isBlank()) {
            return CredentialCipher.parse(keys);
        }
        boolean development = Arrays.stream(environment.getActiveProfiles()).anyMatch(DEVELOPMENT_PROFILES::contains);
        if (!development) {
            throw new IllegalStateException("platform.credentials.keys (PLATFORM_CREDENTIAL_KEYS) is not set: give at least one"
                    + " AES-256 key as id=base64key, e.g. k1=$(openssl rand -base64 32)");
        }
        return CredentialCipher.parse(localKey(dataDirectory));
    }

    private static String localKey(Path dataDirectory) {
        Path file = dataDirectory.resolve(KEY_FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dataDirectory);
                Files.writeString(file, "local=" + CredentialCipher.newKey(), StandardCharsets.US_ASCII);
                trySetOwnerOnly(file);
                LOG.info("Generated a development credential key in {}", file.toAbsolutePath());
            }
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the development credential key " + file, e);
        }
    }

    private static void trySetOwnerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            LOG.debug("file system without POSIX permissions; {} keeps its default permissions", file);
        }
    }
}
