package io.metaplatform.plugins.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One configuration property of a connector.
 *
 * @param name          key, letters and digits in lowerCamelCase ({@code apiKey})
 * @param type          value type
 * @param required      whether a connection must set it (a default counts as set)
 * @param secret        whether it is a credential: then the platform encrypts it at rest, never
 *                      returns it from an API and never logs it
 * @param defaultValue  value used when the connection does not set one; empty for none
 * @param allowedValues for {@link ConfigType#CHOICE} and optionally {@link ConfigType#LIST}
 * @param description   one sentence for the admin
 */
public record ConfigProperty(
        String name,
        ConfigType type,
        boolean required,
        boolean secret,
        Optional<String> defaultValue,
        List<String> allowedValues,
        String description) {

    private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9]{0,62}");

    public ConfigProperty {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("property name must match " + NAME + ": " + name);
        }
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        allowedValues = List.copyOf(allowedValues);
        Objects.requireNonNull(description, "description");
        if (type == ConfigType.CHOICE && allowedValues.isEmpty()) {
            throw new IllegalArgumentException("choice property " + name + " needs allowed values");
        }
        if (secret && defaultValue.isPresent()) {
            throw new IllegalArgumentException("secret property " + name + " cannot have a default");
        }
    }

    /** A required property without default. */
    public static ConfigProperty required(String name, ConfigType type, String description) {
        return new ConfigProperty(name, type, true, false, Optional.empty(), List.of(), description);
    }

    /** An optional property with a default value. */
    public static ConfigProperty optional(String name, ConfigType type, String defaultValue, String description) {
        return new ConfigProperty(name, type, false, false, Optional.ofNullable(defaultValue), List.of(), description);
    }

    /** A required secret (API key, password, client secret). */
    public static ConfigProperty secret(String name, String description) {
        return new ConfigProperty(name, ConfigType.STRING, true, true, Optional.empty(), List.of(), description);
    }

    /** A required or optional choice among fixed values. */
    public static ConfigProperty choice(String name, List<String> values, String defaultValue, String description) {
        return new ConfigProperty(name, ConfigType.CHOICE, defaultValue == null, false,
                Optional.ofNullable(defaultValue), values, description);
    }

    /** This property as a secret that may be left empty (for example an optional password). */
    public ConfigProperty optionalSecret() {
        return new ConfigProperty(name, type, false, true, Optional.empty(), allowedValues, description);
    }
}
