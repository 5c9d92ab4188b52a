package io.metaplatform.server;

import io.metaplatform.plugins.api.CheckResult;
import io.metaplatform.plugins.api.ConfigProperty;
import io.metaplatform.plugins.api.ConfigSchema;
import io.metaplatform.plugins.api.Connector;
import io.metaplatform.plugins.api.ConnectorContext;
import io.metaplatform.plugins.api.ConnectorDescriptor;
import io.metaplatform.plugins.api.CredentialsException;
import io.metaplatform.plugins.api.ExternalRecord;
import io.metaplatform.plugins.api.FieldMapping;
import io.metaplatform.plugins.api.FieldProblem;
import io.metaplatform.plugins.api.LookupContext;
import io.metaplatform.plugins.api.MappingDirection;
import io.metaplatform.plugins.api.ReadContext;
import io.metaplatform.plugins.api.RecordRejectedException;
import io.metaplatform.plugins.api.SearchContext;
import io.metaplatform.plugins.api.StreamDescriptor;
import io.metaplatform.plugins.api.WebhookContext;
import io.metaplatform.plugins.api.WebhookOutcome;
import io.metaplatform.plugins.api.WriteContext;
import io.metaplatform.plugins.api.WriteResult;
import io.metaplatform.plugins.runtime.ConnectorCatalog;
import io.metaplatform.plugins.runtime.LoadedConnector;
import io.metaplatform.plugins.runtime.RefusedPlugin;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The admin API tests need a connector whose external system they control, so the server's tests get
 * a catalog with one in-test connector ("echo") in front of the plugin loader's real catalog (the csv
 * and lexware plugins from the plugins folder). Everything else is real: HTTP factory, sync engine, runs.
 */
@Configuration(proxyBeanMethods = false)
class ConnectorTestBeans {

    static final String GOOD_KEY = "good-key-0123456789";

    @Bean
    @Primary
    ConnectorCatalog serverTestCatalog(@Qualifier("connectorCatalog") ConnectorCatalog plugins) {
        Connector connector = new EchoConnector();
        LoadedConnector echo = new LoadedConnector(connector.descriptor(), connector, ConnectorTestBeans.class.getClassLoader(), "classpath");
        Connector oauthConnector = OAuthEchoConnector.withTokenUrl();
        LoadedConnector oauth = new LoadedConnector(oauthConnector.descriptor(), oauthConnector, ConnectorTestBeans.class.getClassLoader(),
                "classpath");
        Connector accountConnector = OAuthEchoConnector.withAccountFromRedirect();
        LoadedConnector account = new LoadedConnector(accountConnector.descriptor(), accountConnector,
                ConnectorTestBeans.class.getClassLoader(), "classpath");
        RefusedPlugin refused = new RefusedPlugin("broken-1.0.jar", "broken", "built for connector API version 0");
        return new ConnectorCatalog() {
            @Override
            public Optional<LoadedConnector> find(String connectorId) {
                return Stream.of(echo, oauth, account).filter(loaded -> loaded.id().equals(connectorId)).findFirst()
                        .or(() -> plugins.find(connectorId));
            }

            @Override
            public List<LoadedConnector> loaded() {
                List<LoadedConnector> all = new ArrayList<>(plugins.loaded());
                all.add(echo);
                all.add(oauth);
                all.add(account);
                all.sort(Comparator.comparing(LoadedConnector::id));
                return all;
            }

            @Override
            public List<RefusedPlugin> refused() {
                List<RefusedPlugin> all = new ArrayList<>(plugins.refused());
                all.add(refused);
                return all;
            }
        };
    }

    /**
     * A connector to an in-memory "external system" the tests fill per connection ({@link #EXTERNAL}).
     * Accepts the API key {@value #GOOD_KEY}. Webhooks carry the connection's {@code webhookSecret} in
     * {@code X-Echo-Secret} and name what changed in the body: {@code companies} (read the stream),
     * {@code companies:<id>} (read one) or {@code companies:<id>:deleted}. A pushed company named
     * {@code REJECT} is refused with a field problem on {@code companyName}.
     */
    /** A connector whose external system authorises with OAuth 2 codes; it checks nothing and reads nothing. */
    static final class OAuthEchoConnector implements Connector {

        private final String id;
        private final String urlProperty;
        private final io.metaplatform.plugins.api.OAuth2Spec oauth;

        private OAuthEchoConnector(String id, String urlProperty, io.metaplatform.plugins.api.OAuth2Spec oauth) {
            this.id = id;
            this.urlProperty = urlProperty;
            this.oauth = oauth;
        }

        /** "oauth-echo": its token endpoint is the configuration property {@code tokenUrl}. */
        static OAuthEchoConnector withTokenUrl() {
            return new OAuthEchoConnector("oauth-echo", "tokenUrl", new io.metaplatform.plugins.api.OAuth2Spec(
                    "https://auth.echo.example/authorize?prompt=consent", "{tokenUrl}", List.of("crm.read", "crm.write"), "clientId",
                    "clientSecret"));
        }

        /**
         * "oauth-account-echo": the external system names the admin's account in the authorisation redirect (as amoCRM's
         * {@code referer} does); the runtime stores it in {@code accountUrl}, and the token endpoint is
         * {@code {accountUrl}/token}. Accounts may be on 127.0.0.1 (plain http), where the tests' fakes run.
         */
        static OAuthEchoConnector withAccountFromRedirect() {
            return new OAuthEchoConnector("oauth-account-echo", "accountUrl", new io.metaplatform.plugins.api.OAuth2Spec(
                    "https://auth.echo.example/authorize", "{accountUrl}/token", List.of(), "clientId", "clientSecret")
                    .withAccountFromRedirect("accountUrl", List.of("127.0.0.1"), "http"));
        }

