package io.metaplatform.graphql.internal;

import static graphql.schema.GraphQLArgument.newArgument;
import static graphql.schema.GraphQLFieldDefinition.newFieldDefinition;
import static graphql.schema.GraphQLInputObjectField.newInputObjectField;
import static graphql.schema.GraphQLList.list;
import static graphql.schema.GraphQLNonNull.nonNull;
import static graphql.schema.GraphQLTypeReference.typeRef;

import graphql.Scalars;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLEnumValueDefinition;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import io.metaplatform.registry.EffectiveSchema;
import io.metaplatform.registry.EffectiveSchema.InverseRelation;
import io.metaplatform.registry.FieldCapabilities;
import io.metaplatform.registry.FieldDefinition;
import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.ObjectDefinition;
import io.metaplatform.registry.SelectOption;
import io.metaplatform.registry.Storage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a tenant's GraphQL schema from its effective metadata with graphql-java builders. Per object:
 * a type, its connection, filter, order, create and update inputs, aggregate types, the list, by-id and
 * aggregate queries and the mutations; relations appear in both directions. Data comes from a few
 * generic fetchers ({@link Fetchers}) that read field metadata, never code per field.
 */
final class SchemaFactory {

    private final Fetchers fetchers;
    private final FrontendFields frontend;

    SchemaFactory(Fetchers fetchers, FrontendFields frontend) {
        this.fetchers = fetchers;
        this.frontend = frontend;
    }

    GraphQLSchema build(EffectiveSchema schema) {
        return new Build(schema, object -> io.metaplatform.registry.RecordPolicy.ObjectAccess.full()).schema();
    }

    /**
     * The schema of callers with the given access: objects they cannot read are absent, and so are their fields they
     * cannot read (a relation to an absent object too) and the mutations of operations they may not do.
     */
    GraphQLSchema build(EffectiveSchema schema, java.util.function.Function<String, io.metaplatform.registry.RecordPolicy.ObjectAccess> access) {
        return new Build(visible(schema, access), access).schema();
    }

    static EffectiveSchema visible(EffectiveSchema schema,
            java.util.function.Function<String, io.metaplatform.registry.RecordPolicy.ObjectAccess> access) {
        java.util.Set<String> readable = new java.util.HashSet<>();
        for (ObjectDefinition object : schema.objects()) {
            if (access.apply(object.apiName().value()).can(io.metaplatform.registry.RecordPolicy.Operation.READ)) {
                readable.add(object.apiName().value());
            }
        }
        List<ObjectDefinition> objects = new java.util.ArrayList<>();
        for (ObjectDefinition object : schema.objects()) {
            if (!readable.contains(object.apiName().value())) {
                continue;
            }
            var grant = access.apply(object.apiName().value());
            List<io.metaplatform.registry.FieldDefinition> fields = object.fields().stream()
                    .filter(field -> grant.canRead(field.apiName().value()))
                    .filter(field -> !(field.type() instanceof io.metaplatform.registry.FieldType.Relation relation)
                            || readable.contains(relation.target().value()))
                    .toList();
            objects.add(new ObjectDefinition(object.id(), object.apiName(), object.labelSingular(), object.labelPlural(), object.description(),
                    object.position(), object.storage(), object.builtIn(), fields, object.version()));
        }
        return new EffectiveSchema(schema.version(), objects);
    }

    private final class Build {

        private final EffectiveSchema schema;
        private final Map<String, GraphQLType> types = new LinkedHashMap<>();
        private final GraphQLCodeRegistry.Builder code = GraphQLCodeRegistry.newCodeRegistry();
        private final GraphQLObjectType.Builder query = GraphQLObjectType.newObject().name("Query");
        private final GraphQLObjectType.Builder mutation = GraphQLObjectType.newObject().name("Mutation");
        private final java.util.function.Function<String, io.metaplatform.registry.RecordPolicy.ObjectAccess> access;
        private boolean anyMutation;

