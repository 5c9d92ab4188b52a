/** The HTTP client the platform hands to connectors: rate limits, retries, circuit breaking, OAuth tokens. */
package io.metaplatform.plugins.runtime.internal.http;
