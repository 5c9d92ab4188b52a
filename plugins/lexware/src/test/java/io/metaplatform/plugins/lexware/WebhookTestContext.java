package io.metaplatform.plugins.lexware;

import io.metaplatform.plugins.api.Configuration;
import io.metaplatform.plugins.api.ConnectorHttp;
import io.metaplatform.plugins.api.WebhookContext;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A context for webhooks and for enabling and disabling a connection, which the test kit's
 * context does not cover: it has the connection's webhook URL and the callback's raw request.
 */
final class WebhookTestContext implements WebhookContext {

    private final Configuration configuration;
    private final ConnectorHttp http;
    private final URI webhookUrl;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private byte[] body = new byte[0];

    WebhookTestContext(Configuration configuration, ConnectorHttp http, String webhookUrl) {
        this.configuration = configuration;
        this.http = http;
        this.webhookUrl = webhookUrl == null ? null : URI.create(webhookUrl);
    }

    /** This context carrying a callback: its raw body and headers. */
    WebhookTestContext callback(byte[] value, Map<String, String> headerValues) {
        body = value.clone();
        headers.clear();
        headerValues.forEach((name, headerValue) -> headers.put(name.toLowerCase(Locale.ROOT), List.of(headerValue)));
        return this;
    }

    @Override
    public Configuration configuration() {
        return configuration;
    }

    @Override
    public ConnectorHttp http() {
        return http;
    }

    @Override
    public System.Logger logger() {
        return System.getLogger("lexware-test");
    }

    @Override
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Override
    public boolean cancelled() {
        return false;
    }

    @Override
    public String connectionId() {
        return "test-connection";
    }

    @Override
    public Optional<URI> webhookUrl() {
        return Optional.ofNullable(webhookUrl);
    }

    @Override
    public Map<String, List<String>> headers() {
        return Map.copyOf(headers);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
