package io.metaplatform.graphql.internal;

import graphql.language.Argument;
import graphql.language.Field;
import graphql.language.IntValue;
import graphql.language.VariableReference;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How many times a field's selection is produced for one instance of the field: the page it asks for
 * ({@code first}, {@code last} or {@code limit}: the literal, the largest page when it comes from a variable, the
 * default when left out), or the expected length of a list without such an argument. A list inside what a paged field
 * returns (a connection's {@code edges}) counts once: the page has counted its records. Introspection counts once:
 * graphql-java's good-faith check bounds it.
 */
final class FieldCosts {

    /** Records a connection returns when {@code first}/{@code last} is left out (the record store's default page). */
    static final int DEFAULT_PAGE = 50;
    /** The largest page any list of either schema returns. */
    static final int MAX_PAGE = 500;
    /** A list without a page argument or a known length. */
    static final int DEFAULT_LIST = 10;
    private static final List<String> PAGE_ARGUMENTS = List.of("first", "last", "limit");

    private final Map<FieldCoordinates, Integer> listLengths;
    private final Set<String> pagedTypes = new HashSet<>();

    FieldCosts(GraphQLSchema schema, Map<FieldCoordinates, Integer> listLengths) {
        this.listLengths = Map.copyOf(listLengths);
        for (GraphQLNamedType type : schema.getAllTypesAsList()) {
            if (type instanceof GraphQLFieldsContainer container) {
                container.getFieldDefinitions().stream().filter(field -> PAGE_ARGUMENTS.stream().anyMatch(name -> field.getArgument(name) != null))
                        .forEach(field -> pagedTypes.add(GraphQLTypeUtil.unwrapAll(field.getType()).getName()));
            }
        }
    }

    /** The generated data API: connections and record histories count by their page. */
    static FieldCosts data(GraphQLSchema schema) {
        return new FieldCosts(schema, Map.of());
    }

    /** The admin API: every object definition with all its fields is the expensive part. */
    static FieldCosts admin(GraphQLSchema schema) {
        return new FieldCosts(schema, Map.of(FieldCoordinates.coordinates("Query", "objects"), 50,
                FieldCoordinates.coordinates("ObjectDefinition", "fields"), 30));
    }

    /**
     * @param parent the type the field is selected on, {@code null} when unknown (validation then refuses the document)
     * @param definition the field's definition, {@code null} when unknown
     */
    long multiplier(GraphQLFieldsContainer parent, GraphQLFieldDefinition definition, Field field) {
        if (parent == null || definition == null || parent.getName().startsWith("__") || pagedTypes.contains(parent.getName())
                && definition.getArguments().isEmpty()) {
            return 1;
        }
        GraphQLType type = GraphQLTypeUtil.unwrapNonNull(definition.getType());
        boolean list = GraphQLTypeUtil.isList(type);
        boolean connection = GraphQLTypeUtil.unwrapAll(type).getName().endsWith("Connection");
        if (!list && !connection) {
            return 1;
        }
        for (String name : PAGE_ARGUMENTS) {
            GraphQLArgument argument = definition.getArgument(name);
            if (argument != null) {
                return page(argument, field.getArguments().stream().filter(given -> given.getName().equals(name)).findFirst()
                        .orElse(null));
            }
        }
        return listLengths.getOrDefault(FieldCoordinates.coordinates(parent, definition), DEFAULT_LIST);
    }

    private static long page(GraphQLArgument argument, Argument given) {
        if (given != null && given.getValue() instanceof IntValue literal) {
            return Math.clamp(literal.getValue().longValue(), 0, MAX_PAGE);
        }
        if (given != null && given.getValue() instanceof VariableReference) {
            return MAX_PAGE;
        }
        if (argument.hasSetDefaultValue()) {
            Object value = argument.getArgumentDefaultValue().getValue();
            if (value instanceof IntValue literal) {
                return Math.clamp(literal.getValue().longValue(), 0, MAX_PAGE);
            }
            if (value instanceof Number number) {
                return Math.clamp(number.longValue(), 0, MAX_PAGE);
            }
        }
        return DEFAULT_PAGE;
    }
}