        @Override
        public ConnectorDescriptor descriptor() {
            return ConnectorDescriptor.builder(id, "OAuth Echo CRM (" + id + ")", "1.0.0")
                    .config(ConfigSchema.of(ConfigProperty.required("clientId", io.metaplatform.plugins.api.ConfigType.STRING, "OAuth client id"),
                            ConfigProperty.secret("clientSecret", "OAuth client secret"),
                            ConfigProperty.required(urlProperty, io.metaplatform.plugins.api.ConfigType.URL, "The token endpoint or account")))
                    .stream(StreamDescriptor.of("companies", "company", List.of(new FieldMapping("companyName", "name", MappingDirection.READ))))
                    .oauth(oauth)
                    .build();
        }

        @Override
        public CheckResult check(ConnectorContext context) {
            return CheckResult.success();
        }

        @Override
        public void read(ReadContext context) {
        }
    }

    static final class EchoConnector implements Connector {

        /** Connection id to the webhook URL its context gave at enable ("" for none). */
        static final Map<String, String> WEBHOOK_URLS = new ConcurrentHashMap<>();

        /** Connection id to external id to fields. */
        static final Map<String, Map<String, Map<String, Object>>> EXTERNAL = new ConcurrentHashMap<>();

        /**
         * Connection id to a latch its next read waits for, ignoring cancellation: the run of an instance that
         * hangs or is killed mid-run. Counted down by the test when it is done.
         */
        static final Map<String, java.util.concurrent.CountDownLatch> HANG_NEXT_READ = new ConcurrentHashMap<>();

        static Map<String, Map<String, Object>> of(String connectionId) {
            return EXTERNAL.computeIfAbsent(connectionId, id -> new ConcurrentHashMap<>());
        }

        @Override
        public ConnectorDescriptor descriptor() {
            return ConnectorDescriptor.builder("echo", "Echo CRM", "1.0.0")
                    .config(ConfigSchema.of(ConfigProperty.secret("apiKey", "The API key"),
                            ConfigProperty.choice("region", List.of("eu", "us"), "eu", "Data centre"),
                            new ConfigProperty("webhookSecret", io.metaplatform.plugins.api.ConfigType.STRING, false, true,
                                    Optional.empty(), List.of(), "Shared secret of webhook calls")))
                    .stream(StreamDescriptor.of("companies", "company", List.of(
                            new FieldMapping("companyName", "name", MappingDirection.BOTH),
                            new FieldMapping("city", "city", MappingDirection.BOTH))).withWrite().withSearch("name"))
                    .build();
        }

        @Override
        public CheckResult check(ConnectorContext context) {
            if (!GOOD_KEY.equals(context.configuration().string("apiKey"))) {
                throw new CredentialsException("the API key was refused");
            }
            return CheckResult.success();
        }

        @Override
        public void onEnable(ConnectorContext context) {
            WEBHOOK_URLS.put(context.connectionId(), context.webhookUrl().map(Object::toString).orElse(""));
        }

        @Override
        public void read(ReadContext context) {
            java.util.concurrent.CountDownLatch hang = HANG_NEXT_READ.remove(context.connectionId());
            while (hang != null && hang.getCount() > 0) {
                try {
                    hang.await();
                } catch (InterruptedException ignored) {
                    // a killed process does not answer interrupts either
                }
            }
            of(context.connectionId()).entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(entry -> context.sink().record(ExternalRecord.of(entry.getKey(), null, entry.getValue())));
            context.sink().checkpoint(Map.of("at", String.valueOf(of(context.connectionId()).size())));
        }

        @Override
        public Optional<ExternalRecord> readOne(LookupContext context) {
            return Optional.ofNullable(of(context.connectionId()).get(context.externalId()))
                    .map(fields -> ExternalRecord.of(context.externalId(), null, fields));
        }

        /** Companies whose name contains the {@code name} criterion (at least 3 characters), by external id. */
        @Override
        public List<ExternalRecord> search(SearchContext context) {
            String name = context.criteria().get("name");
            if (name.length() < 3) {
                throw new IllegalArgumentException("name needs at least 3 characters");
            }
            return of(context.connectionId()).entrySet().stream()
                    .filter(entry -> String.valueOf(entry.getValue().get("companyName")).contains(name))
                    .sorted(Map.Entry.comparingByKey())
                    .map(entry -> ExternalRecord.of(entry.getKey(), null, entry.getValue())).toList();
        }

        @Override
        public WriteResult write(WriteContext context) {
            Map<String, Object> fields = new LinkedHashMap<>(context.record().fields());
            if ("REJECT".equals(fields.get("companyName"))) {
                throw new RecordRejectedException("the name is not allowed",
                        List.of(new FieldProblem("companyName", "NOT_ALLOWED", "REJECT is not a company name")));
            }
            String id = context.record().externalId().orElseGet(() -> "pushed-" + UUID.randomUUID());
            of(context.connectionId()).put(id, fields);
            return WriteResult.of(id, null);
        }

        @Override
        public WebhookOutcome webhook(WebhookContext context) {
            String secret = context.configuration().find("webhookSecret").orElse(null);
            if (secret == null || !secret.equals(context.header("X-Echo-Secret").orElse(null))) {
                throw new SecurityException("the webhook secret does not match");
            }
            String[] parts = new String(context.body(), StandardCharsets.UTF_8).strip().split(":");
            return new WebhookOutcome(List.of(new WebhookOutcome.Fetch(parts[0], parts.length > 1 ? parts[1] : null,
                    parts.length > 2 && parts[2].equals("deleted"))));
        }
    }
}
