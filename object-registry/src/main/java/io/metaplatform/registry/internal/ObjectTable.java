package io.metaplatform.registry.internal;

import static org.jooq.impl.DSL.name;

import io.metaplatform.core.TenantId;
import io.metaplatform.registry.EffectiveSchema;
import io.metaplatform.registry.FieldDefinition;
import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.ObjectDefinition;
import io.metaplatform.registry.ObjectStorage;
import io.metaplatform.registry.SelectOption;
import io.metaplatform.registry.Storage;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jooq.CaseValueStep;
import org.jooq.CaseWhenStep;
import org.jooq.Condition;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * An object's records as jOOQ sees them: its table, the system columns every record has, and for each
 * field the SQL expression of its value, whether it lives in a typed column or in the {@code custom}
 * jsonb. The only place that reads {@link Storage}; everything above works with these expressions.
 */
public final class ObjectTable {

    public static final String SHARED_TABLE = "custom_record";

    private final ObjectDefinition object;
    private final EffectiveSchema schema;
    private final String tableName;
    private final String qualifier;
    private final Table<Record> table;

    final Field<UUID> tenantId;
    final Field<UUID> id;
    final Field<UUID> objectId;
    final Field<JSONB> custom;
    final Field<OffsetDateTime> createdAt;
    final Field<OffsetDateTime> updatedAt;
    final Field<String> createdBy;
    final Field<String> updatedBy;
    final Field<Integer> version;
    final Field<OffsetDateTime> deletedAt;

    /** The object's table under its own name, for writes. */
    public ObjectTable(ObjectDefinition object) {
        this(object, null);
    }

    /** The object's table under {@code alias}, for queries that may meet the same table twice. Derived fields read as null. */
    public ObjectTable(ObjectDefinition object, String alias) {
        this(object, alias, null);
    }

    /**
     * The object's table under {@code alias} (or its own name), whose derived fields (formulas, rollups) are computed in
     * SQL against {@code schema}: reads, filters, sorts and aggregates see them like stored fields.
     */
    public ObjectTable(ObjectDefinition object, String alias, EffectiveSchema schema) {
        this.object = object;
        this.schema = schema;
        this.tableName = switch (object.storage()) {
            case ObjectStorage.OwnTable own -> own.table();
            case ObjectStorage.SharedTable shared -> SHARED_TABLE;
        };
        this.qualifier = alias == null ? tableName : alias;
        this.table = alias == null ? DSL.table(name(tableName)) : DSL.table(name(tableName)).as(name(alias));
        this.tenantId = column(qualifier, "tenant_id", SQLDataType.UUID);
        this.id = column(qualifier, "id", SQLDataType.UUID);
        this.objectId = object.storage() instanceof ObjectStorage.SharedTable ? column(qualifier, "object_id", SQLDataType.UUID) : null;
        this.custom = column(qualifier, "custom", SQLDataType.JSONB);
        this.createdAt = column(qualifier, "created_at", Timestamps.TIMESTAMPTZ);
        this.updatedAt = column(qualifier, "updated_at", Timestamps.TIMESTAMPTZ);
        this.createdBy = column(qualifier, "created_by", SQLDataType.VARCHAR);
        this.updatedBy = column(qualifier, "updated_by", SQLDataType.VARCHAR);
        this.version = column(qualifier, "version", SQLDataType.INTEGER);
        this.deletedAt = column(qualifier, "deleted_at", Timestamps.TIMESTAMPTZ);
    }

    public ObjectDefinition object() {
        return object;
    }

    /**
     * The alias of a subquery table nested directly inside this one: {@code prefix} and one more than this alias's trailing
     * number. Never this table's own alias, and the same for the same nesting, so statements keep a stable text.
     */
    String nestedAlias(String prefix) {
        int end = qualifier.length();
        int start = end;
        while (start > 0 && Character.isDigit(qualifier.charAt(start - 1))) {
            start--;
        }
        int depth = start == end ? 0 : Integer.parseInt(qualifier.substring(start, end));
        return prefix + (depth + 1);
    }

