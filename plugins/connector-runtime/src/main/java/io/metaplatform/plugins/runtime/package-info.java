/**
 * The connector runtime: loads connector plugins, keeps tenants' connections, and runs syncs
 * between external systems and the object registry.
 */
package io.metaplatform.plugins.runtime;
