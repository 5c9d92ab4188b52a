package io.metaplatform.bench;

import io.metaplatform.core.TenantId;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code EXPLAIN (ANALYZE, BUFFERS)} of a statement the registry ran, the way a pooled connection runs it:
 * as the application role with the tenant bound (row-level security in the plan), as a prepared statement
 * with bind parameters, on its sixth execution. PostgreSQL plans the first five executions with the
 * values, then may switch to a generic plan (plan_cache_mode auto), and pgjdbc prepares a statement on the
 * server from its fifth use on, so the sixth is what the timed runs mostly execute. Condensed to one line:
 * the plan nodes from the top, rows of each scan, execution time and buffers touched.
 */
final class PlanExplainer {

    /**
     * A condensed plan.
     *
     * @param generic whether PostgreSQL ran its generic plan (parameters unknown at planning) rather than one for the values
     * @param full the statement and its complete plan in text form when asked for, else empty
     */
    record Plan(String nodes, boolean generic, double executionMillis, long sharedHit, long sharedRead, String full) {
    }

    private static final int CUSTOM_PLANS = 5;
    private static final DSLContext PARAMETERS = DSL.using(SQLDialect.POSTGRES, new Settings().withRenderNamedParamPrefix("$"));
    private static final DSLContext INLINE = DSL.using(SQLDialect.POSTGRES);

    private final BenchDatabase database;
    private final JsonMapper json = JsonMapper.builder().build();

    PlanExplainer(BenchDatabase database) {
        this.database = database;
    }

    static String sql(Query query) {
        return INLINE.render(query);
    }

    Plan explain(TenantId tenant, Query query, boolean full) {
        // A statement the registry sends with its values inline (planned for them every time) is prepared that way too.
        boolean inlined = query.configuration() != null
                && query.configuration().settings().getStatementType() == org.jooq.conf.StatementType.STATIC_STATEMENT;
        String arguments = inlined ? "" : query.getBindValues().stream().map(value -> INLINE.renderInlined(DSL.val(value)))
                .collect(Collectors.joining(", "));
        String execute = "execute bench_plan" + (arguments.isEmpty() ? "" : "(" + arguments + ")");
        try (Connection connection = database.application(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("select set_config('app.tenant_id', '" + tenant + "', true)");
            statement.execute("prepare bench_plan as " + (inlined ? INLINE.renderInlined(query) : PARAMETERS.renderNamedParams(query)));
            for (int i = 0; i < CUSTOM_PLANS; i++) {
                statement.execute(execute);
            }
            String output = String.join("\n", rows(statement, "explain (analyze, buffers, format json) " + execute));
            String text = full ? INLINE.renderInlined(query) + "\n"
                    + String.join("\n", rows(statement, "explain (analyze, buffers) " + execute)) : "";
            connection.rollback();
            return plan(output, tenant, text);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot explain " + INLINE.renderInlined(query) + ": " + e.getMessage(), e);
        }
    }

    private Plan plan(String output, TenantId tenant, String text) {
        JsonNode root = json.readTree(output).get(0);
        JsonNode top = root.get("Plan");
        String jit = root.has("JIT") ? " [JIT %.1f ms]".formatted(root.path("JIT").path("Timing").path("Total").asDouble()) : "";
        // A plan for the values shows the tenant id in its conditions; a generic one shows $1 instead.
        boolean generic = !output.contains(tenant.toString());
        return new Plan(render(top) + jit, generic, root.get("Execution Time").asDouble(), top.path("Shared Hit Blocks").asLong(),
                top.path("Shared Read Blocks").asLong(), text);
    }

    private static List<String> rows(Statement statement, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    private static String render(JsonNode node) {
        List<String> children = new ArrayList<>();
        for (JsonNode child : node.path("Plans")) {
            String relationship = child.path("Parent Relationship").asString("");
            if (!relationship.equals("InitPlan") && !relationship.equals("SubPlan")) {
                children.add(render(child));
            }
        }
        String label = label(node);
        return switch (children.size()) {
            case 0 -> label;
            case 1 -> label + " > " + children.getFirst();
            default -> label + " > [" + String.join(" | ", children) + "]";
        };
    }

    private static String label(JsonNode node) {
        String type = node.path("Node Type").asString();
        StringBuilder label = new StringBuilder(type);
        if (node.has("Index Name")) {
            label.append(' ').append(node.path("Index Name").asString());
        } else if (node.has("Relation Name")) {
            label.append(' ').append(node.path("Relation Name").asString());
        }
        if (node.has("Sort Method")) {
            label.append(" (").append(node.path("Sort Method").asString()).append(')');
        }
        // Rows of a scan over all its loops (parallel workers report per-loop averages).
        if (type.contains("Scan")) {
            long loops = Math.max(1, node.path("Actual Loops").asLong(1));
            label.append(" {rows ").append(node.path("Actual Rows").asLong() * loops);
            long removed = loops * (node.path("Rows Removed by Filter").asLong(0)
                    + node.path("Rows Removed by Index Recheck").asLong(0));
            if (removed > 0) {
                label.append(", removed ").append(removed);
            }
            label.append('}');
        }
        return label.toString();
    }
}
