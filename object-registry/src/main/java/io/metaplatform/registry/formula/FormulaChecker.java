package io.metaplatform.registry.formula;

import io.metaplatform.registry.EffectiveSchema;
import io.metaplatform.registry.FieldDefinition;
import io.metaplatform.registry.FieldId;
import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.ObjectDefinition;
import io.metaplatform.registry.SelectOption;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Resolves a parsed formula against an object's metadata and types it. Every problem is collected (positions 1-based);
 * a formula reaching itself through other formulas is a {@code CYCLE}.
 */
public final class FormulaChecker {

    /** Most to-one relations a field reference may go through ({@code a.b.c.d.e.field}). */
    public static final int MAX_HOPS = 5;
    private static final int MAX_NESTED_FORMULAS = 20;

    private final EffectiveSchema schema;
    private final Set<FieldId> visiting;
    private final List<FormulaError> errors = new ArrayList<>();
    private final Set<String> dependencies = new TreeSet<>();
    private final Set<FieldId> fieldIds = new LinkedHashSet<>();

    private FormulaChecker(EffectiveSchema schema, Set<FieldId> visiting) {
        this.schema = schema;
        this.visiting = visiting;
    }

    /** Checks {@code expression} as a formula over {@code object}'s records; {@link FormulaException} lists every problem. */
    public static CheckedFormula check(EffectiveSchema schema, ObjectDefinition object, String expression) {
        return check(schema, object, expression, null);
    }

    /**
     * Like {@link #check(EffectiveSchema, ObjectDefinition, String)} for the formula of field {@code self} (which may not
     * exist yet): a reference that leads back to {@code self} through other formulas is a {@code CYCLE}.
     */
    public static CheckedFormula check(EffectiveSchema schema, ObjectDefinition object, String expression, FieldId self) {
        Set<FieldId> visiting = new HashSet<>();
        if (self != null) {
            visiting.add(self);
        }
        return new FormulaChecker(schema, visiting).run(object, expression);
    }

    /** Checks that {@code formula} yields what {@code wanted} declares; {@code TYPE_MISMATCH} at 1 otherwise. */
    public static void requireResult(CheckedFormula formula, FieldType.ResultKind wanted) {
        ValueKind needed = switch (wanted) {
            case TEXT -> ValueKind.TEXT;
            case INTEGER, DECIMAL, CURRENCY, PERCENT -> ValueKind.NUMBER;
            case BOOLEAN -> ValueKind.BOOLEAN;
            case DATE -> ValueKind.DATE;
            case DATETIME -> ValueKind.DATETIME;
        };
        if (!formula.kind().fits(needed)) {
            throw new FormulaException(List.of(new FormulaError("TYPE_MISMATCH", 1, "the expression yields " + formula.kind()
                    + " but the field's result type " + wanted + " needs " + needed)));
        }
    }

    /** The formula-language type of a field's values, or empty when the field cannot be used in formulas. */
    public static Optional<ValueKind> kindOf(FieldType type) {
        return Optional.ofNullable(switch (type) {
            case FieldType.Text t -> ValueKind.TEXT;
            case FieldType.LongText t -> ValueKind.TEXT;
            case FieldType.Email e -> ValueKind.TEXT;
            case FieldType.Phone p -> ValueKind.TEXT;
            case FieldType.Url u -> ValueKind.TEXT;
            case FieldType.AutoNumber a -> ValueKind.TEXT;
            case FieldType.Int i -> ValueKind.NUMBER;
            case FieldType.Decimal d -> ValueKind.NUMBER;
            case FieldType.Currency c -> ValueKind.NUMBER;
            case FieldType.Percent p -> ValueKind.NUMBER;
            case FieldType.Rollup r -> ValueKind.NUMBER;
            case FieldType.Bool b -> ValueKind.BOOLEAN;
            case FieldType.Date d -> ValueKind.DATE;
            case FieldType.DateTime d -> ValueKind.DATETIME;
            case FieldType.Select s -> ValueKind.OPTION;
            case FieldType.Formula f -> f.resultKind() == null ? null : switch (f.resultKind()) {
                case TEXT -> ValueKind.TEXT;
                case INTEGER, DECIMAL, CURRENCY, PERCENT -> ValueKind.NUMBER;
                case BOOLEAN -> ValueKind.BOOLEAN;
                case DATE -> ValueKind.DATE;
                case DATETIME -> ValueKind.DATETIME;
            };
            case FieldType.MultiSelect m -> null;
            case FieldType.Relation r -> null;
            case FieldType.Json j -> null;
        });
    }

