package io.metaplatform.bench;

import io.metaplatform.bench.QueryShape.Variant;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantId;
import io.metaplatform.registry.DataRecord;
import io.metaplatform.registry.RecordPage;
import io.metaplatform.registry.RecordQuery;
import io.metaplatform.registry.RecordService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.jooq.Query;

/**
 * Times every query of every shape through {@link RecordService#list}: warm-up first, then the timed runs
 * interleaved (one of each query per round), so a drift of the machine hits all queries alike.
 */
final class QueryRun {

    /** A query of a run: shape and variant. */
    record Case(QueryShape shape, Variant variant) {
    }

    /** The figures of one shape in one run. */
    record ShapeFigures(Latencies builtIn, Latencies custom, long matches, boolean samePage,
            Optional<PlanExplainer.Plan> builtInPlan, Optional<PlanExplainer.Plan> customPlan) {
    }

    private final RecordService records;
    private final SqlCapture capture;
    private final PlanExplainer explainer;
    private final BenchOptions options;

    QueryRun(RecordService records, SqlCapture capture, PlanExplainer explainer, BenchOptions options) {
        this.records = records;
        this.capture = capture;
        this.explainer = explainer;
        this.options = options;
    }

    Map<QueryShape, ShapeFigures> run(TenantId tenant, List<QueryShape> shapes) {
        List<Case> cases = shapes.stream()
                .flatMap(shape -> Stream.of(Variant.values()).map(variant -> new Case(shape, variant)))
                .toList();
        for (int i = 0; i < options.warmup(); i++) {
            cases.forEach(query -> page(tenant, query));
        }
        Map<Case, long[]> nanos = new LinkedHashMap<>();
        cases.forEach(query -> nanos.put(query, new long[options.iterations()]));
        for (int i = 0; i < options.iterations(); i++) {
            for (Case query : cases) {
                long start = System.nanoTime();
                page(tenant, query);
                nanos.get(query)[i] = System.nanoTime() - start;
            }
        }
        Map<QueryShape, ShapeFigures> figures = new LinkedHashMap<>();
        for (QueryShape shape : shapes) {
            figures.put(shape, new ShapeFigures(Latencies.of(nanos.get(new Case(shape, Variant.BUILT_IN))),
                    Latencies.of(nanos.get(new Case(shape, Variant.CUSTOM))), matches(tenant, shape), samePage(tenant, shape),
                    plan(tenant, new Case(shape, Variant.BUILT_IN)), plan(tenant, new Case(shape, Variant.CUSTOM))));
        }
        return figures;
    }

    private RecordPage page(TenantId tenant, Case query) {
        RecordQuery recordQuery = query.shape().query(query.variant());
        RecordPage page = TenantContext.callAs(tenant, () -> records.list(CompanyData.OBJECT, recordQuery));
        if (page.edges().size() != options.pageSize()) {
            throw new IllegalStateException(query.shape().label() + " (" + query.variant().label + ") returned "
                    + page.edges().size() + " records instead of a full page of " + options.pageSize());
        }
        return page;
    }

    private long matches(TenantId tenant, QueryShape shape) {
        return TenantContext.callAs(tenant, () -> records.list(CompanyData.OBJECT, shape.builtIn().counted())).totalCount();
    }

    // Same values in the column and in its custom twin, so both queries must return the same records.
    private boolean samePage(TenantId tenant, QueryShape shape) {
        return ids(page(tenant, new Case(shape, Variant.BUILT_IN))).equals(ids(page(tenant, new Case(shape, Variant.CUSTOM))));
    }

    private static List<UUID> ids(RecordPage page) {
        return page.records().stream().map(DataRecord::id).toList();
    }

    private Optional<PlanExplainer.Plan> plan(TenantId tenant, Case query) {
        if (!options.explain()) {
            return Optional.empty();
        }
        List<Query> statements = capture.during(() -> page(tenant, query));
        return statements.stream()
                .filter(statement -> PlanExplainer.sql(statement).contains("\"company\""))
                .findFirst()
                .map(sql -> explainer.explain(tenant, sql, options.fullPlans()));
    }
}
