/**
 * Loads connector plugins from the plugins folder, each jar in its own class loader that sees only
 * the connector SPI and the JDK, and keeps them as the platform's {@link io.metaplatform.plugins.runtime.ConnectorCatalog}.
 */
package io.metaplatform.plugins.runtime.internal.loading;
