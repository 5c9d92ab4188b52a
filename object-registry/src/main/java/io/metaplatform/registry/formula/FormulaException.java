package io.metaplatform.registry.formula;

import java.util.List;
import java.util.stream.Collectors;

/** A formula that does not parse or type-check; carries every problem found, in position order. */
public final class FormulaException extends RuntimeException {

    private final transient List<FormulaError> errors;

    public FormulaException(List<FormulaError> errors) {
        super(errors.stream().map(FormulaError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<FormulaError> errors() {
        return errors;
    }
}
