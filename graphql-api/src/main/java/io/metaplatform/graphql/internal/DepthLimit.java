package io.metaplatform.graphql.internal;

import graphql.ExecutionResult;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import java.util.Set;

/**
 * The depth limit of data queries. Operations that ask for introspection only are exempt: the standard
 * introspection query of GraphiQL and code generators nests {@code ofType} deeper than any data query may,
 * and graphql-java's good-faith introspection check already bounds such operations (one {@code __schema},
 * limited depth and field count).
 */
final class DepthLimit extends MaxQueryDepthInstrumentation {

    private static final Set<String> INTROSPECTION_ROOTS = Set.of("__schema", "__type", "__typename");

    DepthLimit(int maxDepth) {
        super(maxDepth);
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
            InstrumentationState state) {
        if (introspectionOnly(parameters.getExecutionContext().getOperationDefinition())) {
            return SimpleInstrumentationContext.noOp();
        }
        return super.beginExecuteOperation(parameters, state);
    }

    private static boolean introspectionOnly(OperationDefinition operation) {
        return operation.getSelectionSet().getSelections().stream()
                .allMatch(selection -> selection instanceof Field field && INTROSPECTION_ROOTS.contains(field.getName()));
    }
}
