package io.metaplatform.registry;

import io.metaplatform.core.TenantId;
import java.util.List;

/**
 * Something outside the role model that holds tenant roles by name, such as a connection's service principal. A role
 * someone holds cannot be deleted ({@link RoleService#deleteRole}), since the holder would silently lose every right.
 * Implementations are Spring beans; they run inside the deleting transaction, with the tenant set.
 */
@FunctionalInterface
public interface RoleHolders {

    /** Who in {@code tenant} holds role {@code role}, as an admin recognises them ({@code connection 'Lexware' (id)}); empty when none. */
    List<String> holdersOf(TenantId tenant, String role);
}
