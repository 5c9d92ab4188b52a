package io.metaplatform.graphql.internal;

import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.TypeName;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Measures the operations of a parsed, not yet validated document as they would execute: every fragment spread and
 * inline fragment expanded in place. Each named fragment is measured once and its figures are reused at every spread,
 * so a document whose fragments each spread the previous one twice (2<sup>n</sup> fields n fragments deep) is measured
 * in one pass over its text, and figures saturate instead of overflowing. Every spread counts in full, also where
 * execution would merge it with an equal one: the figures are an upper bound. A fragment that spreads itself, directly
 * or not, counts as empty here; validation refuses such a document afterwards.
 */
final class OperationCounter {

    /** Large enough to exceed any limit, small enough that sums and products of two stay exact. */
    static final long SATURATED = 1L << 40;

    /**
     * What an operation asks for once expanded.
     *
     * @param depth nesting of fields, introspection ({@code __schema}, {@code __type}) not counted
     * @param complexity every field 1, plus its selection's complexity times {@link FieldCosts#multiplier}
     */
    record Figures(String operation, long rootFields, long fields, long aliases, long depth, long complexity) {
    }

    private record Shape(long topFields, long fields, long aliases, long depth, long complexity) {

        static final Shape EMPTY = new Shape(0, 0, 0, 0, 0);

        Shape plus(Shape other) {
            return new Shape(add(topFields, other.topFields), add(fields, other.fields), add(aliases, other.aliases),
                    Math.max(depth, other.depth), add(complexity, other.complexity));
        }
    }

    private final GraphQLSchema schema;
    private final FieldCosts costs;
    private final Map<String, FragmentDefinition> fragments = new HashMap<>();
    private final Map<String, Shape> measured = new HashMap<>();
    private final Set<String> measuring = new HashSet<>();

    private OperationCounter(GraphQLSchema schema, FieldCosts costs, Document document) {
        this.schema = schema;
        this.costs = costs;
        document.getDefinitionsOfType(FragmentDefinition.class).forEach(fragment -> fragments.putIfAbsent(fragment.getName(), fragment));
    }

    /** The figures of every operation of the document, in document order. */
    static List<Figures> measure(GraphQLSchema schema, FieldCosts costs, Document document) {
        OperationCounter counter = new OperationCounter(schema, costs, document);
        List<Figures> figures = new ArrayList<>();
        for (OperationDefinition operation : document.getDefinitionsOfType(OperationDefinition.class)) {
            Shape shape = counter.selections(operation.getSelectionSet(), counter.root(operation.getOperation()));
            figures.add(new Figures(operation.getName(), shape.topFields, shape.fields, shape.aliases, shape.depth, shape.complexity));
        }
        return figures;
    }

    private GraphQLObjectType root(OperationDefinition.Operation operation) {
        return switch (operation) {
            case QUERY -> schema.getQueryType();
            case MUTATION -> schema.getMutationType();
            case SUBSCRIPTION -> schema.getSubscriptionType();
        };
    }

    private Shape selections(SelectionSet selectionSet, GraphQLFieldsContainer parent) {
        Shape shape = Shape.EMPTY;
        if (selectionSet == null) {
            return shape;
        }
        for (Selection<?> selection : selectionSet.getSelections()) {
            shape = shape.plus(switch (selection) {
                case Field field -> field(field, parent);
                case InlineFragment inline -> selections(inline.getSelectionSet(), inline.getTypeCondition() == null ? parent
                        : container(inline.getTypeCondition()));
                case FragmentSpread spread -> fragment(spread.getName());
                default -> Shape.EMPTY;
            });
        }
        return shape;
    }

    private Shape fragment(String name) {
        Shape known = measured.get(name);
        if (known != null) {
            return known;
        }
        FragmentDefinition fragment = fragments.get(name);
        if (fragment == null || !measuring.add(name)) {
            return Shape.EMPTY;
        }
        Shape shape = selections(fragment.getSelectionSet(), container(fragment.getTypeCondition()));
        measuring.remove(name);
        measured.put(name, shape);
        return shape;
    }

    private Shape field(Field field, GraphQLFieldsContainer parent) {
        GraphQLFieldDefinition definition = definition(parent, field.getName());
        GraphQLFieldsContainer type = definition == null ? null : unwrapped(definition.getType());
        Shape children = selections(field.getSelectionSet(), type);
        boolean introspection = field.getName().equals("__schema") || field.getName().equals("__type");
        return new Shape(1, add(1, children.fields), add(field.getAlias() == null ? 0 : 1, children.aliases),
                introspection ? 0 : add(1, children.depth), add(1, multiply(costs.multiplier(parent, definition, field), children.complexity)));
    }

    private GraphQLFieldDefinition definition(GraphQLFieldsContainer parent, String name) {
        if (parent == schema.getQueryType() && name.equals("__schema")) {
            return schema.getIntrospectionSchemaFieldDefinition();
        }
        if (parent == schema.getQueryType() && name.equals("__type")) {
            return schema.getIntrospectionTypeFieldDefinition();
        }
        return parent == null ? null : parent.getFieldDefinition(name);
    }

    private GraphQLFieldsContainer container(TypeName name) {
        return unwrapped(schema.getType(name.getName()));
    }

    private static GraphQLFieldsContainer unwrapped(GraphQLType type) {
        return type != null && GraphQLTypeUtil.unwrapAll(type) instanceof GraphQLFieldsContainer container ? container : null;
    }

    private static long add(long a, long b) {
        return Math.min(SATURATED, a + b);
    }

    private static long multiply(long a, long b) {
        return b != 0 && a > SATURATED / b ? SATURATED : Math.min(SATURATED, a * b);
    }
}
