package io.metaplatform.registry.internal;

import static io.metaplatform.registry.internal.jooq.Tables.AUTONUMBER_COUNTER;

import io.metaplatform.core.TenantId;
import io.metaplatform.registry.FieldDefinition;
import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.ObjectDefinition;
import io.metaplatform.registry.Storage;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record2;
import org.jooq.Row2;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Component;

/**
 * Numbers of autonumber fields. A create takes its numbers from the field's counter row in its own transaction (an
 * upsert that adds the batch size and returns the new last value): concurrent creates of one field queue on that row,
 * every number is given once, and a create that rolls back gives its numbers back, so rollbacks leave no gaps.
 * Numbers are never reused: deleted records keep theirs. Formats with {@code {YYYY}} count per calendar year (UTC).
 */
@Component
public class AutoNumbers {

    private static final Pattern COUNTER = Pattern.compile("\\{(0{1,18})}");
    private static final int BACKFILL_CHUNK = 1_000;

    private final DSLContext db;

    AutoNumbers(DSLContext db) {
        this.db = db;
    }

    /** Gives every new row its number of every autonumber field of {@code object}, in row order. */
    void assign(TenantId tenant, ObjectDefinition object, List<Map<FieldDefinition, Object>> newRows, Instant now) {
        if (newRows.isEmpty()) {
            return;
        }
        int year = now.atOffset(ZoneOffset.UTC).getYear();
        for (FieldDefinition field : object.fields()) {
            if (!(field.type() instanceof FieldType.AutoNumber autoNumber)) {
                continue;
            }
            int period = autoNumber.yearly() ? year : 0;
            long last = take(tenant, field, period, newRows.size());
            for (int i = 0; i < newRows.size(); i++) {
                newRows.get(i).put(field, format(autoNumber, last - newRows.size() + 1 + i, year));
            }
        }
    }

    private long take(TenantId tenant, FieldDefinition field, int period, long count) {
        return db.insertInto(AUTONUMBER_COUNTER)
                .set(AUTONUMBER_COUNTER.TENANT_ID, tenant.value()).set(AUTONUMBER_COUNTER.FIELD_ID, field.id().value())
                .set(AUTONUMBER_COUNTER.PERIOD, period).set(AUTONUMBER_COUNTER.LAST_VALUE, count)
                .onConflict(AUTONUMBER_COUNTER.TENANT_ID, AUTONUMBER_COUNTER.FIELD_ID, AUTONUMBER_COUNTER.PERIOD)
                .doUpdate().set(AUTONUMBER_COUNTER.LAST_VALUE, AUTONUMBER_COUNTER.LAST_VALUE.plus(count))
                .returning(AUTONUMBER_COUNTER.LAST_VALUE).fetchSingle().getLastValue();
    }

    /** {@code RE-{YYYY}-{0000}} with 2026 and 7 is {@code RE-2026-0007}; a number wider than its braces is written whole. */
    public static String format(FieldType.AutoNumber type, long number, int year) {
        String withYear = type.effectiveFormat().replace("{YYYY}", String.valueOf(year));
        Matcher counter = COUNTER.matcher(withYear);
        if (!counter.find()) {
            return withYear + number;
        }
        String digits = String.valueOf(number);
        int width = counter.group(1).length();
        String padded = digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
        return withYear.substring(0, counter.start()) + padded + withYear.substring(counter.end());
    }

    /**
     * Numbers the records {@code object} already has (deleted ones included) for a new autonumber field, oldest first,
     * and sets the counters past them, in the caller's transaction.
     *
     * @return how many records were numbered
     */
    public int backfill(TenantId tenant, ObjectDefinition object, FieldDefinition field) {
        if (!(field.type() instanceof FieldType.AutoNumber autoNumber) || !(field.storage() instanceof Storage.CustomKey key)) {
            return 0;
        }
        ObjectTable table = new ObjectTable(object);
        List<Record2<UUID, OffsetDateTime>> existing = db.select(table.id, table.createdAt).from(table.table()).where(table.scope(tenant))
                .orderBy(table.createdAt, table.id).fetch();
        Map<Integer, Long> lastByPeriod = new LinkedHashMap<>();
        List<Row2<UUID, String>> values = new ArrayList<>();
        for (Record2<UUID, OffsetDateTime> row : existing) {
            int year = row.value2().withOffsetSameInstant(ZoneOffset.UTC).getYear();
            long number = lastByPeriod.merge(autoNumber.yearly() ? year : 0, 1L, Long::sum);
            values.add(DSL.row(row.value1(), format(autoNumber, number, year)));
        }
        for (int from = 0; from < values.size(); from += BACKFILL_CHUNK) {
            write(tenant, table, key.key(), values.subList(from, Math.min(values.size(), from + BACKFILL_CHUNK)));
        }
        lastByPeriod.forEach((period, last) -> db.insertInto(AUTONUMBER_COUNTER)
                .set(AUTONUMBER_COUNTER.TENANT_ID, tenant.value()).set(AUTONUMBER_COUNTER.FIELD_ID, field.id().value())
                .set(AUTONUMBER_COUNTER.PERIOD, period).set(AUTONUMBER_COUNTER.LAST_VALUE, last)
                .onConflict(AUTONUMBER_COUNTER.TENANT_ID, AUTONUMBER_COUNTER.FIELD_ID, AUTONUMBER_COUNTER.PERIOD)
                .doUpdate().set(AUTONUMBER_COUNTER.LAST_VALUE, DSL.greatest(AUTONUMBER_COUNTER.LAST_VALUE, DSL.val(last)))
                .execute());
        return existing.size();
    }

    // One statement per chunk: the new key joins each record's custom jsonb from a VALUES list.
    @SuppressWarnings("unchecked")
    private void write(TenantId tenant, ObjectTable table, String key, List<Row2<UUID, String>> chunk) {
        var numbers = DSL.values(chunk.toArray(Row2[]::new)).as("v", "id", "number");
        Field<UUID> id = DSL.field(DSL.name("v", "id"), SQLDataType.UUID);
        Field<String> number = DSL.field(DSL.name("v", "number"), SQLDataType.VARCHAR);
        Field<JSONB> merged = DSL.field("coalesce({0}, '{}'::jsonb) || jsonb_build_object({1}, {2})", SQLDataType.JSONB, table.custom,
                DSL.inline(key), number);
        db.update(table.table()).set(table.custom, merged).from(numbers).where(table.scope(tenant), table.id.eq(id)).execute();
    }
}
