package io.metaplatform.registry.internal;

import static io.metaplatform.registry.internal.jooq.Tables.RECORD_UNIQUE;

import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.Violation;
import io.metaplatform.registry.FieldId;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Repository;

/**
 * The {@code record_unique} table: values of unique custom fields, claimed by live records in the record's
 * transaction so that uniqueness needs no DDL. Soft-deleted records release their values.
 */
@Repository
public class UniqueValueStore {

    private final DSLContext db;

    UniqueValueStore(DSLContext db) {
        this.db = db;
    }

    /** The normalised text a unique value is compared by. */
    static String uniqueKey(Object stored) {
        return stored instanceof BigDecimal decimal ? decimal.stripTrailingZeros().toPlainString() : stored.toString();
    }

    /**
     * Serialises the transactions that upsert the same values of a unique field: takes a transaction-scoped
     * advisory lock per (tenant, field, value), in one order for every caller so two batches cannot deadlock.
     * A second upsert of a value waits until the first commits, then finds its record (read committed).
     */
    public void lockUniqueValues(TenantId tenant, FieldId field, Collection<Object> values) {
        if (values.isEmpty()) {
            return;
        }
        Long[] keys = values.stream().map(value -> lockKey(tenant, field, uniqueKey(value))).distinct().sorted().toArray(Long[]::new);
        db.select(DSL.field("pg_advisory_xact_lock(k)"))
                .from(DSL.table("unnest({0}) as t(k)", DSL.val(keys, SQLDataType.BIGINT.array())))
                .fetch();
    }

    private static long lockKey(TenantId tenant, FieldId field, String value) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((tenant.value() + "|" + field.value() + "|").getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(sha.digest(value.getBytes(StandardCharsets.UTF_8))).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Of {@code values} of a custom field, those claimed by records other than {@code except}. */
    Set<String> takenValues(TenantId tenant, FieldId field, Collection<Object> values, Collection<UUID> except) {
        return Set.copyOf(db.select(RECORD_UNIQUE.VALUE).from(RECORD_UNIQUE)
                .where(RECORD_UNIQUE.TENANT_ID.eq(tenant.value()), RECORD_UNIQUE.FIELD_ID.eq(field.value()),
                        RECORD_UNIQUE.VALUE.in(values.stream().map(UniqueValueStore::uniqueKey).toList()),
                        except.isEmpty() ? DSL.noCondition() : RECORD_UNIQUE.RECORD_ID.notIn(except))
                .fetch(RECORD_UNIQUE.VALUE));
    }

    /** Claims unique values of custom fields; a concurrent claim of the same value fails on the primary key. */
    public void claimUnique(TenantId tenant, FieldId field, Map<UUID, Object> valueByRecord) {
        if (valueByRecord.isEmpty()) {
            return;
        }
        var insert = db.insertInto(RECORD_UNIQUE, RECORD_UNIQUE.TENANT_ID, RECORD_UNIQUE.FIELD_ID, RECORD_UNIQUE.VALUE, RECORD_UNIQUE.RECORD_ID);
        for (Map.Entry<UUID, Object> entry : valueByRecord.entrySet()) {
            insert = insert.values(tenant.value(), field.value(), uniqueKey(entry.getValue()), entry.getKey());
        }
        insert.execute();
    }

    /** Releases unique values of records (deleted records, changed values); {@code field} null for every field. */
    public void releaseUnique(TenantId tenant, FieldId field, Collection<UUID> recordIds) {
        if (recordIds.isEmpty()) {
            return;
        }
        db.deleteFrom(RECORD_UNIQUE).where(RECORD_UNIQUE.TENANT_ID.eq(tenant.value()), RECORD_UNIQUE.RECORD_ID.in(recordIds),
                field == null ? DSL.noCondition() : RECORD_UNIQUE.FIELD_ID.eq(field.value())).execute();
    }

    /**
     * Fills the unique-value table for a field that just became unique from the values its live records hold;
     * duplicates among them fail.
     */
    public void indexUniqueValues(TenantId tenant, FieldId fieldId, Map<UUID, Object> liveValues) {
        Map<String, List<UUID>> byValue = new LinkedHashMap<>();
        liveValues.forEach((id, value) -> byValue.computeIfAbsent(uniqueKey(value), text -> new ArrayList<>()).add(id));
        List<String> duplicated = byValue.entrySet().stream().filter(entry -> entry.getValue().size() > 1).map(Map.Entry::getKey).limit(20)
                .toList();
        if (!duplicated.isEmpty()) {
            throw PlatformException.validation(List.of(new Violation("constraints.unique",
                    "DUPLICATE_VALUES", "live records share these values: " + duplicated)));
        }
        Map<UUID, Object> claims = new LinkedHashMap<>();
        byValue.forEach((text, ids) -> claims.put(ids.getFirst(), text));
        claimUnique(tenant, fieldId, claims);
    }

    public void dropUniqueValues(TenantId tenant, FieldId field) {
        db.deleteFrom(RECORD_UNIQUE).where(RECORD_UNIQUE.TENANT_ID.eq(tenant.value()), RECORD_UNIQUE.FIELD_ID.eq(field.value())).execute();
    }
}
