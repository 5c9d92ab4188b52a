package io.metaplatform.graphql.internal;

import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLTypeUtil;
import io.metaplatform.core.Caller;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantGate;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.TenantRoleResolver;
import io.metaplatform.registry.MetadataService;
import io.metaplatform.registry.RecordService;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.graphql.ExecutionGraphQlResponse;
import org.springframework.graphql.ExecutionGraphQlService;
import org.springframework.graphql.support.DefaultExecutionGraphQlRequest;

/**
 * Runs reads of a few active tenants through the request path before the instance reports ready: the compiled reads
 * and graphql-java, the SQL they render, the driver and the JSON they write, until the JIT compiler has seen them. Spring
 * Boot runs application runners after the context has started and before it publishes readiness, so a Kubernetes
 * readiness probe ({@code /actuator/health/readiness}) sends a rolling deploy's traffic to a new pod only after this; its
 * liveness is unaffected. The reads run as the built-in roles of user and admin tokens, so the GraphQL schemas of their
 * permission sets are built and cached too. Read-only by construction: only queries are run (never a document that may
 * hold a mutation), each tenant's under its own tenant setting and its roles' record rules; answers are dropped. It never fails a start: a shape
 * that fails is left out, and {@code platform.warmup.max-time} bounds the whole.
 */
