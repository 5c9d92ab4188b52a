/** An in-memory YCLIENTS REST API for tests, built from the API reference (shared/reference/external-apis.md §2). */
package io.metaplatform.plugins.yclients.fake;
