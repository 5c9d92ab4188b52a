package io.metaplatform.registry.formula;

import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.Money;
import io.metaplatform.registry.SelectOption;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Evaluates a checked formula in Java with exactly the semantics of {@link SqlCompiler}'s SQL: nulls propagate through
 * arithmetic, comparisons and text functions; {@code &}/{@code CONCAT} read null as empty text; {@code MIN}/{@code MAX}
 * skip nulls; division by zero and impossible dates give null; logic is three-valued as in SQL.
 */
public final class Evaluator {

    private static final DateTimeFormatter UTC_TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

    /** Where the evaluator reads field values from, in the store's form (numbers, {@link Money}, option ids, ...). */
    @FunctionalInterface
    public interface Values {
        Object value(Node.FieldRef ref);
    }

    private final Values values;
    private final Instant now;

    private Evaluator(Values values, Instant now) {
        this.values = values;
        this.now = now;
    }

    /** The value of {@code formula} (numbers as {@code BigDecimal}, unrounded), with {@code now} for {@code NOW()}/{@code TODAY()}. */
    public static Object evaluate(CheckedFormula formula, Values values, Instant now) {
        return new Evaluator(values, now).eval(formula.root());
    }

    /** The value a formula field holds: {@link #evaluate} rounded and typed as its result kind declares. */
    public static Object evaluateField(FieldType.Formula field, CheckedFormula formula, Values values, Instant now) {
        return Semantics.finish(field, evaluate(formula, values, now));
    }

    private Object eval(Node node) {
        return switch (node) {
            case Node.Constant constant -> constant.value();
            case Node.FieldRef ref -> read(ref);
            case Node.Negate negate -> negate(eval(negate.operand()));
            case Node.Not not -> eval(not.operand()) instanceof Boolean b ? !b : null;
            case Node.Arithmetic arithmetic -> arithmetic(arithmetic.operator(), (BigDecimal) eval(arithmetic.left()),
                    (BigDecimal) eval(arithmetic.right()));
            case Node.Comparison comparison -> compare(comparison.operator(), eval(comparison.left()), eval(comparison.right()));
            case Node.Logic logic -> logic(logic.and(), (Boolean) eval(logic.left()), (Boolean) eval(logic.right()));
            case Node.Call call -> call(call);
        };
    }

    private Object read(Node.FieldRef ref) {
        Object value = values.value(ref);
        if (value instanceof Money money) {
            value = money.amount();
        }
        if (value instanceof Long || value instanceof Integer) {
            value = BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Instant instant) {
            value = instant.atOffset(ZoneOffset.UTC);
        }
        if (value instanceof BigDecimal number && Semantics.percent(ref.field().type())) {
            value = number.multiply(Semantics.PERCENT);
        }
        return value;
    }

    private static Object negate(Object value) {
        return value == null ? null : ((BigDecimal) value).negate();
    }

