package io.metaplatform.graphql.internal;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.execution.RawVariables;
import graphql.execution.ValuesResolver;
import graphql.language.Argument;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.NodeUtil;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.schema.DataFetcher;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.registry.DataRecord;
import io.metaplatform.registry.EffectiveSchema;
import io.metaplatform.registry.EffectiveSchema.InverseRelation;
import io.metaplatform.registry.Money;
import io.metaplatform.registry.ObjectDefinition;
import io.metaplatform.registry.RecordPage;
import io.metaplatform.registry.RecordService;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the read-only queries of the data API that only select records, their fields and their relations, without
 * graphql-java's execution engine (issue 20: its per-field work was a quarter to a third of the CPU of a page of
 * companies with their contacts). A document is compiled once per schema into a plan: which fetcher each field is,
 * which fields of each object are read, which types serialise each value. Executing a plan reads the same records
 * through the same {@link RecordService} calls as the {@link Fetchers} (one batch per relation and level, as the
 * DataLoaders do), and writes the response with the schema's own scalars and enums onto Jackson's generator.
 * <p>
 * {@code @include} and {@code @skip} are resolved at compile time: a document whose conditions name variables has a plan
 * per combination of their values ({@link Conditional}).
 * <p>
 * Anything else is declined and answered by graphql-java as before: mutations, introspection, aggregates, histories
 * and links, other directives, fragments on abstract types, a response key selected twice, and, while executing, any error
 * (a refused argument, a platform error, a null where the schema promises a value). Reads have no effect, so a
 * declined execution is simply run again by graphql-java, which then answers with its errors; but a read stopped at the
 * statement timeout is not run again: graphql-java reports it on the root fields ({@link Fetchers#FAILED_READ}).
 */
final class CompiledReads {

    private static final Logger log = LoggerFactory.getLogger(CompiledReads.class);
    private static final Object DECLINED = new Object();
    private static final int MAX_CONDITIONS = 6;

    private final RecordService records;
    private final Fetchers fetchers;
    private final ArgumentLimits limits;
    private final JsonMapper json;

    CompiledReads(RecordService records, Fetchers fetchers, GraphQlLimits limits, JsonMapper json) {
        this.records = records;
        this.fetchers = fetchers;
        this.limits = ArgumentLimits.data(limits);
        this.json = json;
    }

    /** Why a request is left to graphql-java. */
    static final class Declined extends RuntimeException {

        /** A failure graphql-java is to report on the root fields without reading again (a statement timeout), or null. */
        final PlatformException failure;

        Declined(String reason) {
            this(reason, null);
        }

        Declined(String reason, PlatformException failure) {
            super(reason, null, false, false);
            this.failure = failure;
        }
    }

    /**
     * The plan of {@code operationName} in an admitted (parsed, measured and validated) {@code document} of {@code query},
     * or empty when the document is one graphql-java must run; computed once per document and schema.
     */
    Optional<Plan> plan(LimitedDocuments documents, GraphQLSchema schema, String query, Document document, String operationName,
            Map<String, Object> variables) {
        Object plan = documents.plan(query, operationName, () -> orDeclined(() -> {
            Compiler compiler = new Compiler(schema, document, null);
            Map<String, Boolean> conditions = compiler.conditionVariables(operationName);
            return conditions.isEmpty() ? compiler.compile(operationName) : new Conditional(schema, document, operationName, conditions);
        }));
        if (plan instanceof Conditional conditional) {
            plan = conditional.plan(variables);
        }
        return plan == DECLINED ? Optional.empty() : Optional.of((Plan) plan);
    }

    /**
     * The plans of a document whose {@code @include}/{@code @skip} conditions name variables: one per combination of
     * their values, compiled with the fields those values leave in (at most {@value #MAX_CONDITIONS} variables).
     */
    private final class Conditional {

        private final GraphQLSchema schema;
        private final Document document;
        private final String operationName;
        // Each condition variable with its default value (null when it has none).
        private final Map<String, Boolean> defaults;
        private final Map<Map<String, Boolean>, Object> plans = new java.util.concurrent.ConcurrentHashMap<>();

        Conditional(GraphQLSchema schema, Document document, String operationName, Map<String, Boolean> defaults) {
            if (defaults.size() > MAX_CONDITIONS) {
                throw new Declined("more than " + MAX_CONDITIONS + " condition variables");
            }
            this.schema = schema;
            this.document = document;
            this.operationName = operationName;
            this.defaults = defaults;
        }

        /** The plan for the request's values of the condition variables; declined unless each is a boolean. */
        Object plan(Map<String, Object> variables) {
            Map<String, Boolean> values = new java.util.TreeMap<>();
            for (Map.Entry<String, Boolean> condition : defaults.entrySet()) {
                Object value = variables.containsKey(condition.getKey()) ? variables.get(condition.getKey()) : condition.getValue();
                if (!(value instanceof Boolean flag)) {
                    return DECLINED;
                }
                values.put(condition.getKey(), flag);
            }
            return plans.computeIfAbsent(values, key -> orDeclined(() -> new Compiler(schema, document, key).compile(operationName)));
        }
    }

    /** What {@code compile} returns, or {@link #DECLINED} when the document is one graphql-java must run. */
    private static Object orDeclined(java.util.function.Supplier<Object> compile) {
        try {
            return compile.get();
        } catch (Declined e) {
            log.debug("Not compiled: {}", e.getMessage());
            return DECLINED;
        } catch (RuntimeException e) {
            // Not expected: graphql-java answers such documents rather than a 500 from here.
            log.warn("A document could not be compiled; graphql-java answers it", e);
            return DECLINED;
        }
    }

    /**
     * Executes a plan in one read-only transaction and returns the response's JSON ({@code {"data": ...}}).
     *
     * @throws Declined when graphql-java must answer instead (nothing was written, the response is not started)
     */
    ByteArrayOutputStream execute(Plan plan, EffectiveSchema schema, Map<String, Object> variables, Locale locale) {
        GraphQLContext context = GraphQLContext.newContext().build();
        CoercedVariables coerced;
        try {
            coerced = ValuesResolver.coerceVariableValues(plan.schema, plan.variables, RawVariables.of(variables == null ? Map.of() : variables),
                    context, locale);
        } catch (RuntimeException e) {
            throw new Declined("variables: " + e.getMessage());
        }
        Run run = new Run(plan, schema, coerced, context, locale);
        try {
            records.asOneRead(() -> {
                run.load();
                return null;
            });
        } catch (PlatformException e) {
            // Run again by graphql-java, a timed-out read would hold a connection for the timeout once more, under the
            // load that made it time out: graphql-java reports it instead.
            throw new Declined(e.getMessage(), e.code() == ErrorCode.QUERY_TIMEOUT ? e : null);
        }
        // Sized by the plan's last answer: growing from a fixed size copied a page of records' JSON several times over
        // (12 % of the bytes a page of companies with their contacts allocated, issue 20).
        ByteArrayOutputStream out = new ByteArrayOutputStream(plan.lastSize + plan.lastSize / 8 + 256);
        try (JsonGenerator generator = json.createGenerator(out, JsonEncoding.UTF8)) {
            generator.writeStartObject();
            generator.writeName("data");
            run.writeRoot(generator);
            generator.writeEndObject();
        }
        plan.lastSize = out.size();
        return out;
    }

    // ---- plans ----

    /** A compiled operation: its root fields and the variables it declares. */
    static final class Plan {

        final GraphQLSchema schema;
        final List<graphql.language.VariableDefinition> variables;
        final List<Root> roots;
        // The size of its last answer, where the next one's buffer starts (a hint: races only cost a copy).
        volatile int lastSize = 4096;

        Plan(GraphQLSchema schema, List<graphql.language.VariableDefinition> variables, List<Root> roots) {
            this.schema = schema;
            this.variables = variables;
            this.roots = roots;
        }
    }

    /** A field of Query: a page of records, one record by id, or {@code __typename}. */
    record Root(String key, Kind kind, ObjectDefinition object, GraphQLFieldDefinition definition, List<Argument> arguments,
            Selection selection) {

        enum Kind { LIST, BY_ID, TYPENAME }
    }

    /** The selection on one object type, flattened: its parts in response order. */
    static final class Selection {

        final String typeName;
        final List<Part> parts;
        /** For a record type: the fields read (those the selection names), for a connection: the node's. */
        final Set<String> fields;
        /** For a connection: whether it selects totalCount; the record selections of its nodes. */
        final boolean totalCount;
        final List<Selection> nodes;

        Selection(String typeName, List<Part> parts, Set<String> fields, boolean totalCount, List<Selection> nodes) {
            this.typeName = typeName;
            this.parts = parts;
            this.fields = fields;
            this.totalCount = totalCount;
            this.nodes = nodes;
        }
    }

    /** One response key of a selection. */
    sealed interface Part {

        String key();
    }

    record Typename(String key, String type) implements Part {
    }

    /** A value read by name from its source (a record's field, a map's entry, a money amount), with its declared type. */
    record Value(String key, String name, GraphQLOutputType type, Selection selection) implements Part {
    }

    /**
     * A relation of this record's own: the record whose id the field holds (many-to-one), or the records whose ids it
     * holds, those still there (many-to-many, {@code many}).
     */
    record Linked(String key, String field, ObjectDefinition target, boolean many, boolean nonNull, Selection selection) implements Part {

        /** The ids {@code record}'s field holds: none, one, or a list. */
        List<UUID> ids(DataRecord record) {
            Object value = record.get(field);
            if (value instanceof UUID id) {
                return List.of(id);
            }
            List<UUID> ids = new ArrayList<>();
            if (value instanceof List<?> list) {
                list.forEach(id -> ids.add((UUID) id));
            }
            return ids;
        }
    }

    /** The records of a relation pointing here: a page per parent. */
    record Children(String key, InverseRelation inverse, GraphQLFieldDefinition definition, List<Argument> arguments, Selection connection)
            implements Part {
    }

    private final class Compiler {

        private final GraphQLSchema schema;
        private final Document document;
        private final GraphQLCodeRegistry code;
        // The values of the variables that @include/@skip name; null while they are not known (a plain document).
        private final Map<String, Boolean> conditions;
        private Map<String, FragmentDefinition> fragments;

        Compiler(GraphQLSchema schema, Document document, Map<String, Boolean> conditions) {
            this.schema = schema;
            this.document = document;
            this.code = schema.getCodeRegistry();
            this.conditions = conditions;
        }

        /**
         * The variables the operation's {@code @include}/{@code @skip} conditions name (in its selections and the
         * fragments it spreads), each with its default value or null.
         */
        Map<String, Boolean> conditionVariables(String operationName) {
            NodeUtil.GetOperationResult found;
            try {
                found = NodeUtil.getOperation(document, operationName);
            } catch (RuntimeException e) {
                throw new Declined("no such operation");
            }
            Set<String> names = new java.util.TreeSet<>();
            conditionVariables(found.operationDefinition.getSelectionSet(), found.fragmentsByName, names, new HashSet<>());
            Map<String, Boolean> defaults = new LinkedHashMap<>();
            for (String name : names) {
                Boolean fallback = null;
                for (graphql.language.VariableDefinition definition : found.operationDefinition.getVariableDefinitions()) {
                    if (definition.getName().equals(name) && definition.getDefaultValue() instanceof graphql.language.BooleanValue value) {
                        fallback = value.isValue();
                    }
                }
                defaults.put(name, fallback);
            }
            return defaults;
        }

        private void conditionVariables(SelectionSet set, Map<String, FragmentDefinition> fragments, Set<String> names, Set<String> seen) {
            if (set == null) {
                return;
            }
            for (graphql.language.Selection<?> selection : set.getSelections()) {
                List<graphql.language.Directive> directives = switch (selection) {
                    case Field field -> field.getDirectives();
                    case InlineFragment inline -> inline.getDirectives();
                    case FragmentSpread spread -> spread.getDirectives();
                    default -> List.of();
                };
                for (graphql.language.Directive directive : directives) {
                    Argument condition = directive.getArgument("if");
                    if (condition != null && condition.getValue() instanceof graphql.language.VariableReference variable) {
                        names.add(variable.getName());
                    }
                }
                switch (selection) {
                    case Field field -> conditionVariables(field.getSelectionSet(), fragments, names, seen);
                    case InlineFragment inline -> conditionVariables(inline.getSelectionSet(), fragments, names, seen);
                    case FragmentSpread spread -> {
                        FragmentDefinition fragment = fragments.get(spread.getName());
                        if (fragment != null && seen.add(spread.getName())) {
                            conditionVariables(fragment.getSelectionSet(), fragments, names, seen);
                        }
                    }
                    default -> {
                    }
                }
            }
        }

        Plan compile(String operationName) {
            NodeUtil.GetOperationResult found;
            try {
                found = NodeUtil.getOperation(document, operationName);
            } catch (RuntimeException e) {
                throw new Declined("no such operation");
            }
            OperationDefinition operation = found.operationDefinition;
            fragments = found.fragmentsByName;
            if (operation.getOperation() != OperationDefinition.Operation.QUERY || !operation.getDirectives().isEmpty()) {
                throw new Declined("not a plain query");
            }
            GraphQLObjectType query = schema.getQueryType();
            List<Root> roots = new ArrayList<>();
            for (Field field : collect(query, operation.getSelectionSet())) {
                String key = field.getResultKey();
                if (field.getName().equals("__typename")) {
                    roots.add(new Root(key, Root.Kind.TYPENAME, null, null, List.of(), null));
                    continue;
                }
                GraphQLFieldDefinition definition = definition(query, field);
                DataFetcher<?> fetcher = code.getDataFetcher(FieldCoordinates.coordinates(query, definition), definition);
                if (fetcher instanceof Fetchers.ListFetcher list) {
                    roots.add(new Root(key, Root.Kind.LIST, list.object, definition, field.getArguments(),
                            connection(objectType(definition.getType()), field, list.object)));
                } else if (fetcher instanceof Fetchers.ByIdFetcher byId) {
                    roots.add(new Root(key, Root.Kind.BY_ID, byId.object, definition, field.getArguments(),
                            record(objectType(definition.getType()), field.getSelectionSet(), byId.object)));
                } else {
                    throw new Declined("root field " + field.getName());
                }
            }
            return new Plan(schema, operation.getVariableDefinitions(), List.copyOf(roots));
        }

        /** A record type's selection: its fields, relations in either direction and {@code __typename}. */
        private Selection record(GraphQLObjectType type, SelectionSet set, ObjectDefinition object) {
            List<Part> parts = new ArrayList<>();
            Set<String> fields = new HashSet<>();
            for (Field field : collect(type, set)) {
                String key = field.getResultKey();
                if (field.getName().equals("__typename")) {
                    parts.add(new Typename(key, type.getName()));
                    continue;
                }
                GraphQLFieldDefinition definition = definition(type, field);
                if (object.field(field.getName()).isPresent()) {
                    fields.add(field.getName());
                }
                DataFetcher<?> fetcher = code.getDataFetcher(FieldCoordinates.coordinates(type, definition), definition);
                if (fetcher instanceof Fetchers.ToOneFetcher toOne) {
                    parts.add(new Linked(key, toOne.field().apiName().value(), toOne.target(), false,
                            definition.getType() instanceof GraphQLNonNull, record(objectType(definition.getType()), field.getSelectionSet(), toOne.target())));
                } else if (fetcher instanceof Fetchers.ManyToManyFetcher toMany) {
                    parts.add(new Linked(key, toMany.field().apiName().value(), toMany.target(), true, true,
                            record(objectType(definition.getType()), field.getSelectionSet(), toMany.target())));
                } else if (fetcher instanceof Fetchers.ToManyFetcher children) {
                    parts.add(new Children(key, children.inverse, definition, field.getArguments(),
                            connection(objectType(definition.getType()), field, children.inverse.source())));
                } else if (fetcher == fetchers.recordField() && field.getArguments().isEmpty()) {
                    parts.add(value(key, field, definition.getType()));
                } else {
                    throw new Declined("field " + type.getName() + "." + field.getName());
                }
            }
            return new Selection(type.getName(), List.copyOf(parts), Set.copyOf(fields), false, List.of());
        }

        /** A connection: edges (node, cursor), pageInfo and totalCount, read from the map {@link Fetchers#connection} builds. */
        private Selection connection(GraphQLObjectType type, Field connectionField, ObjectDefinition object) {
            List<Part> parts = new ArrayList<>();
            List<Selection> nodes = new ArrayList<>();
            Set<String> fields = new HashSet<>();
            boolean totalCount = false;
            for (Field field : collect(type, connectionField.getSelectionSet())) {
                String key = field.getResultKey();
                switch (field.getName()) {
                    case "__typename" -> parts.add(new Typename(key, type.getName()));
                    case "totalCount" -> {
                        totalCount = true;
                        parts.add(value(key, field, definition(type, field).getType()));
                    }
                    case "pageInfo" -> parts.add(value(key, field, definition(type, field).getType()));
                    case "edges" -> {
                        GraphQLObjectType edgeType = objectType(definition(type, field).getType());
                        List<Part> edgeParts = new ArrayList<>();
                        for (Field edgeField : collect(edgeType, field.getSelectionSet())) {
                            String edgeKey = edgeField.getResultKey();
                            switch (edgeField.getName()) {
                                case "__typename" -> edgeParts.add(new Typename(edgeKey, edgeType.getName()));
                                case "cursor" -> edgeParts.add(value(edgeKey, edgeField, definition(edgeType, edgeField).getType()));
                                case "node" -> {
                                    GraphQLFieldDefinition node = definition(edgeType, edgeField);
                                    Selection records = record(objectType(node.getType()), edgeField.getSelectionSet(), object);
                                    nodes.add(records);
                                    fields.addAll(records.fields);
                                    edgeParts.add(new Value(edgeKey, "node", node.getType(), records));
                                }
                                default -> throw new Declined("edge field " + edgeField.getName());
                            }
                        }
                        Selection edge = new Selection(edgeType.getName(), List.copyOf(edgeParts), Set.of(), false, List.of());
                        parts.add(new Value(key, "edges", definition(type, field).getType(), edge));
                    }
                    default -> throw new Declined("connection field " + field.getName());
                }
            }
            return new Selection(type.getName(), List.copyOf(parts), Set.copyOf(fields), totalCount, List.copyOf(nodes));
        }

        /** A value of a scalar, an enum, a list of them, or of the small objects ({@code Money}, {@code PageInfo}) read by name. */
        private Part value(String key, Field field, GraphQLOutputType type) {
            GraphQLType named = unwrap(type);
            if (named instanceof GraphQLScalarType || named instanceof GraphQLEnumType) {
                return new Value(key, field.getName(), type, null);
            }
            if (named instanceof GraphQLObjectType object && (object.getName().equals("Money") || object.getName().equals("PageInfo"))) {
                List<Part> parts = new ArrayList<>();
                for (Field member : collect(object, field.getSelectionSet())) {
                    if (member.getName().equals("__typename")) {
                        parts.add(new Typename(member.getResultKey(), object.getName()));
                        continue;
                    }
                    GraphQLOutputType memberType = definition(object, member).getType();
                    if (!(unwrap(memberType) instanceof GraphQLScalarType)) {
                        throw new Declined("member " + member.getName());
                    }
                    parts.add(new Value(member.getResultKey(), member.getName(), memberType, null));
                }
                return new Value(key, field.getName(), type, new Selection(object.getName(), List.copyOf(parts), Set.of(), false, List.of()));
            }
            throw new Declined("type " + named);
        }

        /** The fields of a selection set with fragments on the type itself inlined, in response order; no key twice. */
        private List<Field> collect(GraphQLObjectType type, SelectionSet set) {
            List<Field> fields = new ArrayList<>();
            collect(type, set, fields, new HashSet<>());
            return fields;
        }

        private void collect(GraphQLObjectType type, SelectionSet set, List<Field> fields, Set<String> keys) {
            if (set == null) {
                return;
            }
            for (graphql.language.Selection<?> selection : set.getSelections()) {
                switch (selection) {
                    case Field field -> {
                        if (!included(field.getDirectives())) {
                            continue;
                        }
                        if (!keys.add(field.getResultKey())) {
                            throw new Declined("key selected twice: " + field.getResultKey());
                        }
                        fields.add(field);
                    }
                    case InlineFragment inline -> {
                        if (!included(inline.getDirectives())) {
                            continue;
                        }
                        onType(type, inline.getTypeCondition() == null ? null : inline.getTypeCondition().getName());
                        collect(type, inline.getSelectionSet(), fields, keys);
                    }
                    case FragmentSpread spread -> {
                        FragmentDefinition fragment = fragments.get(spread.getName());
                        if (fragment == null || !fragment.getDirectives().isEmpty()) {
                            throw new Declined("fragment " + spread.getName());
                        }
                        if (!included(spread.getDirectives())) {
                            continue;
                        }
                        onType(type, fragment.getTypeCondition().getName());
                        collect(type, fragment.getSelectionSet(), fields, keys);
                    }
                    default -> throw new Declined("selection " + selection.getClass().getSimpleName());
                }
            }
        }

        private static void onType(GraphQLObjectType type, String condition) {
            if (condition != null && !condition.equals(type.getName())) {
                throw new Declined("fragment on " + condition);
            }
        }

        /**
         * Whether a selection stays in by its {@code @include(if:)} and {@code @skip(if:)} (both may stand on it, as in
         * graphql-java: in when included and not skipped); any other directive is declined.
         */
        private boolean included(List<graphql.language.Directive> directives) {
            boolean included = true;
            for (graphql.language.Directive directive : directives) {
                boolean include = directive.getName().equals("include");
                if (!include && !directive.getName().equals("skip")) {
                    throw new Declined("directive @" + directive.getName());
                }
                Argument condition = directive.getArgument("if");
                boolean value;
                if (condition != null && condition.getValue() instanceof graphql.language.BooleanValue literal) {
                    value = literal.isValue();
                } else if (condition != null && condition.getValue() instanceof graphql.language.VariableReference variable
                        && conditions != null && conditions.get(variable.getName()) != null) {
                    value = conditions.get(variable.getName());
                } else {
                    throw new Declined("condition of @" + directive.getName());
                }
                included &= include == value;
            }
            return included;
        }

        private GraphQLFieldDefinition definition(GraphQLObjectType type, Field field) {
            GraphQLFieldDefinition definition = type.getFieldDefinition(field.getName());
            if (definition == null) {
                throw new Declined("unknown field " + field.getName());
            }
            return definition;
        }

        private static GraphQLObjectType objectType(GraphQLOutputType type) {
            if (unwrap(type) instanceof GraphQLObjectType object) {
                return object;
            }
            throw new Declined("not an object type: " + type);
        }
    }

    private static GraphQLType unwrap(GraphQLType type) {
        GraphQLType named = type;
        while (named instanceof GraphQLNonNull || named instanceof GraphQLList) {
            named = named instanceof GraphQLNonNull nonNull ? nonNull.getWrappedType() : ((GraphQLList) named).getWrappedType();
        }
        return named;
    }

    // ---- execution ----

    /** One execution: the records read level by level, then written. */
    private final class Run {

        private final Plan plan;
        private final EffectiveSchema schema;
        private final CoercedVariables variables;
        private final GraphQLContext context;
        private final Locale locale;
        private final Object[] rootValues;
        /** The records of each many-to-one and many-to-many part, by id. */
        private final Map<Part, Map<UUID, DataRecord>> related = new IdentityHashMap<>();
        /** The page of each to-many part under each parent, as GraphQL shows it. */
        private final Map<Part, Map<UUID, Map<String, Object>>> pages = new IdentityHashMap<>();

        Run(Plan plan, EffectiveSchema schema, CoercedVariables variables, GraphQLContext context, Locale locale) {
            this.plan = plan;
            this.schema = schema;
            this.variables = variables;
            this.context = context;
            this.locale = locale;
            this.rootValues = new Object[plan.roots.size()];
        }

        private Map<String, Object> arguments(GraphQLFieldDefinition definition, List<Argument> arguments) {
            Map<String, Object> values;
            try {
                values = ValuesResolver.getArgumentValues(plan.schema.getCodeRegistry(), definition.getArguments(), arguments, variables,
                        context, locale);
            } catch (RuntimeException e) {
                throw new Declined("arguments: " + e.getMessage());
            }
            if (!limits.admits(definition.getName(), values)) {
                throw new Declined("arguments refused");
            }
            return values;
        }

        void load() {
            // Level by level, as graphql-java dispatches its DataLoaders: the record selections reached at one level
            // with their records, then one read per relation of theirs.
            List<Selection> selections = new ArrayList<>();
            List<List<DataRecord>> found = new ArrayList<>();
            for (int index = 0; index < plan.roots.size(); index++) {
                Root root = plan.roots.get(index);
                switch (root.kind()) {
                    case TYPENAME -> rootValues[index] = "Query";
                    case LIST -> {
                        Map<String, Object> arguments = arguments(root.definition(), root.arguments());
                        RecordPage page = records.list(root.object().apiName().value(), Fetchers.listQuery(schema, root.object(), arguments,
                                root.selection().totalCount, root.selection().fields));
                        rootValues[index] = Fetchers.connection(page);
                        addNodes(root.selection(), page, selections, found);
                    }
                    case BY_ID -> {
                        Map<String, Object> arguments = arguments(root.definition(), root.arguments());
                        DataRecord record = records.get(root.object().apiName().value(), Fetchers.id(arguments.get("id")),
                                root.selection().fields).orElse(null);
                        rootValues[index] = record;
                        if (record != null) {
                            selections.add(root.selection());
                            found.add(List.of(record));
                        }
                    }
                }
            }
            while (!selections.isEmpty()) {
                List<Selection> nextSelections = new ArrayList<>();
                List<List<DataRecord>> nextFound = new ArrayList<>();
                loadLevel(selections, found, nextSelections, nextFound);
                selections = nextSelections;
                found = nextFound;
            }
        }

        private void addNodes(Selection connection, RecordPage page, List<Selection> selections, List<List<DataRecord>> found) {
            if (connection.nodes.isEmpty() || page.edges().isEmpty()) {
                return;
            }
            List<DataRecord> nodes = new ArrayList<>(page.edges().size());
            page.edges().forEach(edge -> nodes.add(edge.record()));
            for (Selection node : connection.nodes) {
                selections.add(node);
                found.add(nodes);
            }
        }

        private void loadLevel(List<Selection> selections, List<List<DataRecord>> found, List<Selection> nextSelections,
                List<List<DataRecord>> nextFound) {
            // Records by id: one read per object for every relation of the level, of the union of the fields they select.
            Map<String, Set<UUID>> ids = new LinkedHashMap<>();
            Map<String, Set<String>> fields = new HashMap<>();
            for (int index = 0; index < selections.size(); index++) {
                for (Part part : selections.get(index).parts) {
                    if (part instanceof Linked linked) {
                        String target = linked.target().apiName().value();
                        Set<UUID> wanted = ids.computeIfAbsent(target, ignored -> new LinkedHashSet<>());
                        found.get(index).forEach(record -> wanted.addAll(linked.ids(record)));
                        fields.computeIfAbsent(target, ignored -> new HashSet<>()).addAll(linked.selection().fields);
                    }
                }
            }
            Map<String, Map<UUID, DataRecord>> byObject = new HashMap<>();
            ids.forEach((object, wanted) -> {
                Map<UUID, DataRecord> byId = new HashMap<>();
                if (!wanted.isEmpty()) {
                    records.getMany(object, List.copyOf(wanted), fields.get(object)).forEach(record -> byId.put(record.id(), record));
                }
                byObject.put(object, byId);
            });
            for (int index = 0; index < selections.size(); index++) {
                List<DataRecord> parents = found.get(index);
                for (Part part : selections.get(index).parts) {
                    switch (part) {
                        case Linked linked -> {
                            Map<UUID, DataRecord> byId = byObject.get(linked.target().apiName().value());
                            related.put(part, byId);
                            Map<UUID, DataRecord> targets = new LinkedHashMap<>();
                            for (DataRecord record : parents) {
                                for (UUID id : linked.ids(record)) {
                                    DataRecord target = byId.get(id);
                                    if (target != null) {
                                        targets.putIfAbsent(id, target);
                                    }
                                }
                            }
                            if (!targets.isEmpty()) {
                                nextSelections.add(linked.selection());
                                nextFound.add(List.copyOf(targets.values()));
                            }
                        }
                        case Children children -> loadChildren(children, parents, nextSelections, nextFound);
                        default -> {
                        }
                    }
                }
            }
        }

        private void loadChildren(Children children, List<DataRecord> parents, List<Selection> nextSelections, List<List<DataRecord>> nextFound) {
            Map<String, Object> arguments = arguments(children.definition(), children.arguments());
            List<UUID> parentIds = new ArrayList<>(new LinkedHashSet<>(parents.stream().map(DataRecord::id).toList()));
            Map<UUID, RecordPage> byParent = records.listByParents(children.inverse().source().apiName().value(),
                    children.inverse().field().apiName().value(), parentIds, Fetchers.childQuery(schema, children.inverse(), arguments,
                            children.connection().totalCount, children.connection().fields));
            Map<UUID, Map<String, Object>> shown = new HashMap<>();
            List<DataRecord> nodes = new ArrayList<>();
            for (UUID parent : parentIds) {
                RecordPage page = byParent.get(parent);
                if (page == null) {
                    throw new Declined("no page for a parent");
                }
                shown.put(parent, Fetchers.connection(page));
                page.edges().forEach(edge -> nodes.add(edge.record()));
            }
            pages.put(children, shown);
            if (!nodes.isEmpty()) {
                for (Selection node : children.connection().nodes) {
                    nextSelections.add(node);
                    nextFound.add(nodes);
                }
            }
        }

        // ---- writing ----

        void writeRoot(JsonGenerator generator) {
            generator.writeStartObject();
            for (int index = 0; index < plan.roots.size(); index++) {
                Root root = plan.roots.get(index);
                generator.writeName(root.key());
                Object value = rootValues[index];
                switch (root.kind()) {
                    case TYPENAME -> generator.writeString((String) value);
                    case LIST -> writeObject(generator, root.selection(), value);
                    case BY_ID -> {
                        if (value == null) {
                            generator.writeNull();
                        } else {
                            writeObject(generator, root.selection(), value);
                        }
                    }
                }
            }
            generator.writeEndObject();
        }

        private void writeObject(JsonGenerator generator, Selection selection, Object source) {
            generator.writeStartObject();
            for (Part part : selection.parts) {
                generator.writeName(part.key());
                switch (part) {
                    case Typename typename -> generator.writeString(typename.type());
                    case Value value -> {
                        Object read = read(source, value.name());
                        if (read == null && source instanceof DataRecord && Fetchers.listOfValues(value.type())) {
                            read = List.of();
                        }
                        writeValue(generator, value.type(), value.selection(), read);
                    }
                    case Linked linked -> {
                        Map<UUID, DataRecord> byId = related.get(part);
                        List<DataRecord> targets = new ArrayList<>();
                        for (UUID id : linked.ids((DataRecord) source)) {
                            DataRecord target = byId.get(id);
                            if (target != null) {
                                targets.add(target);
                            }
                        }
                        if (linked.many()) {
                            generator.writeStartArray();
                            targets.forEach(target -> writeObject(generator, linked.selection(), target));
                            generator.writeEndArray();
                        } else if (!targets.isEmpty()) {
                            writeObject(generator, linked.selection(), targets.getFirst());
                        } else if (linked.nonNull()) {
                            throw new Declined("a required relation is empty");
                        } else {
                            generator.writeNull();
                        }
                    }
                    case Children children -> writeObject(generator, children.connection(), pages.get(part).get(((DataRecord) source).id()));
                }
            }
            generator.writeEndObject();
        }

        private void writeValue(JsonGenerator generator, GraphQLType type, Selection selection, Object value) {
            GraphQLType wrapped = type;
            if (wrapped instanceof GraphQLNonNull nonNull) {
                if (value == null) {
                    throw new Declined("null for a non-null field");
                }
                wrapped = nonNull.getWrappedType();
            }
            if (value == null) {
                generator.writeNull();
            } else if (wrapped instanceof GraphQLScalarType scalar) {
                Object serialized;
                try {
                    serialized = scalar.getCoercing().serialize(value, context, locale);
                } catch (RuntimeException e) {
                    throw new Declined("serialising " + scalar.getName());
                }
                GraphQlJsonConverter.write(json, generator, serialized);
            } else if (wrapped instanceof GraphQLEnumType enumeration) {
                Object serialized;
                try {
                    serialized = enumeration.serialize(value, context, locale);
                } catch (RuntimeException e) {
                    throw new Declined("serialising " + enumeration.getName());
                }
                GraphQlJsonConverter.write(json, generator, serialized);
            } else if (wrapped instanceof GraphQLList list) {
                if (!(value instanceof Iterable<?> items)) {
                    throw new Declined("not a list");
                }
                generator.writeStartArray();
                for (Object item : items) {
                    writeValue(generator, list.getWrappedType(), selection, item);
                }
                generator.writeEndArray();
            } else if (selection != null) {
                writeObject(generator, selection, value);
            } else {
                throw new Declined("type " + wrapped);
            }
        }

        /** A value by name, as the default fetchers read it: a record's field, a map's entry, a money amount's part. */
        private static Object read(Object source, String name) {
            if (source instanceof DataRecord record) {
                return Fetchers.value(record, name);
            }
            if (source instanceof Map<?, ?> map) {
                return map.get(name);
            }
            if (source instanceof Money money) {
                return switch (name) {
                    case "amount" -> money.amount();
                    case "currencyCode" -> money.currencyCode();
                    default -> throw new Declined("money " + name);
                };
            }
            throw new Declined("source " + (source == null ? "null" : source.getClass().getSimpleName()));
        }
    }
}
