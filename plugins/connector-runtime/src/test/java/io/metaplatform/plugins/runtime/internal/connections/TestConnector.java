package io.metaplatform.plugins.runtime.internal.connections;

import io.metaplatform.plugins.api.CheckResult;
import io.metaplatform.plugins.api.ConfigProperty;
import io.metaplatform.plugins.api.ConfigSchema;
import io.metaplatform.plugins.api.ConfigType;
import io.metaplatform.plugins.api.Connector;
import io.metaplatform.plugins.api.ConnectorContext;
import io.metaplatform.plugins.api.ConnectorDescriptor;
import io.metaplatform.plugins.api.ConnectorException;
import io.metaplatform.plugins.api.CredentialsException;
import io.metaplatform.plugins.api.FieldMapping;
import io.metaplatform.plugins.api.ReadContext;
import io.metaplatform.plugins.api.StreamDescriptor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A connector whose check accepts the API key {@value #GOOD_KEY} and, like a careless plugin,
 * names the key it refuses in its messages, so tests see that the platform masks it.
 */
final class TestConnector implements Connector {

    static final String ID = "test-crm";
    static final String GOOD_KEY = "good-key-0123456789";
    /** The id of the same connector whose companies stream lists all its ids (so it is reconciled). */
    static final String COMPLETE_ID = "test-crm-complete";

    private final String id;
    private final boolean companiesListAllIds;

    TestConnector() {
        this(ID, false);
    }

    TestConnector(String id, boolean companiesListAllIds) {
        this.id = id;
        this.companiesListAllIds = companiesListAllIds;
    }

    final List<String> enabled = new CopyOnWriteArrayList<>();
    final List<String> disabled = new CopyOnWriteArrayList<>();
    volatile boolean failOnEnable;

    @Override
    public ConnectorDescriptor descriptor() {
        StreamDescriptor companies = StreamDescriptor.of("companies", "company", List.of(FieldMapping.read("companyName", "name")));
        return ConnectorDescriptor.builder(id, "Test CRM", "1.0.0")
                .config(ConfigSchema.of(
                        ConfigProperty.optional("baseUrl", ConfigType.URL, "https://crm.example.com", "Where the API is"),
                        ConfigProperty.secret("apiKey", "The API key"),
                        ConfigProperty.choice("region", List.of("eu", "us"), "eu", "Data centre"),
                        ConfigProperty.secret("webhookSecret", "Signs webhooks").optionalSecret()))
                .stream(companiesListAllIds ? companies.withCompleteListing() : companies)
                .stream(StreamDescriptor.of("people", "contact", List.of(FieldMapping.both("email", "email"))).withWrite())
                .build();
    }

    @Override
    public CheckResult check(ConnectorContext context) {
        String key = context.configuration().string("apiKey");
        if (!GOOD_KEY.equals(key)) {
            throw new CredentialsException("API key " + key + " was refused");
        }
        return CheckResult.success();
    }

    @Override
    public void read(ReadContext context) {
        throw new UnsupportedOperationException("the tests script the stream runner instead");
    }

    @Override
    public void onEnable(ConnectorContext context) {
        if (failOnEnable) {
            throw new ConnectorException("webhook for key " + context.configuration().string("apiKey") + " could not be created");
        }
        enabled.add(context.connectionId());
    }

    /** Takes calls whose {@code X-Test-Secret}, or URL token, is the connection's webhook secret; the body names a stream to read. */
    @Override
    public io.metaplatform.plugins.api.WebhookOutcome webhook(io.metaplatform.plugins.api.WebhookContext context) {
        var secret = context.configuration().find("webhookSecret");
        if (!secret.equals(context.header("X-Test-Secret")) && !(secret.isPresent() && secret.equals(context.urlToken()))) {
            throw new SecurityException("not signed");
        }
        // "companies" asks for a run of the stream, "companies:c-1" for one record
        String[] body = new String(context.body(), java.nio.charset.StandardCharsets.UTF_8).split(":", 2);
        return new io.metaplatform.plugins.api.WebhookOutcome(List.of(new io.metaplatform.plugins.api.WebhookOutcome.Fetch(body[0],
                body.length > 1 ? body[1] : null, false)));
    }

    /** The external ids {@link #readOne} was asked for, in order. */
    final List<String> lookups = new CopyOnWriteArrayList<>();

    @Override
    public java.util.Optional<io.metaplatform.plugins.api.ExternalRecord> readOne(io.metaplatform.plugins.api.LookupContext context) {
        lookups.add(context.externalId());
        return java.util.Optional.empty();
    }

    @Override
    public void onDisable(ConnectorContext context) {
        disabled.add(context.connectionId());
    }
}
