package io.metaplatform.plugins.runtime.internal.sync;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;

/** Where external systems call a connection's webhooks: {@code <platform.public-url>/api/webhooks/<connectionId>}. */
public final class WebhookUrl {

    /** The path prefix of webhook calls, which the security configuration admits without a token. */
    public static final String PATH = "/api/webhooks/";

    private WebhookUrl() {
    }

    /** The connection's webhook URL, or empty when the platform has no public URL ({@code PLATFORM_PUBLIC_URL}). */
    public static Optional<URI> of(String publicUrl, UUID connectionId) {
        if (publicUrl == null || publicUrl.isBlank()) {
            return Optional.empty();
        }
        String base = publicUrl.strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return Optional.of(URI.create(base + PATH + connectionId));
    }
}