        Build(EffectiveSchema schema, java.util.function.Function<String, io.metaplatform.registry.RecordPolicy.ObjectAccess> access) {
            this.schema = schema;
            this.access = access;
        }

        GraphQLSchema schema() {
            sharedTypes();
            for (ObjectDefinition object : schema.objects()) {
                enums(object);
                objectType(object);
                connection(object);
                filter(object);
                order(object);
                inputs(object);
                aggregates(object);
                operations(object);
            }
            frontend.addTo(query, code, this::add);
            code.defaultDataFetcher(environment -> fetchers.recordField());
            GraphQLSchema.Builder builder = GraphQLSchema.newSchema().query(query).codeRegistry(code.build());
            if (anyMutation) {
                builder.mutation(mutation);
            }
            types.values().forEach(builder::additionalType);
            return builder.build();
        }

        // ---- shared ----

        private void sharedTypes() {
            add(CustomScalars.DECIMAL);
            add(CustomScalars.DATE);
            add(CustomScalars.DATE_TIME);
            add(CustomScalars.JSON);
            add(CustomScalars.LONG);
            add(GraphQLObjectType.newObject().name("PageInfo")
                    .field(field("hasNextPage", nonNull(Scalars.GraphQLBoolean)))
                    .field(field("hasPreviousPage", nonNull(Scalars.GraphQLBoolean)))
                    .field(field("startCursor", Scalars.GraphQLString))
                    .field(field("endCursor", Scalars.GraphQLString)).build());
            add(GraphQLObjectType.newObject().name("Money")
                    .field(field("amount", nonNull(CustomScalars.DECIMAL)))
                    .field(field("currencyCode", nonNull(Scalars.GraphQLString))).build());
            add(GraphQLInputObjectType.newInputObject().name("MoneyInput")
                    .field(input("amount", nonNull(CustomScalars.DECIMAL)))
                    .field(input("currencyCode", Scalars.GraphQLString)).build());
            add(GraphQLObjectType.newObject().name("RecordChange").description("One write in a record's history.")
                    .field(field("id", nonNull(Scalars.GraphQLID)))
                    .field(field("operation", nonNull(Scalars.GraphQLString)))
                    .field(field("actor", Scalars.GraphQLString))
                    .field(field("changedAt", nonNull(CustomScalars.DATE_TIME)))
                    .field(field("changes", nonNull(CustomScalars.JSON))).build());
            add(GraphQLObjectType.newObject().name("RecordLink").description("One link of a many-to-many relation.")
                    .field(field("id", nonNull(Scalars.GraphQLID)))
                    .field(field("linkedAt", nonNull(CustomScalars.DATE_TIME)))
                    .field(field("linkedBy", Scalars.GraphQLString)).build());
            add(enumType("SortDirection", List.of("ASC", "DESC")));
            add(enumType("NullsOrder", List.of("FIRST", "LAST")));
            add(enumType("DateBucket", List.of("DAY", "WEEK", "MONTH", "QUARTER", "YEAR")));
            comparator("StringFilter", Scalars.GraphQLString, true, true, false);
            comparator("LongFilter", CustomScalars.LONG, true, false, true);
            comparator("DecimalFilter", CustomScalars.DECIMAL, true, false, true);
            comparator("DateFilter", CustomScalars.DATE, true, false, true);
            comparator("DateTimeFilter", CustomScalars.DATE_TIME, true, false, true);
            comparator("IdFilter", Scalars.GraphQLID, false, false, false);
            add(GraphQLInputObjectType.newInputObject().name("BooleanFilter")
                    .field(input("eq", Scalars.GraphQLBoolean)).field(input("neq", Scalars.GraphQLBoolean))
                    .field(input("isNull", Scalars.GraphQLBoolean)).build());
            add(GraphQLInputObjectType.newInputObject().name("JsonFilter").field(input("isNull", Scalars.GraphQLBoolean)).build());
            add(GraphQLInputObjectType.newInputObject().name("IdListFilter")
                    .field(input("containsAny", list(nonNull(Scalars.GraphQLID))))
                    .field(input("containsAll", list(nonNull(Scalars.GraphQLID))))
                    .field(input("isNull", Scalars.GraphQLBoolean)).build());
        }

