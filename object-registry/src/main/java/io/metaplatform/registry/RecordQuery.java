package io.metaplatform.registry;

import java.util.List;
import java.util.Set;

/**
 * A page of records: forward with {@code first} (and {@code after}), or backward with {@code last}
 * (and {@code before}).
 *
 * @param filter {@code null} for all records
 * @param sort keys in order; the id follows as tie-breaker
 * @param withDeleted include soft-deleted records
 * @param totalCount also count every matching record (an extra query, only when asked)
 * @param fields the fields to read, by API name ({@code null}: every field); the records of the page hold only
 *     these (the others are absent from their values, so {@code get} gives {@code null}), and formulas, rollups and
 *     many-to-many links not named are not computed
 */
public record RecordQuery(Filter filter, List<SortKey> sort, Integer first, String after, Integer last, String before,
        boolean withDeleted, boolean totalCount, Set<String> fields) {

    public RecordQuery {
        sort = sort == null ? List.of() : List.copyOf(sort);
        fields = fields == null ? null : Set.copyOf(fields);
    }

    /** Every field. */
    public RecordQuery(Filter filter, List<SortKey> sort, Integer first, String after, Integer last, String before,
            boolean withDeleted, boolean totalCount) {
        this(filter, sort, first, after, last, before, withDeleted, totalCount, null);
    }

    public static RecordQuery firstPage(int first) {
        return new RecordQuery(null, List.of(), first, null, null, null, false, false, null);
    }

    public RecordQuery where(Filter newFilter) {
        return new RecordQuery(newFilter, sort, first, after, last, before, withDeleted, totalCount, fields);
    }

    public RecordQuery orderBy(SortKey... keys) {
        return new RecordQuery(filter, List.of(keys), first, after, last, before, withDeleted, totalCount, fields);
    }

    public RecordQuery after(String cursor) {
        return new RecordQuery(filter, sort, first, cursor, last, before, withDeleted, totalCount, fields);
    }

    public RecordQuery backward(int count, String cursor) {
        return new RecordQuery(filter, sort, null, null, count, cursor, withDeleted, totalCount, fields);
    }

    public RecordQuery counted() {
        return new RecordQuery(filter, sort, first, after, last, before, withDeleted, true, fields);
    }

    public RecordQuery includingDeleted() {
        return new RecordQuery(filter, sort, first, after, last, before, true, totalCount, fields);
    }

    /** Only these fields (API names) are read; see {@code fields}. */
    public RecordQuery selecting(Set<String> names) {
        return new RecordQuery(filter, sort, first, after, last, before, withDeleted, totalCount, names);
    }
}
