package io.metaplatform.registry.internal;

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
record BoundText(String sql, Object[] binds, int[] markerAt, Field<?>[] fields, boolean reusable, List<UUID> markers) {

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
        return new BoundText(sql, binds, markerAt, fields, reusable, List.copyOf(markers));
    }

    /** The rows of the text with {@code values} in the places of the markers (the same number). */
    List<Record> fetch(DSLContext db, List<UUID> values) {
        return db.resultQuery(sql, bindValues(values)).coerce(fields).fetch();
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
