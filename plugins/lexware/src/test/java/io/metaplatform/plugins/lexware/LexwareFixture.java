package io.metaplatform.plugins.lexware;

import io.metaplatform.plugins.api.ConnectorHttp;
import io.metaplatform.plugins.api.SyncMode;
import io.metaplatform.plugins.lexware.fake.FakeLexware;
import io.metaplatform.plugins.testkit.InMemoryRecordSink;
import io.metaplatform.plugins.testkit.TestConnectorHttp;
import io.metaplatform.plugins.testkit.TestContext;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * A fake Lexware and the connector wired to it through the test kit's contexts. Fast by default
 * (both the fake's bucket and the client's budget at 1,000 requests/s); {@link #realLimits()}
 * gives both Lexware's 2 requests/s.
 */
final class LexwareFixture implements AutoCloseable {

    static final String API_KEY = "lx-test-key";

    final FakeLexware fake = FakeLexware.start(API_KEY).permitsPerSecond(1000);
    final LexwareConnector connector = new LexwareConnector();
    private final Map<String, String> configuration = new HashMap<>();
    private ConnectorHttp http = new ThrottledHttp(new TestConnectorHttp(), 1000);

    LexwareFixture() {
        configuration.put("apiKey", API_KEY);
        configuration.put("baseUrl", fake.baseUrl());
    }

    LexwareFixture realLimits() {
        fake.permitsPerSecond(2);
        http = new ThrottledHttp(new TestConnectorHttp(), 2);
        return this;
    }

    /** No budget at all, for tests that make thousands of requests. */
    LexwareFixture unlimited() {
        fake.permitsPerSecond(1_000_000);
        http = new ThrottledHttp(new TestConnectorHttp(), 0);
        return this;
    }

    /** Sets (or with {@code null} removes) a configuration property of the connection. */
    LexwareFixture configure(String property, String value) {
        if (value == null) {
            configuration.remove(property);
        } else {
            configuration.put(property, value);
        }
        return this;
    }

    /** A context of the connection, as the platform would build it. */
    TestContext.Builder context() {
        return TestContext.builder(connector.descriptor()).configuration(configuration).http(http);
    }

    /** A context of the connection for webhooks and enabling, with this webhook URL (or none). */
    WebhookTestContext webhookContext(String webhookUrl) {
        return new WebhookTestContext(connector.descriptor().config().resolve(configuration), http, webhookUrl);
    }

    /** Reads a stream in full. */
    InMemoryRecordSink read(String stream, Clock clock) {
        return read(stream, clock, SyncMode.FULL, Map.of());
    }

    /** Reads a stream from a checkpoint. */
    InMemoryRecordSink read(String stream, Clock clock, SyncMode mode, Map<String, String> state) {
        var sink = new InMemoryRecordSink(stream);
        connector.read(context().stream(stream).clock(clock).mode(mode).state(state).sink(sink).build());
        return sink;
    }

    @Override
    public void close() {
        fake.close();
    }
}
