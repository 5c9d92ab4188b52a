package io.metaplatform.core;

/**
 * Tells the request pipeline whether a tenant named by a token may be served. Implemented by the module
 * that owns tenants; called once per authenticated request, so it must be cheap.
 */
public interface TenantGate {

    TenantState stateOf(TenantId tenant);

    /** What the gate knows of a tenant. */
    enum TenantState {
        ACTIVE,
        SUSPENDED,
        UNKNOWN
    }
}
