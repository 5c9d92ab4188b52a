package io.metaplatform.registry;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A tenant role (permission set): per object the operations it grants, the fields it reaches and its record rules.
 * A caller's effective access is the union of its roles' grants; an object without a grant is not granted.
 *
 * @param name        the name tokens, claim mappings and API keys refer to
 * @param builtIn     whether this is one of {@link RoleService#BUILT_IN_ROLES} (possibly adjusted by the tenant)
 * @param grants      per object API name, sorted by it
 */
public record TenantRole(String name, String description, boolean builtIn, List<ObjectGrant> grants) {

    public TenantRole {
        Objects.requireNonNull(name, "name");
        grants = List.copyOf(grants);
    }

    /** Which fields of an object a grant reaches. */
    public enum FieldScope {
        /** Only the fields listed in the grant. */
        LISTED,
        /** The object's built-in fields, and the listed ones (the standard user's scope). */
        BUILT_IN,
        /** Every field, also the fields added later. */
        ALL
    }

    /**
     * One role's access to one object.
     *
     * @param fields    per field API name whether it may be edited too ({@code false}: read only); beside the scope
     * @param readRule  the record rule for reads as a filter of the data API in JSON form (with {@code "$user"},
     *                  {@code "$user.<attribute>"}), or null for every record
     * @param writeRule the same for writes, or null
     */
    public record ObjectGrant(String object, Set<RecordPolicy.Operation> operations, FieldScope fieldScope, Map<String, Boolean> fields,
            Map<String, Object> readRule, Map<String, Object> writeRule) {

        public ObjectGrant {
            Objects.requireNonNull(object, "object");
            operations = Set.copyOf(operations);
            Objects.requireNonNull(fieldScope, "fieldScope");
            fields = Map.copyOf(fields);
        }
    }
}
