package io.metaplatform.registry;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.Violation;
import io.metaplatform.registry.RecordPolicy.ObjectAccess;
import io.metaplatform.registry.RecordPolicy.Operation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One caller's {@link ObjectAccess} to one object, applied by {@link RecordService}: the checks that refuse a request
 * ({@code FORBIDDEN} with a stable code and the offending field), the record rules the record store compiles into its
 * statements, and the trimming of what a caller may not read from what is returned. When the access is
 * {@link ObjectAccess#isFull() full}, every method returns its input unchanged and asks nothing.
 */
final class RecordAccess {

    /** A {@link Operation} the caller's roles do not grant on the object. */
    static final String OPERATION_DENIED = "OPERATION_DENIED";
    /** Filtering, sorting, grouping or aggregating by a field the caller cannot read. */
    static final String FIELD_NOT_READABLE = "FIELD_NOT_READABLE";
    /** Setting a field the caller cannot edit. */
    static final String FIELD_NOT_EDITABLE = "FIELD_NOT_EDITABLE";
    /** Writing a record the caller can read but whose write rule it does not meet. */
    static final String RECORD_NOT_WRITABLE = "RECORD_NOT_WRITABLE";
    /** A write that would leave a record outside the caller's write rule. */
    static final String WRITE_RULE_VIOLATED = "WRITE_RULE_VIOLATED";

    private final RecordPolicy policy;
    private final EffectiveSchema schema;
    private final ObjectDefinition object;
    private final ObjectAccess access;
    /** The write operations {@link #require required} so far: their write rules all apply. */
    private final Set<Operation> writing;

    private RecordAccess(RecordPolicy policy, EffectiveSchema schema, ObjectDefinition object, ObjectAccess access, Set<Operation> writing) {
        this.policy = policy;
        this.schema = schema;
        this.object = object;
        this.access = access;
        this.writing = writing;
    }

    static RecordAccess of(RecordPolicy policy, EffectiveSchema schema, ObjectDefinition object) {
        return new RecordAccess(policy, schema, object, policy.access(object.apiName().value()), Set.of());
    }

    boolean full() {
        return access.isFull();
    }

    /**
     * This access for a request doing {@code operations}: the write rules of those that write apply to it from now on
     * (an upsert, both creating and updating, meets both).
     *
     * @throws PlatformException {@code FORBIDDEN} ({@value #OPERATION_DENIED}) unless every one of {@code operations} is granted
     */
    RecordAccess require(Operation... operations) {
        EnumSet<Operation> writes = writing.isEmpty() ? EnumSet.noneOf(Operation.class) : EnumSet.copyOf(writing);
        for (Operation operation : operations) {
            if (!access.can(operation)) {
                String name = object.apiName().value();
                throw forbidden(name + ": " + operation + " is not granted", List.of(new Violation(name, OPERATION_DENIED,
                        operation + " of " + name + " records is not granted")));
            }
            if (operation != Operation.READ) {
                writes.add(operation);
            }
        }
        return writes.equals(writing) ? this : new RecordAccess(policy, schema, object, access, Set.copyOf(writes));
    }

    /** The records a read may see: the read rule, {@code null} when every record. */
    Filter readRule() {
        return access.readRule().orElse(null);
    }

    /**
     * The records the required write operations may touch, by their write rules (all of them, when a request does
     * several); {@code null} when every record.
     */
    Filter writeRule() {
        List<Filter> rules = writing.stream().sorted().map(access::writeRule).flatMap(Optional::stream).distinct().toList();
        return switch (rules.size()) {
            case 0 -> null;
            case 1 -> rules.getFirst();
            default -> new Filter.And(rules);
        };
    }

    boolean ruled() {
        return access.readRule().isPresent() || writeRule() != null;
    }

    /**
     * {@code filter} (named {@code path} in errors) as the caller may run it: refused when it compares a field the caller
     * cannot read (of this object, or of a related object in a relation filter), and limited to the records the caller
     * can read, related records included.
     */
    Filter readable(Filter filter, String path) {
        if (full() && !relates(filter)) {
            return filter;
        }
        List<Violation> refused = new ArrayList<>();
        Filter checked = filter == null ? null : guard(object, filter, path, refused);
        throwIfAny(refused);
        return both(readRule(), checked);
    }

    /** {@code filter} limited to the records the caller may write (read and write rule), after the field checks of {@link #readable}. */
    Filter writable(Filter filter, String path) {
        return full() ? filter : both(writeRule(), readable(filter, path));
    }

    /** @throws PlatformException {@code FORBIDDEN} naming each sort key on a field the caller cannot read */
    void checkSorts(List<SortKey> sorts) {
        if (full()) {
            return;
        }
        List<Violation> refused = new ArrayList<>();
        for (int i = 0; i < sorts.size(); i++) {
            checkReadable(object, sorts.get(i).field(), "sort[" + i + "]", refused);
        }
        throwIfAny(refused);
    }

    /** @throws PlatformException {@code FORBIDDEN} when the caller cannot read {@code field} (named {@code path}) */
    void checkReadable(String field, String path) {
        if (full()) {
            return;
        }
        List<Violation> refused = new ArrayList<>();
        checkReadable(object, field, path, refused);
        throwIfAny(refused);
    }

    /** The aggregation as the caller may run it: group keys and metric fields readable, only readable records counted. */
    Aggregation.Query aggregation(Aggregation.Query query) {
        if (full()) {
            return relates(query.filter()) ? new Aggregation.Query(readable(query.filter(), "filter"), query.groupBy(), query.metrics()) : query;
        }
        List<Violation> refused = new ArrayList<>();
        for (int i = 0; i < query.groupBy().size(); i++) {
            checkReadable(object, query.groupBy().get(i).field(), "groupBy[" + i + "]", refused);
        }
        for (int i = 0; i < query.metrics().size(); i++) {
            String field = query.metrics().get(i).field();
            if (field != null) {
                checkReadable(object, field, "metrics[" + i + "].field", refused);
            }
        }
        throwIfAny(refused);
        return new Aggregation.Query(readable(query.filter(), "filter"), query.groupBy(), query.metrics());
    }

    /** @throws PlatformException {@code FORBIDDEN} naming each field of the inputs the caller cannot edit */
    void checkEditable(List<Map<String, Object>> inputs, boolean batch) {
        if (full()) {
            return;
        }
        List<Violation> refused = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            for (String field : inputs.get(i).keySet()) {
                if (!access.canEdit(field)) {
                    refused.add(new Violation((batch ? "[" + i + "]." : "") + field, FIELD_NOT_EDITABLE,
                            "is not editable for the caller"));
                }
            }
        }
        throwIfAny(refused);
    }

    /** {@code record} without the fields the caller cannot read. */
    DataRecord present(DataRecord record) {
        if (full() || access.allFields()) {
            return record;
        }
        Map<String, Object> values = LinkedHashMap.newLinkedHashMap(record.values().size());
        record.values().forEach((field, value) -> {
            if (access.canRead(field)) {
                values.put(field, value);
            }
        });
        return new DataRecord(record.id(), record.object(), values, record.createdAt(), record.updatedAt(), record.createdBy(),
                record.updatedBy(), record.version(), record.deletedAt());
    }

    /** {@code entry} without the changes of fields the caller cannot read. */
    RecordChangeEntry present(RecordChangeEntry entry) {
        if (full() || access.allFields()) {
            return entry;
        }
        Map<String, Map<String, Object>> changes = new LinkedHashMap<>();
        entry.changes().forEach((field, change) -> {
            if (access.canRead(field)) {
                changes.put(field, change);
            }
        });
        return new RecordChangeEntry(entry.id(), entry.recordId(), entry.operation(), entry.actor(), entry.changedAt(), changes);
    }

    /** The access to another object (a relation's target) under the same policy. */
    RecordAccess of(ObjectDefinition other) {
        return of(policy, schema, other);
    }

    private static boolean relates(Filter filter) {
        return switch (filter) {
            case null -> false;
            case Filter.And and -> and.filters().stream().anyMatch(RecordAccess::relates);
            case Filter.Or or -> or.filters().stream().anyMatch(RecordAccess::relates);
            case Filter.Not not -> relates(not.filter());
            case Filter.Compare compare -> false;
            case Filter.Related related -> true;
        };
    }

    static PlatformException forbidden(String message, List<Violation> violations) {
        return new PlatformException(ErrorCode.FORBIDDEN, message, violations);
    }

    private Filter guard(ObjectDefinition on, Filter filter, String path, List<Violation> refused) {
        return switch (filter) {
            case Filter.And and -> new Filter.And(children(on, and.filters(), path + ".and", refused));
            case Filter.Or or -> new Filter.Or(children(on, or.filters(), path + ".or", refused));
            case Filter.Not not -> new Filter.Not(guard(on, not.filter(), path + ".not", refused));
            case Filter.Compare compare -> {
                checkReadable(on, compare.field(), path + "." + compare.field(), refused);
                yield compare;
            }
            case Filter.Related related -> related(on, related, path + "." + related.relation(), refused);
        };
    }

    private List<Filter> children(ObjectDefinition on, List<Filter> filters, String path, List<Violation> refused) {
        List<Filter> guarded = new ArrayList<>();
        for (int i = 0; i < filters.size(); i++) {
            guarded.add(guard(on, filters.get(i), path + "[" + i + "]", refused));
        }
        return guarded;
    }

    // The related records a relation filter looks at are only those the caller may read, and only by readable fields;
    // otherwise "some contact with salary > x" would reveal what the contacts' own rules hide. An unknown relation is
    // left for the query builder to report.
    private Filter related(ObjectDefinition on, Filter.Related related, String path, List<Violation> refused) {
        Optional<EffectiveSchema.InverseRelation> inverse = schema.relationsTargeting(on.apiName()).stream()
                .filter(candidate -> candidate.relation().inverseName() != null
                        && candidate.relation().inverseName().value().equals(related.relation())
                        && candidate.relation().cardinality() == FieldType.Cardinality.MANY_TO_ONE)
                .findFirst();
        if (inverse.isEmpty()) {
            return related;
        }
        ObjectDefinition source = inverse.get().source();
        ObjectAccess sourceAccess = policy.access(source.apiName().value());
        if (!sourceAccess.can(Operation.READ) || !sourceAccess.canRead(inverse.get().field().apiName().value())) {
            refused.add(new Violation(path, FIELD_NOT_READABLE, "the records of " + source.apiName() + " are not readable for the caller"));
            return related;
        }
        Filter inner = related.filter() == null ? null : guard(source, related.filter(), path, refused);
        return new Filter.Related(related.relation(), related.quantifier(), both(sourceAccess.readRule().orElse(null), inner));
    }

    private void checkReadable(ObjectDefinition on, String field, String path, List<Violation> refused) {
        ObjectAccess fields = on == object ? access : policy.access(on.apiName().value());
        if (!SYSTEM_FIELDS.contains(field) && !fields.canRead(field)) {
            refused.add(new Violation(path, FIELD_NOT_READABLE, "is not readable for the caller"));
        }
    }

    private static final Set<String> SYSTEM_FIELDS = Set.of("id", "createdAt", "updatedAt");

    private static Filter both(Filter rule, Filter filter) {
        if (rule == null) {
            return filter;
        }
        return filter == null ? rule : Filter.and(rule, filter);
    }

    private static void throwIfAny(List<Violation> refused) {
        if (!refused.isEmpty()) {
            throw forbidden("Refused: " + refused.stream().map(Violation::field).sorted().toList(), refused);
        }
    }
}
