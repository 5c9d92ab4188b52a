package io.metaplatform.registry.formula;

/** The types of the formula language. {@code NULL} is the type of the literal {@code NULL}, which fits every other type. */
public enum ValueKind {
    TEXT, NUMBER, BOOLEAN, DATE, DATETIME, OPTION, NULL;

    public boolean fits(ValueKind wanted) {
        return this == wanted || this == NULL;
    }
}