    private static BigDecimal arithmetic(Node.ArithmeticOperator operator, BigDecimal left, BigDecimal right) {
        if (left == null || right == null) {
            return null;
        }
        return switch (operator) {
            case ADD -> left.add(right);
            case SUBTRACT -> left.subtract(right);
            case MULTIPLY -> left.multiply(right);
            case DIVIDE -> right.signum() == 0 ? null
                    : left.divide(right, Semantics.QUOTIENT_SCALE, RoundingMode.HALF_UP).setScale(Semantics.DIVISION_SCALE, RoundingMode.HALF_UP);
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Boolean compare(Node.ComparisonOperator operator, Object left, Object right) {
        if (left == null || right == null) {
            return null;
        }
        int order = left instanceof OffsetDateTime l ? l.toInstant().compareTo(((OffsetDateTime) right).toInstant())
                : ((Comparable) left).compareTo(right);
        return switch (operator) {
            case EQ -> order == 0;
            case NE -> order != 0;
            case LT -> order < 0;
            case LE -> order <= 0;
            case GT -> order > 0;
            case GE -> order >= 0;
        };
    }

    // Kleene logic, as SQL: false AND null is false, true OR null is true, anything else with null is null.
    private static Boolean logic(boolean and, Boolean left, Boolean right) {
        if (and) {
            if (Boolean.FALSE.equals(left) || Boolean.FALSE.equals(right)) {
                return false;
            }
            return left == null || right == null ? null : true;
        }
        if (Boolean.TRUE.equals(left) || Boolean.TRUE.equals(right)) {
            return true;
        }
        return left == null || right == null ? null : false;
    }

    private Object call(Node.Call call) {
        List<Node> args = call.arguments();
        return switch (call.function()) {
            case IF -> Boolean.TRUE.equals(eval(args.get(0))) ? eval(args.get(1)) : eval(args.get(2));
            case CASE -> caseOf(args);
            case ISBLANK -> blank(eval(args.getFirst()));
            case BLANKVALUE -> {
                Object value = eval(args.get(0));
                yield blank(value) ? eval(args.get(1)) : value;
            }
            case CONCAT -> {
                StringBuilder text = new StringBuilder();
                args.forEach(arg -> text.append(Objects.requireNonNullElse(eval(arg), "")));
                yield text.toString();
            }
            case LEN -> eval(args.getFirst()) instanceof String s ? BigDecimal.valueOf(s.codePointCount(0, s.length())) : null;
            case LOWER -> eval(args.getFirst()) instanceof String s ? s.toLowerCase(Locale.ROOT) : null;
            case UPPER -> eval(args.getFirst()) instanceof String s ? s.toUpperCase(Locale.ROOT) : null;
            case LEFT, RIGHT -> slice(call.function() == Function.LEFT, (String) eval(args.get(0)), (BigDecimal) eval(args.get(1)));
            case CONTAINS -> {
                Object text = eval(args.get(0));
                Object part = eval(args.get(1));
                yield text == null || part == null ? null : ((String) text).contains((String) part);
            }
            case TEXT -> text(args.getFirst(), eval(args.getFirst()));
            case ROUND -> {
                BigDecimal value = (BigDecimal) eval(args.get(0));
                BigDecimal places = (BigDecimal) eval(args.get(1));
                if (value == null || places == null) {
                    yield null;
                }
                int scale = clamp(places, -Semantics.MAX_ROUND, Semantics.MAX_ROUND);
                BigDecimal rounded = value.setScale(scale, RoundingMode.HALF_UP);
                yield scale < 0 ? rounded.setScale(0, RoundingMode.UNNECESSARY) : rounded;
            }
            case ABS -> eval(args.getFirst()) instanceof BigDecimal n ? n.abs() : null;
            case MIN, MAX -> extreme(call.function() == Function.MAX, args);
            case TODAY -> LocalDate.ofInstant(now, ZoneOffset.UTC);
            case NOW -> now.atOffset(ZoneOffset.UTC);
            case DATE -> date((BigDecimal) eval(args.get(0)), (BigDecimal) eval(args.get(1)), (BigDecimal) eval(args.get(2)));
            case YEAR -> part(eval(args.getFirst()), ChronoField.YEAR);
            case MONTH -> part(eval(args.getFirst()), ChronoField.MONTH_OF_YEAR);
            case DAY -> part(eval(args.getFirst()), ChronoField.DAY_OF_MONTH);
            case ADDDAYS -> addDays(eval(args.get(0)), (BigDecimal) eval(args.get(1)));
            case DATEDIFF -> {
                Object from = eval(args.get(0));
                Object to = eval(args.get(1));
                yield from == null || to == null ? null : BigDecimal.valueOf(ChronoUnit.DAYS.between(day(from), day(to)));
            }
            case MINUTES -> {
                Object from = eval(args.get(0));
                Object to = eval(args.get(1));
                if (from == null || to == null) {
                    yield null;
                }
                Duration elapsed = Duration.between(((OffsetDateTime) from).toInstant(), ((OffsetDateTime) to).toInstant());
                BigDecimal seconds = BigDecimal.valueOf(elapsed.getSeconds()).add(BigDecimal.valueOf(elapsed.getNano() / 1000, 6));
                yield arithmetic(Node.ArithmeticOperator.DIVIDE, seconds, BigDecimal.valueOf(60));
            }
            case ISPICKVAL -> Objects.equals(eval(args.get(0)), eval(args.get(1)));
        };
    }

    private Object caseOf(List<Node> args) {
        Object subject = eval(args.getFirst());
        int pairs = (args.size() - 1) / 2;
        for (int i = 0; i < pairs; i++) {
            Object match = eval(args.get(1 + 2 * i));
            if (subject != null && match != null && Boolean.TRUE.equals(compare(Node.ComparisonOperator.EQ, subject, match))) {
                return eval(args.get(2 + 2 * i));
            }
        }
        return (args.size() - 1) % 2 == 1 ? eval(args.getLast()) : null;
    }

    private static boolean blank(Object value) {
        return value == null || value instanceof String text && text.isEmpty();
    }

    private static String slice(boolean left, String text, BigDecimal count) {
        if (text == null || count == null) {
            return null;
        }
        int wanted = clamp(count, 0, Semantics.MAX_CHARS);
        int length = text.codePointCount(0, text.length());
        int take = Math.min(wanted, length);
        return left ? text.substring(0, text.offsetByCodePoints(0, take))
                : text.substring(text.offsetByCodePoints(0, length - take));
    }

    private static String text(Node argument, Object value) {
        return switch (value) {
            case null -> null;
            case String s when argument.kind() == ValueKind.OPTION -> optionValue(argument, s);
            case String s -> s;
            case BigDecimal n -> n.signum() == 0 ? "0" : n.stripTrailingZeros().toPlainString();
            case Boolean b -> b.toString();
            case LocalDate d -> d.toString();
            case OffsetDateTime t -> UTC_TEXT.format(t.withOffsetSameInstant(ZoneOffset.UTC));
            default -> value.toString();
        };
    }

    private static String optionValue(Node argument, String id) {
        if (argument instanceof Node.FieldRef ref && ref.field().type() instanceof FieldType.Select select) {
            return select.optionById(id).map(SelectOption::value).orElse(id);
        }
        return id;
    }

    private Object extreme(boolean max, List<Node> args) {
        BigDecimal best = null;
        for (Node arg : args) {
            BigDecimal value = (BigDecimal) eval(arg);
            if (value != null && (best == null || (max ? value.compareTo(best) > 0 : value.compareTo(best) < 0))) {
                best = value;
            }
        }
        return best;
    }

    private static LocalDate date(BigDecimal year, BigDecimal month, BigDecimal day) {
        if (year == null || month == null || day == null) {
            return null;
        }
        int y = clamp(year, 0, 10_000);
        int m = clamp(month, 0, 13);
        int d = clamp(day, 0, 32);
        if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > LocalDate.of(y, m, 1).lengthOfMonth()) {
            return null;
        }
        return LocalDate.of(y, m, d);
    }

    private static Object addDays(Object date, BigDecimal days) {
        if (date == null || days == null) {
            return null;
        }
        int n = clamp(days, -Semantics.MAX_DAYS - 1, Semantics.MAX_DAYS + 1);
        if (Math.abs(n) > Semantics.MAX_DAYS) {
            return null;
        }
        return date instanceof OffsetDateTime time ? time.plus(Duration.ofHours(24L * n)) : ((LocalDate) date).plusDays(n);
    }

    private static BigDecimal part(Object value, ChronoField field) {
        return value == null ? null : BigDecimal.valueOf(day(value).get(field));
    }

    private static LocalDate day(Object value) {
        return value instanceof OffsetDateTime time ? time.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate() : (LocalDate) value;
    }

    // Whole numbers round half away from zero (as PostgreSQL casts numeric to integer), then clamp.
    private static int clamp(BigDecimal value, int min, int max) {
        BigDecimal whole = value.setScale(0, RoundingMode.HALF_UP);
        if (whole.compareTo(BigDecimal.valueOf(min)) < 0) {
            return min;
        }
        if (whole.compareTo(BigDecimal.valueOf(max)) > 0) {
            return max;
        }
        return whole.intValueExact();
    }
}
