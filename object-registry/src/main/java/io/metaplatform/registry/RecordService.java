package io.metaplatform.registry;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
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
    private final TransactionTemplate readOnly;
    private final TenantCurrency currency;

    RecordService(SchemaAssembler schemas, CurrentSchemas currentSchemas, RowStore store, LinkStore links, ChangeLogStore changeLog, RecordWriter writer,
            RecordQueries queries, TransactionTemplate transactions, ObjectProvider<TenantCurrency> currency) {
        this.schemas = schemas;
        this.currentSchemas = currentSchemas;
        this.store = store;
        this.links = links;
        this.changeLog = changeLog;
        this.writer = writer;
        this.queries = queries;
        this.transactions = transactions;
        this.readOnly = new TransactionTemplate(java.util.Objects.requireNonNull(transactions.getTransactionManager()));
        this.readOnly.setReadOnly(true);
        this.currency = currency.getIfAvailable(() -> tenant -> "EUR");
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
            List<UUID> ids = writer.create(tenant, schema, definition, values, upsertOn, currency.defaultCurrency(tenant), actor, now).ids();
            Map<UUID, DataRecord> byId = new java.util.HashMap<>();
            store.fetchByIds(tenant, new ObjectTable(definition, null, schema), ids, false)
                    .forEach(row -> byId.put(row.id(), RecordQueries.present(definition, row)));
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
            writer.update(tenant, schema, definition, id, changes, expectedVersion, currency.defaultCurrency(tenant), actor, now);
            return fetch(tenant, schema, definition, id, false).orElseThrow();
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
            List<UUID> ids = queries.matchingIds(tenant, schema, definition, filter, MAX_BULK_UPDATE + 1);
            if (ids.size() > MAX_BULK_UPDATE) {
                throw new PlatformException(ErrorCode.LIMIT_EXCEEDED, "More than " + MAX_BULK_UPDATE
                        + " records match; narrow the filter.");
            }
            if (!ids.isEmpty()) {
                writer.updateAll(tenant, schema, definition, ids, changes, currency.defaultCurrency(tenant), actor, now);
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
            writer.updateEach(tenant, schema, definition, changesById, currency.defaultCurrency(tenant), actor, now);
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
        return write((tenant, schema, definition, now) -> writer.delete(tenant, schema, definition, ids, actor, now), object);
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
        return read(object, (tenant, schema, definition) -> changeLog.changesAfter(tenant, definition.id().value(), after,
                Math.min(Math.max(limit, 1), MAX_CHANGES_PER_READ)));
    }

    /** The position of the newest settled change of {@code object}'s records ({@link ChangePosition#START} if none): where a new reader starts. */
    public ChangePosition lastChange(String object) {
        return read(object, (tenant, schema, definition) -> changeLog.lastChange(tenant, definition.id().value()));
    }

    /** Soft-deletes a record; relations pointing at it follow their on-delete rule. */
    public void delete(String object, UUID id, String actor) {
        write((tenant, schema, definition, now) -> {
            if (fetch(tenant, schema, definition, id, false).isEmpty()) {
                throw PlatformException.notFound("Record " + id + " of " + object);
            }
            writer.delete(tenant, schema, definition, List.of(id), actor, now);
            return null;
        }, object);
    }

    public DataRecord restore(String object, UUID id, String actor) {
        return write((tenant, schema, definition, now) -> {
            writer.restore(tenant, definition, id, actor, now);
            return fetch(tenant, schema, definition, id, false).orElseThrow();
        }, object);
    }

    /** Removes a record for good with its history; relations pointing at it follow their on-delete rule. */
    public void destroy(String object, UUID id, String actor) {
        write((tenant, schema, definition, now) -> {
            if (fetch(tenant, schema, definition, id, true).isEmpty()) {
                throw PlatformException.notFound("Record " + id + " of " + object);
            }
            writer.destroy(tenant, schema, definition, List.of(id), actor, now);
            return null;
        }, object);
    }

    public Optional<DataRecord> get(String object, UUID id) {
        return read(object, (tenant, schema, definition) -> fetch(tenant, schema, definition, id, false));
    }

    /** Live records among {@code ids}, in id order; unknown ids are left out. */
    public List<DataRecord> getMany(String object, Collection<UUID> ids) {
        return read(object, (tenant, schema, definition) -> store.fetchByIds(tenant, new ObjectTable(definition, null, schema), ids, false).stream()
                .map(row -> RecordQueries.present(definition, row)).toList());
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
            io.metaplatform.registry.formula.CheckedFormula formula = MetadataService.checked(schema, definition, expression);
            Object value = queries.evaluate(tenant, schema, definition, id, formula)
                    .orElseThrow(() -> PlatformException.notFound("Record " + id + " of " + object));
            return value == RecordQueries.NULL ? null : value;
        });
    }

    public RecordPage list(String object, RecordQuery query) {
        return read(object, (tenant, schema, definition) -> queries.page(tenant, schema, definition, query));
    }

    public List<Aggregation.Row> aggregate(String object, Aggregation.Query query) {
        return read(object, (tenant, schema, definition) -> queries.aggregate(tenant, schema, definition, query));
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
            return queries.pageByParents(tenant, schema, definition, field, parents, query);
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
            return links.links(tenant, field, new ObjectTable(target), ids);
        });
    }

    /** The links of one record through the many-to-many {@code relation}; see {@link #links(String, String, Collection)}. */
    public List<RecordLink> links(String object, String relation, UUID id) {
        return links(object, relation, List.of(id)).getOrDefault(id, List.of());
    }

    /** The newest {@code limit} writes of each record, in one statement. */
    public Map<UUID, List<RecordChangeEntry>> histories(String object, Collection<UUID> ids, int limit) {
        return read(object, (tenant, schema, definition) -> changeLog.histories(tenant, ids, Math.min(Math.max(limit, 1), 500)));
    }

    /** A record's writes, newest first. */
    public List<RecordChangeEntry> history(String object, UUID id, int limit) {
        return read(object, (tenant, schema, definition) -> changeLog.history(tenant, id, Math.min(Math.max(limit, 1), 500)));
    }

    private Optional<DataRecord> fetch(TenantId tenant, EffectiveSchema schema, ObjectDefinition definition, UUID id, boolean withDeleted) {
        return store.fetchByIds(tenant, new ObjectTable(definition, null, schema), List.of(id), withDeleted).stream().findFirst()
                .map(row -> RecordQueries.present(definition, row));
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
     * Runs {@code work} with every read of this service in one read-only transaction: one connection and one
     * tenant setting for, say, all levels of an API query, instead of a transaction per read. The reads inside take
     * the schema this instance knows, as a read that owns its transaction does (a read-only transaction cannot
     * have changed the metadata). Nothing is committed; a write inside fails. Runs on the calling thread; work
     * that continues on another thread opens its own transactions there.
     */
    public <T> T inOneReadTransaction(Supplier<T> work) {
        return readOnly.execute(status -> {
            status.setRollbackOnly();
            return work.get();
        });
    }

    /**
     * Runs {@code work} in a read-only transaction. A read that owns its transaction takes the schema this
     * instance knows (the one the GraphQL schema was built from: dropped on this instance when a metadata change
     * commits, on the others through Redis or the periodic recheck), which saves a version read per transaction;
     * inside a caller's transaction, which may have changed the metadata itself, it reads the version there.
     */
    private <T> T read(String object, Read<T> work) {
        TenantId tenant = TenantContext.require();
        boolean knownSchema = !TransactionSynchronizationManager.isActualTransactionActive()
                || TransactionSynchronizationManager.isCurrentTransactionReadOnly();
        return transactions.execute(status -> {
            status.setRollbackOnly();
            EffectiveSchema schema = knownSchema ? currentSchemas.get(tenant, () -> schemas.current(tenant)) : schemas.current(tenant);
            return work.apply(tenant, schema, definition(schema, object));
        });
    }

    private static ObjectDefinition definition(EffectiveSchema schema, String object) {
        return schema.object(object).orElseThrow(() -> PlatformException.notFound("Object '" + object + "'"));
    }

}
