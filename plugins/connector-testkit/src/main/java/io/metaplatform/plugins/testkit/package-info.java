/**
 * The connector test kit: {@link io.metaplatform.plugins.testkit.ConnectorContractTest}, the contract
 * every connector plugin passes, and what it runs on: in-memory contexts
 * ({@link io.metaplatform.plugins.testkit.TestContext}, {@link io.metaplatform.plugins.testkit.InMemoryRecordSink}),
 * an HTTP client that retries like the platform's ({@link io.metaplatform.plugins.testkit.TestConnectorHttp})
 * and a fake HTTP server ({@link io.metaplatform.plugins.testkit.FakeHttpServer}). Depends on the
 * connector SPI, JUnit 5 and AssertJ only.
 */
package io.metaplatform.plugins.testkit;
