/** The YCLIENTS connector's HTTP client, mappings and stream readers; nothing here is API. */
package io.metaplatform.plugins.yclients.internal;
