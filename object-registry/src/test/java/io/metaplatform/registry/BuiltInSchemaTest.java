package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/** The built-in packs and the tables of the built-in objects agree. */
@SpringBootTest
final class BuiltInSchemaTest {

    private static final SqlType UUID = SqlType.named("uuid");
    private static final SqlType TIMESTAMP = SqlType.named("timestamp with time zone");
    /** The columns every record has besides its fields, with their nullability. */
    private static final Map<String, Column> RECORD_COLUMNS = recordColumns();
    private static final String NO_ACTION = "a";

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void everyBuiltInObjectHasItsOwnTable() {
        Set<String> tables = Set.copyOf(jdbc.queryForList(
                "select table_name from information_schema.tables where table_schema = 'public'", String.class));

        assertThat(tables).containsAll(builtInTables().values());
    }

    @Test
    void everyColumnFieldHasAColumnOfItsType() {
        List<String> problems = new ArrayList<>();
        for (TableField field : columnFields()) {
            Optional<SqlType> expected = columnType(field.definition().type());
            Optional<SqlType> actual = column(field.table(), field.column()).map(Column::type);
            if (expected.isEmpty()) {
                problems.add(field + ": a " + field.definition().type().kind() + " field cannot be stored in a column");
            } else if (!expected.equals(actual)) {
                problems.add(field + ": expected " + expected.get() + ", found " + actual.map(String::valueOf).orElse("none"));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void currencyFieldsHaveACurrencyCodeColumn() {
        List<String> problems = new ArrayList<>();
        for (TableField field : columnFields()) {
            String codeColumn = field.column() + "_currency";
            Optional<Column> actual = column(field.table(), codeColumn);
            boolean currency = field.definition().type() instanceof FieldType.Currency;
            if (currency && !actual.equals(Optional.of(Column.nullable(SqlType.varchar(3))))) {
                problems.add(field + ": expected nullable " + codeColumn + " varchar(3), found " + actual.orElse(null));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void requiredFieldsAndOnlyThoseAreNotNull() {
        List<String> problems = new ArrayList<>();
        for (TableField field : columnFields()) {
            column(field.table(), field.column()).filter(column -> column.nullable() == field.definition().required())
                    .ifPresent(column -> problems.add(field + (column.nullable() ? " is nullable" : " is not null")));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyRelationReferencesTheTableOfItsTarget() {
        Map<ApiName, String> tables = builtInTables();
        List<String> problems = new ArrayList<>();
        Set<ForeignKey> expected = new HashSet<>();
        for (TableField field : columnFields()) {
            if (field.definition().type() instanceof FieldType.Relation relation) {
                String target = tables.get(relation.target());
                if (target == null) {
                    problems.add(field + " targets " + relation.target() + ", not an object with a table of the packs");
                } else {
                    expected.add(new ForeignKey(field.table(), "tenant_id," + field.column(), target, "tenant_id,id", NO_ACTION));
                }
            }
        }
        Set<ForeignKey> actual = foreignKeys().stream().filter(key -> tables.containsValue(key.table()))
                .collect(Collectors.toSet());

        assertThat(problems).isEmpty();
        assertThat(difference(expected, actual)).as("missing foreign keys (on delete is left to the application)").isEmpty();
        assertThat(difference(actual, expected)).as("foreign keys without a relation field").isEmpty();
    }

    @Test
    void everyTableStartsWithTenantAndIdAndHasTheRecordColumns() {
        for (String table : builtInTables().values()) {
            Map<String, Column> columns = columns(table);

            assertThat(columns).as(table).containsAllEntriesOf(RECORD_COLUMNS);
            assertThat(columns.keySet()).as(table).startsWith("tenant_id", "id");
        }
    }

    @Test
    void everyColumnBelongsToAFieldOrToTheRecord() {
        Map<String, Set<String>> known = new LinkedHashMap<>();
        builtInTables().values().forEach(table -> known.put(table, new HashSet<>(RECORD_COLUMNS.keySet())));
        for (TableField field : columnFields()) {
            known.get(field.table()).add(field.column());
            if (field.definition().type() instanceof FieldType.Currency) {
                known.get(field.table()).add(field.column() + "_currency");
            }
        }
        // The index slots of custom fields (migration V2026.12.05.1000) belong to the record, not to a built-in field.
        known.forEach((table, columns) -> assertThat(columns(table).keySet().stream().filter(column -> !column.matches("ix_[tnd][0-9]+")))
                .as(table).isSubsetOf(columns));
    }

    @Test
    void everyIndexLeadsWithTenantId() {
        List<Index> indexes = indexesOfBuiltInTables();

        assertThat(indexes).isNotEmpty();
        assertThat(indexes).filteredOn(index -> !index.columns().split(",")[0].equals("tenant_id")).isEmpty();
    }

    @Test
    void primaryKeysAreTenantAndId() {
        Set<Index> keys = indexesOfBuiltInTables().stream().filter(Index::primary).collect(Collectors.toSet());
        Set<Index> expected = builtInTables().values().stream()
                .map(table -> new Index(table, table + "_pkey", "tenant_id,id", true, true, null)).collect(Collectors.toSet());

        assertThat(keys).isEqualTo(expected);
    }

    @Test
    void uniqueFieldsHaveAUniqueIndexOverLiveRecords() {
        Set<List<String>> unique = indexesOfBuiltInTables().stream()
                .filter(index -> index.unique() && "(deleted_at IS NULL)".equals(index.predicate()))
                .map(index -> List.of(index.table(), index.columns())).collect(Collectors.toSet());
        List<String> missing = columnFields().stream().filter(field -> field.definition().unique())
                .filter(field -> !unique.contains(List.of(field.table(), "tenant_id," + field.column())))
                .map(TableField::toString).toList();

        assertThat(missing).isEmpty();
    }

    @Test
    void noTableOrColumnNameIsReservedInPostgresql() {
        Set<String> reserved = Set.copyOf(jdbc.queryForList(
                "select word from pg_get_keywords() where catcode in ('R', 'T')", String.class));
        Stream<String> names = Stream.concat(builtInTables().values().stream(), columnFields().stream().map(TableField::column));

        assertThat(names).noneMatch(reserved::contains);
    }

    private static <T> Set<T> difference(Set<T> left, Set<T> right) {
        Set<T> result = new HashSet<>(left);
        result.removeAll(right);
        return result;
    }

    /** The SQL type of a field's column; empty for types no column can hold. */
    private static Optional<SqlType> columnType(FieldType type) {
        return switch (type) {
            case FieldType.Text(int maxLength) -> Optional.of(SqlType.varchar(maxLength));
            case FieldType.LongText longText -> Optional.of(SqlType.named("text"));
            case FieldType.Email() -> Optional.of(SqlType.varchar(320));
            case FieldType.Phone() -> Optional.of(SqlType.varchar(50));
            case FieldType.Url() -> Optional.of(SqlType.varchar(2048));
            case FieldType.Int() -> Optional.of(SqlType.named("bigint"));
            case FieldType.Decimal(int precision, int scale) -> Optional.of(SqlType.numeric(precision, scale));
            case FieldType.Currency(int scale) -> Optional.of(SqlType.numeric(18, scale));
            case FieldType.Percent(int scale) -> Optional.of(SqlType.numeric(9, scale));
            case FieldType.Bool() -> Optional.of(SqlType.named("boolean"));
            case FieldType.Date() -> Optional.of(SqlType.named("date"));
            case FieldType.DateTime() -> Optional.of(TIMESTAMP);
            case FieldType.Select select -> Optional.of(SqlType.varchar(40));
            // varchar(40)[]: the record store binds a column's option ids as a text array
            case FieldType.MultiSelect multiSelect -> Optional.of(SqlType.named("ARRAY"));
            case FieldType.Relation relation -> relation.cardinality() == FieldType.Cardinality.MANY_TO_ONE ? Optional.of(UUID)
                    : Optional.empty();
            case FieldType.AutoNumber autoNumber -> Optional.empty();
            case FieldType.Formula formula -> Optional.empty();
            case FieldType.Rollup rollup -> Optional.empty();
            case FieldType.Json() -> Optional.of(SqlType.named("jsonb"));
        };
    }

    private static Map<String, Column> recordColumns() {
        Map<String, Column> columns = new LinkedHashMap<>();
        columns.put("tenant_id", Column.notNull(UUID));
        columns.put("id", Column.notNull(UUID));
        columns.put("custom", Column.notNull(SqlType.named("jsonb")));
        columns.put("created_at", Column.notNull(TIMESTAMP));
        columns.put("updated_at", Column.notNull(TIMESTAMP));
        columns.put("created_by", Column.nullable(SqlType.varchar(255)));
        columns.put("updated_by", Column.nullable(SqlType.varchar(255)));
        columns.put("version", Column.notNull(SqlType.named("integer")));
        columns.put("deleted_at", Column.nullable(TIMESTAMP));
        return columns;
    }

    private static Map<ApiName, String> builtInTables() {
        Map<ApiName, String> tables = new LinkedHashMap<>();
        for (ObjectDefinition object : BuiltInPacks.objects()) {
            if (object.storage() instanceof ObjectStorage.OwnTable(String table)) {
                tables.put(object.apiName(), table);
            }
        }
        return tables;
    }

    private static List<TableField> columnFields() {
        List<TableField> fields = new ArrayList<>();
        for (ObjectDefinition object : BuiltInPacks.objects()) {
            if (!(object.storage() instanceof ObjectStorage.OwnTable(String table))) {
                continue;
            }
            for (FieldDefinition field : object.fields()) {
                if (field.storage() instanceof Storage.Column(String column)) {
                    fields.add(new TableField(object.apiName(), table, field, column));
                }
            }
        }
        return fields;
    }

    private Optional<Column> column(String table, String column) {
        return Optional.ofNullable(columns(table).get(column));
    }

    /** The table's columns in their order. */
    private Map<String, Column> columns(String table) {
        Map<String, Column> columns = new LinkedHashMap<>();
        jdbc.query("""
                select column_name, data_type, character_maximum_length, numeric_precision, numeric_scale, is_nullable
                  from information_schema.columns
                 where table_schema = 'public' and table_name = ?
                 order by ordinal_position""",
                (RowCallbackHandler) row -> columns.put(row.getString("column_name"),
                        new Column(SqlType.of(row), "YES".equals(row.getString("is_nullable")))), table);
        return columns;
    }

    private List<ForeignKey> foreignKeys() {
        return jdbc.query("""
                select t.relname as table_name, r.relname as target_name, c.confdeltype,
                       (select string_agg(a.attname, ',' order by k.ord) from unnest(c.conkey) with ordinality k(attnum, ord)
                          join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum) as columns,
                       (select string_agg(a.attname, ',' order by k.ord) from unnest(c.confkey) with ordinality k(attnum, ord)
                          join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum) as target_columns
                  from pg_constraint c
                  join pg_class t on t.oid = c.conrelid
                  join pg_class r on r.oid = c.confrelid
                  join pg_namespace n on n.oid = t.relnamespace
                 where c.contype = 'f' and n.nspname = 'public'""",
                (row, i) -> new ForeignKey(row.getString("table_name"), row.getString("columns"), row.getString("target_name"),
                        row.getString("target_columns"), row.getString("confdeltype")));
    }

    private List<Index> indexesOfBuiltInTables() {
        Set<String> tables = Set.copyOf(builtInTables().values());
        return jdbc.query("""
                select t.relname as table_name, i.relname as index_name, x.indisprimary, x.indisunique,
                       pg_get_expr(x.indpred, x.indrelid) as predicate,
                       (select string_agg(coalesce(a.attname, '(expression)'), ',' order by k.ord)
                          from unnest(x.indkey::int2[]) with ordinality k(attnum, ord)
                          left join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.attnum) as columns
                  from pg_index x
                  join pg_class t on t.oid = x.indrelid
                  join pg_class i on i.oid = x.indexrelid
                  join pg_namespace n on n.oid = t.relnamespace
                 where n.nspname = 'public'""",
                (row, i) -> new Index(row.getString("table_name"), row.getString("index_name"), row.getString("columns"),
                        row.getBoolean("indisprimary"), row.getBoolean("indisunique"), row.getString("predicate")))
                .stream().filter(index -> tables.contains(index.table())).toList();
    }

    /** A type as {@code information_schema.columns} describes it: length of varchar, precision and scale of numeric. */
    private record SqlType(String name, Integer length, Integer precision, Integer scale) {

        static SqlType named(String name) {
            return new SqlType(name, null, null, null);
        }

        static SqlType varchar(int length) {
            return new SqlType("character varying", length, null, null);
        }

        static SqlType numeric(int precision, int scale) {
            return new SqlType("numeric", null, precision, scale);
        }

        static SqlType of(ResultSet row) throws SQLException {
            return switch (row.getString("data_type")) {
                case "character varying" -> varchar(row.getInt("character_maximum_length"));
                case "numeric" -> numeric(row.getInt("numeric_precision"), row.getInt("numeric_scale"));
                default -> named(row.getString("data_type"));
            };
        }

        @Override
        public String toString() {
            String size = length != null ? "(" + length + ")" : precision != null ? "(" + precision + "," + scale + ")" : "";
            return name + size;
        }
    }

    private record Column(SqlType type, boolean nullable) {

        static Column notNull(SqlType type) {
            return new Column(type, false);
        }

        static Column nullable(SqlType type) {
            return new Column(type, true);
        }
    }

    private record TableField(ApiName object, String table, FieldDefinition definition, String column) {

        @Override
        public String toString() {
            return object + "." + definition.apiName() + " (" + table + "." + column + ")";
        }
    }

    private record ForeignKey(String table, String columns, String target, String targetColumns, String onDelete) {
    }

    private record Index(String table, String name, String columns, boolean primary, boolean unique, String predicate) {
    }
}
