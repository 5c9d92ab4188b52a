package io.metaplatform.plugins.lexware;

import io.metaplatform.plugins.lexware.fake.FakeLexware;

/**
 * A fake Lexware and the connector wired to it. Fast by default (both the fake's bucket and the
 * client's budget at 1,000 requests/s); {@link #realLimits()} gives both Lexware's 2 requests/s.
 */
final class LexwareFixture implements AutoCloseable {

    static final String API_KEY = "lx-test-key";

    final FakeLexware fake = FakeLexware.start(API_KEY).permitsPerSecond(1000);
    final LexwareConnector connector = new LexwareConnector();
    private TestHttp http = new TestHttp(1000);

    LexwareFixture realLimits() {
        fake.permitsPerSecond(2);
        http = new TestHttp(2);
        return this;
    }

    /** No budget at all, for tests that make thousands of requests. */
    LexwareFixture unlimited() {
        fake.permitsPerSecond(1_000_000);
        http = new TestHttp(0);
        return this;
    }

    /** A context of a connection configured with the fake's key and URL. */
    TestContext context() {
        return new TestContext(http).set("apiKey", API_KEY).set("baseUrl", fake.baseUrl());
    }

    /** A context reading one stream. */
    TestContext reading(String stream) {
        return context().stream(stream);
    }

    @Override
    public void close() {
        fake.close();
    }
}
