package io.metaplatform.registry.internal;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.Violation;
import io.metaplatform.core.Violations;
import io.metaplatform.registry.EffectiveSchema;
import io.metaplatform.registry.EffectiveSchema.InverseRelation;
import io.metaplatform.registry.FieldDefinition;
import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.ObjectDefinition;
import io.metaplatform.registry.Storage;
import io.metaplatform.registry.internal.ChangeLogStore.ChangeRow;
import io.metaplatform.registry.internal.RowStore.NewRow;
import io.metaplatform.registry.internal.RowStore.StoredRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Validates and applies writes: every violation of a batch is collected before anything is written,
 * references and unique values are checked with one statement per field (not per record), and every
 * write appends to the change log in the same transaction. Callers provide the transaction.
 */
@Component
public class RecordWriter {

    private final RowStore store;
    private final UniqueValueStore uniqueValues;
    private final ChangeLogStore changeLog;
    private final RegistryLimits limits;
    private final AutoNumbers autoNumbers;
    private final ValidationRules rules;

    RecordWriter(RowStore store, UniqueValueStore uniqueValues, ChangeLogStore changeLog, RegistryLimits limits, AutoNumbers autoNumbers,
            ValidationRules rules) {
        this.store = store;
        this.uniqueValues = uniqueValues;
        this.changeLog = changeLog;
        this.limits = limits;
        this.autoNumbers = autoNumbers;
        this.rules = rules;
    }

    /** What a batch create produced: ids in input order. */
    public record Written(List<UUID> ids) {
    }

