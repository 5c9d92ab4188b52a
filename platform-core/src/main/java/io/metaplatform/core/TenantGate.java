package io.metaplatform.core;

import java.util.List;

/**
 * Tells the request pipeline whether a tenant named by a token may be served. Implemented by the module
 * that owns tenants; called once per authenticated request, so it must be cheap.
 */
public interface TenantGate {

    TenantState stateOf(TenantId tenant);

    /**
     * Up to {@code limit} active tenants, the most recently changed first: the ones a starting instance warms its request
     * path on before it takes traffic. Read from the database, not the cache; not for the request path. A gate that cannot
     * list its tenants (a test's stand-in) names none, and nothing is warmed.
     */
    default List<TenantId> active(int limit) {
        return List.of();
    }

    /** What the gate knows of a tenant. */
    enum TenantState {
        ACTIVE,
        SUSPENDED,
        UNKNOWN
    }
}
