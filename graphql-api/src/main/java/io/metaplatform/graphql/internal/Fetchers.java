package io.metaplatform.graphql.internal;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.PropertyDataFetcher;
import graphql.schema.SelectedField;
import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.PlatformPrincipal;
import io.metaplatform.core.Role;
import io.metaplatform.registry.Aggregation;
import io.metaplatform.registry.DataRecord;
import io.metaplatform.registry.EffectiveSchema;
import io.metaplatform.registry.EffectiveSchema.InverseRelation;
import io.metaplatform.registry.FieldCapabilities;
import io.metaplatform.registry.FieldDefinition;
import io.metaplatform.registry.MetadataService;
import io.metaplatform.registry.ObjectDefinition;
import io.metaplatform.registry.RecordPage;
import io.metaplatform.registry.RecordLink;
import io.metaplatform.registry.RecordQuery;
import io.metaplatform.registry.RecordService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.dataloader.DataLoader;

/**
 * The generic data fetchers: each instance is parameterised by the metadata of the object or relation
 * it serves, the code is the same for every object and tenant. Relations load through DataLoaders, so
 * a selection costs one statement per relation level, not per record.
 */
final class Fetchers {

    static final String RECORDS = "records";
    static final String RELATED = "related";
    static final String HISTORY = "history";
    static final String LINKS = "links";
    /** The request's effective schema in the GraphQL context, read once per request. */
    static final String SCHEMA = "platform.schema";
    /**
     * In the GraphQL context (and as a request attribute before it): the failure of this request's compiled read, which
     * the root fields report instead of reading again ({@link CompiledReads}).
     */
    static final String FAILED_READ = "platform.failedRead";

    private final RecordService records;
    private final MetadataService metadata;
    private final DataFetcher<Object> recordField = new RecordField();

    Fetchers(RecordService records, MetadataService metadata) {
        this.records = records;
        this.metadata = metadata;
    }

    DataFetcher<Object> recordField() {
        return recordField;
    }

    /**
     * The value of a record's field: a {@link graphql.schema.LightDataFetcher}, so graphql-java reads it without building
     * a {@code DataFetchingEnvironment} for every field of every record (a page of 250 deals with their companies reads
     * thousands; issue 20). Values of anything that is not a record are read as properties, as by default.
     */
    private static final class RecordField implements graphql.schema.LightDataFetcher<Object> {

        @Override
        public Object get(graphql.schema.GraphQLFieldDefinition definition, Object source,
                java.util.function.Supplier<DataFetchingEnvironment> environment) throws Exception {
            String name = definition.getName();
            if (!(source instanceof DataRecord record)) {
                return PropertyDataFetcher.fetching(name).get(definition, source, environment);
            }
            Object value = value(record, name);
            return value == null && listOfValues(definition.getType()) ? List.of() : value;
        }

        @Override
        public Object get(DataFetchingEnvironment environment) throws Exception {
            return get(environment.getFieldDefinition(), environment.getSource(), () -> environment);
        }
    }

    /**
     * Whether a record field's GraphQL type is a non-null list: a multi-select, whose empty value (a custom field never set
     * stores none) the API shows as {@code []}, as its type promises.
     */
    static boolean listOfValues(graphql.schema.GraphQLOutputType type) {
        return type instanceof graphql.schema.GraphQLNonNull nonNull && nonNull.getWrappedType() instanceof graphql.schema.GraphQLList;
    }

    /** The value GraphQL shows for a record's field {@code name}: a system field or a field of the object. */
    static Object value(DataRecord record, String name) {
        return switch (name) {
            case "id" -> record.id();
            case "createdAt" -> record.createdAt();
            case "updatedAt" -> record.updatedAt();
            case "createdBy" -> record.createdBy();
            case "updatedBy" -> record.updatedBy();
            case "version" -> record.version();
            case "deletedAt" -> record.deletedAt();
            default -> record.get(name);
        };
    }

    // DataFetchingFieldSelectionSet.contains takes a glob and compiles it into a regex on every call: compare names instead.
    private static boolean selectsTotalCount(DataFetchingEnvironment environment) {
        return environment.getSelectionSet().getImmediateFields().stream().anyMatch(field -> field.getName().equals("totalCount"));
    }

    /**
     * The fields of {@code object} that {@code selected} (the selection on its records) names: only these are read. A
     * relation's field is named by its own selection ({@code company { name }} names {@code company}), so the ids the
     * relation fetchers follow are read too.
     */
    private static Set<String> fieldsNamed(ObjectDefinition object, List<SelectedField> selected) {
        Set<String> names = new HashSet<>();
        for (SelectedField field : selected) {
            if (object.field(field.getName()).isPresent()) {
                names.add(field.getName());
            }
        }
        return names;
    }

