package io.metaplatform.registry.internal;

import io.metaplatform.core.TenantId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
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
 * rendered every time, as before. At most {@link ShapeKey.Cache#MAX_SHAPES} shapes are held.
 */
final class ByIdReads {

    private final DSLContext db;
    private final ShapeKey.Cache<Rendered> rendered = new ShapeKey.Cache<>();

    ByIdReads(DSLContext db) {
        this.db = db;
    }

    /**
     * The rows of {@code ids} (not empty) in id order, with their layout; empty when this shape cannot be bound by position
     * (the caller renders it as before).
     */
    Optional<Rows> fetch(TenantId tenant, ObjectTable table, List<UUID> ids, boolean withDeleted, Set<String> selected) {
        Rendered statement = rendered.get(shape(tenant, table, ids.size(), withDeleted, selected));
        if (statement == null) {
            statement = render(tenant, table, ids.size(), withDeleted, selected);
            // Kept with its own copy of the field names: the caller's set is the caller's.
            rendered.put(shape(tenant, table, ids.size(), withDeleted, selected == null ? null : Set.copyOf(selected)), statement);
        }
        return statement.text().reusable() ? Optional.of(new Rows(statement.layout(), statement.text().fetch(db, ids))) : Optional.empty();
    }

    /** Shapes held now whose SQL is reused (for tests). */
    int size() {
        return rendered.count(statement -> statement.text().reusable());
    }

    /** The rows of a read and the layout to read them with. */
    record Rows(RowLayout layout, List<BoundText.Row> rows) {
    }

    private static ShapeKey shape(TenantId tenant, ObjectTable table, int count, boolean withDeleted, Set<String> selected) {
        return new ShapeKey(tenant, table.schema(), table.object(), Arrays.asList(selected, count, withDeleted));
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
    }
}
