package io.metaplatform.registry.formula;

/**
 * One problem of a formula.
 *
 * @param code stable reason ({@code SYNTAX_ERROR}, {@code UNKNOWN_FIELD}, {@code UNKNOWN_FUNCTION}, {@code TYPE_MISMATCH},
 *     {@code WRONG_ARGUMENT_COUNT}, {@code INVALID_OPTION}, {@code TOO_MANY_HOPS}, {@code CYCLE}, {@code NOT_SUPPORTED})
 * @param position 1-based character position in the expression where the problem starts
 * @param message what is wrong, naming the offending text
 */
public record FormulaError(String code, int position, String message) {

    /** {@code UNKNOWN_FIELD at 12: 'amout' is not a field of invoice}. */
    @Override
    public String toString() {
        return code + " at " + position + ": " + message;
    }
}