        private void comparator(String name, GraphQLInputType scalar, boolean ordered, boolean text, boolean between) {
            GraphQLInputObjectType.Builder builder = GraphQLInputObjectType.newInputObject().name(name)
                    .field(input("eq", scalar)).field(input("neq", scalar))
                    .field(input("in", list(nonNull(scalar)))).field(input("notIn", list(nonNull(scalar))))
                    .field(input("isNull", Scalars.GraphQLBoolean));
            if (ordered) {
                builder.field(input("gt", scalar)).field(input("gte", scalar)).field(input("lt", scalar)).field(input("lte", scalar));
            }
            if (between) {
                builder.field(newInputObjectField().name("between").type(list(nonNull(scalar))).description("Two values; both ends included."));
            }
            if (text) {
                builder.field(input("like", scalar)).field(input("ilike", scalar)).field(input("startsWith", scalar))
                        .field(input("endsWith", scalar)).field(input("contains", scalar));
            }
            add(builder.build());
        }

        // ---- per object ----

        private void enums(ObjectDefinition object) {
            for (FieldDefinition field : object.fields()) {
                if (field.type() instanceof FieldType.WithOptions options) {
                    String name = optionEnum(object, field);
                    add(enumType(name, options.options().stream().map(SelectOption::value).toList()));
                    // Only the operators the record store evaluates for the kind: a single value compares,
                    // a set of values contains.
                    GraphQLInputObjectType.Builder filter = GraphQLInputObjectType.newInputObject().name(name + "Filter");
                    if (field.type() instanceof FieldType.MultiSelect) {
                        filter.field(input("containsAny", list(nonNull(typeRef(name))))).field(input("containsAll", list(nonNull(typeRef(name)))));
                    } else {
                        filter.field(input("eq", typeRef(name))).field(input("neq", typeRef(name)))
                                .field(input("in", list(nonNull(typeRef(name))))).field(input("notIn", list(nonNull(typeRef(name)))));
                    }
                    add(filter.field(input("isNull", Scalars.GraphQLBoolean)).build());
                }
            }
        }

        private void objectType(ObjectDefinition object) {
            String type = Names.type(object);
            GraphQLObjectType.Builder builder = GraphQLObjectType.newObject().name(type).description(object.description())
                    .field(field("id", nonNull(Scalars.GraphQLID)));
            for (FieldDefinition field : object.fields()) {
                builder.field(newFieldDefinition().name(field.apiName().value()).description(field.description())
                        .type(output(object, field)));
                if (field.type() instanceof FieldType.Relation relation && schema.object(relation.target().value()).isPresent()) {
                    ObjectDefinition target = schema.object(relation.target().value()).orElseThrow();
                    code.dataFetcher(FieldCoordinates.coordinates(type, field.apiName().value()), field.storage() instanceof Storage.Link
                            ? fetchers.manyToMany(object, field, target) : fetchers.toOne(field, target));
                    linksField(object, field, builder);
                }
            }
            builder.field(field("createdAt", nonNull(CustomScalars.DATE_TIME))).field(field("updatedAt", nonNull(CustomScalars.DATE_TIME)))
                    .field(field("createdBy", Scalars.GraphQLString)).field(field("updatedBy", Scalars.GraphQLString))
                    .field(field("version", nonNull(Scalars.GraphQLInt))).field(field("deletedAt", CustomScalars.DATE_TIME))
                    .field(newFieldDefinition().name("history").type(nonNull(list(nonNull(typeRef("RecordChange")))))
                            .argument(newArgument().name("limit").type(Scalars.GraphQLInt).defaultValueProgrammatic(50)));
            code.dataFetcher(FieldCoordinates.coordinates(type, "history"), fetchers.history(object));
            // The to-many side of every relation pointing here that names its inverse: many-to-one (the contacts of a
            // company) and many-to-many (the deals linked to an invoice), both as connections batched over the parents.
            for (InverseRelation inverse : schema.relationsTargeting(object.apiName())) {
                if (inverse.relation().inverseName() == null) {
                    continue;
                }
                String name = inverse.relation().inverseName().value();
                builder.field(newFieldDefinition().name(name).description(inverse.relation().inverseLabel())
                        .type(nonNull(typeRef(Names.type(inverse.source()) + "Connection")))
                        .arguments(connectionArguments(inverse.source(), false)));
                code.dataFetcher(FieldCoordinates.coordinates(type, name), fetchers.toMany(inverse));
            }
            add(builder.build());
        }

