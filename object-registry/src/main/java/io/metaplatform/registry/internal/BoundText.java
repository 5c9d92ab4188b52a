package io.metaplatform.registry.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.ResultQuery;

/**
 * The SQL text of a query rendered once by jOOQ, to run again with other ids in the places of its markers: the query
 * is built with fresh random UUIDs (the markers) where the ids go, and they are found again among its bind values, so
 * every other bind value belongs to the shape. It runs through jOOQ as plain SQL (listeners, statement counts and
 * exception translation as for any statement), its columns read as {@code fields}.
 *
 * <p>Not {@link #reusable()} when the text cannot be bound by position: a {@code ?} that is not a bind marker, a
 * template brace, a bind value of a type plain SQL might bind differently, a marker not found.
 */
record BoundText(String sql, Object[] binds, int[] markerAt, Field<?>[] fields, boolean reusable, List<UUID> markers, Reader[] readers) {

    /** A row of a result, its values read by position. */
    @FunctionalInterface
    interface Row {
        Object get(int index);
    }

    /** Reads one column of the current row of a result set as jOOQ's binding of its field would. */
    @FunctionalInterface
    interface Reader {
        Object read(ResultSet results, int column) throws SQLException;
    }

    // Bind values jOOQ binds as plain SQL exactly as it binds them in a typed query.
    private static final Set<Class<?>> PLAIN_VALUES = Set.of(UUID.class, String.class, Integer.class, Long.class, Short.class,
            java.math.BigDecimal.class, Boolean.class);

    /** {@code count} fresh markers (random, so no real id is ever one). */
    static List<UUID> markers(int count) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<UUID> markers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            markers.add(new UUID(random.nextLong(), random.nextLong()));
        }
        return markers;
    }

    static BoundText of(ResultQuery<?> query, List<UUID> markers, Field<?>[] fields) {
        Map<Object, Integer> markerIndex = new HashMap<>();
        for (int i = 0; i < markers.size(); i++) {
            markerIndex.put(markers.get(i), i);
        }
        String sql = query.getSQL();
        Object[] binds = query.getBindValues().toArray();
        int[] markerAt = new int[binds.length];
        java.util.BitSet found = new java.util.BitSet(markers.size());
        for (int i = 0; i < binds.length; i++) {
            Integer index = markerIndex.get(binds[i]);
            markerAt[i] = index == null ? -1 : index;
            if (index != null) {
                found.set(index);
            }
        }
        boolean reusable = found.cardinality() == markers.size() && questionMarks(sql) == binds.length && sql.indexOf('{') < 0
                && Arrays.stream(binds).allMatch(value -> value != null && PLAIN_VALUES.contains(value.getClass()));
        return new BoundText(sql, binds, markerAt, fields, reusable, List.copyOf(markers), readers(fields));
    }

    /**
     * The rows of the text with {@code values} in the places of the markers (the same number). Where every column has a
     * {@link Reader}, the result set is read directly, without jOOQ's records (whose per-value binding lookups were
     * about 5 % of the CPU of a page of companies with their contacts, issue 20); the statement still runs through jOOQ,
     * with its listeners and exception translation.
     */
    List<Row> fetch(DSLContext db, List<UUID> values) {
        ResultQuery<Record> query = db.resultQuery(sql, bindValues(values)).coerce(fields);
        if (readers == null) {
            return rows(query.fetch());
        }
        try (ResultSet results = query.fetchResultSet()) {
            List<Row> rows = new ArrayList<>();
            while (results.next()) {
                Object[] row = new Object[readers.length];
                for (int i = 0; i < readers.length; i++) {
                    row[i] = readers[i].read(results, i + 1);
                }
                rows.add(index -> row[index]);
            }
            return rows;
        } catch (SQLException e) {
            throw new org.jooq.exception.DataAccessException("reading the rows of a statement: " + e.getMessage(), e);
        }
    }

    /** jOOQ's records as rows. */
    static List<Row> rows(List<? extends Record> records) {
        List<Row> rows = new ArrayList<>(records.size());
        for (Record record : records) {
            rows.add(record::get);
        }
        return rows;
    }

    /**
     * A reader per field, each giving what jOOQ's binding of that field gives; {@code null} when a field has a type or
     * binding without one here (its statement then reads jOOQ's records).
     */
    static Reader[] readers(Field<?>[] fields) {
        Reader[] readers = new Reader[fields.length];
        for (int i = 0; i < fields.length; i++) {
            readers[i] = reader(fields[i]);
            if (readers[i] == null) {
                return null;
            }
        }
        return readers;
    }

    private static Reader reader(Field<?> field) {
        org.jooq.Binding<?, ?> binding = field.getBinding();
        if (binding instanceof Timestamps) {
            return (results, column) -> results.getObject(column, java.time.OffsetDateTime.class);
        }
        if (!binding.getClass().getName().startsWith("org.jooq.impl.DefaultBinding")
                || binding.converter().fromType() != binding.converter().toType()) {
            return null;
        }
        Class<?> type = field.getType();
        if (type == String.class) {
            return ResultSet::getString;
        } else if (type == UUID.class) {
            return (results, column) -> results.getObject(column, UUID.class);
        } else if (type == Long.class) {
            return (results, column) -> {
                long value = results.getLong(column);
                return results.wasNull() ? null : value;
            };
        } else if (type == Integer.class) {
            return (results, column) -> {
                int value = results.getInt(column);
                return results.wasNull() ? null : value;
            };
        } else if (type == Boolean.class) {
            return (results, column) -> {
                boolean value = results.getBoolean(column);
                return results.wasNull() ? null : value;
            };
        } else if (type == java.math.BigDecimal.class) {
            return ResultSet::getBigDecimal;
        } else if (type == org.jooq.JSONB.class) {
            return (results, column) -> org.jooq.JSONB.jsonbOrNull(results.getString(column));
        }
        return null;
    }

    /**
     * For a text that is not {@link #reusable()}: binds {@code values} in the places of the markers of {@code query}, the
     * query this text was rendered from or one built the same way, which then runs as jOOQ renders it.
     */
    void rebind(org.jooq.Query query, List<UUID> values) {
        // By the query's own parameter positions: inline values count there, though they are no bind values.
        int position = 1;
        for (org.jooq.Param<?> param : query.getParams().values()) {
            int marker = markers.indexOf(param.getValue());
            if (marker >= 0) {
                query.bind(position, values.get(marker));
            }
            position++;
        }
    }

    /** The bind values with {@code values} in the places of the markers. */
    private Object[] bindValues(List<UUID> values) {
        Object[] bound = binds.clone();
        for (int i = 0; i < bound.length; i++) {
            if (markerAt[i] >= 0) {
                bound[i] = values.get(markerAt[i]);
            }
        }
        return bound;
    }

    // Question marks in the text: each must be a bind marker for the text to be bound by position.
    private static int questionMarks(String sql) {
        int count = 0;
        for (int i = 0; i < sql.length(); i++) {
            count += sql.charAt(i) == '?' ? 1 : 0;
        }
        return count;
    }
}
