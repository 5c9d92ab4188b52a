package io.metaplatform.plugins.api;

import java.util.List;

/**
 * Thrown by {@link Connector#write} when the external system refused a record's content (for
 * example HTTP 406 or 422 with field errors). The record goes to the connection's dead letters
 * with these problems; the push goes on with the next record.
 */
public class RecordRejectedException extends ConnectorException {

    private final List<FieldProblem> problems;

    /**
     * @param problems what is wrong, per external field; may be empty when the system says nothing more
     */
    public RecordRejectedException(String message, List<FieldProblem> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    /** The problems per field, in the order the external system reported them. */
    public List<FieldProblem> problems() {
        return problems;
    }
}
