package io.metaplatform.registry.formula;

import java.util.List;

/** The syntax tree of a formula as parsed, before names and types are resolved. Positions are 1-based. */
public sealed interface Expr {

    int position();

    record Literal(Object value, int position) implements Expr {
    }

    /** A field reference, possibly through to-one relations: {@code company.city}. */
    record Path(List<String> names, int position) implements Expr {
        public String text() {
            return String.join(".", names);
        }
    }

    record Unary(String operator, Expr operand, int position) implements Expr {
    }

    record Binary(String operator, Expr left, Expr right, int position) implements Expr {
    }

    record Call(String function, List<Expr> arguments, int position) implements Expr {
    }
}
