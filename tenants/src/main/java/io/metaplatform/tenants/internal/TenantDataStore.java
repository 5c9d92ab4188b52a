package io.metaplatform.tenants.internal;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.table;

import io.metaplatform.core.TenantId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.Table;
import org.springframework.stereotype.Repository;

/**
 * Every tenant-owned table, found in PostgreSQL's catalog (tables with a {@code tenant_id} column), so a
 * table any module adds is exported and deleted without a list to maintain here. A table or column whose
 * comment starts with {@value #NO_EXPORT} is left out of exports (the owning module's migration says so).
 * Names come from the catalog and go through {@code DSL.name}; the tenant is always a bind value.
 */
@Repository
public class TenantDataStore {

    static final String NO_EXPORT = "[no-export]";

    private final DSLContext db;

    TenantDataStore(DSLContext db) {
        this.db = db;
    }

    /** A tenant table: its columns (those an export carries), primary key, and the tenant tables it references. */
    public record TenantTable(String name, List<String> exportColumns, List<String> omittedColumns, List<String> primaryKey,
            Set<String> references, String exclusionReason) {

        public boolean exported() {
            return exclusionReason == null;
        }
    }

    /** The tenant tables, referenced tables before the tables referencing them (export order; delete in reverse). */
    public List<TenantTable> tables() {
        Map<String, String> tableComments = new HashMap<>();
        Map<String, List<String>> columns = new LinkedHashMap<>();
        Map<String, List<String>> omitted = new HashMap<>();
        db.resultQuery("""
                select c.relname, a.attname, obj_description(c.oid, 'pg_class') as table_comment,
                       col_description(c.oid, a.attnum) as column_comment
                  from pg_class c join pg_namespace n on n.oid = c.relnamespace
                  join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
                 where n.nspname = 'public' and c.relkind = 'r'
                   and exists (select 1 from pg_attribute t where t.attrelid = c.oid and t.attname = 'tenant_id' and not t.attisdropped)
                 order by c.relname, a.attnum""").forEach(row -> {
            String table = row.get(0, String.class);
            String column = row.get(1, String.class);
            if (row.get(2, String.class) != null) {
                tableComments.put(table, row.get(2, String.class));
            }
            boolean secret = row.get(3, String.class) != null && row.get(3, String.class).startsWith(NO_EXPORT);
            (secret ? omitted.computeIfAbsent(table, key -> new ArrayList<>()) : columns.computeIfAbsent(table, key -> new ArrayList<>()))
                    .add(column);
        });
        Map<String, List<String>> primaryKeys = new HashMap<>();
        Map<String, Set<String>> references = new HashMap<>();
        db.resultQuery("""
                select t.relname, c.contype, r.relname,
                       array(select a.attname::text from unnest(c.conkey) with ordinality k(num, pos)
                               join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.num order by k.pos)
                  from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_namespace n on n.oid = t.relnamespace
                  left join pg_class r on r.oid = c.confrelid
                 where n.nspname = 'public' and c.contype in ('p', 'f')""").forEach(row -> {
            String table = row.get(0, String.class);
            if ("p".equals(row.get(1, String.class))) {
                primaryKeys.put(table, List.of((String[]) row.get(3)));
            } else if (!table.equals(row.get(2, String.class))) {
                references.computeIfAbsent(table, key -> new LinkedHashSet<>()).add(row.get(2, String.class));
            }
        });
        List<TenantTable> tables = new ArrayList<>();
        columns.forEach((table, exportColumns) -> {
            String comment = tableComments.get(table);
            Set<String> referenced = new LinkedHashSet<>(references.getOrDefault(table, Set.of()));
            referenced.retainAll(columns.keySet());
            tables.add(new TenantTable(table, exportColumns, omitted.getOrDefault(table, List.of()),
                    primaryKeys.getOrDefault(table, List.of("tenant_id")), referenced,
                    comment != null && comment.startsWith(NO_EXPORT) ? comment.substring(NO_EXPORT.length()).strip() : null));
        });
        return referencedFirst(tables);
    }

    /**
     * Streams the tenant's rows of one table, in primary-key order, as JSON objects (one string each) of
     * the exported columns. Call inside a transaction with the tenant bound: the rows come through a
     * cursor, a few hundred at a time, whatever the table's size.
     */
    public long stream(TenantId tenant, TenantTable table, Consumer<String> row) {
        List<Field<?>> selected = table.exportColumns().stream().<Field<?>>map(column -> field(name(column))).toList();
        Table<?> rows = select(selected).from(table(name(table.name())))
                .where(field(name("tenant_id"), UUID.class).eq(tenant.value()))
                .orderBy(table.primaryKey().stream().map(column -> field(name(column))).toList())
                .asTable("r");
        long count = 0;
        try (Cursor<Record1<String>> cursor = db.select(field("to_jsonb({0})::text", String.class, rows))
                .from(rows).fetchSize(500).fetchLazy()) {
            for (Record1<String> record : cursor) {
                row.accept(record.value1());
                count++;
            }
        }
        return count;
    }

    /** Rows of the tenant in one table, counted. */
    public long count(TenantId tenant, TenantTable table) {
        return db.fetchCount(table(name(table.name())), field(name("tenant_id"), UUID.class).eq(tenant.value()));
    }

    /** Deletes up to {@code limit} of the tenant's rows of one table; returns how many went. */
    public int deleteBatch(TenantId tenant, TenantTable table, int limit) {
        Table<?> target = table(name(table.name()));
        List<Field<Object>> key = table.primaryKey().stream().map(column -> field(name(column))).toList();
        Field<UUID> tenantId = field(name("tenant_id"), UUID.class);
        return db.deleteFrom(target)
                .where(tenantId.eq(tenant.value()))
                .and(row(key).in(select(key).from(target).where(tenantId.eq(tenant.value())).limit(limit)))
                .execute();
    }

    /** Disables the statement timeout of the current transaction: an export reads for as long as it takes. */
    public void allowLongStatements() {
        db.resultQuery("select set_config('statement_timeout', '0', true)").fetch();
    }

    private static List<TenantTable> referencedFirst(List<TenantTable> tables) {
        Map<String, TenantTable> byName = new LinkedHashMap<>();
        tables.forEach(table -> byName.put(table.name(), table));
        List<TenantTable> ordered = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        Deque<String> visiting = new ArrayDeque<>();
        byName.keySet().forEach(name -> place(name, byName, placed, visiting, ordered));
        return ordered;
    }

    private static void place(String table, Map<String, TenantTable> byName, Set<String> placed, Deque<String> visiting,
            List<TenantTable> ordered) {
        if (placed.contains(table) || visiting.contains(table)) {
            return;
        }
        visiting.push(table);
        byName.get(table).references().forEach(referenced -> place(referenced, byName, placed, visiting, ordered));
        visiting.pop();
        placed.add(table);
        ordered.add(byName.get(table));
    }

}
