package io.metaplatform.registry;

import java.util.List;

/**
 * A page of records in query order, each with the cursor that continues after (or before) it.
 *
 * @param totalCount all matching records, or {@code null} when not asked for
 */
public record RecordPage(List<Edge> edges, boolean hasNextPage, boolean hasPreviousPage, Long totalCount) {

    public record Edge(DataRecord record, String cursor) {
    }

    public List<DataRecord> records() {
        return edges.stream().map(Edge::record).toList();
    }

    public String startCursor() {
        return edges.isEmpty() ? null : edges.getFirst().cursor();
    }

    public String endCursor() {
        return edges.isEmpty() ? null : edges.getLast().cursor();
    }
}
