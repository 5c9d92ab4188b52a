package io.metaplatform.registry;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.StorableText;
import io.metaplatform.core.Violations;
import io.metaplatform.registry.internal.AutoNumbers;
import io.metaplatform.registry.internal.CurrentSchemas;
import io.metaplatform.registry.internal.FieldValues;
import io.metaplatform.registry.internal.IndexSlots;
import io.metaplatform.registry.internal.MetadataStore;
import io.metaplatform.registry.internal.MetadataStore.StoredField;
import io.metaplatform.registry.internal.MetadataStore.StoredObject;
import io.metaplatform.registry.internal.ObjectTable;
import io.metaplatform.registry.internal.RowStore;
import io.metaplatform.registry.internal.UniqueValueStore;
import io.metaplatform.registry.internal.RegistryQuotas;
import io.metaplatform.registry.internal.SchemaAssembler;
import io.metaplatform.registry.internal.TypeConversions;
import io.metaplatform.registry.formula.DerivedFieldChecks;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tenant's effective metadata, and the operations tenant admins run on it. Every operation works on
 * the tenant bound in {@link TenantContext}, runs in one transaction that also bumps the tenant's
 * metadata version and appends to the metadata change log, and either applies completely or not at
 * all. Concurrent changes of the same definition: the first wins, the others fail with
 * {@link ErrorCode#CONFLICT}. Thread-safe.
 */
@Service
public class MetadataService {

    private static final int MAX_LABEL = 100;
    private static final int MAX_DESCRIPTION = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(MetadataService.class);
    /** Rows an index fill writes per statement (and transaction). */
    private static final int FILL_BATCH = 2000;
    private static final Duration FILL_WAIT = Duration.ofMinutes(15);

    private final ExecutorService fills = Executors.newSingleThreadExecutor(work -> {
        Thread thread = new Thread(work, "index-fill");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<FieldId, Long> fillProgress = new ConcurrentHashMap<>();
    private final java.util.Set<String> queuedFills = ConcurrentHashMap.newKeySet();

    private final MetadataStore store;
    private final RowStore records;
    private final UniqueValueStore uniqueValues;
    private final SchemaAssembler assembler;
    private final RegistryQuotas quotas;
    private final TransactionTemplate transactions;
    private final CurrentSchemas currentSchemas;
    private List<DefinitionGuard> guards = List.of();
    private final AutoNumbers autoNumbers;

    MetadataService(MetadataStore store, RowStore records, UniqueValueStore uniqueValues, SchemaAssembler assembler, RegistryQuotas quotas,
            TransactionTemplate transactions, CurrentSchemas currentSchemas, AutoNumbers autoNumbers) {
        this.currentSchemas = currentSchemas;
        this.autoNumbers = autoNumbers;
        this.store = store;
        this.records = records;
        this.uniqueValues = uniqueValues;
        this.assembler = assembler;
        this.quotas = quotas;
        this.transactions = transactions;
    }

    /** The guards consulted before a definition is deleted or restructured (managed packages). */
    @Autowired(required = false)
    void setGuards(List<DefinitionGuard> guards) {
        this.guards = List.copyOf(guards);
    }

    /**
     * The current tenant's effective schema as this instance last saw it: a change made through this
     * service shows at once here and, with Redis, within milliseconds on the other instances; without
     * a message the version is re-read after {@code platform.metadata.recheck-interval}. Use
     * {@link #version()} where only the database's word will do. Inside {@link #inOneVersion} it is read
     * afresh, with the changes made so far, and cached nowhere: they may still roll back.
     */
    public EffectiveSchema schema() {
        TenantId tenant = TenantContext.require();
        OneVersion shared = oneVersion.get();
        if (shared != null && shared.tenant().equals(tenant)) {
            return assembler.load(tenant, shared.version());
        }
        if (MetadataStore.changedInThisTransaction(tenant)) {
            return assembler.current(tenant);
        }
        return currentSchemas.get(tenant, () -> resumingFills(tenant, transactions.execute(status -> assembler.current(tenant))));
    }

    /**
     * Index fills live in memory: one that did not finish (the instance stopped, or the fill failed) would leave its field
     * unindexed for good. So whenever this instance loads a tenant's schema from the database (its first request after a
     * start, then at each recheck or change), every field whose slot is assigned but not filled gets a fill queued, unless
     * one runs or waits here already. Another instance may fill the same field at the same time: the batches copy the
     * same values and the field is marked filled once, so that only costs work.
     */
    private EffectiveSchema resumingFills(TenantId tenant, EffectiveSchema schema) {
        for (ObjectDefinition object : schema.objects()) {
            for (FieldDefinition field : object.fields()) {
                if (field.storage() instanceof Storage.CustomKey key && key.index() != null && !key.indexReady()
                        && !fillProgress.containsKey(field.id())) {
                    queueFill(tenant, object.id(), field.id(), key.index());
                }
            }
        }
        return schema;
    }

    /**
     * Who manages each definition of the current tenant that something outside the registry manages (a connector's
     * managed package), by the object's or field's id: one read per guard, for listings.
     */
    public Map<UUID, String> managedDefinitions() {
        TenantId tenant = TenantContext.require();
        EffectiveSchema schema = schema();
        Map<UUID, String> byId = new HashMap<>();
        transactions.executeWithoutResult(status -> guards.forEach(guard -> guard.managed(tenant).forEach((path, manager) -> {
            int dot = path.indexOf('.');
            schema.object(dot < 0 ? path : path.substring(0, dot)).ifPresent(object -> {
                if (dot < 0) {
                    byId.put(object.id().value(), manager);
                } else {
                    object.field(path.substring(dot + 1)).ifPresent(field -> byId.put(field.id().value(), manager));
                }
            });
        })));
        return byId;
    }

    /** The current tenant's metadata version: {@code 0} until its first metadata change. */
    public long version() {
        TenantId tenant = TenantContext.require();
        return transactions.execute(status -> store.version(tenant));
    }

    /** The most entries one {@link #changeLog} page holds. */
    public static final int MAX_CHANGE_LOG_PAGE = 500;

    /**
     * A page of the current tenant's change log, oldest first, after the entry whose cursor is {@code after} (from the
     * start when {@code null}). Unlike {@link #changes}, a page may end inside a metadata version (one package deploy
     * writes many entries under one version) and the next page continues there.
     *
     * @throws PlatformException {@code VALIDATION_FAILED}: {@code first} not within 1..{@value #MAX_CHANGE_LOG_PAGE}
     *     ({@code OUT_OF_RANGE}), {@code after} not a cursor of this list ({@code INVALID_CURSOR})
     */
    public MetadataChangePage changeLog(int first, String after) {
        TenantId tenant = TenantContext.require();
        Violations violations = new Violations();
        violations.check(first >= 1 && first <= MAX_CHANGE_LOG_PAGE, "first", "OUT_OF_RANGE", "must be between 1 and " + MAX_CHANGE_LOG_PAGE);
        Optional<MetadataStore.ChangePosition> from = Optional.ofNullable(after).flatMap(MetadataStore.ChangePosition::decode);
        violations.check(after == null || from.isPresent(), "after", "INVALID_CURSOR", "is not a cursor of this list");
        violations.throwIfAny();
        return transactions.execute(status -> store.changeLog(tenant, from, first));
    }

    /** The current tenant's change log after {@code sinceVersion}, oldest first. */
    public List<MetadataChangeEntry> changes(long sinceVersion, int limit) {
        TenantId tenant = TenantContext.require();
        return transactions.execute(status -> store.changes(tenant, sinceVersion, Math.min(Math.max(limit, 1), 500)));
    }

    /** The object's deleted custom fields whose values are not purged yet, most recently deleted first. */
    public List<DeletedField> deletedFields(String objectApiName) {
        TenantId tenant = TenantContext.require();
        ObjectDefinition object = object(schema(), objectApiName);
        return transactions.execute(status -> store.fields(tenant)).stream()
                .filter(field -> field.objectId().equals(object.id()) && field.deletedAt() != null && field.purgedAt() == null)
                .sorted(java.util.Comparator.comparing((StoredField field) -> field.deletedAt()).reversed())
                .map(field -> new DeletedField(field.id(), field.apiName().value(), field.label(), field.deletedAt()))
                .toList();
    }

    public FieldDefinition createField(String objectApiName, NewField request, String actor) {
        FieldId created = change(actor, (tenant, schema, now) -> {
            ObjectDefinition object = object(schema, objectApiName);
            Violations violations = new Violations();
            Objects.requireNonNull(request, "request");
            checkNewApiName(request.apiName(), "apiName", existingFieldNames(schema, object, null), violations);
            checkLabel(request.label(), "label", violations);
            checkDescription(request.description(), violations);
            if (request.type() == null) {
                violations.add("type", "REQUIRED", "is required");
            } else {
                checkType(schema, object, request.type(), null, "type", violations);
                Constraints constraints = request.constraints() == null ? Constraints.NONE : request.constraints();
                checkConstraints(request.type(), constraints, violations);
            }
            violations.throwIfAny();
            checkFieldQuotas(tenant, object, request.constraints());
            FieldId id = FieldId.random();
            int position = request.position() != null ? request.position() : nextPosition(object);
            StoredField field = new StoredField(id, object.id(), ApiName.of(request.apiName()), label(request.label(), request.apiName()),
                    request.description(), position, request.type(), request.constraints() == null ? Constraints.NONE : request.constraints(),
                    newlyIndexed(storageFor(request.type(), id), request.type(), request.indexed(), tenant, object), false, null, null, 1);
            store.insertField(tenant, field, now);
            scheduleFill(tenant, object.id(), id, field.storage());
            if (request.type() instanceof FieldType.AutoNumber) {
                autoNumbers.backfill(tenant, object, new FieldDefinition(id, field.apiName(), field.label(), null, position, field.type(),
                        field.constraints(), field.storage(), false, 1));
            }
            return new Outcome<>("CREATE_FIELD", "FIELD", id.value(), null, field, id);
        }).result();
        return fieldById(created);
    }

    public FieldDefinition updateField(String objectApiName, String fieldApiName, FieldChange change, Long expectedVersion, String actor) {
        FieldId updated = change(actor, (tenant, schema, now) -> {
            ObjectDefinition object = object(schema, objectApiName);
            FieldDefinition field = field(object, fieldApiName);
            checkExpectedVersion(field.version(), expectedVersion, "field " + fieldApiName);
            Violations violations = new Violations();
            if (field.builtIn()) {
                rejectOnBuiltIn(change.apiName(), "apiName", violations);
                rejectOnBuiltIn(change.constraints(), "constraints", violations);
                rejectOnBuiltIn(change.position(), "position", violations);
                if (change.type() != null && !(change.type() instanceof FieldType.WithOptions
                        && change.type().getClass() == field.type().getClass())) {
                    violations.add("type", "BUILT_IN", "a built-in field's type cannot change; only its select options can");
                }
            }
            if (restructures(field, change)) {
                checkGuards(tenant, objectApiName, fieldApiName, "field");
            }
            if (change.apiName() != null && !change.apiName().equals(fieldApiName)) {
                checkNewApiName(change.apiName(), "apiName", existingFieldNames(schema, object, field.id()), violations);
            }
            if (change.label() != null) {
                checkLabel(change.label(), "label", violations);
            }
            checkDescription(change.description(), violations);
            FieldType newType = field.type();
            if (change.type() != null) {
                newType = TypeConversions.apply(field.type(), change.type(), "type", violations);
                if (newType != null) {
                    checkType(schema, object, newType, field, "type", violations);
                }
            }
            Constraints newConstraints = change.constraints() == null ? field.constraints() : change.constraints();
            if (newType != null) {
                checkConstraints(newType, newConstraints, violations);
            }
            violations.throwIfAny();
            if (change.apiName() != null && !change.apiName().equals(fieldApiName)) {
                refuseWhileRead(schema, field, "renamed");
            }
            if (changesKind(field.type(), newType)) {
                refuseWhileRead(schema, field, "change its type");
            }
            if (!field.unique() && newConstraints.unique()) {
                checkFieldQuotas(tenant, object, newConstraints);
            }
            if (TypeConversions.needsCheck(field.type(), newType)) {
                List<UUID> blocking = records.idsNotConvertible(tenant, schema, object, field, newType, 20);
                if (!blocking.isEmpty()) {
                    throw PlatformException.validation(List.of(new io.metaplatform.core.Violation("type", "VALUES_DO_NOT_CONVERT",
                            "stored values of these records do not convert to " + newType.kind() + ": " + blocking)));
                }
            }
            StoredField before = stored(object, field);
            Storage storage = reindexForType(tenant, object, field, newType);
            StoredField after = new StoredField(field.id(), object.id(),
                    change.apiName() == null ? field.apiName() : ApiName.of(change.apiName()),
                    change.label() == null ? field.label() : change.label().strip(),
                    change.description() == null ? field.description() : change.description(),
                    change.position() == null ? field.position() : change.position(), newType, newConstraints, storage,
                    field.builtIn(), null, null, field.version() + 1);
            saveField(tenant, after, field.version(), now);
            if (storage != field.storage()) {
                scheduleFill(tenant, object.id(), field.id(), storage);
            }
            if (newConstraints.unique() && !field.unique()) {
                uniqueValues.indexUniqueValues(tenant, field.id(), records.liveCustomValues(tenant, object, field.storage(), field.id()));
            }
            if (field.unique() && !newConstraints.unique()) {
                uniqueValues.dropUniqueValues(tenant, field.id());
            }
            return new Outcome<>("UPDATE_FIELD", "FIELD", field.id().value(), before, after, field.id());
        }).result();
        return fieldById(updated);
    }

    /**
     * The option value of each display text for select or multi-select field {@code fieldApiName}, adding an option for
     * each text the field has no option for yet (matched by label, then by {@link OptionNames#valueFor value}), all in
     * one metadata change; nothing changes when every text is known. For options learned from synced data (a
     * connector's open multi-select, such as YCLIENTS client categories). Concurrent calls add each option once: the
     * options are read again under the change's lock.
     *
     * @throws PlatformException {@code NOT_FOUND} for an unknown object or field; {@code VALIDATION_FAILED} when the
     *     field has no options
     */
    public Map<String, String> learnOptions(String objectApiName, String fieldApiName, Collection<String> texts, String actor) {
        List<String> wanted = texts.stream().filter(Objects::nonNull).map(String::strip).filter(text -> !text.isEmpty()).distinct().toList();
        Map<String, String> known = optionValues(field(object(schema(), objectApiName), fieldApiName), wanted, objectApiName);
        if (known.size() == wanted.size()) {
            return known;
        }
        return change(actor, (tenant, schema, now) -> {
            ObjectDefinition object = object(schema, objectApiName);
            FieldDefinition field = field(object, fieldApiName);
            FieldType.WithOptions type = (FieldType.WithOptions) field.type();
            Map<String, String> values = optionValues(field, wanted, objectApiName);
            List<SelectOption> options = new ArrayList<>(type.options());
            int position = options.stream().mapToInt(SelectOption::position).max().orElse(-1);
            for (String text : wanted) {
                if (values.containsKey(text)) {
                    continue;
                }
                String value = OptionNames.valueFor(text);
                for (int n = 2; !unused(options, value); n++) {
                    value = OptionNames.valueFor(text) + "_" + n;
                }
                String label = text.length() <= 200 ? text : text.substring(0, 200);
                options.add(new SelectOption(value.toLowerCase(java.util.Locale.ROOT), value, label, ++position, null, false));
                values.put(text, value);
            }
            FieldType learned = type instanceof FieldType.Select ? new FieldType.Select(options) : new FieldType.MultiSelect(options);
            StoredField before = stored(object, field);
            StoredField after = new StoredField(field.id(), object.id(), field.apiName(), field.label(), field.description(), field.position(),
                    learned, field.constraints(), field.storage(), field.builtIn(), null, null, field.version() + 1);
            saveField(tenant, after, field.version(), now);
            return new Outcome<>("UPDATE_FIELD", "FIELD", field.id().value(), before, after, values);
        }).result();
    }

    private static boolean unused(List<SelectOption> options, String value) {
        String id = value.toLowerCase(java.util.Locale.ROOT);
        return options.stream().noneMatch(option -> option.value().equals(value) || option.id().equals(id));
    }

    // The value of each text that an option has (by label, else by its derived value); texts without one are left out.
    private static Map<String, String> optionValues(FieldDefinition field, List<String> texts, String object) {
        if (!(field.type() instanceof FieldType.WithOptions type)) {
            throw PlatformException.validation(List.of(new io.metaplatform.core.Violation(object + "." + field.apiName(), "NOT_A_SELECT",
                    "options are learned only for select and multi-select fields")));
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String text : texts) {
            type.options().stream().filter(option -> option.label().equals(text)).findFirst()
                    .or(() -> type.optionByValue(OptionNames.valueFor(text)))
                    .ifPresent(option -> values.put(text, option.value()));
        }
        return values;
    }

    private FieldDefinition fieldById(FieldId id) {
        return schema().objects().stream().flatMap(object -> object.fields().stream()).filter(field -> field.id().equals(id))
                .findFirst().orElseThrow();
    }

    /** Hides a custom field at once; its stored values stay until {@link #purgeField}. */
    public void deleteField(String objectApiName, String fieldApiName, Long expectedVersion, String actor) {
        change(actor, (tenant, schema, now) -> {
            ObjectDefinition object = object(schema, objectApiName);
            FieldDefinition field = field(object, fieldApiName);
            checkExpectedVersion(field.version(), expectedVersion, "field " + fieldApiName);
            if (field.builtIn()) {
                throw new PlatformException(ErrorCode.VALIDATION_FAILED, "Built-in fields cannot be deleted.",
                        List.of(new io.metaplatform.core.Violation("field", "BUILT_IN", "is built in")));
            }
            checkGuards(tenant, objectApiName, fieldApiName, "field");
            refuseWhileRead(schema, field, "deleted");
            StoredField before = stored(object, field);
            StoredField after = new StoredField(field.id(), object.id(), field.apiName(), field.label(), field.description(), field.position(),
                    field.type(), field.constraints(), field.storage(), false, now, null, field.version() + 1);
            saveField(tenant, after, field.version(), now);
            uniqueValues.dropUniqueValues(tenant, field.id());
            return new Outcome<>("DELETE_FIELD", "FIELD", field.id().value(), before, after, null);
        });
    }

    /**
     * Removes the stored values of a deleted custom field for good.
     *
     * @return the number of records whose value was removed
     */
    public int purgeField(String objectApiName, FieldId fieldId, String actor) {
        return change(actor, (tenant, schema, now) -> {
            ObjectDefinition object = object(schema, objectApiName);
            StoredField field = store.fields(tenant).stream()
                    .filter(candidate -> candidate.id().equals(fieldId) && candidate.objectId().equals(object.id()))
                    .findFirst().orElseThrow(() -> PlatformException.notFound("Field " + fieldId));
            if (field.deletedAt() == null) {
                throw new PlatformException(ErrorCode.CONFLICT, "Only deleted fields can be purged; delete the field first.");
            }
            if (field.purgedAt() != null) {
                throw new PlatformException(ErrorCode.CONFLICT, "The field was purged already.");
            }
            int removed = records.purge(tenant, object, field.id(), field.storage());
            if (field.storage() instanceof Storage.CustomKey key && key.index() != null) {
                afterCommit(() -> fills.submit(() -> reconcile(tenant, object.id(), key.index())));
            }
            Storage released = field.storage() instanceof Storage.CustomKey key ? key.withIndex(null) : field.storage();
            StoredField after = new StoredField(field.id(), field.objectId(), field.apiName(), field.label(), field.description(),
                    field.position(), field.type(), field.constraints(), released, false, field.deletedAt(), now, field.version() + 1);
            saveField(tenant, after, field.version(), now);
            return new Outcome<>("PURGE_FIELD", "FIELD", field.id().value(), field, after, removed);
        }).result();
    }

    /**
     * Turns the index of a custom field on or off. On: the field takes a free index slot of its kind (or fails with
     * {@code LIMIT_EXCEEDED}) and the values records hold are copied into it in batches, in this transaction, so
     * queries see a complete index the moment it is used. Off: the slot's values are released and the slot is free.
     */
    public FieldDefinition setFieldIndexed(String objectApiName, String fieldApiName, boolean indexed, Long expectedVersion, String actor) {
        FieldId updated = change(actor, (tenant, schema, now) -> {
            ObjectDefinition object = object(schema, objectApiName);
            FieldDefinition field = field(object, fieldApiName);
            checkExpectedVersion(field.version(), expectedVersion, "field " + fieldApiName);
            if (!(field.storage() instanceof Storage.CustomKey key)) {
                throw PlatformException.validation(List.of(new io.metaplatform.core.Violation("indexed", "NOT_INDEXABLE",
                        "only custom fields stored in the record can be indexed; built-in fields have their own columns")));
            }
            Storage storage;
            if (!indexed) {
                if (key.index() != null) {
                    release(tenant, object, key.index());
                }
                storage = key.withIndex(null);
            } else {
                storage = key.index() != null ? key : indexed(key, field.type(), true, tenant, object, "indexed");
                // An assigned slot whose fill was interrupted (say by a restart) is filled again.
                scheduleFill(tenant, object.id(), field.id(), storage);
            }
            StoredField before = stored(object, field);
            StoredField after = new StoredField(field.id(), object.id(), field.apiName(), field.label(), field.description(), field.position(),
                    field.type(), field.constraints(), storage, false, null, null, field.version() + 1);
            saveField(tenant, after, field.version(), now);
            return new Outcome<>("UPDATE_FIELD", "FIELD", field.id().value(), before, after, field.id());
        }).result();
        return fieldById(updated);
    }

    // No record holds a value of a new field, so its slot is filled at once, unless a released slot still holds values.
    private Storage newlyIndexed(Storage storage, FieldType type, Boolean wanted, TenantId tenant, ObjectDefinition object) {
        Storage indexed = indexed(storage, type, wanted, tenant, object, "indexed");
        if (indexed instanceof Storage.CustomKey key && key.index() != null && records.slotEmpty(tenant, object, key.index())) {
            return key.indexFilled();
        }
        return indexed;
    }

    /** A custom key storage with an index slot assigned as {@code wanted} asks (see {@link NewField#indexed()}). */
    private Storage indexed(Storage storage, FieldType type, Boolean wanted, TenantId tenant, ObjectDefinition object, String path) {
        if (!(storage instanceof Storage.CustomKey key) || Boolean.FALSE.equals(wanted)) {
            return storage;
        }
        Optional<String> free = IndexSlots.kindOf(type).flatMap(kind -> IndexSlots.freeSlot(kind, takenSlots(tenant, object)));
        if (free.isPresent()) {
            return key.withIndex(free.get());
        }
        if (Boolean.TRUE.equals(wanted)) {
            if (IndexSlots.kindOf(type).isEmpty()) {
                throw PlatformException.validation(List.of(new io.metaplatform.core.Violation(path, "NOT_INDEXABLE",
                        type.kind() + " fields cannot be indexed")));
            }
            throw new PlatformException(ErrorCode.LIMIT_EXCEEDED, "The object " + object.apiName() + " has no free index slot for "
                    + type.kind() + " fields; turn indexing off on another field first.");
        }
        return storage;
    }

    private Set<String> takenSlots(TenantId tenant, ObjectDefinition object) {
        Set<String> taken = new HashSet<>();
        for (StoredField field : store.fields(tenant)) {
            if (field.objectId().equals(object.id()) && field.purgedAt() == null && field.storage() instanceof Storage.CustomKey key
                    && key.index() != null) {
                taken.add(key.index());
            }
        }
        return taken;
    }

    // A type change keeps the slot when the new type is stored the same way in it; otherwise the slot is released
    // and, if the new type can be indexed, a slot of its kind is taken (and filled after the change is saved).
    private Storage reindexForType(TenantId tenant, ObjectDefinition object, FieldDefinition field, FieldType newType) {
        if (!(field.storage() instanceof Storage.CustomKey key) || key.index() == null || newType.getClass() == field.type().getClass()
                && IndexSlots.kindOf(newType).isPresent()) {
            return field.storage();
        }
        release(tenant, object, key.index());
        Storage released = key.withIndex(null);
        return IndexSlots.kindOf(newType).isEmpty() ? released : indexed(released, newType, null, tenant, object, "type");
    }

    /**
     * Rows of a field's index slot filled so far by the running fill on this instance; empty when no fill of the field
     * runs here (none needed, or finished: then the field's storage says {@code indexReady}).
     */
    public OptionalLong indexFillProgress(FieldId field) {
        Long filled = fillProgress.get(field);
        return filled == null ? OptionalLong.empty() : OptionalLong.of(filled);
    }

    // After the assigning transaction commits, in the background: wait out every transaction that may still write
    // without knowing the slot, copy the values in batches (each its own short transaction), then mark the slot filled.
    private void scheduleFill(TenantId tenant, ObjectId object, FieldId field, Storage storage) {
        if (storage instanceof Storage.CustomKey key && key.index() != null && !key.indexReady()) {
            afterCommit(() -> queueFill(tenant, object, field, key.index()));
        }
    }

    // At most one fill of a field and slot waits in the queue; one that runs does not count (a change while it runs
    // queues another, which finds the field filled or fills it again).
    private void queueFill(TenantId tenant, ObjectId object, FieldId field, String slot) {
        String key = field.value() + "/" + slot;
        if (!queuedFills.add(key)) {
            return;
        }
        try {
            fills.submit(() -> {
                queuedFills.remove(key);
                fill(tenant, object, field, slot);
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            queuedFills.remove(key);
        }
    }

    private void fill(TenantId tenant, ObjectId objectId, FieldId fieldId, String slot) {
        try {
            TenantContext.callAs(tenant, () -> {
                fillProgress.put(fieldId, 0L);
                if (!Boolean.TRUE.equals(transactions.execute(status -> records.awaitRunningTransactions(FILL_WAIT)))) {
                    LOG.warn("Index fill of field {} waits for transactions older than {}; it resumes when this instance next loads"
                            + " the tenant's schema", fieldId.value(), FILL_WAIT);
                    return null;
                }
                UUID last = null;
                do {
                    UUID after = last;
                    last = retryingConflicts(() -> transactions.execute(status -> pendingFill(assembler.current(tenant), objectId, fieldId, slot)
                            .map(target -> records.fillSlot(tenant, target.object(), slot, target.field(), after, FILL_BATCH)).orElse(null)));
                    fillProgress.merge(fieldId, (long) FILL_BATCH, Long::sum);
                } while (last != null);
                change("system:index-fill", (t, schema, now) -> {
                    Optional<FillTarget> target = pendingFill(schema, objectId, fieldId, slot);
                    if (target.isEmpty()) {
                        return new Outcome<>("UPDATE_FIELD", "FIELD", fieldId.value(), null, null, null);
                    }
                    FieldDefinition field = target.get().field();
                    StoredField before = stored(target.get().object(), field);
                    StoredField after = new StoredField(field.id(), objectId, field.apiName(), field.label(), field.description(),
                            field.position(), field.type(), field.constraints(), ((Storage.CustomKey) field.storage()).indexFilled(), false,
                            null, null, field.version() + 1);
                    saveField(t, after, field.version(), now);
                    return new Outcome<>("UPDATE_FIELD", "FIELD", fieldId.value(), before, after, null);
                });
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("Index fill of field {} failed; it resumes when this instance next loads the tenant's schema", fieldId.value(), e);
        } finally {
            fillProgress.remove(fieldId);
        }
    }

    /**
     * Runs one fill batch, again when it lost a deadlock or a serialization conflict with concurrent writers (its rows
     * go in id order, a writer's in its own): such a batch rolled back whole, so running it again loses and doubles
     * nothing. Up to five tries with a growing pause; then the failure stands.
     */
    private static <T> T retryingConflicts(java.util.function.Supplier<T> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                return batch.get();
            } catch (RuntimeException e) {
                if (attempt >= 5 || !isConflict(e)) {
                    throw e;
                }
                try {
                    Thread.sleep(50L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    // SQLSTATE class 40: transaction rollback (40P01 deadlock detected, 40001 serialization failure).
    private static boolean isConflict(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("40")) {
                return true;
            }
        }
        return false;
    }

    // Empties a slot a field gives up; once older writers (who may still write it) are done, the slot is made right again
    // for whichever field owns it by then (or emptied), so a stale value never outlives them.
    private void release(TenantId tenant, ObjectDefinition object, String slot) {
        records.clearSlot(tenant, new ObjectTable(object), slot);
        afterCommit(() -> fills.submit(() -> reconcile(tenant, object.id(), slot)));
    }

    private void reconcile(TenantId tenant, ObjectId objectId, String slot) {
        try {
            TenantContext.callAs(tenant, () -> {
                if (!Boolean.TRUE.equals(transactions.execute(status -> records.awaitRunningTransactions(FILL_WAIT)))) {
                    LOG.warn("Index slot {} of object {} not reconciled: older transactions still run", slot, objectId.value());
                    return null;
                }
                UUID last = null;
                do {
                    UUID after = last;
                    last = retryingConflicts(() -> transactions.execute(status -> {
                        Optional<ObjectDefinition> object = assembler.current(tenant).objects().stream()
                                .filter(candidate -> candidate.id().equals(objectId)).findFirst();
                        if (object.isEmpty()) {
                            return null;
                        }
                        FieldDefinition owner = object.get().fields().stream()
                                .filter(field -> field.storage() instanceof Storage.CustomKey key && slot.equals(key.index()))
                                .findFirst().orElse(null);
                        return records.fillSlot(tenant, object.get(), slot, owner, after, FILL_BATCH);
                    }));
                } while (last != null);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("Index slot {} of object {} not reconciled", slot, objectId.value(), e);
        }
    }

    private record FillTarget(ObjectDefinition object, FieldDefinition field) {
    }

    // The field as the fill started it: still at this slot and not yet filled (else the fill has nothing to do).
    private static Optional<FillTarget> pendingFill(EffectiveSchema schema, ObjectId objectId, FieldId fieldId, String slot) {
        return schema.objects().stream().filter(object -> object.id().equals(objectId)).findFirst()
                .flatMap(object -> object.field(fieldId)
                        .filter(field -> field.storage() instanceof Storage.CustomKey key && slot.equals(key.index()) && !key.indexReady())
                        .map(field -> new FillTarget(object, field)));
    }

    @PreDestroy
    void stopFills() {
        fills.shutdownNow();
    }

    public ObjectDefinition createObject(NewObject request, String actor) {
        ObjectId id = change(actor, (tenant, schema, now) -> {
            Violations violations = new Violations();
            Set<String> taken = new HashSet<>();
            schema.objects().forEach(object -> taken.add(object.apiName().value()));
            checkNewApiName(request.apiName(), "apiName", taken, violations);
            checkLabel(request.labelSingular(), "labelSingular", violations);
            if (request.labelPlural() != null) {
                checkLabel(request.labelPlural(), "labelPlural", violations);
            }
            checkDescription(request.description(), violations);
            violations.throwIfAny();
            long custom = schema.objects().stream().filter(object -> !object.builtIn()).count();
            if (custom >= quotas.customObjects()) {
                throw new PlatformException(ErrorCode.LIMIT_EXCEEDED, "The tenant has " + custom + " custom objects, the most allowed.");
            }
            ObjectId objectId = ObjectId.random();
            String singular = label(request.labelSingular(), ApiName.of(request.apiName()).typeName());
            int position = schema.objects().stream().mapToInt(ObjectDefinition::position).max().orElse(0) + 10;
            StoredObject object = new StoredObject(objectId, ApiName.of(request.apiName()), singular,
                    request.labelPlural() == null || request.labelPlural().isBlank() ? singular + "s" : request.labelPlural().strip(),
                    request.description(), position, false, null, 1);
            store.insertObject(tenant, object, now);
            return new Outcome<>("CREATE_OBJECT", "OBJECT", objectId.value(), null, object, objectId);
        }).result();
        return schema().object(id).orElseThrow();
    }

    public ObjectDefinition updateObject(String objectApiName, ObjectChange change, Long expectedVersion, String actor) {
        ObjectId id = change(actor, (tenant, schema, now) -> {
            ObjectDefinition object = object(schema, objectApiName);
            checkExpectedVersion(object.version(), expectedVersion, "object " + objectApiName);
            Violations violations = new Violations();
            if (change.apiName() != null && !change.apiName().equals(objectApiName)) {
                checkGuards(tenant, objectApiName, null, "object");
                if (object.builtIn()) {
                    violations.add("apiName", "BUILT_IN", "a built-in object's API name cannot change");
                } else {
                    Set<String> taken = new HashSet<>();
                    schema.objects().forEach(other -> taken.add(other.apiName().value()));
                    checkNewApiName(change.apiName(), "apiName", taken, violations);
                }
            }
            if (change.labelSingular() != null) {
                checkLabel(change.labelSingular(), "labelSingular", violations);
            }
            if (change.labelPlural() != null) {
                checkLabel(change.labelPlural(), "labelPlural", violations);
            }
            checkDescription(change.description(), violations);
            violations.throwIfAny();
            StoredObject before = new StoredObject(object.id(), object.apiName(), object.labelSingular(), object.labelPlural(),
                    object.description(), object.position(), object.builtIn(), null, object.version());
            StoredObject after = new StoredObject(object.id(),
                    change.apiName() == null ? object.apiName() : ApiName.of(change.apiName()),
                    change.labelSingular() == null ? object.labelSingular() : change.labelSingular().strip(),
                    change.labelPlural() == null ? object.labelPlural() : change.labelPlural().strip(),
                    change.description() == null ? object.description() : change.description(), object.position(), object.builtIn(), null,
                    object.version() + 1);
            saveObject(tenant, after, object.version(), now);
            return new Outcome<>("UPDATE_OBJECT", "OBJECT", object.id().value(), before, after, object.id());
        }).result();
        return schema().object(id).orElseThrow();
    }

    /** Hides a custom object and its records; refused while relation fields of other objects point at it. */
    public void deleteObject(String objectApiName, Long expectedVersion, String actor) {
        change(actor, (tenant, schema, now) -> {
            ObjectDefinition object = object(schema, objectApiName);
            checkExpectedVersion(object.version(), expectedVersion, "object " + objectApiName);
            if (object.builtIn()) {
                throw new PlatformException(ErrorCode.VALIDATION_FAILED, "Built-in objects cannot be deleted.",
                        List.of(new io.metaplatform.core.Violation("object", "BUILT_IN", "is built in")));
            }
            checkGuards(tenant, objectApiName, null, "object");
            List<String> referencing = schema.relationsTargeting(object.apiName()).stream()
                    .filter(inverse -> !inverse.source().id().equals(object.id()))
                    .map(inverse -> inverse.source().apiName() + "." + inverse.field().apiName()).toList();
            if (!referencing.isEmpty()) {
                throw new PlatformException(ErrorCode.CONFLICT, "Relation fields point at this object; delete them first: " + referencing);
            }
            StoredObject before = new StoredObject(object.id(), object.apiName(), object.labelSingular(), object.labelPlural(),
                    object.description(), object.position(), false, null, object.version());
            StoredObject after = new StoredObject(object.id(), object.apiName(), object.labelSingular(), object.labelPlural(),
                    object.description(), object.position(), false, now, object.version() + 1);
            saveObject(tenant, after, object.version(), now);
            return new Outcome<>("DELETE_OBJECT", "OBJECT", object.id().value(), before, after, null);
        });
    }

    // ---- managed definitions ----

    /** Whether a field change goes beyond labels, description, position and option labels. */
    private static boolean restructures(FieldDefinition field, FieldChange change) {
        if (change.apiName() != null && !change.apiName().equals(field.apiName().value())) {
            return true;
        }
        if (change.constraints() != null && !change.constraints().equals(field.constraints())) {
            return true;
        }
        return change.type() != null && !sameButOptionLabels(field.type(), change.type());
    }

    private static boolean sameButOptionLabels(FieldType current, FieldType changed) {
        if (current instanceof FieldType.WithOptions before && changed instanceof FieldType.WithOptions after
                && current.getClass() == changed.getClass()) {
            return before.options().stream().map(option -> option.id() + "=" + option.value() + ":" + option.retired()).toList()
                    .equals(after.options().stream().map(option -> option.id() + "=" + option.value() + ":" + option.retired()).toList());
        }
        return current.equals(changed);
    }

    private void checkGuards(TenantId tenant, String objectApiName, String fieldApiName, String what) {
        for (DefinitionGuard guard : guards) {
            guard.protection(tenant, objectApiName, fieldApiName).ifPresent(reason -> {
                String path = fieldApiName == null ? objectApiName : objectApiName + "." + fieldApiName;
                throw new PlatformException(ErrorCode.CONFLICT, "The " + what + " " + path + " " + reason
                        + "; only its labels can change.", List.of(new io.metaplatform.core.Violation(what, "MANAGED", reason)));
            });
        }
    }

    // ---- the transaction every change runs in ----

    @FunctionalInterface
    private interface Change<T> {
        Outcome<T> apply(TenantId tenant, EffectiveSchema schema, Instant now);
    }

    private record Outcome<T>(String operation, String targetKind, UUID targetId, Object before, Object after, T result) {
    }

    private record Applied<T>(long version, T result) {
    }

    /** The version an {@link #inOneVersion} call bumped to, while its changes run on this thread. */
    private record OneVersion(TenantId tenant, long version) {
    }

    private final ThreadLocal<OneVersion> oneVersion = new ThreadLocal<>();

    /**
     * Runs {@code changes} (calls of this service's change operations for the current tenant) in one
     * transaction with one metadata version bump: every change is logged under that version, caches
     * learn of it once, at commit, and an exception from any change rolls all of them back. The bump
     * comes first, so it locks the tenant's version row: concurrent calls for one tenant serialise,
     * and what {@code changes} reads of the schema is what it changes. Not re-entrant.
     *
     * @return what {@code changes} returned
     * @throws IllegalStateException when called inside another {@code inOneVersion} on this thread
     */
    public <T> T inOneVersion(java.util.function.Supplier<T> changes) {
        TenantId tenant = TenantContext.require();
        if (oneVersion.get() != null) {
            throw new IllegalStateException("inOneVersion is already running on this thread");
        }
        return transactions.execute(status -> {
            oneVersion.set(new OneVersion(tenant, store.bumpVersion(tenant, Instant.now().truncatedTo(ChronoUnit.MICROS))));
            try {
                T result = changes.get();
                afterCommit(() -> currentSchemas.changed(tenant));
                return result;
            } finally {
                oneVersion.remove();
            }
        });
    }

    /**
     * The metadata version a change made outside this service (validation rules, roles, layouts) is logged under, to
     * be called inside that change's transaction: the version of the {@link #inOneVersion} running on this thread, so
     * a package deploy stays one version, or else a fresh bump, which locks the tenant's version row.
     */
    public long versionForChange(TenantId tenant) {
        return nextVersion(tenant, Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    /**
     * Logs a change made outside this service under {@code version} (from {@link #versionForChange}), in its
     * transaction, and tells the schema caches of every instance once it commits, as this service's own changes do.
     */
    public void logChange(TenantId tenant, long version, String actor, String operation, String targetKind, UUID targetId, Object before,
            Object after) {
        store.logChange(tenant, version, actor == null ? "unknown" : actor, Instant.now().truncatedTo(ChronoUnit.MICROS), operation,
                targetKind, targetId, before, after);
        afterCommit(() -> currentSchemas.changed(tenant));
    }

    /**
     * Records a change of who may access what that leaves the metadata as it is (an API key created or revoked) in the
     * metadata change log, at the current version, inside the caller's transaction.
     */
    public void logAccessChange(TenantId tenant, String actor, String operation, String targetKind, UUID targetId, Object before,
            Object after) {
        store.logChange(tenant, store.version(tenant), actor == null ? "unknown" : actor, Instant.now().truncatedTo(ChronoUnit.MICROS),
                operation, targetKind, targetId, before, after);
    }

    private long nextVersion(TenantId tenant, Instant now) {
        OneVersion shared = oneVersion.get();
        if (shared == null) {
            return store.bumpVersion(tenant, now);
        }
        if (!shared.tenant().equals(tenant)) {
            throw new IllegalStateException("inOneVersion for tenant " + shared.tenant() + " cannot change tenant " + tenant);
        }
        return shared.version();
    }

    private <T> Applied<T> change(String actor, Change<T> change) {
        TenantId tenant = TenantContext.require();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try {
            return transactions.execute(status -> {
                long version = nextVersion(tenant, now);
                EffectiveSchema schema = assembler.load(tenant, version - 1);
                Outcome<T> outcome = change.apply(tenant, schema, now);
                store.logChange(tenant, version, actor == null ? "unknown" : actor, now, outcome.operation(), outcome.targetKind(),
                        outcome.targetId(), outcome.before(), outcome.after());
                afterCommit(() -> currentSchemas.changed(tenant));
                return new Applied<>(version, outcome.result());
            });
        } catch (DuplicateKeyException e) {
            throw new PlatformException(ErrorCode.CONFLICT, "Another change created a definition with this API name first.",
                    List.of(new io.metaplatform.core.Violation("apiName", "DUPLICATE", "is already taken")));
        }
    }

    // Inside a caller's transaction the change becomes visible only at its commit; tell the caches then.
    private static void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    // ---- checks ----

    private static ObjectDefinition object(EffectiveSchema schema, String apiName) {
        return schema.object(apiName).orElseThrow(() -> PlatformException.notFound("Object '" + apiName + "'"));
    }

    private static FieldDefinition field(ObjectDefinition object, String apiName) {
        return object.field(apiName).orElseThrow(() -> PlatformException.notFound("Field '" + object.apiName() + "." + apiName + "'"));
    }

    private static void checkExpectedVersion(long actual, Long expected, String what) {
        if (expected != null && expected != actual) {
            throw new PlatformException(ErrorCode.CONFLICT, "The " + what + " changed since version " + expected + "; it is at version "
                    + actual + ". Reload it and apply your change again.");
        }
    }

    private static void checkNewApiName(String apiName, String path, Set<String> taken, Violations violations) {
        if (StorableText.refuseNul(apiName, path, violations)) {
            return;
        }
        if (apiName == null || !ApiName.isValid(apiName)) {
            violations.add(path, "INVALID_API_NAME", "must be lower camel case: a letter, then letters and digits, at most 50");
        } else if (ApiName.isReserved(apiName)) {
            violations.add(path, "RESERVED", "is reserved by the platform");
        } else if (taken.contains(apiName)) {
            violations.add(path, "DUPLICATE", "is already taken");
        }
    }

    private static Set<String> existingFieldNames(EffectiveSchema schema, ObjectDefinition object, FieldId except) {
        Set<String> taken = new HashSet<>();
        object.fields().stream().filter(field -> !field.id().equals(except)).forEach(field -> taken.add(field.apiName().value()));
        schema.relationsTargeting(object.apiName()).forEach(inverse -> {
            if (inverse.relation().inverseName() != null && !inverse.field().id().equals(except)) {
                taken.add(inverse.relation().inverseName().value());
            }
        });
        return taken;
    }

    private static void checkLabel(String label, String path, Violations violations) {
        if (StorableText.refuseNul(label, path, violations)) {
            return;
        }
        violations.check(label == null || (!label.isBlank() && label.strip().length() <= MAX_LABEL), path, "INVALID_LENGTH",
                "must be 1 to " + MAX_LABEL + " characters");
    }

    private static void checkDescription(String description, Violations violations) {
        if (StorableText.refuseNul(description, "description", violations)) {
            return;
        }
        violations.check(description == null || description.length() <= MAX_DESCRIPTION, "description", "INVALID_LENGTH",
                "must be at most " + MAX_DESCRIPTION + " characters");
    }

    /**
     * Parses and checks {@code expression} as a formula over {@code object} of the current tenant: its type and the field
     * paths it reads. Problems are {@link ErrorCode#VALIDATION_FAILED} on {@code expression}, with their positions.
     */
    public io.metaplatform.registry.formula.CheckedFormula checkFormula(String object, String expression) {
        EffectiveSchema schema = schema();
        return checked(schema, object(schema, object), expression);
    }

    static io.metaplatform.registry.formula.CheckedFormula checked(EffectiveSchema schema, ObjectDefinition object, String expression) {
        try {
            return io.metaplatform.registry.formula.FormulaChecker.check(schema, object, expression);
        } catch (io.metaplatform.registry.formula.FormulaException e) {
            Violations violations = new Violations();
            DerivedFieldChecks.report(e, "expression", violations);
            throw PlatformException.validation(violations.list());
        }
    }

    /** The field paths a derived field reads, as its expression names them ({@code company.city}); empty for other fields. */
    public static List<String> dependencies(EffectiveSchema schema, ObjectDefinition object, FieldDefinition field) {
        return switch (field.type()) {
            case FieldType.Formula formula -> {
                try {
                    yield io.metaplatform.registry.formula.FormulaChecker.check(schema, object, formula.expression(), field.id()).dependencies();
                } catch (io.metaplatform.registry.formula.FormulaException e) {
                    yield List.of();
                }
            }
            case FieldType.Rollup rollup -> rollup.relation() == null ? List.of() : rollup.field() == null
                    ? List.of(rollup.relation().value()) : List.of(rollup.relation() + "." + rollup.field());
            default -> List.of();
        };
    }

    /** A field that formulas or rollups read keeps its name, type and existence while they do: they name it in their expressions. */
    private static void refuseWhileRead(EffectiveSchema schema, FieldDefinition field, String what) {
        List<String> readers = DerivedFieldChecks.dependents(schema, field.id());
        if (!readers.isEmpty()) {
            throw new PlatformException(ErrorCode.CONFLICT, "The field " + field.apiName() + " cannot be " + what.replace("change its type",
                    "given another type") + " while derived fields read it: " + String.join(", ", readers) + ". Change or delete them first.",
                    List.of(new io.metaplatform.core.Violation("field", "REFERENCED_BY_DERIVED_FIELD", "is read by " + String.join(", ", readers))));
        }
    }

    // A change that formulas reading the field could notice: another kind of value, another relation target, another result.
    private static boolean changesKind(FieldType before, FieldType after) {
        if (after == null || before.equals(after)) {
            return false;
        }
        if (before.getClass() != after.getClass()) {
            return true;
        }
        return switch (before) {
            case FieldType.Relation relation -> !relation.target().equals(((FieldType.Relation) after).target());
            case FieldType.Formula formula -> formula.resultKind() != ((FieldType.Formula) after).resultKind();
            default -> false;
        };
    }

    private static void rejectOnBuiltIn(Object value, String path, Violations violations) {
        if (value != null) {
            violations.add(path, "BUILT_IN", "cannot change on a built-in field");
        }
    }

    private static void checkType(EffectiveSchema schema, ObjectDefinition object, FieldType type, FieldDefinition existing, String path,
            Violations violations) {
        FieldValues.checkStorable(type, path, violations);
        if (type instanceof FieldType.Derived derived) {
            DerivedFieldChecks.check(schema, object, derived, existing == null ? null : existing.id(), path, violations);
        }
        if (!(type instanceof FieldType.Relation relation)) {
            return;
        }
        Optional<ObjectDefinition> target = schema.object(relation.target().value());
        if (target.isEmpty()) {
            violations.add(path + ".target", "UNKNOWN_OBJECT", "names no object of this tenant");
            return;
        }
        if (relation.inverseName() != null) {
            Set<String> taken = existingFieldNames(schema, target.get(), existing == null ? null : existing.id());
            if (ApiName.isReserved(relation.inverseName().value()) || taken.contains(relation.inverseName().value())) {
                violations.add(path + ".inverseName", "DUPLICATE", "is already a field of " + relation.target());
            }
        }
    }

    private static void checkConstraints(FieldType type, Constraints constraints, Violations violations) {
        FieldValues.checkStorable(constraints, "constraints", violations);
        FieldValues.checkConstraintDefinition(type, constraints, "constraints", violations);
        if (constraints.defaultValue() != null) {
            FieldDefinition probe = new FieldDefinition(FieldId.random(), ApiName.of("probe"), null, null, 0, type,
                    constraints.withDefault(null), new Storage.Computed(), false, 0);
            FieldValues.parse(probe, constraints.defaultValue(), "constraints.defaultValue", "EUR", violations);
        }
    }

    private void checkFieldQuotas(TenantId tenant, ObjectDefinition object, Constraints constraints) {
        List<StoredField> fields = store.fields(tenant).stream()
                .filter(field -> field.objectId().equals(object.id()) && !field.builtIn() && field.purgedAt() == null).toList();
        if (fields.size() >= quotas.fieldsPerObject()) {
            throw new PlatformException(ErrorCode.LIMIT_EXCEEDED, "The object " + object.apiName() + " has " + fields.size()
                    + " custom fields (deleted but not purged included), the most allowed.");
        }
        long unique = fields.stream().filter(field -> field.deletedAt() == null && field.constraints().unique()).count();
        if (constraints != null && constraints.unique() && unique >= quotas.uniqueFieldsPerObject()) {
            throw new PlatformException(ErrorCode.LIMIT_EXCEEDED, "The object " + object.apiName() + " has " + unique
                    + " unique custom fields, the most allowed.");
        }
    }

    private static String label(String label, String fallback) {
        return label == null || label.isBlank() ? fallback : label.strip();
    }

    private static int nextPosition(ObjectDefinition object) {
        return object.fields().stream().mapToInt(FieldDefinition::position).max().orElse(-1) + 1;
    }

    private static Storage storageFor(FieldType type, FieldId id) {
        return switch (type) {
            case FieldType.Relation relation when relation.cardinality() == FieldType.Cardinality.MANY_TO_MANY -> new Storage.Link();
            case FieldType.Formula formula -> new Storage.Computed();
            case FieldType.Rollup rollup -> new Storage.Computed();
            default -> new Storage.CustomKey("f_" + id.value().toString().replace("-", "").substring(0, 12));
        };
    }

    private static StoredField stored(ObjectDefinition object, FieldDefinition field) {
        return new StoredField(field.id(), object.id(), field.apiName(), field.label(), field.description(), field.position(), field.type(),
                field.constraints(), field.storage(), field.builtIn(), null, null, field.version());
    }

    // Built-in fields and objects get an overlay row on their first change.
    private void saveField(TenantId tenant, StoredField field, long expectedVersion, Instant now) {
        if (field.builtIn() && expectedVersion == 0) {
            store.insertField(tenant, field, now);
            return;
        }
        if (!store.updateField(tenant, field, expectedVersion, now)) {
            throw new PlatformException(ErrorCode.CONFLICT, "Another change to this field came first; reload it and try again.");
        }
    }

    private void saveObject(TenantId tenant, StoredObject object, long expectedVersion, Instant now) {
        if (object.builtIn() && expectedVersion == 0) {
            store.insertObject(tenant, object, now);
            return;
        }
        if (!store.updateObject(tenant, object, expectedVersion, now)) {
            throw new PlatformException(ErrorCode.CONFLICT, "Another change to this object came first; reload it and try again.");
        }
    }
}