        /** {@code <relation>Links} beside a many-to-many relation: who linked each record and when. */
        private void linksField(ObjectDefinition object, FieldDefinition field, GraphQLObjectType.Builder builder) {
            String name = field.apiName().value() + "Links";
            if (!(field.storage() instanceof Storage.Link) || object.field(name).isPresent()) {
                return;
            }
            builder.field(newFieldDefinition().name(name).type(nonNull(list(nonNull(typeRef("RecordLink")))))
                    .description("The links of " + field.apiName() + ": who linked each record and when, oldest first."));
            code.dataFetcher(FieldCoordinates.coordinates(Names.type(object), name), fetchers.links(object, field));
        }

        private GraphQLOutputType output(ObjectDefinition object, FieldDefinition field) {
            GraphQLOutputType type = switch (field.type()) {
                case FieldType.Text t -> Scalars.GraphQLString;
                case FieldType.LongText t -> Scalars.GraphQLString;
                case FieldType.Email e -> Scalars.GraphQLString;
                case FieldType.Phone p -> Scalars.GraphQLString;
                case FieldType.Url u -> Scalars.GraphQLString;
                case FieldType.Int i -> CustomScalars.LONG;
                case FieldType.Decimal d -> CustomScalars.DECIMAL;
                case FieldType.Percent p -> CustomScalars.DECIMAL;
                case FieldType.Currency c -> typeRef("Money");
                case FieldType.Bool b -> Scalars.GraphQLBoolean;
                case FieldType.Date d -> CustomScalars.DATE;
                case FieldType.DateTime d -> CustomScalars.DATE_TIME;
                case FieldType.Select s -> typeRef(optionEnum(object, field));
                case FieldType.MultiSelect m -> nonNull(list(nonNull(typeRef(optionEnum(object, field)))));
                case FieldType.Relation r -> schema.object(r.target().value()).isEmpty() ? Scalars.GraphQLID
                        : r.cardinality() == FieldType.Cardinality.MANY_TO_MANY
                                ? nonNull(list(nonNull(typeRef(r.target().typeName())))) : typeRef(r.target().typeName());
                case FieldType.Json j -> CustomScalars.JSON;
                case FieldType.AutoNumber a -> Scalars.GraphQLString;
                case FieldType.Formula f -> output(object, asValue(field));
                case FieldType.Rollup r -> output(object, asValue(field));
            };
            return type;
        }

        /** A derived field seen as a plain field of its result type: what filters, sorting and output show of it. */
        private static FieldDefinition asValue(FieldDefinition field) {
            return new FieldDefinition(field.id(), field.apiName(), field.label(), field.description(), field.position(),
                    field.type().valueType(), field.constraints(), field.storage(), field.builtIn(), field.version());
        }