    // The fields selected on the nodes of a connection: edges { node { ... } }.
    private static Set<String> nodeFields(ObjectDefinition object, DataFetchingEnvironment environment) {
        List<SelectedField> nodes = new ArrayList<>();
        for (SelectedField edges : environment.getSelectionSet().getImmediateFields()) {
            if (edges.getName().equals("edges")) {
                for (SelectedField node : edges.getSelectionSet().getImmediateFields()) {
                    if (node.getName().equals("node")) {
                        nodes.addAll(node.getSelectionSet().getImmediateFields());
                    }
                }
            }
        }
        return fieldsNamed(object, nodes);
    }

    DataFetcher<Object> list(ObjectDefinition object) {
        return new ListFetcher(object);
    }

    DataFetcher<Object> byId(ObjectDefinition object) {
        return new ByIdFetcher(object);
    }

    /** {@code Query.<plural>}: a page of records; {@link CompiledReads} recognises it by its class. */
    final class ListFetcher implements DataFetcher<Object> {

        final ObjectDefinition object;

        ListFetcher(ObjectDefinition object) {
            this.object = object;
        }

        @Override
        public Object get(DataFetchingEnvironment environment) {
            failedRead(environment);
            return connection(records.list(object.apiName().value(),
                    listQuery(schema(environment), object, environment.getArguments(), selectsTotalCount(environment), nodeFields(object, environment))));
        }
    }

    /** {@code Query.<singular>(id)}: one record or null. */
    final class ByIdFetcher implements DataFetcher<Object> {

        final ObjectDefinition object;

        ByIdFetcher(ObjectDefinition object) {
            this.object = object;
        }

        @Override
        public Object get(DataFetchingEnvironment environment) {
            failedRead(environment);
            return records.get(object.apiName().value(), id(environment.getArgument("id")),
                    fieldsNamed(object, environment.getSelectionSet().getImmediateFields())).orElse(null);
        }
    }

    private static void failedRead(DataFetchingEnvironment environment) {
        PlatformException failure = environment.getGraphQlContext().get(FAILED_READ);
        if (failure != null) {
            throw failure;
        }
    }

    /** The query of a page of {@code object}'s records from its (coerced) connection arguments. */
    @SuppressWarnings("unchecked")
    static RecordQuery listQuery(EffectiveSchema schema, ObjectDefinition object, Map<String, Object> arguments, boolean totalCount,
            Set<String> fields) {
        return new RecordQuery(Arguments.filter(schema, object, (Map<String, Object>) arguments.get("filter")),
                Arguments.orderBy((List<Map<String, Object>>) arguments.get("orderBy")), (Integer) arguments.get("first"),
                (String) arguments.get("after"), (Integer) arguments.get("last"), (String) arguments.get("before"),
                Boolean.TRUE.equals(arguments.get("withDeleted")), totalCount, fields);
    }

    /** The query of the pages of a to-many relation's records, one per parent. */
    @SuppressWarnings("unchecked")
    static RecordQuery childQuery(EffectiveSchema schema, InverseRelation inverse, Map<String, Object> arguments, boolean totalCount,
            Set<String> fields) {
        return new RecordQuery(Arguments.filter(schema, inverse.source(), (Map<String, Object>) arguments.get("filter")),
                Arguments.orderBy((List<Map<String, Object>>) arguments.get("orderBy")), (Integer) arguments.get("first"),
                (String) arguments.get("after"), null, null, false, totalCount, fields);
    }

    DataFetcher<Object> aggregate(ObjectDefinition object) {
        return environment -> {
            List<Aggregation.GroupKey> groups = new ArrayList<>();
            List<Map<String, Object>> groupBy = environment.getArgument("groupBy");
            if (groupBy != null) {
                groupBy.forEach(group -> groups.add(new Aggregation.GroupKey((String) group.get("field"),
                        group.get("bucket") == null ? null : Aggregation.DateBucket.valueOf((String) group.get("bucket")))));
            }
            List<Aggregation.Metric> metrics = new ArrayList<>(List.of(new Aggregation.Metric(Aggregation.Function.COUNT, null)));
            List<String> numeric = object.fields().stream().filter(field -> FieldCapabilities.numeric(field.type()))
                    .map(field -> field.apiName().value()).toList();
            for (String field : numeric) {
                for (Aggregation.Function function : List.of(Aggregation.Function.SUM, Aggregation.Function.AVG, Aggregation.Function.MIN,
                        Aggregation.Function.MAX)) {
                    metrics.add(new Aggregation.Metric(function, field));
                }
            }
            List<Aggregation.Row> rows = records.aggregate(object.apiName().value(),
                    new Aggregation.Query(Arguments.filter(schema(environment), object, environment.getArgument("filter")), groups, metrics));
            return rows.stream().map(row -> aggregateRow(row, numeric)).toList();
        };
    }

