package io.metaplatform.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin API's one list convention, Relay connections: {@code edges { cursor node }} and
 * {@code pageInfo { hasNextPage hasPreviousPage startCursor endCursor }}. Lists page forwards only, with the arguments
 * {@code first} and {@code after}. Every module's admin wiring builds its pages here so the shape cannot drift.
 */
public final class RelayPages {

    private RelayPages() {
    }

    /** One edge: the node and the cursor to pass as {@code after} to continue after it. */
    public static Map<String, Object> edge(String cursor, Object node) {
        Map<String, Object> edge = new LinkedHashMap<>();
        edge.put("cursor", cursor);
        edge.put("node", node);
        return edge;
    }

    /**
     * A connection of {@code edges} (each from {@link #edge}) with its page info; {@code extra} entries (the
     * deprecated shapes a list had before) are added as they are.
     */
    public static Map<String, Object> connection(List<Map<String, Object>> edges, boolean hasNextPage, Map<String, Object> extra) {
        Map<String, Object> pageInfo = new LinkedHashMap<>();
        pageInfo.put("hasNextPage", hasNextPage);
        pageInfo.put("hasPreviousPage", false);
        pageInfo.put("startCursor", edges.isEmpty() ? null : edges.getFirst().get("cursor"));
        pageInfo.put("endCursor", edges.isEmpty() ? null : edges.getLast().get("cursor"));
        Map<String, Object> connection = new LinkedHashMap<>(extra);
        connection.put("edges", edges);
        connection.put("pageInfo", pageInfo);
        return connection;
    }

    public static Map<String, Object> connection(List<Map<String, Object>> edges, boolean hasNextPage) {
        return connection(edges, hasNextPage, Map.of());
    }
}