        private GraphQLInputType inputType(ObjectDefinition object, FieldDefinition field) {
            return switch (field.type()) {
                case FieldType.Text t -> Scalars.GraphQLString;
                case FieldType.LongText t -> Scalars.GraphQLString;
                case FieldType.Email e -> Scalars.GraphQLString;
                case FieldType.Phone p -> Scalars.GraphQLString;
                case FieldType.Url u -> Scalars.GraphQLString;
                case FieldType.Int i -> CustomScalars.LONG;
                case FieldType.Decimal d -> CustomScalars.DECIMAL;
                case FieldType.Percent p -> CustomScalars.DECIMAL;
                case FieldType.Currency c -> typeRef("MoneyInput");
                case FieldType.Bool b -> Scalars.GraphQLBoolean;
                case FieldType.Date d -> CustomScalars.DATE;
                case FieldType.DateTime d -> CustomScalars.DATE_TIME;
                case FieldType.Select s -> typeRef(optionEnum(object, field));
                case FieldType.MultiSelect m -> list(nonNull(typeRef(optionEnum(object, field))));
                case FieldType.Relation r -> r.cardinality() == FieldType.Cardinality.MANY_TO_MANY ? list(nonNull(Scalars.GraphQLID))
                        : Scalars.GraphQLID;
                case FieldType.Json j -> CustomScalars.JSON;
                case FieldType.AutoNumber a -> null;
                case FieldType.Formula f -> null;
                case FieldType.Rollup r -> null;
            };
        }

        private GraphQLInputType comparatorFor(ObjectDefinition object, FieldDefinition field) {
            String name = switch (field.type()) {
                case FieldType.Text t -> "StringFilter";
                case FieldType.LongText t -> "StringFilter";
                case FieldType.Email e -> "StringFilter";
                case FieldType.Phone p -> "StringFilter";
                case FieldType.Url u -> "StringFilter";
                case FieldType.Int i -> "LongFilter";
                case FieldType.Decimal d -> "DecimalFilter";
                case FieldType.Percent p -> "DecimalFilter";
                case FieldType.Currency c -> "DecimalFilter";
                case FieldType.Bool b -> "BooleanFilter";
                case FieldType.Date d -> "DateFilter";
                case FieldType.DateTime d -> "DateTimeFilter";
                case FieldType.Select s -> optionEnum(object, field) + "Filter";
                case FieldType.MultiSelect m -> optionEnum(object, field) + "Filter";
                case FieldType.Relation r -> r.cardinality() == FieldType.Cardinality.MANY_TO_MANY ? "IdListFilter" : "IdFilter";
                case FieldType.Json j -> "JsonFilter";
                case FieldType.AutoNumber a -> "StringFilter";
                case FieldType.Formula f -> null;
                case FieldType.Rollup r -> null;
            };
            if (field.type() instanceof FieldType.Derived && name == null) {
                return comparatorFor(object, asValue(field));
            }
            return name == null ? null : typeRef(name);
        }

        private void connection(ObjectDefinition object) {
            String type = Names.type(object);
            add(GraphQLObjectType.newObject().name(type + "Edge")
                    .field(field("node", nonNull(typeRef(type)))).field(field("cursor", nonNull(Scalars.GraphQLString))).build());
            add(GraphQLObjectType.newObject().name(type + "Connection")
                    .field(field("edges", nonNull(list(nonNull(typeRef(type + "Edge"))))))
                    .field(field("pageInfo", nonNull(typeRef("PageInfo"))))
                    .field(newFieldDefinition().name("totalCount").type(Scalars.GraphQLInt)
                            .description("All matching records; computed only when selected.")).build());
        }

        private void filter(ObjectDefinition object) {
            String type = Names.type(object);
            GraphQLInputObjectType.Builder builder = GraphQLInputObjectType.newInputObject().name(type + "Filter")
                    .field(input("and", list(nonNull(typeRef(type + "Filter")))))
                    .field(input("or", list(nonNull(typeRef(type + "Filter")))))
                    .field(input("not", typeRef(type + "Filter")))
                    .field(input("id", typeRef("IdFilter")))
                    .field(input("createdAt", typeRef("DateTimeFilter")))
                    .field(input("updatedAt", typeRef("DateTimeFilter")));
            for (FieldDefinition field : object.fields()) {
                GraphQLInputType comparator = comparatorFor(object, field);
                if (comparator != null) {
                    builder.field(input(field.apiName().value(), comparator));
                }
            }
            for (InverseRelation inverse : schema.relationsTargeting(object.apiName())) {
                if (inverse.relation().inverseName() != null && inverse.relation().cardinality() == FieldType.Cardinality.MANY_TO_ONE) {
                    String source = Names.type(inverse.source());
                    String relationFilter = type + inverse.relation().inverseName().typeName() + "RelationFilter";
                    add(GraphQLInputObjectType.newInputObject().name(relationFilter)
                            .field(input("some", typeRef(source + "Filter"))).field(input("none", typeRef(source + "Filter")))
                            .field(input("every", typeRef(source + "Filter"))).build());
                    builder.field(input(inverse.relation().inverseName().value(), typeRef(relationFilter)));
                }
            }
            add(builder.build());
        }

