package io.metaplatform.registry;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
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
     * @param writeRules     per write operation with a rule: only records matching it may be updated, deleted,
     *                       restored or destroyed by that operation, and a record created or updated must match the
     *                       rule of its operation afterwards; an operation without an entry reaches every record
     */
    record ObjectAccess(Set<Operation> operations, boolean allFields, Set<String> readableFields, Set<String> editableFields,
            Optional<Filter> readRule, Map<Operation, Filter> writeRules) {

        private static final ObjectAccess FULL = new ObjectAccess(EnumSet.allOf(Operation.class), true, Set.of(), Set.of(),
                Optional.empty(), Map.of());
        private static final ObjectAccess NONE = new ObjectAccess(Set.of(), false, Set.of(), Set.of(), Optional.empty(), Map.of());

        public ObjectAccess {
            operations = operations.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(operations));
            readableFields = Set.copyOf(readableFields);
            editableFields = Set.copyOf(editableFields);
            Objects.requireNonNull(readRule, "readRule");
            writeRules = writeRules.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(writeRules));
            if (writeRules.containsKey(Operation.READ)) {
                throw new IllegalArgumentException("READ has the read rule, not a write rule");
            }
        }

        /** The same {@code writeRule} (when present) for every write operation. */
        public ObjectAccess(Set<Operation> operations, boolean allFields, Set<String> readableFields, Set<String> editableFields,
                Optional<Filter> readRule, Optional<Filter> writeRule) {
            this(operations, allFields, readableFields, editableFields, readRule, writeRule.map(ObjectAccess::forEveryWrite).orElse(Map.of()));
        }

        private static Map<Operation, Filter> forEveryWrite(Filter rule) {
            Map<Operation, Filter> rules = new EnumMap<>(Operation.class);
            for (Operation operation : Operation.values()) {
                if (operation != Operation.READ) {
                    rules.put(operation, rule);
                }
            }
            return rules;
        }

        /** The records {@code operation} may write, when a rule limits them. */
        public Optional<Filter> writeRule(Operation operation) {
            return Optional.ofNullable(writeRules.get(operation));
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
            return allFields && operations.size() == Operation.values().length && readRule.isEmpty() && writeRules.isEmpty();
        }
    }
}
