package io.metaplatform.registry;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one caller may do with the records of each object of its tenant: the registry's side of permissions.
 * {@link RecordService} asks {@link RecordPolicies} for the current caller's policy and enforces it on every read
 * and write, so no adapter (GraphQL, REST, connectors) has to.
 */
@FunctionalInterface
public interface RecordPolicy {

    /** The caller's access to {@code object}'s records; {@link ObjectAccess#none()} when nothing is granted. */
    ObjectAccess access(String object);

    /** Everything on every object: the platform itself and, until roles say otherwise, the tenant admin. */
    static RecordPolicy unrestricted() {
        return object -> ObjectAccess.full();
    }

    /** The operations on records a role can grant per object. */
    enum Operation {
        CREATE, READ, UPDATE, DELETE, RESTORE, DESTROY
    }

    /**
     * Access to one object's records.
     *
     * @param operations     what may be done with the records at all
     * @param allFields      whether every field (also fields added later) may be read and edited; when true the two
     *                       sets below are ignored
     * @param readableFields API names of the fields the caller may read (absent fields are not returned, and may
     *                       not be filtered, sorted or grouped by)
     * @param editableFields API names of the fields the caller may set on create and update (a subset of readable)
     * @param readRule       when present, only records matching it exist for the caller's reads (lists, by id,
     *                       relations, aggregates, history); values are concrete ({@code $user} already resolved)
     * @param writeRule      when present, only records matching it may be updated, deleted, restored or destroyed,
     *                       and a created or updated record must match it afterwards
     */
    record ObjectAccess(Set<Operation> operations, boolean allFields, Set<String> readableFields, Set<String> editableFields,
            Optional<Filter> readRule, Optional<Filter> writeRule) {

        private static final ObjectAccess FULL = new ObjectAccess(EnumSet.allOf(Operation.class), true, Set.of(), Set.of(),
                Optional.empty(), Optional.empty());
        private static final ObjectAccess NONE = new ObjectAccess(Set.of(), false, Set.of(), Set.of(), Optional.empty(),
                Optional.empty());

        public ObjectAccess {
            operations = operations.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(operations));
            readableFields = Set.copyOf(readableFields);
            editableFields = Set.copyOf(editableFields);
            Objects.requireNonNull(readRule, "readRule");
            Objects.requireNonNull(writeRule, "writeRule");
        }

        public static ObjectAccess full() {
            return FULL;
        }

        public static ObjectAccess none() {
            return NONE;
        }

        public boolean can(Operation operation) {
            return operations.contains(operation);
        }

        public boolean canRead(String field) {
            return can(Operation.READ) && (allFields || readableFields.contains(field));
        }

        public boolean canEdit(String field) {
            return allFields || editableFields.contains(field);
        }

        /** Whether nothing at all is restricted: the registry can skip every check. */
        public boolean isFull() {
            return allFields && operations.size() == Operation.values().length && readRule.isEmpty() && writeRule.isEmpty();
        }
    }
}