        private void order(ObjectDefinition object) {
            String type = Names.type(object);
            List<String> sortable = new ArrayList<>(List.of("id", "createdAt", "updatedAt"));
            object.fields().stream().filter(FieldCapabilities::sortable).forEach(field -> sortable.add(field.apiName().value()));
            add(enumType(type + "SortField", sortable));
            add(GraphQLInputObjectType.newInputObject().name(type + "OrderBy")
                    .field(input("field", nonNull(typeRef(type + "SortField"))))
                    .field(newInputObjectField().name("direction").type(typeRef("SortDirection")).defaultValueProgrammatic("ASC"))
                    .field(input("nulls", typeRef("NullsOrder"))).build());
        }

        private void inputs(ObjectDefinition object) {
            String type = Names.type(object);
            GraphQLInputObjectType.Builder create = GraphQLInputObjectType.newInputObject().name(type + "CreateInput");
            GraphQLInputObjectType.Builder update = GraphQLInputObjectType.newInputObject().name(type + "UpdateInput");
            int writable = 0;
            for (FieldDefinition field : object.fields()) {
                if (field.type() instanceof FieldType.Derived) {
                    // Present, so a client that sends a computed field learns why in the platform's terms (READ_ONLY
                    // with the field's path, from the record store) instead of as a GraphQL type error; deprecated, so
                    // tools and generated clients flag any use of it.
                    create.field(readOnlyInput(field));
                    update.field(readOnlyInput(field));
                    continue;
                }
                GraphQLInputType input = inputType(object, field);
                if (input != null) {
                    // A required field without a default must be given on create: non-null, so generated
                    // clients type it as such. Updates may leave it out.
                    boolean mustGive = field.constraints().required() && field.constraints().defaultValue() == null;
                    create.field(input(field.apiName().value(), mustGive ? nonNull(input) : input));
                    update.field(input(field.apiName().value(), input));
                    writable++;
                }
            }
            if (writable == 0) {
                create.field(input("_empty", Scalars.GraphQLBoolean));
                update.field(input("_empty", Scalars.GraphQLBoolean));
            }
            add(create.build());
            add(update.build());
        }

        private void aggregates(ObjectDefinition object) {
            String type = Names.type(object);
            List<String> groupable = new ArrayList<>(List.of("createdAt"));
            GraphQLObjectType.Builder numbers = GraphQLObjectType.newObject().name(type + "Numbers");
            int numeric = 0;
            for (FieldDefinition field : object.fields()) {
                if (FieldCapabilities.groupable(field, false)) {
                    groupable.add(field.apiName().value());
                }
                if (FieldCapabilities.numeric(field.type())) {
                    numbers.field(field(field.apiName().value(), CustomScalars.DECIMAL));
                    numeric++;
                }
            }
            if (numeric == 0) {
                numbers.field(field("_none", CustomScalars.DECIMAL));
            }
            add(numbers.build());
            add(enumType(type + "GroupField", groupable));
            add(GraphQLInputObjectType.newInputObject().name(type + "GroupBy")
                    .field(input("field", nonNull(typeRef(type + "GroupField"))))
                    .field(input("bucket", typeRef("DateBucket"))).build());
            add(GraphQLObjectType.newObject().name(type + "Aggregate")
                    .field(field("group", nonNull(CustomScalars.JSON)))
                    .field(field("count", nonNull(Scalars.GraphQLInt)))
                    .field(field("sum", nonNull(typeRef(type + "Numbers"))))
                    .field(field("avg", nonNull(typeRef(type + "Numbers"))))
                    .field(field("min", nonNull(typeRef(type + "Numbers"))))
                    .field(field("max", nonNull(typeRef(type + "Numbers")))).build());
        }

