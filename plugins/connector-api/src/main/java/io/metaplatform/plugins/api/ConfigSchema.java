package io.metaplatform.plugins.api;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration a connection of a connector takes, as typed properties in display order
 * (like Kafka's {@code ConfigDef}). The platform validates values with {@link #validate}, renders
 * the form, and encrypts the {@link ConfigProperty#secret() secret} ones.
 *
 * @param properties the properties, unique names, in display order
 */
public record ConfigSchema(List<ConfigProperty> properties) {

    /** No configuration at all. */
    public static final ConfigSchema EMPTY = new ConfigSchema(List.of());

    public ConfigSchema {
        properties = List.copyOf(properties);
        var names = new HashSet<String>();
        for (var property : properties) {
            if (!names.add(property.name())) {
                throw new IllegalArgumentException("duplicate configuration property " + property.name());
            }
        }
    }

    public static ConfigSchema of(ConfigProperty... properties) {
        return new ConfigSchema(Arrays.asList(properties));
    }

    public Optional<ConfigProperty> property(String name) {
        return properties.stream().filter(property -> property.name().equals(name)).findFirst();
    }

    /**
     * Checks raw values against this schema and reports every problem at once: unknown
     * properties, missing required ones and values of the wrong type. Blank values count as unset.
     */
    public List<FieldProblem> validate(Map<String, String> values) {
        var problems = new ArrayList<FieldProblem>();
        values.keySet().stream().sorted()
                .filter(name -> property(name).isEmpty())
                .forEach(name -> problems.add(new FieldProblem(name, "UNKNOWN_PROPERTY", "is not a property of this connector")));
        for (var property : properties) {
            var value = values.get(property.name());
            if (value == null || value.isBlank()) {
                if (property.required() && property.defaultValue().isEmpty()) {
                    problems.add(new FieldProblem(property.name(), "REQUIRED", "is required"));
                }
                continue;
            }
            typeProblem(property, value.strip()).ifPresent(problems::add);
        }
        return List.copyOf(problems);
    }

    /**
     * Applies defaults to validated values: the result has a value for every property that is set
     * or has a default, in schema order.
     */
    public Configuration resolve(Map<String, String> values) {
        var resolved = new LinkedHashMap<String, String>();
        for (var property : properties) {
            var value = values.get(property.name());
            if (value != null && !value.isBlank()) {
                resolved.put(property.name(), value.strip());
            } else {
                property.defaultValue().ifPresent(fallback -> resolved.put(property.name(), fallback));
            }
        }
        return new Configuration(resolved);
    }

    private static Optional<FieldProblem> typeProblem(ConfigProperty property, String value) {
        return switch (property.type()) {
            case STRING -> Optional.empty();
            case INTEGER -> isLong(value) ? Optional.empty() : problem(property, "NOT_AN_INTEGER", "must be a whole number");
            case BOOLEAN -> value.equals("true") || value.equals("false")
                    ? Optional.empty() : problem(property, "NOT_A_BOOLEAN", "must be true or false");
            case URL -> isHttpUrl(value) ? Optional.empty() : problem(property, "INVALID_URL", "must be an absolute http or https URL");
            case CHOICE -> property.allowedValues().contains(value)
                    ? Optional.empty() : problem(property, "NOT_ALLOWED", "must be one of " + property.allowedValues());
            case LIST -> listProblem(property, value);
            case DURATION -> isDuration(value) ? Optional.empty() : problem(property, "INVALID_DURATION", "must be an ISO-8601 duration such as PT30M");
        };
    }

    private static Optional<FieldProblem> listProblem(ConfigProperty property, String value) {
        if (property.allowedValues().isEmpty()) {
            return Optional.empty();
        }
        return Configuration.splitList(value).stream()
                .filter(item -> !property.allowedValues().contains(item))
                .findFirst()
                .flatMap(item -> problem(property, "NOT_ALLOWED", item + " is not one of " + property.allowedValues()));
    }

    private static Optional<FieldProblem> problem(ConfigProperty property, String code, String message) {
        return Optional.of(new FieldProblem(property.name(), code, message));
    }

    private static boolean isLong(String value) {
        try {
            Long.parseLong(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isHttpUrl(String value) {
        try {
            var uri = URI.create(value);
            return uri.isAbsolute() && uri.getHost() != null
                    && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isDuration(String value) {
        try {
            return !Duration.parse(value).isNegative();
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
