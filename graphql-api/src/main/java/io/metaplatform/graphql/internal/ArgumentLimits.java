package io.metaplatform.graphql.internal;

import graphql.ErrorType;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.AbortExecutionException;
import graphql.execution.MergedField;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.SourceLocation;
import graphql.normalized.ExecutableNormalizedField;
import graphql.normalized.ExecutableNormalizedOperation;
import io.metaplatform.core.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the argument values of an operation, variables coerced and defaults applied, before any field runs: page
 * arguments ({@code first}, {@code last}, {@code limit}) below their minimum are {@code VALIDATION_FAILED} on the
 * argument, and a {@code filter} with more terms or deeper nesting than allowed is {@code LIMIT_EXCEEDED}. The
 * operation is the one graphql-java normalises for execution, whose size {@link LimitedDocuments} has already bounded.
 */
final class ArgumentLimits extends SimplePerformantInstrumentation {

    private static final Set<String> BOOLEAN_FILTERS = Set.of("and", "or");
    private static final Set<String> QUANTIFIERS = Set.of("some", "none", "every");

    private final Map<String, Integer> pageMinimums;
    private final int maxFilterTerms;
    private final int maxFilterDepth;

    /**
     * @param pageMinimums the least value of each page argument, by name
     */
    ArgumentLimits(Map<String, Integer> pageMinimums, GraphQlLimits limits) {
        this.pageMinimums = Map.copyOf(pageMinimums);
        this.maxFilterTerms = limits.maxFilterTerms();
        this.maxFilterDepth = limits.maxFilterDepth();
    }

    /** The data API: {@code first: 0} asks for no records (and, say, only {@code totalCount}); a history needs a record. */
    static ArgumentLimits data(GraphQlLimits limits) {
        return new ArgumentLimits(Map.of("first", 0, "last", 0, "limit", 1), limits);
    }

    /** The admin API: every page holds at least one entry. */
    static ArgumentLimits admin(GraphQlLimits limits) {
        return new ArgumentLimits(Map.of("first", 1, "last", 1, "limit", 1), limits);
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
            InstrumentationState state) {
        ExecutableNormalizedOperation operation = parameters.getExecutionContext().getNormalizedQueryTree().get();
        List<GraphQLError> errors = new ArrayList<>();
        List<ExecutableNormalizedField> fields = new ArrayList<>(operation.getTopLevelFields());
        for (int next = 0; next < fields.size(); next++) {
            ExecutableNormalizedField field = fields.get(next);
            check(field, operation.getMergedField(field), errors);
            fields.addAll(field.getChildren());
        }
        if (!errors.isEmpty()) {
            throw new AbortExecutionException(errors);
        }
        return super.beginExecuteOperation(parameters, state);
    }

    private void check(ExecutableNormalizedField field, MergedField merged, List<GraphQLError> errors) {
        List<SourceLocation> locations = merged == null || merged.getSingleField().getSourceLocation() == null ? List.of()
                : List.of(merged.getSingleField().getSourceLocation());
        check(field.getName(), field.getResolvedArguments(), locations, errors);
    }

    /** Whether a field's arguments (variables coerced, defaults applied) pass every check. */
    boolean admits(String fieldName, Map<String, Object> arguments) {
        List<GraphQLError> errors = new ArrayList<>();
        check(fieldName, arguments, List.of(), errors);
        return errors.isEmpty();
    }

    private void check(String fieldName, Map<String, Object> arguments, List<SourceLocation> locations, List<GraphQLError> errors) {
        arguments.forEach((name, value) -> {
            Integer minimum = pageMinimums.get(name);
            if (minimum != null && value instanceof Number number && number.longValue() < minimum) {
                errors.add(GraphqlErrorBuilder.newError().errorType(ErrorType.ValidationError).locations(locations)
                        .message(fieldName + "(" + name + ": " + number + "): " + name + " must be at least " + minimum + ".")
                        .extensions(Map.of("code", ErrorCode.VALIDATION_FAILED.name(), "details", List.of(Map.of("field", name,
                                "code", "OUT_OF_RANGE", "message", "must be at least " + minimum)))).build());
            }
            if (name.equals("filter") && value instanceof Map<?, ?> filter) {
                FilterSize size = new FilterSize();
                size.filter(filter, 1);
                if (size.depth > maxFilterDepth) {
                    errors.add(refusal("filter-depth", maxFilterDepth, locations, "The filter of " + fieldName + " nests"
                            + " and/or/not or relation filters more than " + maxFilterDepth + " levels deep."));
                } else if (size.terms > maxFilterTerms) {
                    errors.add(refusal("filter-terms", maxFilterTerms, locations, "The filter of " + fieldName + " has more than "
                            + maxFilterTerms + " terms (comparisons, values of lists and members of and/or)."));
                }
            }
        });
    }

    private static GraphQLError refusal(String limit, int maximum, List<SourceLocation> locations, String message) {
        GraphQLError error = LimitedDocuments.limitExceeded(limit, maximum, message);
        return GraphqlErrorBuilder.newError().errorType(error.getErrorType()).message(error.getMessage()).locations(locations)
                .extensions(new LinkedHashMap<>(error.getExtensions())).build();
    }

    /**
     * Counts the terms of one filter value (each comparison, each value of a list, each member of {@code and}/{@code or})
     * and its nesting (the filter itself is level 1; {@code and}, {@code or}, {@code not} and a relation's
     * {@code some}/{@code none}/{@code every} go one level deeper), stopping once either is over its limit.
     */
    private final class FilterSize {

        long terms;
        int depth;

        void filter(Map<?, ?> filter, int level) {
            depth = Math.max(depth, level);
            for (Map.Entry<?, ?> entry : filter.entrySet()) {
                if (terms > maxFilterTerms || depth > maxFilterDepth) {
                    return;
                }
                Object value = entry.getValue();
                if (BOOLEAN_FILTERS.contains(String.valueOf(entry.getKey())) && value instanceof List<?> children) {
                    for (Object child : children) {
                        terms++;
                        if (child instanceof Map<?, ?> map) {
                            filter(map, level + 1);
                        }
                        if (terms > maxFilterTerms || depth > maxFilterDepth) {
                            return;
                        }
                    }
                } else if ("not".equals(entry.getKey()) && value instanceof Map<?, ?> inner) {
                    filter(inner, level + 1);
                } else if (value instanceof Map<?, ?> comparator) {
                    comparator(comparator, level);
                }
            }
        }

        private void comparator(Map<?, ?> comparator, int level) {
            for (Map.Entry<?, ?> entry : comparator.entrySet()) {
                Object value = entry.getValue();
                if (QUANTIFIERS.contains(String.valueOf(entry.getKey())) && value instanceof Map<?, ?> related) {
                    filter(related, level + 1);
                } else {
                    terms += value instanceof List<?> values ? Math.max(1, values.size()) : 1;
                }
            }
        }
    }
}
