package io.metaplatform.registry;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.StatementReads;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantId;
import io.metaplatform.registry.internal.CurrentSchemas;
import io.metaplatform.registry.internal.ObjectTable;
import io.metaplatform.registry.internal.RecordQueries;
import io.metaplatform.registry.internal.ChangeLogStore;
import io.metaplatform.registry.internal.LinkStore;
import io.metaplatform.registry.internal.RowStore;
import io.metaplatform.registry.internal.RecordWriter;
import io.metaplatform.registry.internal.SchemaAssembler;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import io.metaplatform.registry.RecordPolicy.Operation;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records of any object of the current tenant ({@link TenantContext}), read and written through its
 * effective definition. Every write is validated completely before anything is stored (all violations
 * reported at once, {@link ErrorCode#VALIDATION_FAILED}), runs in one transaction with its change-log
 * entries, and leaves nothing behind when it fails. Thread-safe.
 */
@Service
public class RecordService {

    private final SchemaAssembler schemas;
    private final CurrentSchemas currentSchemas;
    private final RowStore store;
    private final LinkStore links;
    private final ChangeLogStore changeLog;
    private final RecordWriter writer;
    private final RecordQueries queries;
    private final TransactionTemplate transactions;
    private final StatementReads reads;
    private final TenantCurrency currency;
    private final RecordPolicies policies;

    RecordService(SchemaAssembler schemas, CurrentSchemas currentSchemas, RowStore store, LinkStore links, ChangeLogStore changeLog, RecordWriter writer,
            RecordQueries queries, TransactionTemplate transactions, ObjectProvider<TenantCurrency> currency,
            ObjectProvider<RecordPolicies> policies, StatementReads reads) {
        this.schemas = schemas;
        this.currentSchemas = currentSchemas;
        this.store = store;
        this.links = links;
        this.changeLog = changeLog;
        this.writer = writer;
        this.queries = queries;
        this.transactions = transactions;
        this.reads = reads;
        this.currency = currency.getIfAvailable(() -> tenant -> "EUR");
        // Until the permissions model provides its policies, every caller keeps today's unrestricted access.
        this.policies = policies.getIfAvailable(RecordPolicies::unrestricted);
    }

    public DataRecord create(String object, Map<String, Object> values, String actor) {
        return createMany(object, List.of(values), null, actor).getFirst();
    }

    /**
     * Creates records in one transaction; with {@code upsertOn} (a unique field), inputs whose value of
     * that field matches a live record update it instead. Returns the records in input order. Concurrent
     * upserts of one value all succeed: one creates the record, the others update it, one after another.
     */
    public List<DataRecord> createMany(String object, List<Map<String, Object>> values, String upsertOn, String actor) {
        return write(upsertOn == null ? 1 : UPSERT_ATTEMPTS, (tenant, schema, definition, now) -> {
            RecordAccess access = upsertOn == null ? access(schema, definition).require(Operation.CREATE)
                    : access(schema, definition).require(Operation.CREATE, Operation.UPDATE);
            access.checkEditable(values, values.size() != 1 || upsertOn != null);
            if (upsertOn != null) {
                refuseUnwritableUpsertTargets(tenant, schema, definition, access, values, upsertOn);
            }
            List<UUID> ids = writer.create(tenant, schema, definition, values, upsertOn, currency.defaultCurrency(tenant), actor, now).ids();
            enforceWriteRule(tenant, schema, definition, access, ids);
            Map<UUID, DataRecord> byId = new java.util.HashMap<>();
            store.fetchByIds(tenant, new ObjectTable(definition, null, schema), ids, false)
                    .forEach(row -> byId.put(row.id(), access.present(RecordQueries.present(definition, row))));
            return ids.stream().map(byId::get).toList();
        }, object);
    }

    /**
     * Changes the given fields of a live record; fields not named stay as they are, {@code null} clears.
     *
     * @param expectedVersion when given, the write fails with {@link ErrorCode#CONFLICT} unless the record is at this version
     */
    public DataRecord update(String object, UUID id, Map<String, Object> changes, Integer expectedVersion, String actor) {
        return write((tenant, schema, definition, now) -> {
            RecordAccess access = access(schema, definition).require(Operation.UPDATE);
            access.checkEditable(List.of(changes), false);
            requireWritable(tenant, schema, definition, access, id, false);
            writer.update(tenant, schema, definition, id, changes, expectedVersion, currency.defaultCurrency(tenant), actor, now);
            enforceWriteRule(tenant, schema, definition, access, List.of(id));
            return fetch(tenant, schema, definition, id, false).map(access::present).orElseThrow();
        }, object);
    }

    /** How often an upsert that lost a race on its unique value to a plain write runs again. */
    private static final int UPSERT_ATTEMPTS = 3;

    /** Most records one {@link #updateMany} may change. */
    public static final int MAX_BULK_UPDATE = 10_000;

    /**
     * Applies the same changes to every live record matching {@code filter}, in one transaction.
     *
     * @return the number of records changed
     * @throws PlatformException {@link ErrorCode#LIMIT_EXCEEDED} when more than {@link #MAX_BULK_UPDATE} records match
     */
    public int updateMany(String object, Filter filter, Map<String, Object> changes, String actor) {
        return write((tenant, schema, definition, now) -> {
            RecordAccess access = access(schema, definition).require(Operation.UPDATE);
            access.checkEditable(List.of(changes), false);
            // Only records the caller may write are matched, so only they change.
            List<UUID> ids = queries.matchingIds(tenant, schema, definition, access.writable(filter, "filter"), MAX_BULK_UPDATE + 1);
            if (ids.size() > MAX_BULK_UPDATE) {
                throw new PlatformException(ErrorCode.LIMIT_EXCEEDED, "More than " + MAX_BULK_UPDATE
                        + " records match; narrow the filter.");
            }
            if (!ids.isEmpty()) {
                writer.updateAll(tenant, schema, definition, ids, changes, currency.defaultCurrency(tenant), actor, now);
                enforceWriteRule(tenant, schema, definition, access, ids);
            }
            return ids.size();
        }, object);
    }

    /**
     * Applies different changes to each of several live records in one transaction and one batch;
     * fields not named stay as they are, {@code null} clears. Nothing is written unless every input is valid.
     *
     * @param changesById record id to its changes; violations name the input by its position in this
     *     map's iteration order ({@code [index].field}, or {@code [index]} with {@code NOT_FOUND} for a
     *     record that is not live)
     */
    public void updateEach(String object, Map<UUID, Map<String, Object>> changesById, String actor) {
        if (changesById.isEmpty()) {
            return;
        }
        write((tenant, schema, definition, now) -> {
            RecordAccess access = access(schema, definition).require(Operation.UPDATE);
            access.checkEditable(List.copyOf(changesById.values()), true);
            requireWritable(tenant, schema, definition, access, List.copyOf(changesById.keySet()));
            writer.updateEach(tenant, schema, definition, changesById, currency.defaultCurrency(tenant), actor, now);
            enforceWriteRule(tenant, schema, definition, access, List.copyOf(changesById.keySet()));
            return null;
        }, object);
    }

    /**
     * Soft-deletes the live records among {@code ids} in one transaction; unknown and already deleted
     * ids are skipped. Relations pointing at them follow their on-delete rule.
     *
     * @return how many records were deleted
     */
    public int deleteMany(String object, Collection<UUID> ids, String actor) {
        if (ids.isEmpty()) {
            return 0;
        }
        return write((tenant, schema, definition, now) -> {
            RecordAccess access = access(schema, definition).require(Operation.DELETE);
            return writer.delete(tenant, schema, definition, deletable(tenant, schema, definition, access, ids), actor, now);
        }, object);
    }

    /** Most entries one {@link #changesAfter} returns. */
    public static final int MAX_CHANGES_PER_READ = 1_000;

    /**
     * The change log of {@code object}'s records after {@code after}, oldest first, at most {@code limit}
     * (capped at {@link #MAX_CHANGES_PER_READ}), in one statement. Only changes of finished transactions
     * are returned, and only once no running transaction could still add one before them: a reader that
     * continues from the last position it saw never misses a change (an outbox for connector push).
     */
    public List<PositionedChange> changesAfter(String object, ChangePosition after, int limit) {
        int capped = Math.min(Math.max(limit, 1), MAX_CHANGES_PER_READ);
        return read(object, (tenant, schema, definition) -> {
            RecordAccess access = access(schema, definition).require(Operation.READ);
            if (access.full()) {
                return changeLog.changesAfter(tenant, definition.id().value(), after, capped);
            }
            return queries.changesAfter(tenant, schema, definition, after, capped, access.readRule()).stream()
                    .map(change -> new PositionedChange(change.position(), access.present(change.change()))).toList();
        });
    }

    /** The position of the newest settled change of {@code object}'s records ({@link ChangePosition#START} if none): where a new reader starts. */
    public ChangePosition lastChange(String object) {
        return read(object, (tenant, schema, definition) -> {
            access(schema, definition).require(Operation.READ);
            return changeLog.lastChange(tenant, definition.id().value());
        });
    }

    /** Soft-deletes a record; relations pointing at it follow their on-delete rule. */
    public void delete(String object, UUID id, String actor) {
        write((tenant, schema, definition, now) -> {
            RecordAccess access = access(schema, definition).require(Operation.DELETE);
            if (!access.ruled() && fetch(tenant, schema, definition, id, false).isEmpty()) {
                throw PlatformException.notFound("Record " + id + " of " + object);
            }
            requireWritable(tenant, schema, definition, access, id, false);
            writer.delete(tenant, schema, definition, List.of(id), actor, now);
            return null;
        }, object);
    }

    public DataRecord restore(String object, UUID id, String actor) {
        return write((tenant, schema, definition, now) -> {
            RecordAccess access = access(schema, definition).require(Operation.RESTORE);
            requireWritable(tenant, schema, definition, access, id, true);
            writer.restore(tenant, definition, id, actor, now);
            return fetch(tenant, schema, definition, id, false).map(access::present).orElseThrow();
        }, object);
    }

    /** Removes a record for good with its history; relations pointing at it follow their on-delete rule. */
    public void destroy(String object, UUID id, String actor) {
        write((tenant, schema, definition, now) -> {
            RecordAccess access = access(schema, definition).require(Operation.DESTROY);
            if (!access.ruled() && fetch(tenant, schema, definition, id, true).isEmpty()) {
                throw PlatformException.notFound("Record " + id + " of " + object);
            }
            requireWritable(tenant, schema, definition, access, id, true);
            writer.destroy(tenant, schema, definition, List.of(id), actor, now);
            return null;
        }, object);
    }

    public Optional<DataRecord> get(String object, UUID id) {
        return get(object, id, null);
    }

    /**
     * As above, reading only the fields named in {@code fields} ({@code null}: every field); the others are absent from
     * the record's values, and formulas, rollups and many-to-many links not named are not computed.
     */
    public Optional<DataRecord> get(String object, UUID id, java.util.Set<String> fields) {
        return read(object, (tenant, schema, definition) -> visible(tenant, schema, definition, List.of(id), fields).stream().findFirst());
    }

    /** Live records among {@code ids}, in id order; unknown ids are left out. */
    public List<DataRecord> getMany(String object, Collection<UUID> ids) {
        return getMany(object, ids, null);
    }

    /** As above, reading only the fields named in {@code fields} ({@code null}: every field), as {@link #get(String, UUID, java.util.Set)}. */
    public List<DataRecord> getMany(String object, Collection<UUID> ids, java.util.Set<String> fields) {
        return read(object, (tenant, schema, definition) -> visible(tenant, schema, definition, ids, fields));
    }

    /**
     * A dry run: the value {@code expression} (a formula over {@code object}) has on the live record {@code id}, computed
     * by the same SQL a formula field uses; numbers unrounded, {@code null} for a null result.
     *
     * @throws PlatformException {@link ErrorCode#VALIDATION_FAILED} on {@code expression} when the formula does not check,
     *     {@link ErrorCode#NOT_FOUND} when no live record has the id
     */
    public Object evaluate(String object, UUID id, String expression) {
        return read(object, (tenant, schema, definition) -> {
            RecordAccess access = access(schema, definition).require(Operation.READ);
            // A formula may name any field, so only a caller who reads every field and every record may try one.
            if (!access.full()) {
                throw RecordAccess.forbidden("evaluate needs read access to every field and record of " + object,
                        List.of(new io.metaplatform.core.Violation("expression", RecordAccess.FIELD_NOT_READABLE,
                                "a formula dry run needs read access to every field and record")));
            }
            io.metaplatform.registry.formula.CheckedFormula formula = MetadataService.checked(schema, definition, expression);
            Object value = queries.evaluate(tenant, schema, definition, id, formula)
                    .orElseThrow(() -> PlatformException.notFound("Record " + id + " of " + object));
            return value == RecordQueries.NULL ? null : value;
        });
    }

    public RecordPage list(String object, RecordQuery query) {
        return read(object, (tenant, schema, definition) -> {
            RecordAccess access = access(schema, definition).require(Operation.READ);
            if (access.full() && query.filter() == null) {
                return queries.page(tenant, schema, definition, query);
            }
            access.checkSorts(query.sort());
            return present(access, queries.page(tenant, schema, definition, query.where(access.readable(query.filter(), "filter"))));
        });
    }

    public List<Aggregation.Row> aggregate(String object, Aggregation.Query query) {
        return read(object, (tenant, schema, definition) -> {
            RecordAccess access = access(schema, definition).require(Operation.READ);
            return queries.aggregate(tenant, schema, definition, access.aggregation(query));
        });
    }

    /**
     * Pages of the records of {@code object} whose {@code relation} points at each of {@code parents} (the to-many,
     * inverse side of the relation), in one statement for all parents. The relation is many-to-one (the records'
     * column holds the parent) or many-to-many (the records link to the parent among others).
     */
    public Map<UUID, RecordPage> listByParents(String object, String relation, Collection<UUID> parents, RecordQuery query) {
        return read(object, (tenant, schema, definition) -> {
            FieldDefinition field = definition.field(relation)
                    .filter(candidate -> candidate.type() instanceof FieldType.Relation)
                    .orElseThrow(() -> PlatformException.notFound("Relation '" + object + "." + relation + "'"));
            RecordAccess access = access(schema, definition).require(Operation.READ);
            if (access.full() && query.filter() == null) {
                return queries.pageByParents(tenant, schema, definition, field, parents, query);
            }
            access.checkSorts(query.sort());
            access.checkReadable(relation, "relation");
            Map<UUID, RecordPage> pages = queries.pageByParents(tenant, schema, definition, field, parents,
                    query.where(access.readable(query.filter(), "filter")));
            pages.replaceAll((parent, page) -> present(access, page));
            return pages;
        });
    }

    /**
     * Who linked each of {@code ids} to which live records through the many-to-many {@code relation}, and
     * when, oldest link first, in one statement for all ids. Records without links are absent from the map.
     * Link and unlink with {@link #update}: the relation's new list of ids; links it keeps keep their time and author.
     *
     * @throws PlatformException {@link ErrorCode#NOT_FOUND} when {@code relation} is not a many-to-many relation of {@code object}
     */
    public Map<UUID, List<RecordLink>> links(String object, String relation, Collection<UUID> ids) {
        return read(object, (tenant, schema, definition) -> {
            FieldDefinition field = definition.field(relation).filter(candidate -> candidate.storage() instanceof Storage.Link)
                    .orElseThrow(() -> PlatformException.notFound("Many-to-many relation '" + object + "." + relation + "'"));
            ObjectDefinition target = definition(schema, ((FieldType.Relation) field.type()).target().value());
            RecordAccess access = access(schema, definition).require(Operation.READ);
            RecordAccess targetAccess = access.of(target).require(Operation.READ);
            if (access.full() && targetAccess.full()) {
                return links.links(tenant, field, new ObjectTable(target), ids);
            }
            access.checkReadable(relation, "relation");
            Collection<UUID> sources = access.readRule() == null ? ids
                    : queries.byIds(tenant, schema, definition, ids, true, access.readRule(), java.util.Set.of()).stream().map(row -> row.id())
                            .toList();
            return queries.links(tenant, schema, field, target, sources, targetAccess.readRule());
        });
    }

    /** The links of one record through the many-to-many {@code relation}; see {@link #links(String, String, Collection)}. */
    public List<RecordLink> links(String object, String relation, UUID id) {
        return links(object, relation, List.of(id)).getOrDefault(id, List.of());
    }

    /** The newest {@code limit} writes of each record, in one statement. */
    public Map<UUID, List<RecordChangeEntry>> histories(String object, Collection<UUID> ids, int limit) {
        int capped = Math.min(Math.max(limit, 1), 500);
        return read(object, (tenant, schema, definition) -> {
            RecordAccess access = access(schema, definition).require(Operation.READ);
            if (access.full()) {
                return changeLog.histories(tenant, ids, capped);
            }
            Map<UUID, List<RecordChangeEntry>> histories = queries.histories(tenant, schema, definition, ids, capped, access.readRule());
            histories.replaceAll((id, entries) -> entries.stream().map(access::present).toList());
            return histories;
        });
    }

    /** A record's writes, newest first. */
    public List<RecordChangeEntry> history(String object, UUID id, int limit) {
        int capped = Math.min(Math.max(limit, 1), 500);
        return read(object, (tenant, schema, definition) -> {
            RecordAccess access = access(schema, definition).require(Operation.READ);
            if (access.full()) {
                return changeLog.history(tenant, id, capped);
            }
            return queries.history(tenant, schema, definition, id, capped, access.readRule()).stream().map(access::present).toList();
        });
    }

    private Optional<DataRecord> fetch(TenantId tenant, EffectiveSchema schema, ObjectDefinition definition, UUID id, boolean withDeleted) {
        return store.fetchByIds(tenant, new ObjectTable(definition, null, schema), List.of(id), withDeleted).stream().findFirst()
                .map(row -> RecordQueries.present(definition, row));
    }

    private RecordAccess access(EffectiveSchema schema, ObjectDefinition definition) {
        return RecordAccess.of(policies.current(), schema, definition);
    }

    /** The live records among {@code ids} the caller may read, in id order, as it may see them; one statement. */
    private List<DataRecord> visible(TenantId tenant, EffectiveSchema schema, ObjectDefinition definition, Collection<UUID> ids,
            java.util.Set<String> fields) {
        RecordAccess access = access(schema, definition).require(Operation.READ);
        if (access.full()) {
            return store.fetchByIds(tenant, new ObjectTable(definition, null, schema), ids, false, fields).stream()
                    .map(row -> RecordQueries.present(definition, row)).toList();
        }
        return queries.byIds(tenant, schema, definition, ids, false, access.readRule(), fields).stream()
                .map(row -> access.present(RecordQueries.present(definition, row))).toList();
    }

    private static RecordPage present(RecordAccess access, RecordPage page) {
        if (access.full()) {
            return page;
        }
        return new RecordPage(page.edges().stream().map(edge -> edge.withRecord(access.present(edge.record()))).toList(),
                page.hasNextPage(), page.hasPreviousPage(), page.totalCount());
    }

    /**
     * @throws PlatformException {@link ErrorCode#NOT_FOUND} when the caller cannot read the record (or it does not exist),
     *     {@link ErrorCode#FORBIDDEN} ({@value RecordAccess#RECORD_NOT_WRITABLE}) when it can read but not write it
     */
    private void requireWritable(TenantId tenant, EffectiveSchema schema, ObjectDefinition definition, RecordAccess access, UUID id,
            boolean withDeleted) {
        if (!access.ruled()) {
            return;
        }
        Boolean writable = queries.writable(tenant, schema, definition, List.of(id), withDeleted, access.readRule(), access.writeRule()).get(id);
        if (writable == null) {
            throw PlatformException.notFound("Record " + id + " of " + definition.apiName());
        }
        if (!writable) {
            throw RecordAccess.forbidden("Record " + id + " of " + definition.apiName() + " is not writable for the caller",
                    List.of(new io.metaplatform.core.Violation("id", RecordAccess.RECORD_NOT_WRITABLE, "the record is outside the caller's write rule")));
        }
    }

    /** As {@link #requireWritable(TenantId, EffectiveSchema, ObjectDefinition, RecordAccess, UUID, boolean)} for a batch; violations name inputs by position. */
    private void requireWritable(TenantId tenant, EffectiveSchema schema, ObjectDefinition definition, RecordAccess access, List<UUID> ids) {
        if (!access.ruled()) {
            return;
        }
        Map<UUID, Boolean> writable = queries.writable(tenant, schema, definition, ids, false, access.readRule(), access.writeRule());
        io.metaplatform.core.Violations missing = new io.metaplatform.core.Violations();
        List<io.metaplatform.core.Violation> refused = new java.util.ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            Boolean found = writable.get(ids.get(i));
            if (found == null) {
                missing.add("[" + i + "]", "NOT_FOUND", "no live record " + ids.get(i));
            } else if (!found) {
                refused.add(new io.metaplatform.core.Violation("[" + i + "]", RecordAccess.RECORD_NOT_WRITABLE, "the record is outside the caller's write rule"));
            }
        }
        if (!missing.isEmpty()) {
            throw new PlatformException(ErrorCode.NOT_FOUND, "Records not found", missing.list());
        }
        if (!refused.isEmpty()) {
            throw RecordAccess.forbidden("Records not writable for the caller", refused);
        }
    }

    /** The ids a bulk delete removes: those the caller can read (others are skipped like unknown ids), all of them writable. */
    private Collection<UUID> deletable(TenantId tenant, EffectiveSchema schema, ObjectDefinition definition, RecordAccess access,
            Collection<UUID> ids) {
        if (!access.ruled()) {
            return ids;
        }
        Map<UUID, Boolean> writable = queries.writable(tenant, schema, definition, ids, false, access.readRule(), access.writeRule());
        List<io.metaplatform.core.Violation> refused = writable.entrySet().stream().filter(entry -> !entry.getValue())
                .map(entry -> new io.metaplatform.core.Violation(entry.getKey().toString(), RecordAccess.RECORD_NOT_WRITABLE,
                        "the record is outside the caller's write rule")).toList();
        if (!refused.isEmpty()) {
            throw RecordAccess.forbidden("Records not writable for the caller", refused);
        }
        return writable.keySet();
    }

    /** A created or changed record must meet the caller's write rule afterwards; otherwise the whole write is undone. */
    private void enforceWriteRule(TenantId tenant, EffectiveSchema schema, ObjectDefinition definition, RecordAccess access, List<UUID> ids) {
        if (access.writeRule() == null || ids.isEmpty()) {
            return;
        }
        Map<UUID, Boolean> meets = queries.writable(tenant, schema, definition, ids, false, null, access.writeRule());
        List<io.metaplatform.core.Violation> refused = new java.util.ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (!meets.getOrDefault(ids.get(i), false)) {
                refused.add(new io.metaplatform.core.Violation(ids.size() == 1 ? "id" : "[" + i + "]", RecordAccess.WRITE_RULE_VIOLATED,
                        "the written record would be outside the caller's write rule"));
            }
        }
        if (!refused.isEmpty()) {
            throw RecordAccess.forbidden("The write would leave records outside the caller's write rule", refused);
        }
    }

    /**
     * An upsert must not take over a record the caller cannot write: refused when a live record it cannot read and write
     * holds one of the inputs' values of the upsert field.
     */
    private void refuseUnwritableUpsertTargets(TenantId tenant, EffectiveSchema schema, ObjectDefinition definition, RecordAccess access,
            List<Map<String, Object>> values, String upsertOn) {
        Filter writable = access.writable(null, "filter");
        List<Object> keys = values.stream().map(input -> input.get(upsertOn)).filter(java.util.Objects::nonNull).toList();
        if (writable == null || keys.isEmpty()) {
            return;
        }
        Filter hidden = Filter.and(Filter.compare(upsertOn, Filter.Operator.IN, keys), Filter.not(writable));
        if (!queries.matchingIds(tenant, schema, definition, hidden, 1).isEmpty()) {
            throw RecordAccess.forbidden("An upsert matches a record the caller cannot write",
                    List.of(new io.metaplatform.core.Violation(upsertOn, RecordAccess.RECORD_NOT_WRITABLE,
                            "a record with this value exists and is outside the caller's write rule")));
        }
    }

    @FunctionalInterface
    private interface Write<T> {
        T apply(TenantId tenant, EffectiveSchema schema, ObjectDefinition object, Instant now);
    }

    @FunctionalInterface
    private interface Read<T> {
        T apply(TenantId tenant, EffectiveSchema schema, ObjectDefinition object);
    }

    private <T> T write(Write<T> work, String object) {
        return write(1, work, object);
    }

    /**
     * Runs {@code work} in a transaction. Upserts of one value serialise on a lock of that value, so a unique
     * violation is left only to an upsert racing a plain create or update of the value: when this call owns
     * its transaction, it runs again (up to {@code attempts} times) and then finds the winner's record.
     */
    private <T> T write(int attempts, Write<T> work, String object) {
        TenantId tenant = TenantContext.require();
        boolean ownTransaction = !TransactionSynchronizationManager.isActualTransactionActive();
        for (int attempt = 1; ; attempt++) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            try {
                return transactions.execute(status -> {
                    EffectiveSchema schema = schemas.current(tenant);
                    return work.apply(tenant, schema, definition(schema, object), now);
                });
            } catch (DuplicateKeyException e) {
                if (!ownTransaction || attempt >= attempts) {
                    throw new PlatformException(ErrorCode.CONFLICT, "A concurrent write took a unique value first; reload and try again.");
                }
            }
        }
    }

    /**
     * Runs {@code work} as one read: every read of this service inside goes over one connection. Outside a transaction
     * that is a {@link StatementReads statement-scoped} connection: each statement carries the tenant setting in its one
     * round trip, a read-only transaction begun and committed in the same message, and answers as it would in one
     * read-only transaction at read committed (where each statement has a snapshot of its own too); with those switched
     * off by the operator, one read-only transaction.
     * Inside a caller's transaction the reads join it. The reads take the schema this instance knows, as a read that owns
     * its transaction does. Nothing may be written: a transaction begun inside is read-only. Runs on the calling thread;
     * work that continues on another thread opens its own transactions there.
     */
    public <T> T asOneRead(Supplier<T> work) {
        return reads.run(work);
    }

    /**
     * Runs {@code work} as a read. Outside a transaction it runs as {@link #asOneRead one read} of its own: each statement
     * carries the tenant setting in its one round trip (or, switched off, one read-only transaction), and it takes the
     * schema this instance knows (the one the GraphQL schema was built from: dropped on this instance when a metadata
     * change commits, on the others through Redis or the periodic recheck), which saves a version read. Inside a caller's
     * transaction, which may have changed the metadata itself, it joins and reads the version there; a read-only one
     * cannot have, and takes the known schema.
     */
    private <T> T read(String object, Read<T> work) {
        TenantId tenant = TenantContext.require();
        // Inside asOneRead too: reads.run then runs the work on the connection already bound.
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            return reads.run(() -> readWith(tenant, true, object, work));
        }
        // Joined as it is, not through a transaction template, which would mark the caller's transaction rollback-only
        // when the read fails (an unknown object, say) even if the caller handles that and goes on.
        return readWith(tenant, TransactionSynchronizationManager.isCurrentTransactionReadOnly(), object, work);
    }

    private <T> T readWith(TenantId tenant, boolean knownSchema, String object, Read<T> work) {
        EffectiveSchema schema = knownSchema ? currentSchemas.get(tenant, () -> schemas.current(tenant)) : schemas.current(tenant);
        return work.apply(tenant, schema, definition(schema, object));
    }

    private static ObjectDefinition definition(EffectiveSchema schema, String object) {
        return schema.object(object).orElseThrow(() -> PlatformException.notFound("Object '" + object + "'"));
    }

}
