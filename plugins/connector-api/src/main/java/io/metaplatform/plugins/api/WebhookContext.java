package io.metaplatform.plugins.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The context of {@link Connector#webhook}: the raw request as received. */
public interface WebhookContext extends ConnectorContext {

    /** Header names in lower case to their values. */
    Map<String, List<String>> headers();

    /**
     * The query parameters of the call (first value of each, decoded). A system that signs nothing
     * (amoCRM) can be given a webhook URL with a secret token in its query, checked here.
     */
    default Map<String, String> query() {
        return Map.of();
    }

    /** The body exactly as received (signatures are computed over these bytes). */
    byte[] body();

    /**
     * The path segment after the connection id, when the call came to {@code <webhookUrl>/<token>}: for
     * external systems that cannot sign their calls (YCLIENTS), the admin configures that URL with a secret
     * of the connection's configuration, and the connector compares the two in constant time
     * ({@link java.security.MessageDigest#isEqual}). Empty when the call came to the plain URL.
     */
    default Optional<String> urlToken() {
        return Optional.empty();
    }

    /** The first value of a header, case-insensitive. */
    default Optional<String> header(String name) {
        var values = headers().get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }
}