        private void operations(ObjectDefinition object) {
            String type = Names.type(object);
            String singular = object.apiName().value();
            String plural = Names.plural(object);
            String pluralType = Names.pluralType(object);
            query.field(newFieldDefinition().name(plural).type(nonNull(typeRef(type + "Connection"))).arguments(connectionArguments(object, true)));
            query.field(newFieldDefinition().name(singular).type(typeRef(type)).argument(newArgument().name("id").type(nonNull(Scalars.GraphQLID))));
            query.field(newFieldDefinition().name(plural + "Aggregate").type(nonNull(list(nonNull(typeRef(type + "Aggregate")))))
                    .argument(newArgument().name("filter").type(typeRef(type + "Filter")))
                    .argument(newArgument().name("groupBy").type(list(nonNull(typeRef(type + "GroupBy"))))));
            code.dataFetcher(FieldCoordinates.coordinates("Query", plural), fetchers.list(object));
            code.dataFetcher(FieldCoordinates.coordinates("Query", singular), fetchers.byId(object));
            code.dataFetcher(FieldCoordinates.coordinates("Query", plural + "Aggregate"), fetchers.aggregate(object));

            var grant = access.apply(object.apiName().value());
            if (grant.can(io.metaplatform.registry.RecordPolicy.Operation.CREATE)) {
                anyMutation = true;
                mutation.field(newFieldDefinition().name("create" + type).type(nonNull(typeRef(type)))
                        .argument(newArgument().name("data").type(nonNull(typeRef(type + "CreateInput")))));
                mutation.field(newFieldDefinition().name("create" + pluralType).type(nonNull(list(nonNull(typeRef(type)))))
                        .argument(newArgument().name("data").type(nonNull(list(nonNull(typeRef(type + "CreateInput"))))))
                        .argument(newArgument().name("upsertOn").type(Scalars.GraphQLString)
                                .description("A unique field: inputs matching a live record by it update that record.")));
                code.dataFetcher(FieldCoordinates.coordinates("Mutation", "create" + type), fetchers.create(object));
                code.dataFetcher(FieldCoordinates.coordinates("Mutation", "create" + pluralType), fetchers.createMany(object));
            }
            if (grant.can(io.metaplatform.registry.RecordPolicy.Operation.UPDATE)) {
                anyMutation = true;
                mutation.field(newFieldDefinition().name("update" + type).type(nonNull(typeRef(type)))
                        .argument(newArgument().name("id").type(nonNull(Scalars.GraphQLID)))
                        .argument(newArgument().name("data").type(nonNull(typeRef(type + "UpdateInput"))))
                        .argument(newArgument().name("expectedVersion").type(Scalars.GraphQLInt)));
                mutation.field(newFieldDefinition().name("update" + pluralType).type(nonNull(Scalars.GraphQLInt))
                        .description("Applies the same changes to every live record matching the filter; returns how many changed.")
                        .argument(newArgument().name("filter").type(nonNull(typeRef(type + "Filter"))))
                        .argument(newArgument().name("data").type(nonNull(typeRef(type + "UpdateInput")))));
                code.dataFetcher(FieldCoordinates.coordinates("Mutation", "update" + type), fetchers.update(object));
                code.dataFetcher(FieldCoordinates.coordinates("Mutation", "update" + pluralType), fetchers.updateMany(object));
            }
            if (grant.can(io.metaplatform.registry.RecordPolicy.Operation.DELETE)) {
                anyMutation = true;
                mutation.field(newFieldDefinition().name("delete" + type).type(nonNull(Scalars.GraphQLID))
                        .argument(newArgument().name("id").type(nonNull(Scalars.GraphQLID))));
                code.dataFetcher(FieldCoordinates.coordinates("Mutation", "delete" + type), fetchers.delete(object));
            }
            if (grant.can(io.metaplatform.registry.RecordPolicy.Operation.RESTORE)) {
                anyMutation = true;
                mutation.field(newFieldDefinition().name("restore" + type).type(nonNull(typeRef(type)))
                        .argument(newArgument().name("id").type(nonNull(Scalars.GraphQLID))));
                code.dataFetcher(FieldCoordinates.coordinates("Mutation", "restore" + type), fetchers.restore(object));
            }
            if (grant.can(io.metaplatform.registry.RecordPolicy.Operation.DESTROY)) {
                anyMutation = true;
                mutation.field(newFieldDefinition().name("destroy" + type).type(nonNull(Scalars.GraphQLID))
                        .description("Removes the record for good (tenant admins only).")
                        .argument(newArgument().name("id").type(nonNull(Scalars.GraphQLID))));
                code.dataFetcher(FieldCoordinates.coordinates("Mutation", "destroy" + type), fetchers.destroy(object));
            }
        }