    public Written create(TenantId tenant, EffectiveSchema schema, ObjectDefinition object, List<Map<String, Object>> inputs,
            String upsertOn, String currency, String actor, Instant now) {
        ObjectTable table = new ObjectTable(object);
        Violations violations = new Violations();
        boolean batch = inputs.size() != 1 || upsertOn != null;
        FieldDefinition upsertField = upsertField(object, upsertOn, violations);
        List<Map<FieldDefinition, Object>> parsed = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            String prefix = batch ? "[" + i + "]." : "";
            parsed.add(parse(object, inputs.get(i), prefix, currency, violations));
        }
        if (upsertField != null) {
            uniqueValues.lockUniqueValues(tenant, upsertField.id(), parsed.stream().map(row -> row.get(upsertField)).filter(Objects::nonNull).toList());
        }
        Map<Object, StoredRecord> existing = upsertField == null ? Map.of() : existingByValue(tenant, table, upsertField, parsed);
        List<UUID> ids = new ArrayList<>();
        List<Boolean> isNew = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Object key = upsertField == null ? null : parsed.get(i).get(upsertField);
            StoredRecord match = key == null ? null : existing.get(UniqueValueStore.uniqueKey(key));
            ids.add(match == null ? UUID.randomUUID() : match.id());
            isNew.add(match == null);
            if (match == null) {
                applyDefaultsAndRequired(object, parsed.get(i), inputs.get(i), batch ? "[" + i + "]." : "", currency, violations);
            }
        }
        checkReferences(tenant, schema, parsed, batch, violations);
        checkUnique(tenant, table, object, parsed, ids, batch, violations);
        List<Map<String, Object>> newValues = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            newValues.add(isNew.get(i) ? byName(Map.of(), parsed.get(i)) : null);
        }
        precheckRules(tenant, schema, object, newValues, batch, violations);
        violations.throwIfAny();
        List<Map<FieldDefinition, Object>> created = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (isNew.get(i)) {
                created.add(parsed.get(i));
            }
        }
        autoNumbers.assign(tenant, object, created, now);

        List<NewRow> inserts = new ArrayList<>();
        List<ChangeRow> changes = new ArrayList<>();
        Map<UUID, StoredRecord> before = new HashMap<>();
        List<UUID> updatedIds = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (isNew.get(i)) {
                inserts.add(new NewRow(ids.get(i), parsed.get(i)));
                changes.add(new ChangeRow(object.id().value(), ids.get(i), "CREATE", diff(object, Map.of(), parsed.get(i))));
            } else {
                updatedIds.add(ids.get(i));
            }
        }
        store.insert(tenant, table, inserts, actor, now);
        if (!updatedIds.isEmpty()) {
            // Locked before the versions are read: a plain update of a matched record waits instead of failing this upsert.
            store.lockLive(tenant, table, updatedIds);
            store.fetchByIds(tenant, table, updatedIds, false).forEach(record -> before.put(record.id(), record));
            List<RowStore.Change> updates = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                if (!isNew.get(i)) {
                    StoredRecord current = before.get(ids.get(i));
                    if (current == null) {
                        throw concurrentChange();
                    }
                    updates.add(new RowStore.Change(current.id(), current.version(), parsed.get(i)));
                    changes.add(new ChangeRow(object.id().value(), current.id(), "UPDATE", diff(object, current.values(), parsed.get(i))));
                }
            }
            if (!store.updateAll(tenant, table, updates, actor, now)) {
                throw concurrentChange();
            }
        }
        claimUnique(tenant, object, ids, parsed, before);
        rules.enforce(tenant, schema, object, ids, batch);
        changeLog.logChanges(tenant, changes, actor, now);
        return new Written(ids);
    }

    public void update(TenantId tenant, EffectiveSchema schema, ObjectDefinition object, UUID id, Map<String, Object> input,
            Integer expectedVersion, String currency, String actor, Instant now) {
        ObjectTable table = new ObjectTable(object);
        StoredRecord current = store.fetchByIds(tenant, table, List.of(id), false).stream().findFirst()
                .orElseThrow(() -> PlatformException.notFound("Record " + id + " of " + object.apiName()));
        if (expectedVersion != null && expectedVersion != current.version()) {
            throw new PlatformException(ErrorCode.CONFLICT, "The record changed since version " + expectedVersion + "; it is at version "
                    + current.version() + ". Reload it and apply your change again.");
        }
        Violations violations = new Violations();
        Map<FieldDefinition, Object> changes = parse(object, input, "", currency, violations);
        for (FieldDefinition field : changes.keySet()) {
            if (field.required() && changes.get(field) == null) {
                violations.add(field.apiName().value(), "REQUIRED", "is required and cannot be cleared");
            }
        }
        checkReferences(tenant, schema, List.of(changes), false, violations);
        checkUnique(tenant, table, object, List.of(changes), List.of(id), false, violations);
        precheckRules(tenant, schema, object, List.of(byName(current.values(), changes)), false, violations);
        violations.throwIfAny();
        if (!store.update(tenant, table, id, current.version(), changes, actor, now)) {
            throw concurrentChange();
        }
        claimUnique(tenant, object, List.of(id), List.of(changes), Map.of(id, current));
        rules.enforce(tenant, schema, object, List.of(id), false);
        changeLog.logChanges(tenant, List.of(new ChangeRow(object.id().value(), id, "UPDATE", diff(object, current.values(), changes))), actor, now);
    }

    /**
     * Applies different changes to each of several live records in one batch, validated together:
     * violations are reported per input as {@code [index].field}, in iteration order of {@code changesById}.
     */
    public void updateEach(TenantId tenant, EffectiveSchema schema, ObjectDefinition object, Map<UUID, Map<String, Object>> changesById,
            String currency, String actor, Instant now) {
        ObjectTable table = new ObjectTable(object);
        List<UUID> ids = List.copyOf(changesById.keySet());
        Map<UUID, StoredRecord> current = new HashMap<>();
        store.fetchByIds(tenant, table, ids, false).forEach(record -> current.put(record.id(), record));
        Violations violations = new Violations();
        List<Map<FieldDefinition, Object>> parsed = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String prefix = "[" + i + "].";
            if (!current.containsKey(ids.get(i))) {
                violations.add("[" + i + "]", "NOT_FOUND", "no live " + object.apiName() + " record has id " + ids.get(i));
            }
            Map<FieldDefinition, Object> changes = parse(object, changesById.get(ids.get(i)), prefix, currency, violations);
            changes.forEach((field, value) -> {
                if (field.required() && value == null && !violationFor(violations, prefix + field.apiName())) {
                    violations.add(prefix + field.apiName(), "REQUIRED", "is required and cannot be cleared");
                }
            });
            parsed.add(changes);
        }
        checkReferences(tenant, schema, parsed, true, violations);
        checkUnique(tenant, table, object, parsed, ids, true, violations);
        List<Map<String, Object>> after = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            StoredRecord record = current.get(ids.get(i));
            after.add(record == null ? null : byName(record.values(), parsed.get(i)));
        }
        precheckRules(tenant, schema, object, after, true, violations);
        violations.throwIfAny();
        List<RowStore.Change> updates = new ArrayList<>();
        List<ChangeRow> log = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            StoredRecord record = current.get(ids.get(i));
            updates.add(new RowStore.Change(record.id(), record.version(), parsed.get(i)));
            log.add(new ChangeRow(object.id().value(), record.id(), "UPDATE", diff(object, record.values(), parsed.get(i))));
        }
        if (!store.updateAll(tenant, table, updates, actor, now)) {
            throw concurrentChange();
        }
        claimUnique(tenant, object, ids, parsed, current);
        rules.enforce(tenant, schema, object, ids, true);
        changeLog.logChanges(tenant, log, actor, now);
    }

    /**
     * Applies the same changes to every given record in one batch; validated once. A unique field can't
     * be given one value on several records.
     */
    public void updateAll(TenantId tenant, EffectiveSchema schema, ObjectDefinition object, List<UUID> ids, Map<String, Object> input,
            String currency, String actor, Instant now) {
        ObjectTable table = new ObjectTable(object);
        List<StoredRecord> current = store.fetchByIds(tenant, table, ids, false);
        Violations violations = new Violations();
        Map<FieldDefinition, Object> changes = parse(object, input, "", currency, violations);
        for (Map.Entry<FieldDefinition, Object> change : changes.entrySet()) {
            if (change.getKey().required() && change.getValue() == null) {
                violations.add(change.getKey().apiName().value(), "REQUIRED", "is required and cannot be cleared");
            }
            if (change.getKey().unique() && change.getValue() != null && current.size() > 1) {
                violations.add(change.getKey().apiName().value(), "DUPLICATE", "is unique and can't be given to " + current.size() + " records");
            }
        }
        checkReferences(tenant, schema, List.of(changes), false, violations);
        checkUnique(tenant, table, object, List.of(changes), current.stream().map(StoredRecord::id).toList(), false, violations);
        violations.throwIfAny();
        List<RowStore.Change> updates = current.stream().map(record -> new RowStore.Change(record.id(), record.version(), changes)).toList();
        if (!store.updateAll(tenant, table, updates, actor, now)) {
            throw concurrentChange();
        }
        if (current.size() == 1) {
            claimUnique(tenant, object, List.of(current.getFirst().id()), List.of(changes), Map.of(current.getFirst().id(), current.getFirst()));
        }
        rules.enforce(tenant, schema, object, current.stream().map(StoredRecord::id).toList(), current.size() > 1);
        changeLog.logChanges(tenant, current.stream().map(record -> new ChangeRow(object.id().value(), record.id(), "UPDATE",
                diff(object, record.values(), changes))).toList(), actor, now);
    }

    /** Soft-deletes the live ones of {@code ids}, applies the on-delete rule of every relation pointing at them, and returns how many. */
    public int delete(TenantId tenant, EffectiveSchema schema, ObjectDefinition object, Collection<UUID> ids, String actor, Instant now) {
        ObjectTable table = new ObjectTable(object);
        List<UUID> live = store.fetchByIds(tenant, table, ids, false, java.util.Set.of()).stream().map(StoredRecord::id).toList();
        if (live.isEmpty()) {
            return 0;
        }
        followReferences(tenant, schema, object, live, true, actor, now, 0);
        store.setDeleted(tenant, table, live, now, actor, now);
        uniqueValues.releaseUnique(tenant, null, live);
        changeLog.logChanges(tenant, live.stream().map(id -> new ChangeRow(object.id().value(), id, "DELETE", Map.of())).toList(), actor, now);
        return live.size();
    }

    public void restore(TenantId tenant, ObjectDefinition object, UUID id, String actor, Instant now) {
        ObjectTable table = new ObjectTable(object);
        StoredRecord record = store.fetchByIds(tenant, table, List.of(id), true).stream().filter(row -> row.deletedAt() != null)
                .findFirst().orElseThrow(() -> PlatformException.notFound("Deleted record " + id + " of " + object.apiName()));
        Violations violations = new Violations();
        Map<FieldDefinition, Object> values = new LinkedHashMap<>();
        object.fields().forEach(field -> values.put(field, record.values().get(field.apiName().value())));
        checkUnique(tenant, table, object, List.of(values), List.of(id), false, violations);
        if (!violations.isEmpty()) {
            throw new PlatformException(ErrorCode.CONFLICT, "Restoring would duplicate a unique value held by another record.",
                    violations.list());
        }
        store.setDeleted(tenant, table, List.of(id), null, actor, now);
        claimUnique(tenant, object, List.of(id), List.of(values), Map.of());
        changeLog.logChanges(tenant, List.of(new ChangeRow(object.id().value(), id, "RESTORE", Map.of())), actor, now);
    }

    /** Removes records for good (live or deleted), applying on-delete rules to every record pointing at them. */
    public void destroy(TenantId tenant, EffectiveSchema schema, ObjectDefinition object, Collection<UUID> ids, String actor, Instant now) {
        ObjectTable table = new ObjectTable(object);
        List<UUID> existing = store.fetchByIds(tenant, table, ids, true, java.util.Set.of()).stream().map(StoredRecord::id).toList();
        if (existing.isEmpty()) {
            return;
        }
        followReferences(tenant, schema, object, existing, false, actor, now, 0);
        store.destroy(tenant, table, existing);
        changeLog.logChanges(tenant, existing.stream().map(id -> new ChangeRow(object.id().value(), id, "DESTROY", Map.of())).toList(), actor, now);
    }

    private void followReferences(TenantId tenant, EffectiveSchema schema, ObjectDefinition object, List<UUID> ids, boolean soft,
            String actor, Instant now, int depth) {
        if (depth > 10) {
            throw new PlatformException(ErrorCode.CONFLICT, "Deleting would cascade more than 10 levels deep.");
        }
        for (InverseRelation inverse : schema.relationsTargeting(object.apiName())) {
            ObjectTable source = new ObjectTable(inverse.source());
            boolean link = inverse.field().storage() instanceof Storage.Link;
            if (soft && link) {
                continue;
            }
            List<UUID> referencing = store.referencing(tenant, source, inverse.field(), ids, soft);
            if (referencing.isEmpty()) {
                continue;
            }
            FieldType.OnDelete rule = link ? FieldType.OnDelete.SET_NULL : inverse.relation().onDelete();
            switch (rule) {
                case RESTRICT -> throw new PlatformException(ErrorCode.CONFLICT, referencing.size() + " " + inverse.source().apiName()
                        + " record(s) reference it through " + inverse.field().apiName() + " (first: "
                        + referencing.subList(0, Math.min(20, referencing.size())) + "); delete or change them first.",
                        List.of(new Violation(inverse.source().apiName() + "." + inverse.field().apiName(), "RESTRICTED",
                                "references the record")));
                case SET_NULL -> {
                    store.clearReference(tenant, source, inverse.field(), referencing, ids, actor, now);
                    if (!link) {
                        changeLog.logChanges(tenant, referencing.stream().map(id -> new ChangeRow(inverse.source().id().value(), id, "UPDATE",
                                Map.of(inverse.field().apiName().value(), change("(deleted reference)", null)))).toList(), actor, now);
                    }
                }
                case CASCADE -> {
                    if (soft) {
                        delete(tenant, schema, inverse.source(), referencing, actor, now);
                    } else {
                        followReferences(tenant, schema, inverse.source(), referencing, false, actor, now, depth + 1);
                        store.destroy(tenant, source, referencing);
                    }
                }
            }
        }
    }

    // ---- validation ----

    private Map<FieldDefinition, Object> parse(ObjectDefinition object, Map<String, Object> input, String prefix, String currency,
            Violations violations) {
        Map<FieldDefinition, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : input.entrySet()) {
            String path = prefix + entry.getKey();
            FieldDefinition field = object.field(entry.getKey()).orElse(null);
            if (field == null) {
                violations.add(path, "UNKNOWN_FIELD", "is not a field of " + object.apiName());
                continue;
            }
            if (!field.type().writable()) {
                violations.add(path, "READ_ONLY", "is computed and cannot be written");
                continue;
            }
            values.put(field, FieldValues.parse(field, entry.getValue(), path, currency, limits, violations));
        }
        return values;
    }

    private void applyDefaultsAndRequired(ObjectDefinition object, Map<FieldDefinition, Object> values, Map<String, Object> input,
            String prefix, String currency, Violations violations) {
        for (FieldDefinition field : object.fields()) {
            if (!input.containsKey(field.apiName().value()) && field.constraints().defaultValue() != null) {
                values.put(field, FieldValues.parse(field, field.constraints().defaultValue(), prefix + field.apiName(), currency, limits,
                        violations));
            }
            if (field.required() && values.get(field) == null && !violationFor(violations, prefix + field.apiName())) {
                violations.add(prefix + field.apiName(), "REQUIRED", "is required");
            }
        }
    }

    // Rules that read only the record's own stored values fail here, with the other violations of the input; a null
    // entry (a record that does not exist, an upsert's match) is left to the check after the write.
    private void precheckRules(TenantId tenant, EffectiveSchema schema, ObjectDefinition object, List<Map<String, Object>> records,
            boolean batch, Violations violations) {
        if (records.stream().anyMatch(Objects::nonNull)) {
            rules.precheck(tenant, schema, object, records, batch, violations);
        }
    }

    private static Map<String, Object> byName(Map<String, Object> before, Map<FieldDefinition, Object> changes) {
        Map<String, Object> values = new HashMap<>(before);
        changes.forEach((field, value) -> values.put(field.apiName().value(), value));
        return values;
    }

    private static boolean violationFor(Violations violations, String path) {
        return violations.list().stream().anyMatch(violation -> violation.field().equals(path) || violation.field().startsWith(path + "."));
    }

    private static FieldDefinition upsertField(ObjectDefinition object, String upsertOn, Violations violations) {
        if (upsertOn == null) {
            return null;
        }
        FieldDefinition field = object.field(upsertOn).orElse(null);
        if (field == null || !field.unique()) {
            violations.add("upsertOn", "NOT_UNIQUE", "must name a unique field of " + object.apiName());
            return null;
        }
        return field;
    }

    private Map<Object, StoredRecord> existingByValue(TenantId tenant, ObjectTable table, FieldDefinition field,
            List<Map<FieldDefinition, Object>> parsed) {
        List<Object> values = parsed.stream().map(row -> row.get(field)).filter(Objects::nonNull).toList();
        if (values.isEmpty()) {
            return Map.of();
        }
        Map<Object, StoredRecord> byValue = new HashMap<>();
        store.fetch(tenant, table, table.value(field).in(values.stream().map(value -> ValueCodec.toColumn(field.type(), value)).toList())
                .and(table.live()), List.of(table.id.asc()), List.of(), 0)
                .forEach(record -> byValue.put(UniqueValueStore.uniqueKey(record.values().get(field.apiName().value())), record));
        return byValue;
    }

    private void checkReferences(TenantId tenant, EffectiveSchema schema, List<Map<FieldDefinition, Object>> rows, boolean batch,
            Violations violations) {
        Map<FieldDefinition, Set<UUID>> referenced = new LinkedHashMap<>();
        for (Map<FieldDefinition, Object> row : rows) {
            row.forEach((field, value) -> {
                if (field.type() instanceof FieldType.Relation && value != null) {
                    Set<UUID> ids = referenced.computeIfAbsent(field, key -> new HashSet<>());
                    if (value instanceof UUID id) {
                        ids.add(id);
                    } else {
                        ((List<?>) value).forEach(id -> ids.add((UUID) id));
                    }
                }
            });
        }
        for (Map.Entry<FieldDefinition, Set<UUID>> entry : referenced.entrySet()) {
            FieldType.Relation relation = (FieldType.Relation) entry.getKey().type();
            ObjectDefinition target = schema.object(relation.target().value()).orElse(null);
            Set<UUID> found = target == null ? Set.of() : store.existingLive(tenant, new ObjectTable(target), entry.getValue());
            for (int i = 0; i < rows.size(); i++) {
                Object value = rows.get(i).get(entry.getKey());
                List<?> ids = value == null ? List.of() : value instanceof UUID id ? List.of(id) : (List<?>) value;
                for (Object id : ids) {
                    if (!found.contains(id)) {
                        violations.add((batch ? "[" + i + "]." : "") + entry.getKey().apiName(), "REFERENCE_NOT_FOUND",
                                "no live " + relation.target() + " record has id " + id);
                    }
                }
            }
        }
    }

    private void checkUnique(TenantId tenant, ObjectTable table, ObjectDefinition object, List<Map<FieldDefinition, Object>> rows,
            List<UUID> ids, boolean batch, Violations violations) {
        for (FieldDefinition field : object.fields()) {
            if (!field.unique()) {
                continue;
            }
            Map<String, Integer> seen = new HashMap<>();
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                Object value = rows.get(i).get(field);
                if (value == null) {
                    continue;
                }
                Integer first = seen.putIfAbsent(UniqueValueStore.uniqueKey(value), i);
                if (first != null) {
                    violations.add(path(batch, i, field), "DUPLICATE", "repeats the value of record [" + first + "] in this batch");
                }
                values.add(value);
            }
            Set<String> taken = store.takenValues(tenant, table, field, values, ids);
            for (int i = 0; i < rows.size(); i++) {
                Object value = rows.get(i).get(field);
                if (value != null && taken.contains(UniqueValueStore.uniqueKey(value))) {
                    violations.add(path(batch, i, field), "DUPLICATE", "is already used by another " + object.apiName());
                }
            }
        }
    }

    private void claimUnique(TenantId tenant, ObjectDefinition object, List<UUID> ids, List<Map<FieldDefinition, Object>> rows,
            Map<UUID, StoredRecord> before) {
        for (FieldDefinition field : object.fields()) {
            if (!field.unique() || !(field.storage() instanceof Storage.CustomKey)) {
                continue;
            }
            Map<UUID, Object> claims = new LinkedHashMap<>();
            List<UUID> released = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                if (!rows.get(i).containsKey(field)) {
                    continue;
                }
                if (before.containsKey(ids.get(i))) {
                    released.add(ids.get(i));
                }
                if (rows.get(i).get(field) != null) {
                    claims.put(ids.get(i), rows.get(i).get(field));
                }
            }
            uniqueValues.releaseUnique(tenant, field.id(), released);
            uniqueValues.claimUnique(tenant, field.id(), claims);
        }
    }

    private static String path(boolean batch, int index, FieldDefinition field) {
        return (batch ? "[" + index + "]." : "") + field.apiName();
    }

    // ---- change log ----

    private static Map<String, Map<String, Object>> diff(ObjectDefinition object, Map<String, Object> before,
            Map<FieldDefinition, Object> after) {
        Map<String, Map<String, Object>> changes = new LinkedHashMap<>();
        for (Map.Entry<FieldDefinition, Object> entry : after.entrySet()) {
            String name = entry.getKey().apiName().value();
            Object old = before.get(name);
            if (!Objects.equals(old, entry.getValue())) {
                changes.put(name, change(FieldValues.present(entry.getKey(), old), FieldValues.present(entry.getKey(), entry.getValue())));
            }
        }
        return changes;
    }

    private static Map<String, Object> change(Object old, Object value) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("old", old);
        change.put("new", value);
        return change;
    }

    private static PlatformException concurrentChange() {
        return new PlatformException(ErrorCode.CONFLICT, "Another write changed the record first; reload it and apply your change again.");
    }
}