    private CheckedFormula run(ObjectDefinition object, String expression) {
        Expr parsed = Parser.parse(expression);
        Node root = node(object, parsed);
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparingInt(FormulaError::position));
            throw new FormulaException(errors);
        }
        return new CheckedFormula(root, List.copyOf(dependencies), Set.copyOf(fieldIds));
    }

    private Node node(ObjectDefinition object, Expr expr) {
        return switch (expr) {
            case Expr.Literal literal -> new Node.Constant(literal.value(), switch (literal.value()) {
                case null -> ValueKind.NULL;
                case BigDecimal n -> ValueKind.NUMBER;
                case Boolean b -> ValueKind.BOOLEAN;
                default -> ValueKind.TEXT;
            }, literal.position());
            case Expr.Path path -> reference(object, path);
            case Expr.Unary unary -> unary.operator().equals("NOT")
                    ? new Node.Not(expect(node(object, unary.operand()), ValueKind.BOOLEAN, "NOT"), unary.position())
                    : new Node.Negate(expect(node(object, unary.operand()), ValueKind.NUMBER, "-"), unary.position());
            case Expr.Binary binary -> binary(object, binary);
            case Expr.Call call -> call(object, call);
        };
    }

    private Node binary(ObjectDefinition object, Expr.Binary binary) {
        Node left = node(object, binary.left());
        Node right = node(object, binary.right());
        String op = binary.operator();
        int at = binary.position();
        return switch (op) {
            case "AND", "OR" -> new Node.Logic(op.equals("AND"), expect(left, ValueKind.BOOLEAN, op), expect(right, ValueKind.BOOLEAN, op), at);
            case "+", "-", "*", "/" -> new Node.Arithmetic(switch (op) {
                case "+" -> Node.ArithmeticOperator.ADD;
                case "-" -> Node.ArithmeticOperator.SUBTRACT;
                case "*" -> Node.ArithmeticOperator.MULTIPLY;
                default -> Node.ArithmeticOperator.DIVIDE;
            }, expect(left, ValueKind.NUMBER, op), expect(right, ValueKind.NUMBER, op), at);
            case "&" -> new Node.Call(Function.CONCAT, List.of(expect(left, ValueKind.TEXT, op), expect(right, ValueKind.TEXT, op)),
                    ValueKind.TEXT, at);
            default -> comparison(op, left, right, at);
        };
    }

    private Node comparison(String op, Node left, Node right, int at) {
        Node.ComparisonOperator operator = switch (op) {
            case "=" -> Node.ComparisonOperator.EQ;
            case "!=" -> Node.ComparisonOperator.NE;
            case "<" -> Node.ComparisonOperator.LT;
            case "<=" -> Node.ComparisonOperator.LE;
            case ">" -> Node.ComparisonOperator.GT;
            default -> Node.ComparisonOperator.GE;
        };
        ValueKind kind = left.kind() == ValueKind.NULL ? right.kind() : left.kind();
        if (kind == ValueKind.OPTION) {
            error("TYPE_MISMATCH", at, "a select field is compared with ISPICKVAL(field, 'VALUE'), not with " + op);
        } else if (kind == ValueKind.BOOLEAN && operator != Node.ComparisonOperator.EQ && operator != Node.ComparisonOperator.NE) {
            error("TYPE_MISMATCH", at, "booleans are compared with = and != only");
        } else if (!right.kind().fits(kind) && kind != ValueKind.NULL) {
            error("TYPE_MISMATCH", at, op + " compares " + left.kind() + " with " + right.kind());
        }
        return new Node.Comparison(operator, left, right, at);
    }

    private Node call(ObjectDefinition object, Expr.Call call) {
        Function function;
        try {
            function = Function.valueOf(call.function());
        } catch (IllegalArgumentException e) {
            if (call.function().equals("NOT") && call.arguments().size() == 1) {
                return new Node.Not(expect(node(object, call.arguments().getFirst()), ValueKind.BOOLEAN, "NOT"), call.position());
            }
            error("UNKNOWN_FUNCTION", call.position(), "'" + call.function() + "' is not a function");
            return new Node.Constant(null, ValueKind.NULL, call.position());
        }
        List<Node> args = new ArrayList<>();
        call.arguments().forEach(argument -> args.add(node(object, argument)));
        int at = call.position();
        return switch (function) {
            case IF -> {
                if (arity(function, args, 3, 3, at)) {
                    expect(args.get(0), ValueKind.BOOLEAN, "IF");
                    yield new Node.Call(function, args, unify(function, args.subList(1, 3), at), at);
                }
                yield failed(at);
            }
            case CASE -> caseCall(args, call, at);
            case ISBLANK -> arity(function, args, 1, 1, at) ? new Node.Call(function, args, ValueKind.BOOLEAN, at) : failed(at);
            case BLANKVALUE -> arity(function, args, 2, 2, at) ? new Node.Call(function, args, unify(function, args, at), at) : failed(at);
            case CONCAT -> {
                if (arity(function, args, 1, 100, at)) {
                    args.forEach(arg -> expect(arg, ValueKind.TEXT, "CONCAT"));
                    yield new Node.Call(function, args, ValueKind.TEXT, at);
                }
                yield failed(at);
            }
            case LEN -> typed(function, args, at, ValueKind.NUMBER, ValueKind.TEXT);
            case LOWER, UPPER -> typed(function, args, at, ValueKind.TEXT, ValueKind.TEXT);
            case LEFT, RIGHT -> typed(function, args, at, ValueKind.TEXT, ValueKind.TEXT, ValueKind.NUMBER);
            case CONTAINS -> typed(function, args, at, ValueKind.BOOLEAN, ValueKind.TEXT, ValueKind.TEXT);
            case TEXT -> arity(function, args, 1, 1, at) ? new Node.Call(function, args, ValueKind.TEXT, at) : failed(at);
            case ROUND -> typed(function, args, at, ValueKind.NUMBER, ValueKind.NUMBER, ValueKind.NUMBER);
            case ABS -> typed(function, args, at, ValueKind.NUMBER, ValueKind.NUMBER);
            case MIN, MAX -> {
                if (arity(function, args, 1, 100, at)) {
                    args.forEach(arg -> expect(arg, ValueKind.NUMBER, function.name()));
                    yield new Node.Call(function, args, ValueKind.NUMBER, at);
                }
                yield failed(at);
            }
            case TODAY -> typed(function, args, at, ValueKind.DATE);
            case NOW -> typed(function, args, at, ValueKind.DATETIME);
            case DATE -> typed(function, args, at, ValueKind.DATE, ValueKind.NUMBER, ValueKind.NUMBER, ValueKind.NUMBER);
            case YEAR, MONTH, DAY -> {
                if (arity(function, args, 1, 1, at)) {
                    expectDate(args.getFirst(), function);
                    yield new Node.Call(function, args, ValueKind.NUMBER, at);
                }
                yield failed(at);
            }
            case ADDDAYS -> {
                if (arity(function, args, 2, 2, at)) {
                    expectDate(args.get(0), function);
                    expect(args.get(1), ValueKind.NUMBER, "ADDDAYS");
                    yield new Node.Call(function, args, args.get(0).kind() == ValueKind.NULL ? ValueKind.DATE : args.get(0).kind(), at);
                }
                yield failed(at);
            }
            case DATEDIFF -> {
                if (arity(function, args, 2, 2, at)) {
                    expectDate(args.get(0), function);
                    expectDate(args.get(1), function);
                    yield new Node.Call(function, args, ValueKind.NUMBER, at);
                }
                yield failed(at);
            }
            case MINUTES -> typed(function, args, at, ValueKind.NUMBER, ValueKind.DATETIME, ValueKind.DATETIME);
            case ISPICKVAL -> isPickVal(args, at);
        };
    }

    // CASE(subject, match1, result1, ..., [else]): matches compare with =; a select subject matches option values.
    private Node caseCall(List<Node> args, Expr.Call call, int at) {
        if (args.size() < 3) {
            error("WRONG_ARGUMENT_COUNT", at, "CASE takes a value, then pairs of match and result, then optionally a default");
            return failed(at);
        }
        Node subject = args.getFirst();
        List<Node> checked = new ArrayList<>(List.of(subject));
        List<Node> results = new ArrayList<>();
        int pairs = (args.size() - 1) / 2;
        for (int i = 0; i < pairs; i++) {
            Node match = args.get(1 + 2 * i);
            if (subject.kind() == ValueKind.OPTION) {
                match = optionConstant(subject, match);
            } else if (!match.kind().fits(subject.kind()) && subject.kind() != ValueKind.NULL) {
                error("TYPE_MISMATCH", match.position(), "CASE compares " + subject.kind() + " with " + match.kind());
            }
            checked.add(match);
            checked.add(args.get(2 + 2 * i));
            results.add(args.get(2 + 2 * i));
        }
        if ((args.size() - 1) % 2 == 1) {
            checked.add(args.getLast());
            results.add(args.getLast());
        }
        return new Node.Call(Function.CASE, checked, unify(Function.CASE, results, at), at);
    }

    private Node isPickVal(List<Node> args, int at) {
        if (!arity(Function.ISPICKVAL, args, 2, 2, at)) {
            return failed(at);
        }
        if (args.get(0).kind() != ValueKind.OPTION) {
            error("TYPE_MISMATCH", args.get(0).position(), "ISPICKVAL takes a select field first");
            return failed(at);
        }
        return new Node.Call(Function.ISPICKVAL, List.of(args.get(0), optionConstant(args.get(0), args.get(1))), ValueKind.BOOLEAN, at);
    }

    // An option value given as text becomes the option's stable id, which is what records store.
    private Node optionConstant(Node field, Node value) {
        if (!(value instanceof Node.Constant constant) || !(constant.value() instanceof String text)) {
            error("TYPE_MISMATCH", value.position(), "a select field is matched against a text literal naming one of its options");
            return value;
        }
        if (!(field instanceof Node.FieldRef ref) || !(ref.field().type() instanceof FieldType.Select select)) {
            return value;
        }
        Optional<SelectOption> option = select.optionByValue(text);
        if (option.isEmpty()) {
            error("INVALID_OPTION", value.position(), "'" + text + "' is not an option of " + ref.path());
            return value;
        }
        return new Node.Constant(option.get().id(), ValueKind.TEXT, value.position());
    }

    private Node typed(Function function, List<Node> args, int at, ValueKind result, ValueKind... parameters) {
        if (!arity(function, args, parameters.length, parameters.length, at)) {
            return failed(at);
        }
        for (int i = 0; i < parameters.length; i++) {
            expect(args.get(i), parameters[i], function.name());
        }
        return new Node.Call(function, args, result, at);
    }

    private boolean arity(Function function, List<Node> args, int min, int max, int at) {
        if (args.size() < min || args.size() > max) {
            error("WRONG_ARGUMENT_COUNT", at, function + " takes " + (min == max ? String.valueOf(min) : min + " or more")
                    + " argument" + (max == 1 ? "" : "s") + ", not " + args.size());
            return false;
        }
        return true;
    }

    private ValueKind unify(Function function, List<Node> branches, int at) {
        ValueKind kind = ValueKind.NULL;
        for (Node branch : branches) {
            if (kind == ValueKind.NULL) {
                kind = branch.kind();
            } else if (!branch.kind().fits(kind)) {
                error("TYPE_MISMATCH", branch.position(), function + " mixes " + kind + " and " + branch.kind());
            }
        }
        if (kind == ValueKind.OPTION) {
            error("TYPE_MISMATCH", at, function + " cannot yield a select value; use TEXT(field)");
        }
        return kind;
    }

    private void expectDate(Node node, Function function) {
        if (node.kind() != ValueKind.DATE && node.kind() != ValueKind.DATETIME && node.kind() != ValueKind.NULL) {
            error("TYPE_MISMATCH", node.position(), function + " takes a DATE or DATETIME, not " + node.kind());
        }
    }

    private Node expect(Node node, ValueKind wanted, String where) {
        if (!node.kind().fits(wanted)) {
            error("TYPE_MISMATCH", node.position(), where + " takes " + wanted + ", not " + node.kind());
        }
        return node;
    }

    private Node failed(int at) {
        return new Node.Constant(null, ValueKind.NULL, at);
    }

    private Node reference(ObjectDefinition object, Expr.Path path) {
        List<Node.Hop> hops = new ArrayList<>();
        ObjectDefinition current = object;
        int offset = path.position();
        List<String> names = path.names();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            Optional<FieldDefinition> found = current.field(name);
            if (found.isEmpty()) {
                error("UNKNOWN_FIELD", offset, "'" + name + "' is not a field of " + current.apiName());
                return failed(path.position());
            }
            FieldDefinition field = found.get();
            fieldIds.add(field.id());
            boolean last = i == names.size() - 1;
            if (!last) {
                if (!(field.type() instanceof FieldType.Relation relation) || relation.cardinality() != FieldType.Cardinality.MANY_TO_ONE) {
                    error("NOT_SUPPORTED", offset, "'" + name + "' is not a to-one relation; only those can be followed with '.'");
                    return failed(path.position());
                }
                if (hops.size() >= MAX_HOPS) {
                    error("TOO_MANY_HOPS", offset, "a reference goes through at most " + MAX_HOPS + " relations");
                    return failed(path.position());
                }
                Optional<ObjectDefinition> target = schema.object(relation.target().value());
                if (target.isEmpty()) {
                    error("UNKNOWN_FIELD", offset, "'" + name + "' points at an object that no longer exists");
                    return failed(path.position());
                }
                hops.add(new Node.Hop(current, field, target.get()));
                current = target.get();
                offset += name.length() + 1;
                continue;
            }
            Optional<ValueKind> kind = kindOf(field.type());
            if (kind.isEmpty()) {
                error("NOT_SUPPORTED", offset, "'" + path.text() + "' is a " + field.type().kind() + " field, which formulas cannot read"
                        + (field.type() instanceof FieldType.Relation ? "; name a field of the related record" : ""));
                return failed(path.position());
            }
            dependencies.add(path.text());
            checkNested(current, field, offset, path.text());
            return new Node.FieldRef(hops, current, field, kind.get(), path.position(), path.text());
        }
        throw new IllegalStateException("a path has at least one name");
    }

    // A formula (or a rollup's filter) read by this one must not read this one back, however indirectly.
    private void checkNested(ObjectDefinition owner, FieldDefinition field, int at, String path) {
        String nested = switch (field.type()) {
            case FieldType.Formula formula -> formula.expression();
            default -> null;
        };
        if (nested == null) {
            return;
        }
        if (visiting.contains(field.id())) {
            error("CYCLE", at, "'" + path + "' reads this formula back (a cycle of formulas)");
            return;
        }
        if (visiting.size() > MAX_NESTED_FORMULAS) {
            error("TOO_DEEP", at, "formulas read other formulas more than " + MAX_NESTED_FORMULAS + " levels deep");
            return;
        }
        visiting.add(field.id());
        try {
            FormulaChecker inner = new FormulaChecker(schema, visiting);
            inner.node(owner, Parser.parse(nested));
            inner.errors.stream().filter(problem -> problem.code().equals("CYCLE") || problem.code().equals("TOO_DEEP")).findFirst()
                    .ifPresent(problem -> error(problem.code(), at, "'" + path + "' reads this formula back (a cycle of formulas)"));
        } catch (FormulaException ignored) {
            // A formula that no longer parses is reported on its own field, not on the ones reading it.
        } finally {
            visiting.remove(field.id());
        }
    }

    private void error(String code, int position, String message) {
        errors.add(new FormulaError(code, position, message));
    }
}
