package io.metaplatform.plugins.runtime.internal.connections;

import io.metaplatform.core.CredentialCipher;
import io.metaplatform.core.TenantId;
import io.metaplatform.plugins.api.ConfigSchema;
import io.metaplatform.plugins.api.Configuration;
import io.metaplatform.plugins.api.CredentialsException;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Seals each secret property of a connection on its own, bound to tenant, connection and property,
 * so a sealed value copied into another row or property does not open; and masks secret values in
 * texts that leave the platform (run errors, check messages, logs).
 */
@Component
public final class ConnectionSecrets {

    static final String MASK = "****";
    // Shorter values would mask ordinary words of a message; no real credential is this short.
    private static final int MIN_MASKED_LENGTH = 4;

    private final CredentialCipher cipher;

    ConnectionSecrets(CredentialCipher cipher) {
        this.cipher = cipher;
    }

    /** Seals every value; the result maps the same names to sealed values. */
    public Map<String, String> seal(TenantId tenant, UUID connectionId, Map<String, String> plain) {
        var sealed = new LinkedHashMap<String, String>();
        plain.forEach((name, value) -> sealed.put(name, cipher.seal(value, context(tenant, connectionId, name))));
        return sealed;
    }

    /**
     * Opens every sealed value.
     *
     * @throws CredentialsException when one does not open (its key was removed from the configuration,
     *     or the value was copied from elsewhere): like refused credentials, an admin must set it again
     */
    public Map<String, String> open(TenantId tenant, UUID connectionId, Map<String, String> sealed) {
        var plain = new HashMap<String, String>();
        sealed.forEach((name, value) -> {
            try {
                plain.put(name, cipher.open(value, context(tenant, connectionId, name)));
            } catch (IllegalArgumentException e) {
                throw new CredentialsException("The stored secret " + name + " cannot be decrypted (" + e.getMessage() + "); set it again.");
            }
        });
        return plain;
    }

    /**
     * The same secrets sealed anew with the active key, when any of them was sealed with an older
     * one (after a key rotation); empty when all use the active key.
     *
     * @throws CredentialsException when one does not open
     */
    public Optional<Map<String, String>> resealed(TenantId tenant, UUID connectionId, Map<String, String> sealed) {
        boolean current = sealed.values().stream().allMatch(value -> CredentialCipher.keyIdOf(value).equals(cipher.activeKeyId()));
        return current ? Optional.empty() : Optional.of(seal(tenant, connectionId, open(tenant, connectionId, sealed)));
    }

    /** The connection's configuration for the connector: stored values, secrets opened, defaults applied. */
    public Configuration configuration(ConnectionRow row, ConfigSchema schema) {
        var values = new HashMap<>(row.config());
        values.putAll(open(row.tenant(), row.id(), row.sealedSecrets()));
        return schema.resolve(values);
    }

    /** The text with every secret value of the configuration replaced by a mask, longest first. */
    public static String mask(String text, ConfigSchema schema, Configuration configuration) {
        if (text == null) {
            return null;
        }
        var secrets = schema.properties().stream().filter(property -> property.secret())
                .map(property -> configuration.find(property.name()).orElse(""))
                .toList();
        return mask(text, secrets);
    }

    static String mask(String text, Collection<String> secrets) {
        String masked = text;
        for (String secret : secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            if (secret.length() >= MIN_MASKED_LENGTH) {
                masked = masked.replace(secret, MASK);
            }
        }
        return masked;
    }

    private static String context(TenantId tenant, UUID connectionId, String property) {
        return tenant + "/" + connectionId + "/" + property;
    }
}
