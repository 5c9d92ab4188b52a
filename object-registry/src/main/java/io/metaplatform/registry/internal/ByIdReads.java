package io.metaplatform.registry.internal;

import io.metaplatform.core.TenantId;
import io.metaplatform.registry.EffectiveSchema;
import io.metaplatform.registry.ObjectDefinition;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectField;

/**
 * Reads of records by id, rendered once per shape: the tenant, the object and effective schema (by identity: a schema
 * change brings new ones), the fields read, the number of ids and whether deleted records count. Rendering the same
 * statement with jOOQ on every request cost 7 % of the CPU of a request for one record (bench/README.md, issue 20);
 * a shape seen before binds its ids into the SQL rendered then. The statement still runs through jOOQ (listeners,
 * statement counts, exception translation), as plain SQL with the bind values of the first rendering, its ids replaced.
 *
 * <p>The ids of the first rendering are fresh random UUIDs, found again among its bind values, so every other value (the
 * tenant, the shared table's object id, constants of derived fields) is one of the shape's. A rendering whose bind
 * markers cannot be told from the text (a {@code ?} that is not a marker, a template brace) is not kept: that shape is
 * rendered every time, as before. At most {@link #MAX_SHAPES} shapes are held; past that the cache starts over.
 */
final class ByIdReads {

    static final int MAX_SHAPES = 2_048;

    private final DSLContext db;
    private final Map<Shape, Rendered> rendered = new ConcurrentHashMap<>();

    ByIdReads(DSLContext db) {
        this.db = db;
    }

    /**
     * The rows of {@code ids} (not empty) in id order, with their layout; empty when this shape cannot be bound by position
     * (the caller renders it as before).
     */
    java.util.Optional<Rows> fetch(TenantId tenant, ObjectTable table, List<UUID> ids, boolean withDeleted, Set<String> selected) {
        Shape shape = new Shape(tenant, table.object(), table.schema(), selected, ids.size(), withDeleted);
        Rendered statement = rendered.get(shape);
        if (statement == null) {
            statement = render(tenant, table, ids.size(), withDeleted, selected);
            if (rendered.size() >= MAX_SHAPES) {
                rendered.clear();
            }
            // Kept with its own copy of the field names: the caller's set is the caller's.
            rendered.put(new Shape(tenant, table.object(), table.schema(), selected == null ? null : Set.copyOf(selected), ids.size(),
                    withDeleted), statement);
        }
        return statement.reusable() ? java.util.Optional.of(new Rows(statement.layout(), statement.fetch(db, ids)))
                : java.util.Optional.empty();
    }

    /** Shapes held now whose SQL is reused (for tests). */
    int size() {
        return (int) rendered.values().stream().filter(Rendered::reusable).count();
    }

    /** The rows of a read and the layout to read them with. */
    record Rows(RowLayout layout, List<Record> rows) {
    }

    private Rendered render(TenantId tenant, ObjectTable table, int count, boolean withDeleted, Set<String> selected) {
        RowLayout layout = RowLayout.of(table, 0, selected);
        List<SelectField<?>> select = layout.selectList(table);
        List<UUID> markers = BoundText.markers(count);
        Condition condition = table.id.in(markers);
        var query = db.select(select).from(table.table()).where(table.scope(tenant), withDeleted ? condition : condition.and(table.live()))
                .orderBy(table.id.asc());
        Field<?>[] fields = select.stream().map(field -> (Field<?>) field).toArray(Field<?>[]::new);
        return new Rendered(layout, BoundText.of(query, markers, fields));
    }

    /** A rendered read and the layout of its rows. */
    private record Rendered(RowLayout layout, BoundText text) {

        boolean reusable() {
            return text.reusable();
        }

        List<Record> fetch(DSLContext db, List<UUID> ids) {
            return text.fetch(db, ids);
        }
    }

    /** What makes two reads the same statement; the object and schema by identity. */
    private static final class Shape {

        private final TenantId tenant;
        private final ObjectDefinition object;
        private final EffectiveSchema schema;
        private final Set<String> selected;
        private final int count;
        private final boolean withDeleted;
        private final int hash;

        Shape(TenantId tenant, ObjectDefinition object, EffectiveSchema schema, Set<String> selected, int count, boolean withDeleted) {
            this.tenant = tenant;
            this.object = object;
            this.schema = schema;
            this.selected = selected;
            this.count = count;
            this.withDeleted = withDeleted;
            this.hash = Objects.hash(tenant, System.identityHashCode(object), System.identityHashCode(schema), selected, count, withDeleted);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Shape that && object == that.object && schema == that.schema && count == that.count
                    && withDeleted == that.withDeleted && tenant.equals(that.tenant) && Objects.equals(selected, that.selected);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
