package io.metaplatform.registry.internal;

import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Optional;
import java.util.stream.IntStream;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The index slots of record tables (migration {@code V2026.12.05.1000__custom_field_index}): typed columns,
 * each with a btree index that leads with the tenant, that hold a copy of an indexed custom field's value in a
 * form whose comparisons are LEAKPROOF, so filters and sorts on the field use the index under row-level
 * security. Which field uses which slot is metadata ({@code Storage.CustomKey.index}); no DDL at runtime.
 */
public final class IndexSlots {

    /** Text values longer than this could exceed a btree entry (2,704 bytes at 4 bytes a character). */
    static final int MAX_TEXT = 600;

    /** A kind of slot: the SQL type its values have, how many of them a record table has. */
    public enum Kind {
        TEXT("ix_t", 6, SQLDataType.VARCHAR),
        NUMBER("ix_n", 4, SQLDataType.VARCHAR),
        TIME("ix_d", 2, SQLDataType.TIMESTAMPWITHTIMEZONE);

        final String prefix;
        final int count;
        final DataType<?> type;

        Kind(String prefix, int count, DataType<?> type) {
            this.prefix = prefix;
            this.count = count;
            this.type = type;
        }

        static Kind of(String slot) {
            for (Kind kind : values()) {
                if (slot.startsWith(kind.prefix)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("not an index slot: " + slot);
        }
    }

    private IndexSlots() {
    }

    /** The kind of slot a field of this type is indexed in; empty for types that are not indexed. */
    public static Optional<Kind> kindOf(FieldType type) {
        return Optional.ofNullable(switch (type) {
            case FieldType.Text t -> t.maxLength() <= MAX_TEXT ? Kind.TEXT : null;
            case FieldType.Email e -> Kind.TEXT;
            case FieldType.Phone p -> Kind.TEXT;
            case FieldType.Select s -> Kind.TEXT;
            case FieldType.Int i -> Kind.NUMBER;
            case FieldType.Decimal d -> Kind.NUMBER;
            case FieldType.Percent p -> Kind.NUMBER;
            case FieldType.Currency c -> Kind.NUMBER;
            case FieldType.Date d -> Kind.TIME;
            case FieldType.DateTime d -> Kind.TIME;
            case FieldType.LongText t -> null;
            case FieldType.Url u -> null;
            case FieldType.Bool b -> null;
            case FieldType.MultiSelect m -> null;
            case FieldType.Relation r -> null;
            case FieldType.Json j -> null;
            case FieldType.AutoNumber a -> null;
            case FieldType.Formula f -> null;
            case FieldType.Rollup r -> null;
        });
    }

    /** The first slot of {@code kind} not in {@code taken}. */
    public static Optional<String> freeSlot(Kind kind, Collection<String> taken) {
        return IntStream.rangeClosed(1, kind.count).mapToObj(i -> kind.prefix + i).filter(slot -> !taken.contains(slot)).findFirst();
    }

    /**
     * The slot form of a stored value, as SQL: what writes put into the slot and what filters compare the slot
     * with, so both can never disagree. Numbers become {@code registry_number_key(n)}, dates midnight UTC.
     */
    @SuppressWarnings("unchecked")
    static Field<Object> value(FieldType type, Object stored) {
        return slotForm(type, stored, false);
    }

    /**
     * The slot form of a filter value as an inline literal. A bind lets PostgreSQL reuse a generic plan, which cannot
     * know the selectivity of one tenant's value in a slot shared by every tenant's fields and so sorts the filter's
     * matches instead of walking the sort index (bench/README.md); a literal gets a plan for the value.
     */
    static Field<Object> literal(FieldType type, Object stored) {
        return slotForm(type, stored, true);
    }

    @SuppressWarnings("unchecked")
    private static Field<Object> slotForm(FieldType type, Object stored, boolean inline) {
        Kind kind = kindOf(type).orElseThrow();
        if (stored == null) {
            return (Field<Object>) DSL.val(null, kind.type);
        }
        return (Field<Object>) switch (kind) {
            case TEXT -> constant(stored.toString(), SQLDataType.VARCHAR, inline);
            case NUMBER -> numberKey((Field<BigDecimal>) constant(number(stored), SQLDataType.NUMERIC, inline));
            case TIME -> constant(stored instanceof LocalDate date ? date.atStartOfDay().atOffset(ZoneOffset.UTC)
                    : ((OffsetDateTime) stored).withOffsetSameInstant(ZoneOffset.UTC), SQLDataType.TIMESTAMPWITHTIMEZONE, inline);
        };
    }

    @SuppressWarnings("unchecked")
    private static Field<?> constant(Object value, DataType<?> type, boolean inline) {
        return inline ? DSL.inline(value, (DataType<Object>) type) : DSL.val(value, (DataType<Object>) type);
    }

    private static BigDecimal number(Object stored) {
        return switch (stored) {
            case Money money -> money.amount();
            case BigDecimal decimal -> decimal;
            case Long integer -> BigDecimal.valueOf(integer);
            case Integer integer -> BigDecimal.valueOf(integer);
            default -> new BigDecimal(stored.toString());
        };
    }

    /** The slot form of a value held in {@code custom} (backfill): the same forms as {@link #value}, computed in SQL. */
    @SuppressWarnings("unchecked")
    static Field<Object> fromCustom(FieldType type, Field<JSONB> custom, String key) {
        Field<String> text = DSL.jsonbGetAttributeAsText(custom, DSL.inline(key));
        return (Field<Object>) (Field<?>) switch (kindOf(type).orElseThrow()) {
            case TEXT -> text;
            case NUMBER -> numberKey((type instanceof FieldType.Currency
                    ? DSL.jsonbGetAttributeAsText(DSL.jsonbGetAttribute(custom, DSL.inline(key)), DSL.inline("amount")) : text)
                    .cast(SQLDataType.NUMERIC));
            case TIME -> type instanceof FieldType.Date
                    ? DSL.field("({0})::date::timestamp at time zone 'UTC'", SQLDataType.TIMESTAMPWITHTIMEZONE, text)
                    : text.cast(SQLDataType.TIMESTAMPWITHTIMEZONE);
        };
    }

    private static Field<String> numberKey(Field<BigDecimal> number) {
        return DSL.function(DSL.name("registry_number_key"), SQLDataType.VARCHAR, number);
    }
}