public final class RequestPathWarmUp implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(RequestPathWarmUp.class);
    private static final int PAGE = 20;
    private static final int NESTED_PARENTS = 10;
    private static final int NESTED_CHILDREN = 5;
    private static final int MAX_FIELDS = 8;
    /**
     * A shape whose read takes longer than this is dropped after that read: the warm-up is for the code on the request
     * path, and must not scan a large tenant's table a thousand times at every start (a sort or a related list without
     * an index, say).
     */
    static final java.time.Duration SLOW_READ = java.time.Duration.ofMillis(100);
    /** Every fourth read goes through graphql-java, which answers what the compiled reads do not (and every write). */
    private static final int GENERAL_EVERY = 4;

    private final WarmUp settings;
    private final TenantGate tenants;
    private final GraphQlConfiguration.TenantGraphQlSource source;
    private final Optional<CompiledReadsFilter> compiled;
    private final ExecutionGraphQlService general;
    private final MetadataService metadata;
    private final RecordService records;

    RequestPathWarmUp(WarmUp settings, TenantGate tenants, GraphQlConfiguration.TenantGraphQlSource source,
            Optional<CompiledReadsFilter> compiled, ExecutionGraphQlService general, MetadataService metadata, RecordService records) {
        this.settings = settings;
        this.tenants = tenants;
        this.source = source;
        this.compiled = compiled;
        this.general = general;
        this.metadata = metadata;
        this.records = records;
    }

    /**
     * The callers the reads run as: the built-in roles of a {@code tenant-user} and a {@code tenant-admin} token, whose
     * GraphQL schemas (one per permission set) a user's first request would otherwise build.
     */
    static final List<java.util.Set<String>> ROLES = List.of(java.util.Set.of(TenantRoleResolver.STANDARD_USER),
            java.util.Set.of(TenantRoleResolver.TENANT_ADMIN));

    /** One read to repeat: a query document of a tenant, its variables and the roles of the caller it runs as. */
    public record Shape(TenantId tenant, java.util.Set<String> roles, String document, Map<String, Object> variables) {
    }

    /** What a warm-up did, for its log line and tests. */
    public record Report(int tenants, int loaded, List<Shape> shapes, int compiledReads, int generalReads, int failed, int slow, long millis) {

        public int reads() {
            return compiledReads + generalReads;
        }
    }

    @Override
    public void run(ApplicationArguments arguments) {
        if (!settings.enabled()) {
            return;
        }
        try {
            Report report = warmUp(tenants.active(Math.max(settings.tenants(), settings.schemas())), settings.tenants(), settings.reads(),
                    settings.maxTime(), SLOW_READ);
            log.info("Warmed up the request path before reporting ready: {} reads ({} compiled, {} through graphql-java) of {} "
                    + "shapes of {} tenants, schemas of {} tenants loaded, in {} ms{}", report.reads(), report.compiledReads(),
                    report.generalReads(), report.shapes().size(), report.tenants(), report.loaded(), report.millis(),
                    (report.failed() == 0 ? "" : "; " + report.failed() + " failed")
                            + (report.slow() == 0 ? "" : "; " + report.slow() + " shapes left out as slower than " + SLOW_READ.toMillis() + " ms"));
        } catch (RuntimeException e) {
            // Warming up is an optimisation: an instance that could not is still a working one.
            log.warn("Warming up the request path failed; the instance starts cold", e);
        }
    }

    /**
     * Finds the shapes of the first {@code readTenants} of {@code active}, loads what a request of each of the others
     * would load first (its status, metadata and the GraphQL schemas of the built-in roles), then runs the shapes in turn
     * until {@code reads} ran or {@code maxTime} passed, each shape dropped after a read slower than {@code slowRead}.
     */
    public Report warmUp(List<TenantId> active, int readTenants, int reads, java.time.Duration maxTime, java.time.Duration slowRead) {
        long started = System.nanoTime();
        long deadline = started + maxTime.toNanos();
        List<TenantId> warmed = active.subList(0, Math.min(readTenants, active.size()));
        List<Shape> shapes = new ArrayList<>();
        Tally counts = new Tally();
        int loaded = 0;
        for (TenantId tenant : active) {
            if (System.nanoTime() >= deadline) {
                break;
            }
            try {
                tenants.stateOf(tenant);
                for (java.util.Set<String> roles : ROLES) {
                    shapes.addAll(as(tenant, roles, () -> warmed.contains(tenant) ? shapesOf(tenant, roles, counts) : load()));
                }
                loaded++;
            } catch (RuntimeException e) {
                // One tenant whose metadata cannot be loaded (it is served the same way: its requests fail) spoils no other.
                counts.failed++;
                log.warn("Warming up tenant {} failed; its first request loads what it needs", tenant.value(), e);
            }
        }
        List<Shape> live = new ArrayList<>(shapes);
        for (int i = 0; !live.isEmpty() && counts.reads() < reads && System.nanoTime() < deadline; i++) {
            Shape shape = live.get(i % live.size());
            boolean viaGeneral = i % GENERAL_EVERY == GENERAL_EVERY - 1;
            long readStarted = System.nanoTime();
            if (!as(shape.tenant(), shape.roles(), () -> read(shape, viaGeneral, counts))) {
                live.remove(shape);
            } else if (System.nanoTime() - readStarted > slowRead.toNanos()) {
                live.remove(shape);
                counts.slow++;
                log.debug("Warm-up shape left out as slow ({} ms): {}", (System.nanoTime() - readStarted) / 1_000_000, shape.document());
            }
        }
        return new Report(warmed.size(), loaded, List.copyOf(shapes), counts.compiled, counts.general, counts.failed, counts.slow,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** What the reads of one warm-up came to. */
    private static final class Tally {
        int compiled;
        int general;
        int failed;
        int slow;

        int reads() {
            return compiled + general;
        }
    }

    /** The bound tenant's metadata and the bound caller's GraphQL schema, built and cached as a first request would; no shapes. */
    private List<Shape> load() {
        source.graphQl();
        return List.of();
    }

    private static <T> T as(TenantId tenant, java.util.Set<String> roles, java.util.function.Supplier<T> work) {
        Caller caller = new Caller("platform-warm-up", Caller.Kind.USER, roles, Map.of());
        try (TenantContext.Scope ignoredTenant = TenantContext.open(tenant); TenantContext.Scope ignoredCaller = Caller.open(caller)) {
            return work.get();
        }
    }

    /**
     * The tenant's shapes, from its GraphQL schema: for each object with records, a page of its scalar fields, the page
     * with each record's first related list, and one record by id (its id taken from the page).
     */
    private List<Shape> shapesOf(TenantId tenant, java.util.Set<String> roles, Tally counts) {
        GraphQLSchema schema = source.graphQl().getGraphQLSchema();
        List<Shape> shapes = new ArrayList<>();
        for (GraphQLFieldDefinition root : schema.getQueryType().getFieldDefinitions()) {
            Optional<GraphQLObjectType> node = nodeOf(root);
            if (node.isEmpty() || requiredArguments(root)) {
                continue;
            }
            String fields = scalars(node.get());
            if (!fields.equals("id") && !fields.startsWith("id ")) {
                continue;
            }
            Shape first = new Shape(tenant, roles, page(root.getName(), "first: " + PAGE, fields), Map.of());
            Optional<Object> id = firstId(first, root.getName(), counts);
            if (id.isEmpty()) {
                continue;
            }
            shapes.add(first);
            ordered(root).ifPresent(order -> shapes.add(new Shape(tenant, roles,
                    page(root.getName(), "first: " + PAGE + ", orderBy: [{field: " + order + "}]", fields), Map.of())));
            nested(node.get()).ifPresent(child -> shapes.add(new Shape(tenant, roles,
                    page(root.getName(), "first: " + NESTED_PARENTS, "id " + child), Map.of())));
            byId(schema, node.get()).ifPresent(single -> shapes.add(new Shape(tenant, roles, "query WarmUp($id: ID!) { " + single + "(id: $id) { "
                    + fields + " } }", Map.of("id", id.get()))));
        }
        return shapes;
    }

    /** A query of one page of a root connection: {@code { root(arguments) { edges { node { selection } } } }}. */
    private static String page(String root, String arguments, String selection) {
        return "{ " + connection(root, arguments, selection) + " }";
    }

    private static String connection(String field, String arguments, String selection) {
        return field + "(" + arguments + ") { edges { node { " + selection + " } } }";
    }

    /** Runs the page once through graphql-java and returns the id of its first record, if it has one. */
    private Optional<Object> firstId(Shape page, String root, Tally counts) {
        Map<String, Object> data = generalRead(page, counts);
        if (data == null || !(data.get(root) instanceof Map<?, ?> connection) || !(connection.get("edges") instanceof List<?> edges)
                || edges.isEmpty() || !(edges.getFirst() instanceof Map<?, ?> edge) || !(edge.get("node") instanceof Map<?, ?> record)) {
            return Optional.empty();
        }
        return Optional.ofNullable(record.get("id"));
    }

    /** One read; false when the shape failed and is to be left out. */
    private boolean read(Shape shape, boolean viaGeneral, Tally counts) {
        if (!viaGeneral && compiled.isPresent()) {
            try {
                Optional<CompiledReads.Plan> plan = compiled.get().plan(shape.document(), null, shape.variables(), Locale.ROOT);
                if (plan.isPresent()) {
                    compiled.get().execute(plan.get(), shape.variables(), Locale.ROOT);
                    counts.compiled++;
                    return true;
                }
            } catch (CompiledReads.Declined e) {
                // graphql-java answers it, as it would a request
            } catch (RuntimeException e) {
                counts.failed++;
                log.debug("Warm-up read failed: {}", shape.document(), e);
                return false;
            }
        }
        return generalRead(shape, counts) != null;
    }

    /** The data of a read through graphql-java, or null when it failed (counted). */
    private Map<String, Object> generalRead(Shape shape, Tally counts) {
        if (GraphQlConfiguration.mayWrite(shape.document())) {
            throw new IllegalStateException("a warm-up document may hold a mutation: " + shape.document());
        }
        try {
            DefaultExecutionGraphQlRequest request = new DefaultExecutionGraphQlRequest(shape.document(), null, shape.variables(), Map.of(),
                    "warm-up", Locale.ROOT);
            var schema = metadata.schema();
            request.configureExecutionInput((input, builder) -> builder.graphQLContext(context -> context.put(Fetchers.SCHEMA, schema)).build());
            ExecutionGraphQlResponse response = records.asOneRead(() -> general.execute(request).toFuture()).join();
            if (!response.getErrors().isEmpty()) {
                counts.failed++;
                log.debug("Warm-up read answered with errors: {} {}", shape.document(), response.getErrors());
                return null;
            }
            counts.general++;
            return response.getData();
        } catch (RuntimeException e) {
            counts.failed++;
            log.debug("Warm-up read failed: {}", shape.document(), e);
            return null;
        }
    }

    /** The node type of a root field that returns a connection ({@code edges { node }}). */
    private static Optional<GraphQLObjectType> nodeOf(GraphQLFieldDefinition field) {
        if (!(GraphQLTypeUtil.unwrapAll(field.getType()) instanceof GraphQLObjectType connection) || field.getArgument("first") == null
                || connection.getFieldDefinition("edges") == null
                || !(GraphQLTypeUtil.unwrapAll(connection.getFieldDefinition("edges").getType()) instanceof GraphQLObjectType edge)
                || edge.getFieldDefinition("node") == null
                || !(GraphQLTypeUtil.unwrapAll(edge.getFieldDefinition("node").getType()) instanceof GraphQLObjectType node)) {
            return Optional.empty();
        }
        return Optional.of(node);
    }

    private static boolean requiredArguments(GraphQLFieldDefinition field) {
        return field.getArguments().stream().anyMatch(argument -> GraphQLTypeUtil.isNonNull(argument.getType()) && !argument.hasSetDefaultValue());
    }

    /** Up to {@link #MAX_FIELDS} scalar and enum fields of a type that take no required argument, {@code id} first. */
    private static String scalars(GraphQLObjectType type) {
        return type.getFieldDefinitions().stream()
                .filter(field -> !requiredArguments(field))
                .filter(field -> GraphQLTypeUtil.unwrapAll(field.getType()) instanceof GraphQLScalarType
                        || GraphQLTypeUtil.unwrapAll(field.getType()) instanceof GraphQLEnumType)
                .map(GraphQLFieldDefinition::getName)
                .sorted((a, b) -> a.equals("id") ? -1 : b.equals("id") ? 1 : 0)
                .limit(MAX_FIELDS)
                .collect(Collectors.joining(" "));
    }

    /** The first field a root connection can be ordered by ({@code orderBy: [{field: ...}]}), if it can be. */
    private static Optional<String> ordered(GraphQLFieldDefinition root) {
        GraphQLArgument orderBy = root.getArgument("orderBy");
        if (orderBy == null || !(GraphQLTypeUtil.unwrapAll(orderBy.getType()) instanceof GraphQLInputObjectType order)
                || order.getField("field") == null || !(GraphQLTypeUtil.unwrapAll(order.getField("field").getType()) instanceof GraphQLEnumType fields)
                || fields.getValues().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(fields.getValues().getFirst().getName());
    }

    /** A type's first related list, selected as a page of {@link #NESTED_CHILDREN} ids and scalars. */
    private static Optional<String> nested(GraphQLObjectType type) {
        for (GraphQLFieldDefinition field : type.getFieldDefinitions()) {
            Optional<GraphQLObjectType> child = nodeOf(field);
            if (child.isPresent() && !requiredArguments(field)) {
                String fields = scalars(child.get());
                if (!fields.isEmpty()) {
                    return Optional.of(connection(field.getName(), "first: " + NESTED_CHILDREN, fields));
                }
            }
        }
        return Optional.empty();
    }

    /** The root field that reads one record of {@code type} by its id. */
    private static Optional<String> byId(GraphQLSchema schema, GraphQLObjectType type) {
        return schema.getQueryType().getFieldDefinitions().stream()
                .filter(field -> GraphQLTypeUtil.unwrapAll(field.getType()) == type && field.getArguments().size() == 1
                        && field.getArgument("id") != null)
                .map(GraphQLFieldDefinition::getName)
                .findFirst();
    }
}