    /** The schema derived fields are computed against; {@code null} when they read as null (writes). */
    EffectiveSchema schema() {
        return schema;
    }

    Table<Record> table() {
        return table;
    }

    String tableName() {
        return tableName;
    }

    boolean shared() {
        return objectId != null;
    }

    /** Rows of this object and tenant (every query filters by tenant, RLS or not). */
    Condition scope(TenantId tenant) {
        Condition condition = tenantId.eq(tenant.value());
        return shared() ? condition.and(objectId.eq(object.id().value())) : condition;
    }

    Condition live() {
        return deletedAt.isNull();
    }

    /** The typed column of a column-stored field; {@code null} for fields stored elsewhere. */
    Field<Object> column(FieldDefinition field) {
        if (!(field.storage() instanceof Storage.Column column)) {
            return null;
        }
        return DSL.field(name(qualifier, column.name()), columnType(field.type()));
    }

    /** The currency code of a currency field's values, wherever they are stored. */
    Field<String> currencyCode(FieldDefinition field) {
        return switch (field.storage()) {
            case Storage.CustomKey key -> DSL.jsonbGetAttributeAsText(customJson(field), DSL.inline("currency"));
            default -> currencyColumn(field);
        };
    }

    /** The currency code column of a column-stored currency field. */
    Field<String> currencyColumn(FieldDefinition field) {
        return DSL.field(name(qualifier, ((Storage.Column) field.storage()).name() + "_currency"), SQLDataType.VARCHAR);
    }

    /**
     * The SQL value of a field for filtering, sorting and aggregating: the column, or the jsonb key cast
     * to the field's SQL type. Currency yields its amount; select yields the option id.
     */
    @SuppressWarnings("unchecked")
    Field<Object> value(FieldDefinition field) {
        return switch (field.storage()) {
            case Storage.Column column -> DSL.field(name(qualifier, column.name()), columnType(field.type()));
            case Storage.CustomKey key -> (Field<Object>) customValue(field.type(), key.key());
            case Storage.Link link -> throw new IllegalArgumentException("many-to-many values are not a column: " + field.apiName());
            case Storage.Computed computed -> (Field<Object>) (schema == null ? DSL.inline((Object) null) : DerivedSql.value(this, field));
        };
    }

    /** The raw jsonb of a custom-stored field ({@code custom -> key}). */
    Field<JSONB> customJson(FieldDefinition field) {
        return DSL.jsonbGetAttribute(custom, key(((Storage.CustomKey) field.storage()).key()));
    }

    /**
     * The index slot column queries may use for a custom field ({@link IndexSlots}): assigned and filled;
     * {@code null} otherwise.
     */
    Field<Object> slot(FieldDefinition field) {
        return field.storage() instanceof Storage.CustomKey key && key.indexReady() ? slotColumn(key.index()) : null;
    }

    /** The index slot column writes keep current for a custom field: from its assignment on; {@code null} when none. */
    Field<Object> writeSlot(FieldDefinition field) {
        return field.storage() instanceof Storage.CustomKey key && key.index() != null ? slotColumn(key.index()) : null;
    }

    @SuppressWarnings("unchecked")
    Field<Object> slotColumn(String slot) {
        return DSL.field(name(qualifier, slot), (DataType<Object>) IndexSlots.Kind.of(slot).type);
    }

    /** Sort expression: an indexed field's slot; select fields sort by option position, not by id. */
    Field<?> sortValue(FieldDefinition field) {
        Field<Object> slot = slot(field);
        return inOptionOrder(field, slot != null ? slot : value(field));
    }

    /** {@code value} of a select field as its option's position (unknown ids last); other fields' values as they are. */
    static Field<?> inOptionOrder(FieldDefinition field, Field<Object> value) {
        if (!(field.type() instanceof FieldType.Select select)) {
            return value;
        }
        List<SelectOption> options = select.options();
        if (options.isEmpty()) {
            return value;
        }
        CaseValueStep<Object> choose = DSL.choose(value);
        CaseWhenStep<Object, Integer> when = choose.when(DSL.inline((Object) options.getFirst().id()), DSL.inline(options.getFirst().position()));
        for (SelectOption option : options.subList(1, options.size())) {
            when = when.when(DSL.inline((Object) option.id()), DSL.inline(option.position()));
        }
        return when.otherwise(DSL.inline(Integer.MAX_VALUE));
    }

