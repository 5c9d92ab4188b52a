package io.metaplatform.tenants;

/** Whether a tenant's users are served. */
public enum TenantStatus {
    ACTIVE,
    /** Every call of the tenant's users is refused with {@code TENANT_SUSPENDED}; data is kept. */
    SUSPENDED,
    /** Being deleted (docs/operators/README.md#deleting-a-tenant): refused like a suspended tenant until its rows are gone. */
    DELETING
}
