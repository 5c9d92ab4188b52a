package io.metaplatform.registry;

import java.util.List;

/**
 * A page of records: forward with {@code first} (and {@code after}), or backward with {@code last}
 * (and {@code before}).
 *
 * @param filter {@code null} for all records
 * @param sort keys in order; the id follows as tie-breaker
 * @param withDeleted include soft-deleted records
 * @param totalCount also count every matching record (an extra query, only when asked)
 */
public record RecordQuery(Filter filter, List<SortKey> sort, Integer first, String after, Integer last, String before,
        boolean withDeleted, boolean totalCount) {

    public RecordQuery {
        sort = sort == null ? List.of() : List.copyOf(sort);
    }

    public static RecordQuery firstPage(int first) {
        return new RecordQuery(null, List.of(), first, null, null, null, false, false);
    }

    public RecordQuery where(Filter newFilter) {
        return new RecordQuery(newFilter, sort, first, after, last, before, withDeleted, totalCount);
    }

    public RecordQuery orderBy(SortKey... keys) {
        return new RecordQuery(filter, List.of(keys), first, after, last, before, withDeleted, totalCount);
    }

    public RecordQuery after(String cursor) {
        return new RecordQuery(filter, sort, first, cursor, last, before, withDeleted, totalCount);
    }

    public RecordQuery backward(int count, String cursor) {
        return new RecordQuery(filter, sort, null, null, count, cursor, withDeleted, totalCount);
    }

    public RecordQuery counted() {
        return new RecordQuery(filter, sort, first, after, last, before, withDeleted, true);
    }

    public RecordQuery includingDeleted() {
        return new RecordQuery(filter, sort, first, after, last, before, true, totalCount);
    }
}
