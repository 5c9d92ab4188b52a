package io.metaplatform.graphql.internal;

import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.Field;
import graphql.language.Node;
import graphql.language.OperationDefinition;
import graphql.ExecutionResult;

/**
 * Refuses documents that amplify work without depth: too many root fields or too many aliases (the same
 * expensive field asked for many times under different names).
 */
final class DocumentLimits extends SimplePerformantInstrumentation {

    static final int MAX_ROOT_FIELDS = 20;
    static final int MAX_ALIASES = 50;

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
            InstrumentationState state) {
        OperationDefinition operation = parameters.getExecutionContext().getOperationDefinition();
        int roots = operation.getSelectionSet().getSelections().size();
        if (roots > MAX_ROOT_FIELDS) {
            throw new AbortExecutionException("The operation has " + roots + " root fields; at most " + MAX_ROOT_FIELDS + " are allowed.");
        }
        int aliases = aliases(operation);
        if (aliases > MAX_ALIASES) {
            throw new AbortExecutionException("The operation uses " + aliases + " aliases; at most " + MAX_ALIASES + " are allowed.");
        }
        return super.beginExecuteOperation(parameters, state);
    }

    private static int aliases(Node<?> node) {
        int count = node instanceof Field field && field.getAlias() != null ? 1 : 0;
        for (Node<?> child : node.getChildren()) {
            count += aliases(child);
        }
        return count;
    }
}