    private Field<?> customValue(FieldType type, String key) {
        Field<String> text = DSL.jsonbGetAttributeAsText(custom, key(key));
        return switch (type) {
            case FieldType.Text t -> text;
            case FieldType.LongText t -> text;
            case FieldType.Email e -> text;
            case FieldType.Phone p -> text;
            case FieldType.Url u -> text;
            case FieldType.Select s -> text;
            case FieldType.Int i -> text.cast(SQLDataType.NUMERIC).cast(SQLDataType.BIGINT);
            case FieldType.Decimal d -> text.cast(SQLDataType.NUMERIC);
            case FieldType.Percent p -> text.cast(SQLDataType.NUMERIC);
            case FieldType.Currency c -> DSL.jsonbGetAttributeAsText(DSL.jsonbGetAttribute(custom, key(key)), DSL.inline("amount")).cast(SQLDataType.NUMERIC);
            case FieldType.Bool b -> text.cast(SQLDataType.BOOLEAN);
            case FieldType.Date d -> text.cast(SQLDataType.LOCALDATE);
            case FieldType.DateTime d -> text.cast(SQLDataType.TIMESTAMPWITHTIMEZONE);
            case FieldType.Relation r -> text.cast(SQLDataType.UUID);
            case FieldType.MultiSelect m -> DSL.jsonbGetAttribute(custom, key(key));
            case FieldType.Json j -> DSL.jsonbGetAttribute(custom, key(key));
            case FieldType.AutoNumber a -> text;
            case FieldType.Formula f -> customValue(f.valueType(), key);
            case FieldType.Rollup r -> customValue(r.valueType(), key);
        };
    }

    // Storage keys are validated identifiers from metadata, never user input; inlined, the same
    // expression in SELECT, GROUP BY and ORDER BY is recognisably the same.
    private static Field<String> key(String key) {
        return DSL.inline(key);
    }

    @SuppressWarnings("unchecked")
    // array() builds a new data type each time (its name normalised by a regex); built once instead, as it is used per statement.
    private static final DataType<String[]> VARCHAR_ARRAY = SQLDataType.VARCHAR.array();

    static DataType<Object> columnType(FieldType type) {
        DataType<?> dataType = switch (type) {
            case FieldType.Text t -> SQLDataType.VARCHAR;
            case FieldType.LongText t -> SQLDataType.CLOB;
            case FieldType.Email e -> SQLDataType.VARCHAR;
            case FieldType.Phone p -> SQLDataType.VARCHAR;
            case FieldType.Url u -> SQLDataType.VARCHAR;
            case FieldType.Select s -> SQLDataType.VARCHAR;
            case FieldType.MultiSelect m -> VARCHAR_ARRAY;
            case FieldType.Int i -> SQLDataType.BIGINT;
            case FieldType.Decimal d -> SQLDataType.NUMERIC;
            case FieldType.Percent p -> SQLDataType.NUMERIC;
            case FieldType.Currency c -> SQLDataType.NUMERIC;
            case FieldType.Bool b -> SQLDataType.BOOLEAN;
            case FieldType.Date d -> SQLDataType.LOCALDATE;
            case FieldType.DateTime d -> Timestamps.TIMESTAMPTZ;
            case FieldType.Relation r -> SQLDataType.UUID;
            case FieldType.Json j -> SQLDataType.JSONB;
            case FieldType.AutoNumber a -> SQLDataType.VARCHAR;
            // Derived values have the SQL type of their result, as the SQL that computes them yields it.
            case FieldType.Formula f -> columnType(f.valueType());
            case FieldType.Rollup r -> columnType(r.valueType());
        };
        return (DataType<Object>) dataType;
    }

    private static <T> Field<T> column(String table, String column, DataType<T> type) {
        return DSL.field(name(table, column), type);
    }
}
