/** The connector's inner workings: Lexware HTTP calls, JSON, mapping of contacts and vouchers, webhooks. */
package io.metaplatform.plugins.lexware.internal;
