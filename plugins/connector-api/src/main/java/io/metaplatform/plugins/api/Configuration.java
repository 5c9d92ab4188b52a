package io.metaplatform.plugins.api;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A connection's resolved configuration: validated against the connector's {@link ConfigSchema},
 * defaults applied, secrets decrypted. Never log it or put it into an exception message: it holds
 * credentials. {@link #toString()} shows the keys only.
 *
 * @param values property name to value, without blank values
 */
public record Configuration(Map<String, String> values) {

    public Configuration {
        values = Map.copyOf(values);
    }

    /** The value, or empty when the property is not set and has no default. */
    public Optional<String> find(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** The value of a property the schema makes required (or gives a default). */
    public String string(String name) {
        return find(name).orElseThrow(() -> new ConnectorException("configuration property " + name + " is not set"));
    }

    public long integer(String name) {
        return Long.parseLong(string(name));
    }

    public boolean bool(String name) {
        return Boolean.parseBoolean(string(name));
    }

    public URI uri(String name) {
        return URI.create(string(name));
    }

    public Duration duration(String name) {
        return Duration.parse(string(name));
    }

    /** A {@link ConfigType#LIST} value as its items, empty when unset. */
    public List<String> list(String name) {
        return find(name).map(Configuration::splitList).orElse(List.of());
    }

    static List<String> splitList(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(item -> !item.isEmpty()).toList();
    }

    @Override
    public String toString() {
        return "Configuration" + values.keySet().stream().sorted().toList();
    }
}
