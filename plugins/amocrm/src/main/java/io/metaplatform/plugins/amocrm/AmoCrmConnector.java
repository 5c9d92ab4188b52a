package io.metaplatform.plugins.amocrm;

import io.metaplatform.plugins.amocrm.internal.AmoClient;
import io.metaplatform.plugins.amocrm.internal.AmoStreams;
import io.metaplatform.plugins.amocrm.internal.CustomFields;
import io.metaplatform.plugins.amocrm.internal.EntitySync;
import io.metaplatform.plugins.amocrm.internal.EntityWrites;
import io.metaplatform.plugins.amocrm.internal.Webhooks;
import io.metaplatform.plugins.api.CheckResult;
import io.metaplatform.plugins.api.ConfigProperty;
import io.metaplatform.plugins.api.ConfigSchema;
import io.metaplatform.plugins.api.ConfigType;
import io.metaplatform.plugins.api.Connector;
import io.metaplatform.plugins.api.ConnectorContext;
import io.metaplatform.plugins.api.ConnectorDescriptor;
import io.metaplatform.plugins.api.Discovery;
import io.metaplatform.plugins.api.ExternalRecord;
import io.metaplatform.plugins.api.LookupContext;
import io.metaplatform.plugins.api.OAuth2Spec;
import io.metaplatform.plugins.api.RateLimit;
import io.metaplatform.plugins.api.ReadContext;
import io.metaplatform.plugins.api.WebhookContext;
import io.metaplatform.plugins.api.WebhookOutcome;
import io.metaplatform.plugins.api.StreamDescriptor;
import io.metaplatform.plugins.api.WriteBatchContext;
import io.metaplatform.plugins.api.WriteContext;
import io.metaplatform.plugins.api.WriteOutcome;
import io.metaplatform.plugins.api.WriteResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The amoCRM / Kommo connector: pipelines and their statuses into {@code pipeline} and {@code pipelineStage},
 * leads as {@code deal}, contacts and companies both ways. Authorises with OAuth 2.0 through the platform
 * (the account from the redirect's {@code referer}, JSON token requests, rotating single-use refresh
 * tokens), or with a long-lived token of a private integration. Stateless and thread-safe. See
 * {@code docs/connectors/amocrm.md}.
 */
public final class AmoCrmConnector implements Connector {

    public static final String ID = "amocrm";
    /** The domains an amoCRM or Kommo account may be on, as the OAuth redirect's referer names it. */
    public static final List<String> ACCOUNT_DOMAINS = List.of("amocrm.ru", "amocrm.com", "kommo.com");

    private static final ConfigSchema CONFIG = ConfigSchema.of(
            ConfigProperty.required(AmoClient.BASE_URL, ConfigType.URL,
                    "The account's address, e.g. https://example.amocrm.ru or https://example.kommo.com; authorising sets it"),
            ConfigProperty.optional("clientId", ConfigType.STRING, null, "The integration's ID (amoCRM: Settings > Integrations > Keys)"),
            ConfigProperty.secret("clientSecret", "The integration's secret key").optionalSecret(),
            ConfigProperty.secret("longLivedToken",
                    "Instead of OAuth: a long-lived token of a private integration (no refresh; replace it before it expires)").optionalSecret());

    private static final OAuth2Spec OAUTH = new OAuth2Spec("https://www.amocrm.ru/oauth?mode=post_message",
            "{" + AmoClient.BASE_URL + "}/oauth2/access_token", List.of(), "clientId", "clientSecret")
            .withJsonTokenRequests()
            .withAccountFromRedirect(AmoClient.BASE_URL, ACCOUNT_DOMAINS, "https")
            .withLongLivedToken("longLivedToken");

    private static final ConnectorDescriptor DESCRIPTOR = ConnectorDescriptor.builder(ID, "amoCRM / Kommo", "1.0.0")
            .config(CONFIG)
            // amoCRM allows 7 requests/s per account, across every server instance.
            .rateLimit(RateLimit.perSecond(7, AmoClient.BASE_URL))
            .oauth(OAUTH)
            .managedPackage(AmoStreams.PACKAGE)
            .stream(AmoStreams.PIPELINES_STREAM)
            .stream(AmoStreams.STATUSES_STREAM)
            .stream(AmoStreams.COMPANIES_STREAM)
            .stream(AmoStreams.CONTACTS_STREAM)
            .stream(AmoStreams.LEADS_STREAM)
            .build();

    @Override
    public ConnectorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** amoCRM's custom fields of leads, contacts and companies, as {@code cf_{id}} fields to map onto tenant fields. */
    @Override
    public Discovery discover(ConnectorContext context) {
        return CustomFields.discover(context);
    }

    @Override
    public CheckResult check(ConnectorContext context) {
        var response = AmoClient.of(context).get("/account", Map.of());
        if (!response.ok()) {
            return CheckResult.failed("amoCRM answered " + response.status() + " to reading the account");
        }
        return CheckResult.success();
    }

    @Override
    public void read(ReadContext context) {
        switch (context.stream().name()) {
            case AmoStreams.PIPELINES -> EntitySync.readPipelines(context);
            // Statuses arrive with their pipelines.
            case AmoStreams.STATUSES -> context.sink().checkpoint(Map.of());
            default -> EntitySync.read(context);
        }
    }

    @Override
    public Optional<ExternalRecord> readOne(LookupContext context) {
        return switch (context.stream().name()) {
            case AmoStreams.LEADS, AmoStreams.CONTACTS, AmoStreams.COMPANIES -> EntitySync.readOne(context);
            default -> throw new UnsupportedOperationException("stream " + context.stream().name() + " cannot be read by id");
        };
    }

    @Override
    public WriteResult write(WriteContext context) {
        return EntityWrites.write(context);
    }

    /** amoCRM recommends at most 50 entities per POST or PATCH. */
    @Override
    public int writeBatchSize(StreamDescriptor stream) {
        return EntityWrites.BATCH;
    }

    @Override
    public List<WriteOutcome> writeBatch(WriteBatchContext context) {
        return EntityWrites.writeBatch(context, context.stream().name(), context.records());
    }

    @Override
    public void onEnable(ConnectorContext context) {
        Webhooks.subscribe(context);
    }

    @Override
    public void onDisable(ConnectorContext context) {
        Webhooks.unsubscribe(context);
    }

    @Override
    public WebhookOutcome webhook(WebhookContext context) {
        return Webhooks.handle(context);
    }
}