        private List<graphql.schema.GraphQLArgument> connectionArguments(ObjectDefinition object, boolean root) {
            String type = Names.type(object);
            List<graphql.schema.GraphQLArgument> arguments = new ArrayList<>(List.of(
                    newArgument().name("filter").type(typeRef(type + "Filter")).build(),
                    newArgument().name("orderBy").type(list(nonNull(typeRef(type + "OrderBy")))).build(),
                    newArgument().name("first").type(Scalars.GraphQLInt).build(),
                    newArgument().name("after").type(Scalars.GraphQLString).build()));
            if (root) {
                arguments.add(newArgument().name("last").type(Scalars.GraphQLInt).build());
                arguments.add(newArgument().name("before").type(Scalars.GraphQLString).build());
                arguments.add(newArgument().name("withDeleted").type(Scalars.GraphQLBoolean).build());
            }
            return arguments;
        }

        private void add(GraphQLType type) {
            types.put(((graphql.schema.GraphQLNamedType) type).getName(), type);
        }
    }

    static String optionEnum(ObjectDefinition object, FieldDefinition field) {
        return Names.type(object) + field.apiName().typeName() + "Option";
    }

    private static GraphQLFieldDefinition field(String name, GraphQLOutputType type) {
        return newFieldDefinition().name(name).type(type).build();
    }

    private static graphql.schema.GraphQLInputObjectField input(String name, GraphQLInputType type) {
        return newInputObjectField().name(name).type(type).build();
    }

    private static graphql.schema.GraphQLInputObjectField readOnlyInput(FieldDefinition field) {
        String kind = switch (field.type()) {
            case FieldType.Formula f -> "a formula";
            case FieldType.Rollup r -> "a rollup";
            default -> "an autonumber";
        };
        return newInputObjectField().name(field.apiName().value()).type(CustomScalars.JSON)
                .description("Read-only: " + kind + ", computed by the platform. Any value is refused with READ_ONLY.")
                .deprecate("Read-only (" + kind + "): any value is refused with READ_ONLY.").build();
    }

    /** No option yet (a connector's multi-select that learns its options from the data): an enum needs a value. */
    static final String NO_OPTIONS = "_NONE";

    private static GraphQLEnumType enumType(String name, List<String> values) {
        GraphQLEnumType.Builder builder = GraphQLEnumType.newEnum().name(name);
        values.forEach(value -> builder.value(value, value));
        if (values.isEmpty()) {
            // GraphQL has no empty enums; this stand-in is never stored, and a write naming it is refused (INVALID_OPTION).
            builder.value(GraphQLEnumValueDefinition.newEnumValueDefinition().name(NO_OPTIONS).value(NO_OPTIONS)
                    .description("The field has no options yet.").deprecationReason("The field has no options yet.").build());
        }
        return builder.build();
    }
}
