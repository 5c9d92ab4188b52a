package io.metaplatform.registry;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Aggregates over the records matching a filter, optionally grouped. */
public final class Aggregation {

    private Aggregation() {
    }

    /**
     * @param groupBy fields to group by: select, relation, boolean, text, integer, currency (by its currency code), or a
     *     date/date-time field with a bucket
     * @param metrics what to compute per group
     */
    public record Query(Filter filter, List<GroupKey> groupBy, List<Metric> metrics) {
        public Query {
            groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
            metrics = List.copyOf(metrics);
        }
    }

    /** @param bucket for date and date-time fields: the period values fall into; {@code null} otherwise */
    public record GroupKey(String field, DateBucket bucket) {
        public GroupKey {
            Objects.requireNonNull(field, "field");
        }
    }

    /** @param field {@code null} for {@link Function#COUNT} of records */
    public record Metric(Function function, String field) {
        public Metric {
            Objects.requireNonNull(function, "function");
        }

        /** The key of this metric in a result row, e.g. {@code sum_amount} or {@code count}. */
        public String key() {
            return field == null ? function.name().toLowerCase() : function.name().toLowerCase() + "_" + field;
        }
    }

    public enum Function {
        COUNT, COUNT_DISTINCT, SUM, AVG, MIN, MAX
    }

    public enum DateBucket {
        DAY, WEEK, MONTH, QUARTER, YEAR
    }

    /**
     * One group: its key values by field API name (select values as option values, buckets as the
     * first day of the period) and its metrics by {@link Metric#key()}.
     */
    public record Row(Map<String, Object> group, Map<String, Object> metrics) {
    }
}
