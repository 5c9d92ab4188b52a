package io.metaplatform.graphql.internal;

import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerResult;
import graphql.schema.GraphQLSchema;
import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.PlatformPrincipal;
import io.metaplatform.core.StatementCounter;
import io.metaplatform.core.TenantContext;
import io.metaplatform.registry.DataRecord;
import io.metaplatform.registry.EffectiveSchema;
import io.metaplatform.registry.MetadataService;
import io.metaplatform.registry.RecordChangeEntry;
import io.metaplatform.registry.RecordLink;
import io.metaplatform.registry.RecordPage;
import io.metaplatform.registry.RecordService;
import io.metaplatform.registry.BuiltInPacks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.ExecutionGraphQlService;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.graphql.execution.DefaultBatchLoaderRegistry;
import org.springframework.graphql.execution.DefaultExecutionGraphQlService;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.security.access.AccessDeniedException;
import reactor.core.publisher.Mono;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({GraphQlLimits.class, WarmUp.class})
class GraphQlConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GraphQlConfiguration.class);
    private static final Set<String> REFUSED_INTROSPECTION = Set.of("BadFaithIntrospection", "IntrospectionDisabled");

    @Bean
    Fetchers graphQlFetchers(RecordService records, MetadataService metadata) {
        return new Fetchers(records, metadata);
    }

    @Bean
    TenantGraphQlSource graphQlSource(Fetchers fetchers, MetadataService metadata, GraphQlLimits limits,
            io.metaplatform.registry.PayloadSchemaService schemas, io.metaplatform.registry.LayoutService layouts,
            org.springframework.beans.factory.ObjectProvider<io.metaplatform.registry.RoleService> roles) {
        return new TenantGraphQlSource(new SchemaFactory(fetchers, new FrontendFields(schemas, layouts)), metadata, limits,
                roles.getIfAvailable());
    }

    @Bean
    BatchLoaderRegistry batchLoaderRegistry(RecordService records) {
        DefaultBatchLoaderRegistry registry = new DefaultBatchLoaderRegistry();
        registry.<Fetchers.RecordKey, DataRecord>forName(Fetchers.RECORDS).registerMappedBatchLoader((keys, environment) -> {
            Map<Fetchers.RecordKey, DataRecord> found = new HashMap<>();
            keys.stream().collect(Collectors.groupingBy(Fetchers.RecordKey::object)).forEach((object, group) -> {
                // One read per object: the union of the fields the keys select; a record read for several selections
                // answers each of them.
                java.util.Set<String> fields = new java.util.HashSet<>();
                group.forEach(key -> fields.addAll(key.fields()));
                Map<UUID, DataRecord> byId = new HashMap<>();
                records.getMany(object, group.stream().map(Fetchers.RecordKey::id).distinct().toList(), fields)
                        .forEach(record -> byId.put(record.id(), record));
                group.forEach(key -> {
                    DataRecord record = byId.get(key.id());
                    if (record != null) {
                        found.put(key, record);
                    }
                });
            });
            return Mono.just(found);
        });
        registry.<Fetchers.RelatedKey, RecordPage>forName(Fetchers.RELATED).registerMappedBatchLoader((keys, environment) -> {
            Map<Fetchers.RelatedKey, RecordPage> pages = new HashMap<>();
            keys.stream().collect(Collectors.groupingBy(key -> List.of(key.object(), key.relation(), key.query()))).forEach((group, members) -> {
                Fetchers.RelatedKey first = members.getFirst();
                Map<UUID, RecordPage> byParent = records.listByParents(first.object(), first.relation(),
                        members.stream().map(Fetchers.RelatedKey::parent).toList(), first.query());
                members.forEach(key -> pages.put(key, byParent.get(key.parent())));
            });
            return Mono.just(pages);
        });
        registry.<Fetchers.HistoryKey, Object>forName(Fetchers.HISTORY).registerMappedBatchLoader((keys, environment) -> {
            Map<Fetchers.HistoryKey, Object> histories = new HashMap<>();
            keys.stream().collect(Collectors.groupingBy(key -> List.of(key.object(), key.limit()))).forEach((group, members) -> {
                Map<UUID, List<RecordChangeEntry>> byRecord = records.histories(members.getFirst().object(),
                        members.stream().map(Fetchers.HistoryKey::id).toList(), members.getFirst().limit());
                members.forEach(key -> histories.put(key, byRecord.getOrDefault(key.id(), List.of())));
            });
            return Mono.just(histories);
        });
        registry.<Fetchers.LinksKey, List<RecordLink>>forName(Fetchers.LINKS).registerMappedBatchLoader((keys, environment) -> {
            Map<Fetchers.LinksKey, List<RecordLink>> links = new HashMap<>();
            keys.stream().collect(Collectors.groupingBy(key -> List.of(key.object(), key.relation()))).forEach((group, members) -> {
                Map<UUID, List<RecordLink>> byRecord = records.links(members.getFirst().object(), members.getFirst().relation(),
                        members.stream().map(Fetchers.LinksKey::id).toList());
                members.forEach(key -> links.put(key, byRecord.getOrDefault(key.id(), List.of())));
            });
            return Mono.just(links);
        });
        return registry;
    }

    @Bean
    ExecutionGraphQlService executionGraphQlService(GraphQlSource source, BatchLoaderRegistry loaders) {
        DefaultExecutionGraphQlService service = new DefaultExecutionGraphQlService(source);
        service.addDataLoaderRegistrar(loaders);
        return service;
    }

    /** {@code POST /graphql}: Boot's handler, writing responses with {@link GraphQlJsonConverter}. */
    @Bean
    org.springframework.graphql.server.webmvc.GraphQlHttpHandler graphQlHttpHandler(org.springframework.graphql.server.WebGraphQlHandler handler,
            tools.jackson.databind.json.JsonMapper json) {
        return new org.springframework.graphql.server.webmvc.GraphQlHttpHandler(handler, new GraphQlJsonConverter(json));
    }

    /**
     * Read-only queries of records on {@code POST /graphql}, answered by {@link CompiledReads} after the security filters
     * (whose order is -100) and before Spring MVC; {@code platform.graphql.compiled-reads: false} sends every request the
     * general way.
     */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(name = "platform.graphql.compiled-reads", havingValue = "true",
            matchIfMissing = true)
    org.springframework.boot.web.servlet.FilterRegistrationBean<CompiledReadsFilter> compiledReads(TenantGraphQlSource source,
            MetadataService metadata, RecordService records, Fetchers fetchers, GraphQlLimits limits, tools.jackson.databind.json.JsonMapper json) {
        var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(
                new CompiledReadsFilter(source, metadata, new CompiledReads(records, fetchers, limits, json), json));
        registration.addUrlPatterns("/graphql");
        registration.setOrder(org.springframework.core.Ordered.LOWEST_PRECEDENCE);
        return registration;
    }

    /** Reads of a few tenants through the request path before the instance reports ready ({@code platform.warmup.*}). */
    @Bean
    RequestPathWarmUp requestPathWarmUp(WarmUp settings, io.metaplatform.core.TenantGate tenants, TenantGraphQlSource source,
            org.springframework.beans.factory.ObjectProvider<org.springframework.boot.web.servlet.FilterRegistrationBean<CompiledReadsFilter>> compiled,
            ExecutionGraphQlService general, MetadataService metadata, RecordService records) {
        return new RequestPathWarmUp(settings, tenants, source, java.util.Optional.ofNullable(compiled.getIfAvailable())
                .map(org.springframework.boot.web.servlet.FilterRegistrationBean::getFilter), general, metadata, records);
    }

    /** {@code POST /graphql/admin}: the metadata API, a handler and route of its own beside {@code /graphql}. */
    @Bean
    org.springframework.web.servlet.function.RouterFunction<org.springframework.web.servlet.function.ServerResponse> adminGraphQlRoute(
            MetadataService metadata, tools.jackson.databind.json.JsonMapper json, GraphQlLimits limits,
            org.springframework.beans.factory.ObjectProvider<org.springframework.graphql.execution.RuntimeWiringConfigurer> extensions) {
        DefaultExecutionGraphQlService service = new DefaultExecutionGraphQlService(
                new AdminApi(metadata, json, extensions.orderedStream().toList(), limits));
        org.springframework.graphql.server.WebGraphQlHandler handler = org.springframework.graphql.server.WebGraphQlHandler.builder(service)
                .interceptor((request, chain) -> {
                    if (!AdminApi.callerIsTenantAdmin()) {
                        GraphQLError error = GraphqlErrorBuilder.newError().message("The metadata API is for tenant admins of a tenant.")
                                .errorType(classificationOf(ErrorCode.FORBIDDEN.name()))
                                .extensions(Map.of("code", ErrorCode.FORBIDDEN.name())).build();
                        return Mono.just(new org.springframework.graphql.server.WebGraphQlResponse(
                                new org.springframework.graphql.support.DefaultExecutionGraphQlResponse(request.toExecutionInput(),
                                        ExecutionResult.newExecutionResult().addError(error).build())));
                    }
                    return chain.next(request).map(response -> response.transform(builder -> builder.errors(
                            response.getErrors().stream().map(GraphQlConfiguration::withCode).toList())));
                })
                .build();
        org.springframework.graphql.server.webmvc.GraphQlHttpHandler http = new org.springframework.graphql.server.webmvc.GraphQlHttpHandler(handler,
                new GraphQlJsonConverter(json));
        return org.springframework.web.servlet.function.RouterFunctions.route()
                .POST("/graphql/admin", http::handleRequest)
                .build();
    }

    /**
     * Every error leaves with a stable {@code extensions.code}; requests without a tenant, or whose token grants no tenant
     * role, are refused before execution.
     */
    @Bean
    WebGraphQlInterceptor errorCodes(MetadataService metadata, RecordService records) {
        return (request, chain) -> {
            String refusal = refusal();
            if (refusal != null) {
                GraphQLError error = GraphqlErrorBuilder.newError().message(refusal)
                        .errorType(classificationOf(ErrorCode.FORBIDDEN.name()))
                                .extensions(Map.of("code", ErrorCode.FORBIDDEN.name())).build();
                ExecutionResult result = ExecutionResult.newExecutionResult().addError(error).build();
                return Mono.just(new org.springframework.graphql.server.WebGraphQlResponse(
                        new org.springframework.graphql.support.DefaultExecutionGraphQlResponse(request.toExecutionInput(), result)));
            }
            if (!request.getAttributes().containsKey(CompiledReadsFilter.STATEMENTS_COUNTED)) {
                StatementCounter.reset();
            }
            EffectiveSchema schema = metadata.schema();
            Object failedRead = request.getAttributes().get(Fetchers.FAILED_READ);
            request.configureExecutionInput((input, builder) -> builder.graphQLContext(context -> {
                context.put(Fetchers.SCHEMA, schema);
                if (failedRead != null) {
                    context.put(Fetchers.FAILED_READ, failedRead);
                }
            }).build());
            Mono<org.springframework.graphql.server.WebGraphQlResponse> executed = mayWrite(request.getDocument()) ? chain.next(request)
                    : Mono.deferContextual(context -> Mono.fromFuture(records.asOneRead(
                            () -> chain.next(request).contextWrite(context).toFuture())));
            return executed.map(response -> {
                response.getResponseHeaders().add("X-Sql-Statements", Integer.toString(StatementCounter.count()));
                response.getResponseHeaders().add("X-Sql-Transactions", Integer.toString(StatementCounter.transactions()));
                return response.transform(builder -> builder.errors(response.getErrors().stream()
                        .map(GraphQlConfiguration::withCode).toList()));
            });
        };
    }

    /** Why the caller may not use the data API (no tenant, or no role on it), or null when it may. */
    static String refusal() {
        return TenantContext.current().isEmpty() ? "This API needs a tenant, and the caller's token names none."
                : !PlatformPrincipal.current().isTenantMember() ? "The token grants no role on this tenant's data." : null;
    }

    /**
     * Whether a document may hold a mutation (or subscription): one that does not even contain the keyword cannot, so
     * its operation runs with all its reads in one read-only transaction; the others run as before, one transaction per
     * service call. A query that merely mentions the word (in a string or a name) only misses the shared transaction.
     */
    static boolean mayWrite(String document) {
        return document.contains("mutation") || document.contains("subscription");
    }

    private static GraphQLError withCode(org.springframework.graphql.ResponseError error) {
        Map<String, Object> extensions = new LinkedHashMap<>(error.getExtensions());
        extensions.putIfAbsent("code", codeFor(error.getErrorType()).name());
        // extensions.classification follows the code, as one of Spring for GraphQL's ErrorType values, instead of
        // graphql-java's class-like names ("DataFetchingException" on a validation error).
        GraphqlErrorBuilder<?> builder = GraphqlErrorBuilder.newError().message(error.getMessage())
                .errorType(classificationOf(String.valueOf(extensions.get("code")))).extensions(extensions);
        if (error.getLocations() != null && !error.getLocations().isEmpty()) {
            builder.locations(error.getLocations());
        }
        if (error.getParsedPath() != null && !error.getParsedPath().isEmpty()) {
            builder.path(error.getParsedPath());
        }
        return builder.build();
    }

    /** The classification a client may switch on coarsely, by the HTTP status the error's code stands for. */
    static org.springframework.graphql.execution.ErrorType classificationOf(String code) {
        int status;
        try {
            status = ErrorCode.valueOf(code).httpStatus();
        } catch (IllegalArgumentException e) {
            status = 500;
        }
        return switch (status) {
            case 401 -> org.springframework.graphql.execution.ErrorType.UNAUTHORIZED;
            case 403 -> org.springframework.graphql.execution.ErrorType.FORBIDDEN;
            case 404 -> org.springframework.graphql.execution.ErrorType.NOT_FOUND;
            default -> status < 500 ? org.springframework.graphql.execution.ErrorType.BAD_REQUEST
                    : org.springframework.graphql.execution.ErrorType.INTERNAL_ERROR;
        };
    }

    private static ErrorCode codeFor(ErrorClassification classification) {
        if (classification == ErrorType.InvalidSyntax || classification == ErrorType.ValidationError) {
            return ErrorCode.VALIDATION_FAILED;
        }
        // graphql-java's refusals of too much introspection (BadFaithIntrospection, IntrospectionDisabled) are the caller's doing
        if (classification == ErrorType.ExecutionAborted || REFUSED_INTROSPECTION.contains(String.valueOf(classification))) {
            return ErrorCode.LIMIT_EXCEEDED;
        }
        return ErrorCode.INTERNAL;
    }

    /** Picks the schema of the request's tenant; tenants without custom metadata share one. */
    static final class TenantGraphQlSource implements GraphQlSource {

        private static final int CACHED_DOCUMENTS = 2_000;
        private static final int MAX_PERMISSION_SETS = 32;
        private static final java.util.concurrent.atomic.AtomicLong BUILT = new java.util.concurrent.atomic.AtomicLong();

        private final SchemaFactory factory;
        private final MetadataService metadata;
        private final GraphQlLimits limits;
        private final Map<EffectiveSchema, Map<String, GraphQL>> schemas = new WeakHashMap<>();
        private final io.metaplatform.registry.RoleService roles;
        private final LimitedDocuments.DocumentCache documents = new LimitedDocuments.DocumentCache(CACHED_DOCUMENTS);
        private final GraphQL builtIn;

        TenantGraphQlSource(SchemaFactory factory, MetadataService metadata, GraphQlLimits limits) {
            this(factory, metadata, limits, null);
        }

        /** With {@code roles}, each caller gets the schema of its permission set, shared by callers holding the same access. */
        TenantGraphQlSource(SchemaFactory factory, MetadataService metadata, GraphQlLimits limits, io.metaplatform.registry.RoleService roles) {
            this.roles = roles;
            this.factory = factory;
            this.metadata = metadata;
            this.limits = limits;
            this.builtIn = graphQl(factory.build(new EffectiveSchema(0, BuiltInPacks.objects())), "builtin");
        }

        @Override
        public GraphQL graphQl() {
            if (TenantContext.current().isEmpty()) {
                return builtIn;
            }
            EffectiveSchema schema = metadata.schema();
            io.metaplatform.core.Caller caller = io.metaplatform.core.Caller.current();
            io.metaplatform.registry.RoleService.PermissionSet permissions = roles == null || caller.isSystem() ? null
                    : roles.permissions(caller.roles());
            String key = permissions == null ? "*" : permissions.fingerprint();
            synchronized (schemas) {
                GraphQL cached = schemas.getOrDefault(schema, Map.of()).get(key);
                if (cached != null) {
                    return cached;
                }
            }
            long started = System.nanoTime();
            GraphQLSchema built = permissions == null ? factory.build(schema)
                    : factory.build(schema, object -> permissions.objects().getOrDefault(object,
                            io.metaplatform.registry.RecordPolicy.ObjectAccess.none()));
            GraphQL graphQl = graphQl(built, documentKey(schema));
            log.debug("Built a GraphQL schema at metadata version {} for access {} in {} ms", schema.version(), key,
                    (System.nanoTime() - started) / 1_000_000);
            synchronized (schemas) {
                Map<String, GraphQL> bySet = schemas.computeIfAbsent(schema, ignored -> new java.util.LinkedHashMap<>());
                // A tenant's distinct permission sets are few; a bound keeps a tenant with many ad hoc role sets in check.
                if (bySet.size() >= MAX_PERMISSION_SETS) {
                    bySet.remove(bySet.keySet().iterator().next());
                }
                bySet.put(key, graphQl);
            }
            return graphQl;
        }

        @Override
        public GraphQLSchema schema() {
            return builtIn.getGraphQLSchema();
        }

        /**
         * The documents of each built schema get a key of their own, never reused: an identity hash could come back for a
         * later schema of the same version and hand it documents validated against an older one.
         */
        static String documentKey(EffectiveSchema schema) {
            return "v" + schema.version() + "#" + BUILT.incrementAndGet();
        }

        private GraphQL graphQl(GraphQLSchema schema, String key) {
            return GraphQL.newGraphQL(schema)
                    .preparsedDocumentProvider(new LimitedDocuments(schema, key, documents, limits, limits.maxComplexity(), FieldCosts.data(schema)))
                    .instrumentation(ArgumentLimits.data(limits))
                    .defaultDataFetcherExceptionHandler(new PlatformErrors())
                    .build();
        }
    }

    /** Platform exceptions become errors with their code and violations; anything else is INTERNAL without details. */
    static final class PlatformErrors implements DataFetcherExceptionHandler {

        @Override
        public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(
                graphql.execution.DataFetcherExceptionHandlerParameters parameters) {
            Throwable exception = parameters.getException();
            while (exception instanceof java.util.concurrent.CompletionException && exception.getCause() != null) {
                exception = exception.getCause();
            }
            GraphqlErrorBuilder<?> error = GraphqlErrorBuilder.newError(parameters.getDataFetchingEnvironment());
            if (exception instanceof PlatformException platform) {
                Map<String, Object> extensions = new LinkedHashMap<>();
                extensions.put("code", platform.code().name());
                if (!platform.violations().isEmpty()) {
                    List<Map<String, String>> details = new ArrayList<>();
                    platform.violations().forEach(violation -> details.add(Map.of("field", violation.field(), "code", violation.code(),
                            "message", violation.message())));
                    extensions.put("details", details);
                }
                error.message(platform.getMessage()).extensions(extensions);
            } else if (exception instanceof AccessDeniedException) {
                error.message("The token's roles do not allow this operation.").extensions(Map.of("code", ErrorCode.FORBIDDEN.name()));
            } else {
                log.error("Unexpected error in {}", parameters.getPath(), exception);
                error.message("An internal error occurred.").extensions(Map.of("code", ErrorCode.INTERNAL.name()));
            }
            return CompletableFuture.completedFuture(DataFetcherExceptionHandlerResult.newResult().error(error.build()).build());
        }
    }
}
