package io.metaplatform.plugins.runtime.internal.connections;

import io.metaplatform.core.Violation;
import io.metaplatform.plugins.api.ConfigProperty;
import io.metaplatform.plugins.api.ConfigType;
import io.metaplatform.plugins.api.Configuration;
import io.metaplatform.plugins.api.ConnectorDescriptor;
import io.metaplatform.plugins.api.EgressDeniedException;
import io.metaplatform.plugins.runtime.internal.http.EgressClient;
import io.metaplatform.plugins.runtime.internal.http.EgressPolicy;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The egress policy applied to a connection's configuration while an admin edits it: every URL
 * property the admin set and the connector's OAuth token URL as the configuration fills it in. The
 * same policy holds again whenever a connection is opened; this makes a refused URL an error on its
 * field before anything is stored or sent.
 */
@Component
public final class ConfigEgress {

    private static final String CODE = EgressDeniedException.CODE;

    private final EgressPolicy policy;

    ConfigEgress(EgressClient client) {
        this.policy = client.policy();
    }

    /**
     * One {@code EGRESS_DENIED} violation for each refused URL: on {@code input.config.<property>},
     * or {@code input.config} for the OAuth token URL. Values that are no URL are left to the schema's validation.
     *
     * @param values the properties the admin set (defaults are the plugin's and checked when used)
     */
    public List<Violation> problems(ConnectorDescriptor descriptor, Map<String, String> values) {
        List<Violation> problems = new ArrayList<>();
        Set<String> refused = new HashSet<>();
        for (ConfigProperty property : descriptor.config().properties()) {
            String value = values.get(property.name());
            if (property.type() != ConfigType.URL || property.secret() || value == null || value.isBlank()) {
                continue;
            }
            refusal(value.strip()).ifPresent(denied -> {
                refused.add(value.strip());
                problems.add(new Violation("input.config." + property.name(), CODE, denied.getMessage()));
            });
        }
        descriptor.oauth().ifPresent(spec -> {
            try {
                String tokenUrl = spec.tokenUri(new Configuration(values)).toString();
                // A token URL that is a property's value was reported on that property.
                refusal(tokenUrl).filter(denied -> !refused.contains(tokenUrl)).ifPresent(denied -> problems.add(
                        new Violation("input.config", CODE, "the OAuth token URL: " + denied.getMessage())));
            } catch (IllegalArgumentException e) {
                // Not a URL with these values: the token request fails with its own message.
            }
        });
        return problems;
    }

    private Optional<EgressDeniedException> refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
        if (uri.getScheme() == null) {
            return Optional.empty();
        }
        try {
            policy.check(uri);
            return Optional.empty();
        } catch (EgressDeniedException e) {
            return Optional.of(e);
        }
    }
}
