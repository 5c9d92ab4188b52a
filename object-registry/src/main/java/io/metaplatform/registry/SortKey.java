package io.metaplatform.registry;

import java.util.Objects;

/**
 * One key of a record order; the record id always follows as the last tie-breaker.
 *
 * @param nullsFirst {@code null}: nulls last when ascending, first when descending (PostgreSQL's default)
 */
public record SortKey(String field, boolean descending, Boolean nullsFirst) {

    public SortKey {
        Objects.requireNonNull(field, "field");
    }

    public static SortKey asc(String field) {
        return new SortKey(field, false, null);
    }

    public static SortKey desc(String field) {
        return new SortKey(field, true, null);
    }

    boolean effectiveNullsFirst() {
        return nullsFirst == null ? descending : nullsFirst;
    }
}
