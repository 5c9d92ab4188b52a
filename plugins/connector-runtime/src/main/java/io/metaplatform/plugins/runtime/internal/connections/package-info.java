/**
 * Tenants' connections: their storage with sealed secrets, checks, enabling, runs claimed across
 * server instances, the scheduler, the admin API operations and the connectors' health.
 */
package io.metaplatform.plugins.runtime.internal.connections;
