package io.metaplatform.plugins.lexware;

import io.metaplatform.plugins.api.Configuration;
import io.metaplatform.plugins.api.ConnectorHttp;
import io.metaplatform.plugins.api.LookupContext;
import io.metaplatform.plugins.api.OutgoingRecord;
import io.metaplatform.plugins.api.ReadContext;
import io.metaplatform.plugins.api.RecordSink;
import io.metaplatform.plugins.api.StreamDescriptor;
import io.metaplatform.plugins.api.SyncMode;
import io.metaplatform.plugins.api.WebhookContext;
import io.metaplatform.plugins.api.WriteContext;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One context for every kind of call into the connector, configured fluently by the test. */
final class TestContext implements ReadContext, WriteContext, LookupContext, WebhookContext {

    private static final LexwareConnector CONNECTOR = new LexwareConnector();

    private final Map<String, String> config = new LinkedHashMap<>();
    private ConnectorHttp http;
    private Clock clock = Clock.systemUTC();
    private StreamDescriptor stream;
    private SyncMode mode = SyncMode.FULL;
    private Map<String, String> state = Map.of();
    private RecordingSink sink;
    private OutgoingRecord record;
    private String externalId;
    private Map<String, List<String>> headers = Map.of();
    private byte[] body = new byte[0];
    private URI webhookUrl;
    private boolean cancelled;

    TestContext(ConnectorHttp http) {
        this.http = http;
    }

    TestContext set(String property, String value) {
        config.put(property, value);
        return this;
    }

    TestContext unset(String property) {
        config.remove(property);
        return this;
    }

    TestContext stream(String name) {
        this.stream = CONNECTOR.descriptor().stream(name).orElseThrow();
        this.sink = new RecordingSink(name);
        return this;
    }

    TestContext mode(SyncMode value, Map<String, String> checkpoint) {
        this.mode = value;
        this.state = Map.copyOf(checkpoint);
        return this;
    }

    TestContext clock(Clock value) {
        this.clock = value;
        return this;
    }

    TestContext record(OutgoingRecord value) {
        this.record = value;
        return this;
    }

    TestContext externalId(String value) {
        this.externalId = value;
        return this;
    }

    TestContext callback(byte[] value, Map<String, String> headerValues) {
        this.body = value.clone();
        var lower = new LinkedHashMap<String, List<String>>();
        headerValues.forEach((name, headerValue) -> lower.put(name.toLowerCase(Locale.ROOT), List.of(headerValue)));
        this.headers = lower;
        return this;
    }

    TestContext webhookUrl(String value) {
        this.webhookUrl = value == null ? null : URI.create(value);
        return this;
    }

    TestContext cancel() {
        this.cancelled = true;
        return this;
    }

    RecordingSink recorded() {
        return sink;
    }

    @Override
    public Configuration configuration() {
        return CONNECTOR.descriptor().config().resolve(config);
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
        return clock;
    }

    @Override
    public boolean cancelled() {
        return cancelled;
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
    public StreamDescriptor stream() {
        return stream;
    }

    @Override
    public SyncMode mode() {
        return mode;
    }

    @Override
    public Map<String, String> state() {
        return state;
    }

    @Override
    public RecordSink sink() {
        return sink;
    }

    @Override
    public OutgoingRecord record() {
        return record;
    }

    @Override
    public String externalId() {
        return externalId;
    }

    @Override
    public Map<String, List<String>> headers() {
        return headers;
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
