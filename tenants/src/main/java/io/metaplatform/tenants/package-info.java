/** Tenant lifecycle: provisioning, suspension and reactivation, and each tenant's settings. */
package io.metaplatform.tenants;
