package io.metaplatform.graphql.internal;

import static graphql.schema.GraphQLArgument.newArgument;
import static graphql.schema.GraphQLFieldDefinition.newFieldDefinition;
import static graphql.schema.GraphQLList.list;
import static graphql.schema.GraphQLNonNull.nonNull;

import graphql.Scalars;
import graphql.schema.DataFetcher;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLOutputType;
import io.metaplatform.registry.Layout;
import io.metaplatform.registry.LayoutService;
import io.metaplatform.registry.PayloadSchemaService;
import io.metaplatform.registry.PayloadSchemas;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The data API's queries for frontends, the same in every tenant's schema: {@code _jsonSchema} (the payload schema of
 * an object's create or update) and {@code _layouts} (its forms and list views). Their types are built once.
 */
final class FrontendFields {

    private final PayloadSchemaService schemas;
    private final LayoutService layouts;
    private final Map<String, GraphQLNamedType> types = build();

    /** Either service may be {@code null} in tests that only build schemas; the fields then fail when fetched. */
    FrontendFields(PayloadSchemaService schemas, LayoutService layouts) {
        this.schemas = schemas;
        this.layouts = layouts;
    }

    /** Adds the fields to {@code query} and their types through {@code add}. */
    void addTo(GraphQLObjectType.Builder query, GraphQLCodeRegistry.Builder code, Consumer<GraphQLNamedType> add) {
        types.values().forEach(add);
        GraphQLEnumType operation = (GraphQLEnumType) types.get("_PayloadOperation");
        GraphQLEnumType kind = (GraphQLEnumType) types.get("_LayoutKind");
        query.field(newFieldDefinition().name("_jsonSchema")
                .description("The JSON Schema (draft 2020-12) of an object's create or update payload, from the tenant's current "
                        + "metadata and the caller's access. NOT_FOUND for an unknown object.")
                .type(nonNull(CustomScalars.JSON))
                .argument(newArgument().name("object").type(nonNull(Scalars.GraphQLString)))
                .argument(newArgument().name("operation").type(operation).defaultValueProgrammatic("CREATE")));
        query.field(newFieldDefinition().name("_layouts")
                .description("An object's layouts for frontends: forms first, the default first within its kind. Fields deleted since "
                        + "a layout was saved are left out and listed in problems. NOT_FOUND for an unknown object.")
                .type(nonNull(list(nonNull((GraphQLObjectType) types.get("_Layout")))))
                .argument(newArgument().name("object").type(nonNull(Scalars.GraphQLString)))
                .argument(newArgument().name("kind").type(kind)));
        DataFetcher<Object> jsonSchema = environment -> {
            Object wanted = environment.getArgument("operation");
            return schemas.schemaOf(environment.getArgument("object"), PayloadSchemas.Operation.valueOf(String.valueOf(wanted)));
        };
        DataFetcher<Object> layoutList = environment -> {
            Object wanted = environment.getArgument("kind");
            return layouts.layoutsFor(environment.getArgument("object"), wanted == null ? null : Layout.Kind.valueOf(String.valueOf(wanted)))
                    .stream().map(LayoutMaps::rendered).toList();
        };
        code.dataFetcher(FieldCoordinates.coordinates("Query", "_jsonSchema"), jsonSchema);
        code.dataFetcher(FieldCoordinates.coordinates("Query", "_layouts"), layoutList);
    }

    // Same shapes as the admin API's Layout types (extensions/layouts.graphqls); the names start with _ because the data
    // schema shares its namespace with the tenant's objects, whose type names never do.
    private static Map<String, GraphQLNamedType> build() {
        Map<String, GraphQLNamedType> types = new LinkedHashMap<>();
        types.put("_PayloadOperation", GraphQLEnumType.newEnum().name("_PayloadOperation")
                .value("CREATE", "CREATE", "A new record: required fields must be present.")
                .value("UPDATE", "UPDATE", "Changes of a record: every field optional; required fields may not be cleared.").build());
        types.put("_LayoutKind", GraphQLEnumType.newEnum().name("_LayoutKind").value("FORM").value("LIST").build());
        GraphQLObjectType field = object("_LayoutField", field("field", nonNull(Scalars.GraphQLString)), field("helpText", Scalars.GraphQLString),
                field("readOnly", nonNull(Scalars.GraphQLBoolean)));
        GraphQLObjectType section = object("_LayoutSection", field("label", Scalars.GraphQLString), field("columns", nonNull(Scalars.GraphQLInt)),
                field("fields", nonNull(list(nonNull(field)))));
        GraphQLObjectType form = object("_RecordForm", field("sections", nonNull(list(nonNull(section)))));
        GraphQLObjectType column = object("_ListColumn", field("field", nonNull(Scalars.GraphQLString)), field("label", Scalars.GraphQLString),
                field("width", Scalars.GraphQLInt));
        GraphQLObjectType sort = object("_ListSort", field("field", nonNull(Scalars.GraphQLString)),
                field("descending", nonNull(Scalars.GraphQLBoolean)));
        GraphQLObjectType filter = object("_SavedFilter", field("name", nonNull(Scalars.GraphQLString)), field("label", Scalars.GraphQLString),
                field("filter", nonNull(CustomScalars.JSON)));
        GraphQLObjectType listView = object("_ListView", field("columns", nonNull(list(nonNull(column)))),
                field("sort", nonNull(list(nonNull(sort)))), field("filters", nonNull(list(nonNull(filter)))),
                field("pageSize", nonNull(Scalars.GraphQLInt)));
        GraphQLObjectType problem = object("_LayoutProblem", field("path", nonNull(Scalars.GraphQLString)),
                field("field", nonNull(Scalars.GraphQLString)), field("code", nonNull(Scalars.GraphQLString)),
                field("message", nonNull(Scalars.GraphQLString)));
        types.put("_Layout", object("_Layout", field("object", nonNull(Scalars.GraphQLString)), field("name", nonNull(Scalars.GraphQLString)),
                field("label", Scalars.GraphQLString), field("kind", nonNull((GraphQLEnumType) types.get("_LayoutKind"))),
                field("isDefault", nonNull(Scalars.GraphQLBoolean)), field("form", form), field("list", listView),
                field("problems", nonNull(list(nonNull(problem))))
                        .transform(builder -> builder.description("Parts of the saved layout skipped because their field no longer exists."))));
        return types;
    }

    private static GraphQLObjectType object(String name, GraphQLFieldDefinition... fields) {
        return GraphQLObjectType.newObject().name(name).fields(List.of(fields)).build();
    }

    private static GraphQLFieldDefinition field(String name, GraphQLOutputType type) {
        return newFieldDefinition().name(name).type(type).build();
    }
}
