package io.metaplatform.registry.formula;

import io.metaplatform.registry.FieldDefinition;
import io.metaplatform.registry.ObjectDefinition;
import java.util.List;

/**
 * A type-checked formula: names resolved to field definitions, every node typed. Both back ends (SQL and Java) work on
 * this one tree, so they cannot disagree about what a formula means.
 */
public sealed interface Node {

    ValueKind kind();

    int position();

    /** A literal: {@code BigDecimal}, {@code String}, {@code Boolean} or {@code null}. */
    record Constant(Object value, ValueKind kind, int position) implements Node {
    }

    /** One step through a to-one relation: {@code relation} of {@code from} points at {@code target}. */
    record Hop(ObjectDefinition from, FieldDefinition relation, ObjectDefinition target) {
    }

    /** A field of the formula's object, or of an object reached through {@code hops}. */
    record FieldRef(List<Hop> hops, ObjectDefinition owner, FieldDefinition field, ValueKind kind, int position, String path)
            implements Node {
        public FieldRef {
            hops = List.copyOf(hops);
        }
    }

    record Negate(Node operand, int position) implements Node {
        @Override
        public ValueKind kind() {
            return ValueKind.NUMBER;
        }
    }

    record Not(Node operand, int position) implements Node {
        @Override
        public ValueKind kind() {
            return ValueKind.BOOLEAN;
        }
    }

    enum ArithmeticOperator {
        ADD, SUBTRACT, MULTIPLY, DIVIDE
    }

    record Arithmetic(ArithmeticOperator operator, Node left, Node right, int position) implements Node {
        @Override
        public ValueKind kind() {
            return ValueKind.NUMBER;
        }
    }

    enum ComparisonOperator {
        EQ, NE, LT, LE, GT, GE
    }

    record Comparison(ComparisonOperator operator, Node left, Node right, int position) implements Node {
        @Override
        public ValueKind kind() {
            return ValueKind.BOOLEAN;
        }
    }

    record Logic(boolean and, Node left, Node right, int position) implements Node {
        @Override
        public ValueKind kind() {
            return ValueKind.BOOLEAN;
        }
    }

    /** A function call; {@code kind} is the call's result type as the checker found it. */
    record Call(Function function, List<Node> arguments, ValueKind kind, int position) implements Node {
        public Call {
            arguments = List.copyOf(arguments);
        }
    }
}
