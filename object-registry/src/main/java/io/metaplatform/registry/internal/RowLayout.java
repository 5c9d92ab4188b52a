package io.metaplatform.registry.internal;

import io.metaplatform.registry.FieldDefinition;
import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.Storage;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where each value of a record read sits in the select list, resolved once per statement: the rows are
 * then read by position. Reading them by {@code Field} would search the row's fields linearly for every
 * value (a fifth of the CPU of a page of parents with their children).
 */
final class RowLayout {

    // The system columns come first, in this order; then the column-stored fields; then the sort values.
    private static final int ID = 0;
    private static final int CUSTOM = 1;
    private static final int CREATED_AT = 2;
    private static final int UPDATED_AT = 3;
    private static final int CREATED_BY = 4;
    private static final int UPDATED_BY = 5;
    private static final int VERSION = 6;
    private static final int DELETED_AT = 7;
    private static final int NONE = -1;

    private final List<FieldDefinition> fields;
    private final int[] columnIndex;
    private final int[] currencyIndex;
    private final int[] derivedIndex;
    private final int sortStart;
    private final int sortCount;

    private RowLayout(List<FieldDefinition> fields, int[] columnIndex, int[] currencyIndex, int[] derivedIndex, int sortStart,
            int sortCount) {
        this.fields = fields;
        this.columnIndex = columnIndex;
        this.currencyIndex = currencyIndex;
        this.derivedIndex = derivedIndex;
        this.sortStart = sortStart;
        this.sortCount = sortCount;
    }

    /**
     * The layout of {@link #selectList} followed by {@code sortCount} sort values, reading only the fields named in
     * {@code selected} ({@code null}: every field): the others are neither
     * selected nor computed (a formula or rollup nobody asked for costs nothing), and the {@code custom} document is read
     * only when a selected field lives in it. The system columns are always read.
     */
    static RowLayout of(ObjectTable table, int sortCount, Set<String> selected) {
        List<FieldDefinition> fields = selected == null ? table.object().fields()
                : table.object().fields().stream().filter(field -> selected.contains(field.apiName().value())).toList();
        int[] columnIndex = new int[fields.size()];
        int[] currencyIndex = new int[fields.size()];
        int[] derivedIndex = new int[fields.size()];
        int next = DELETED_AT + 1;
        for (int i = 0; i < fields.size(); i++) {
            FieldDefinition field = fields.get(i);
            boolean column = field.storage() instanceof Storage.Column;
            columnIndex[i] = column ? next++ : NONE;
            currencyIndex[i] = column && field.type() instanceof FieldType.Currency ? next++ : NONE;
        }
        // Derived fields are computed in the statement only when the table knows the schema to compute them against.
        for (int i = 0; i < fields.size(); i++) {
            derivedIndex[i] = table.schema() != null && fields.get(i).storage() instanceof Storage.Computed ? next++ : NONE;
        }
        return new RowLayout(fields, columnIndex, currencyIndex, derivedIndex, next, sortCount);
    }

    /** The system columns and every column-stored field of {@code table}, in this layout's order; callers append the sort values. */
    List<SelectField<?>> selectList(ObjectTable table) {
        boolean custom = fields.stream().anyMatch(field -> field.storage() instanceof Storage.CustomKey);
        List<SelectField<?>> select = new ArrayList<>(List.of(table.id, custom ? table.custom : DSL.castNull(SQLDataType.JSONB).as("custom"),
                table.createdAt, table.updatedAt, table.createdBy, table.updatedBy, table.version, table.deletedAt));
        for (int i = 0; i < fields.size(); i++) {
            if (columnIndex[i] != NONE) {
                Field<Object> column = table.column(fields.get(i));
                select.add(column);
                if (currencyIndex[i] != NONE) {
                    select.add(table.currencyColumn(fields.get(i)));
                }
            }
        }
        for (int i = 0; i < fields.size(); i++) {
            if (derivedIndex[i] != NONE) {
                select.add(table.value(fields.get(i)).as("v" + i));
            }
        }
        return select;
    }

    /** The fields this layout reads, in the object's order. */
    List<FieldDefinition> fields() {
        return fields;
    }

    /** One row of a statement selecting this layout, as a stored record. */
    RowStore.StoredRecord read(Record row) {
        return read((BoundText.Row) row::get);
    }

    /** One row of a statement selecting this layout, read by position, as a stored record. */
    RowStore.StoredRecord read(BoundText.Row row) {
        ObjectNode custom = ValueCodec.tree((JSONB) row.get(CUSTOM));
        Map<String, Object> values = LinkedHashMap.newLinkedHashMap(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            FieldDefinition field = fields.get(i);
            Object value = switch (field.storage()) {
                case Storage.Column column -> ValueCodec.fromColumn(field.type(), row.get(columnIndex[i]),
                        currencyIndex[i] == NONE ? null : (String) row.get(currencyIndex[i]));
                case Storage.CustomKey key -> ValueCodec.fromJson(field, custom.get(key.key()));
                case Storage.Link link -> List.of();
                case Storage.Computed computed -> derivedIndex[i] == NONE ? null
                        : ValueCodec.fromColumn(field.type().valueType(), row.get(derivedIndex[i]), null);
            };
            values.put(field.apiName().value(), value);
        }
        List<Object> sortValues = new ArrayList<>(sortCount);
        for (int i = 0; i < sortCount; i++) {
            sortValues.add(row.get(sortStart + i));
        }
        return new RowStore.StoredRecord((UUID) row.get(ID), values, instant(row.get(CREATED_AT)), instant(row.get(UPDATED_AT)),
                (String) row.get(CREATED_BY), (String) row.get(UPDATED_BY), (Integer) row.get(VERSION), instant(row.get(DELETED_AT)),
                sortValues);
    }

    private static Instant instant(Object at) {
        return at == null ? null : ((OffsetDateTime) at).toInstant();
    }
}