    private static Map<String, Object> aggregateRow(Aggregation.Row row, List<String> numeric) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("group", row.group());
        result.put("count", ((Number) row.metrics().get("count")).intValue());
        for (String function : List.of("sum", "avg", "min", "max")) {
            Map<String, Object> values = new LinkedHashMap<>();
            numeric.forEach(field -> values.put(field, row.metrics().get(function + "_" + field)));
            result.put(function, values);
        }
        return result;
    }

    DataFetcher<Object> create(ObjectDefinition object) {
        return environment -> records.create(object.apiName().value(), environment.getArgument("data"), actor());
    }

    DataFetcher<Object> createMany(ObjectDefinition object) {
        return environment -> records.createMany(object.apiName().value(), environment.getArgument("data"),
                environment.getArgument("upsertOn"), actor());
    }

    DataFetcher<Object> update(ObjectDefinition object) {
        return environment -> records.update(object.apiName().value(), id(environment.getArgument("id")), environment.getArgument("data"),
                environment.getArgument("expectedVersion"), actor());
    }

    DataFetcher<Object> updateMany(ObjectDefinition object) {
        return environment -> records.updateMany(object.apiName().value(),
                Arguments.filter(schema(environment), object, environment.getArgument("filter")), environment.getArgument("data"), actor());
    }

    DataFetcher<Object> delete(ObjectDefinition object) {
        return environment -> {
            UUID id = id(environment.getArgument("id"));
            records.delete(object.apiName().value(), id, actor());
            return id;
        };
    }

    DataFetcher<Object> restore(ObjectDefinition object) {
        return environment -> records.restore(object.apiName().value(), id(environment.getArgument("id")), actor());
    }

    DataFetcher<Object> destroy(ObjectDefinition object) {
        return environment -> {
            if (!PlatformPrincipal.current().has(Role.TENANT_ADMIN)) {
                throw new PlatformException(ErrorCode.FORBIDDEN, "Only tenant admins destroy records.");
            }
            UUID id = id(environment.getArgument("id"));
            records.destroy(object.apiName().value(), id, actor());
            return id;
        };
    }

    DataFetcher<Object> toOne(FieldDefinition field, ObjectDefinition target) {
        return new ToOneFetcher(field, target);
    }

    DataFetcher<Object> manyToMany(ObjectDefinition object, FieldDefinition field, ObjectDefinition target) {
        return new ManyToManyFetcher(field, target);
    }

    DataFetcher<Object> toMany(InverseRelation inverse) {
        return new ToManyFetcher(inverse);
    }

    /** A many-to-one relation's record, batched by the {@link #RECORDS} loader. */
    record ToOneFetcher(FieldDefinition field, ObjectDefinition target) implements DataFetcher<Object> {

        @Override
        public Object get(DataFetchingEnvironment environment) {
            Object id = ((DataRecord) environment.getSource()).get(field.apiName().value());
            if (id == null) {
                return null;
            }
            DataLoader<RecordKey, DataRecord> loader = environment.getDataLoader(RECORDS);
            return loader.load(new RecordKey(target.apiName().value(), (UUID) id,
                    fieldsNamed(target, environment.getSelectionSet().getImmediateFields())));
        }
    }

    /** A many-to-many relation's records (those still there), batched by the {@link #RECORDS} loader. */
    record ManyToManyFetcher(FieldDefinition field, ObjectDefinition target) implements DataFetcher<Object> {

        @Override
        public Object get(DataFetchingEnvironment environment) {
            List<?> ids = (List<?>) ((DataRecord) environment.getSource()).get(field.apiName().value());
            DataLoader<RecordKey, DataRecord> loader = environment.getDataLoader(RECORDS);
            Set<String> fields = fieldsNamed(target, environment.getSelectionSet().getImmediateFields());
            List<RecordKey> keys = ids.stream().map(id -> new RecordKey(target.apiName().value(), (UUID) id, fields)).toList();
            return loader.loadMany(keys).thenApply(found -> found.stream().filter(record -> record != null).toList());
        }
    }

    /** The page of a to-many relation's records under each parent, batched by the {@link #RELATED} loader. */
    final class ToManyFetcher implements DataFetcher<Object> {

        final InverseRelation inverse;

        ToManyFetcher(InverseRelation inverse) {
            this.inverse = inverse;
        }

        @Override
        public Object get(DataFetchingEnvironment environment) {
            DataRecord parent = environment.getSource();
            RecordQuery query = childQuery(schema(environment), inverse, environment.getArguments(), selectsTotalCount(environment),
                    nodeFields(inverse.source(), environment));
            DataLoader<RelatedKey, RecordPage> loader = environment.getDataLoader(RELATED);
            CompletableFuture<RecordPage> page = loader.load(new RelatedKey(inverse.source().apiName().value(),
                    inverse.field().apiName().value(), parent.id(), query));
            return page.thenApply(Fetchers::connection);
        }
    }

    DataFetcher<Object> links(ObjectDefinition object, FieldDefinition field) {
        return environment -> {
            DataLoader<LinksKey, List<RecordLink>> loader = environment.getDataLoader(LINKS);
            return loader.load(new LinksKey(object.apiName().value(), field.apiName().value(), ((DataRecord) environment.getSource()).id()));
        };
    }

    DataFetcher<Object> history(ObjectDefinition object) {
        return environment -> {
            DataRecord record = environment.getSource();
            Integer limit = environment.getArgument("limit");
            DataLoader<HistoryKey, Object> loader = environment.getDataLoader(HISTORY);
            return loader.load(new HistoryKey(object.apiName().value(), record.id(), limit == null ? 50 : limit));
        };
    }

    static Map<String, Object> connection(RecordPage page) {
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("edges", page.edges().stream().map(EdgeFields::new).toList());
        connection.put("pageInfo", new PageInfoFields(page));
        connection.put("totalCount", page.totalCount());
        return connection;
    }

    /** An edge as GraphQL reads it ({@code node}, {@code cursor}): the cursor is encoded only when the query selects it. */
    private static final class EdgeFields extends java.util.AbstractMap<String, Object> {

        private final RecordPage.Edge edge;

        EdgeFields(RecordPage.Edge edge) {
            this.edge = edge;
        }

        @Override
        public Object get(Object key) {
            return "node".equals(key) ? edge.record() : "cursor".equals(key) ? edge.cursor() : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return "node".equals(key) || "cursor".equals(key);
        }

        @Override
        public java.util.Set<Entry<String, Object>> entrySet() {
            return Map.<String, Object>of("node", edge.record(), "cursor", edge.cursor()).entrySet();
        }
    }

    /**
     * A page's {@code pageInfo} as GraphQL reads it: the start and end cursors are encoded only when the query selects
     * them (a page of companies with a page of contacts each encoded two cursors per page nobody asked for, issue 20).
     */
    private static final class PageInfoFields extends java.util.AbstractMap<String, Object> {

        private static final List<String> KEYS = List.of("hasNextPage", "hasPreviousPage", "startCursor", "endCursor");

        private final RecordPage page;

        PageInfoFields(RecordPage page) {
            this.page = page;
        }

        @Override
        public Object get(Object key) {
            return key instanceof String name ? switch (name) {
                case "hasNextPage" -> page.hasNextPage();
                case "hasPreviousPage" -> page.hasPreviousPage();
                case "startCursor" -> page.startCursor();
                case "endCursor" -> page.endCursor();
                default -> null;
            } : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return KEYS.contains(key);
        }

        @Override
        public java.util.Set<Entry<String, Object>> entrySet() {
            Map<String, Object> all = new LinkedHashMap<>();
            for (String key : KEYS) {
                all.put(key, get(key));
            }
            return all.entrySet();
        }
    }

    private EffectiveSchema schema(DataFetchingEnvironment environment) {
        EffectiveSchema schema = environment.getGraphQlContext().get(SCHEMA);
        return schema != null ? schema : metadata.schema();
    }

    private static String actor() {
        return PlatformPrincipal.current().subject();
    }

    static UUID id(Object value) {
        try {
            return UUID.fromString(String.valueOf(value));
        } catch (IllegalArgumentException e) {
            throw PlatformException.notFound("Record '" + value + "'");
        }
    }

    /** A record to load by id, with the fields its selection names (a batch reads the union of its keys' fields). */
    record RecordKey(String object, UUID id, Set<String> fields) {
    }

    /** A page of a to-many relation for one parent. */
    record RelatedKey(String object, String relation, UUID parent, RecordQuery query) {
    }

    record HistoryKey(String object, UUID id, int limit) {
    }

    /** The links of one record's many-to-many relation. */
    record LinksKey(String object, String relation, UUID id) {
    }
}
