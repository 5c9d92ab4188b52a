package io.metaplatform.registry.formula;

import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.SelectOption;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.jooq.CaseConditionStep;
import org.jooq.Condition;
import org.jooq.DataType;
import org.jooq.DatePart;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Renders a checked formula as one jOOQ expression, node by node (never by concatenating SQL text): literals are bind
 * values, field references come from the caller. Semantics are those of {@link Evaluator}, to the digit.
 */
public final class SqlCompiler {

    private static final DataType<BigDecimal> NUMBER = SQLDataType.NUMERIC;
    private static final Field<BigDecimal> QUOTIENT_PADDING = DSL.inline(BigDecimal.ZERO.setScale(Semantics.QUOTIENT_SCALE));

    /** The SQL of a field reference in the store's form: numbers as numbers, select values as option ids, ... */
    @FunctionalInterface
    public interface Columns {
        Field<?> value(Node.FieldRef ref);
    }

    private final Columns columns;

    private SqlCompiler(Columns columns) {
        this.columns = columns;
    }

    /** The expression of {@code formula}, unrounded (numbers as {@code numeric}). */
    public static Field<?> compile(CheckedFormula formula, Columns columns) {
        return new SqlCompiler(columns).sql(formula.root());
    }

    /** The value of a formula field: {@link #compile} rounded and typed as its result kind declares. */
    public static Field<?> compileField(FieldType.Formula field, CheckedFormula formula, Columns columns) {
        Field<?> value = compile(formula, columns);
        if (field.resultKind() == null) {
            return value;
        }
        return switch (field.resultKind()) {
            case INTEGER -> round(number(value), 0).cast(SQLDataType.BIGINT);
            case DECIMAL, CURRENCY -> round(number(value), field.scale());
            case PERCENT -> round(number(value).mul(DSL.inline(Semantics.HUNDRED)), Math.min(field.scale(), 6));
            case TEXT -> value.cast(SQLDataType.VARCHAR);
            case BOOLEAN -> value.cast(SQLDataType.BOOLEAN);
            case DATE -> value.cast(SQLDataType.LOCALDATE);
            case DATETIME -> value.cast(SQLDataType.TIMESTAMPWITHTIMEZONE);
        };
    }

    /** A boolean formula as a condition (null counts as not true). */
    public static Condition condition(CheckedFormula formula, Columns columns) {
        return DSL.condition(bool(compile(formula, columns)));
    }

    private Field<?> sql(Node node) {
        return switch (node) {
            case Node.Constant constant -> constant(constant);
            case Node.FieldRef ref -> reference(ref);
            case Node.Negate negate -> number(sql(negate.operand())).neg();
            case Node.Not not -> DSL.field(DSL.not(DSL.condition(bool(sql(not.operand())))));
            case Node.Arithmetic arithmetic -> arithmetic(arithmetic);
            case Node.Comparison comparison -> comparison(comparison);
            case Node.Logic logic -> {
                Condition left = DSL.condition(bool(sql(logic.left())));
                Condition right = DSL.condition(bool(sql(logic.right())));
                yield DSL.field(logic.and() ? left.and(right) : left.or(right));
            }
            case Node.Call call -> call(call);
        };
    }

    private static Field<?> constant(Node.Constant constant) {
        return switch (constant.kind()) {
            case NUMBER -> DSL.val((BigDecimal) constant.value(), NUMBER);
            case TEXT, OPTION -> DSL.val((String) constant.value(), SQLDataType.VARCHAR);
            case BOOLEAN -> DSL.val((Boolean) constant.value(), SQLDataType.BOOLEAN);
            case DATE -> DSL.val((LocalDate) constant.value(), SQLDataType.LOCALDATE);
            case DATETIME -> DSL.val((OffsetDateTime) constant.value(), SQLDataType.TIMESTAMPWITHTIMEZONE);
            case NULL -> DSL.inline((Object) null);
        };
    }

    private Field<?> reference(Node.FieldRef ref) {
        Field<?> value = columns.value(ref);
        return switch (ref.kind()) {
            case NUMBER -> Semantics.percent(ref.field().type()) ? number(value).mul(DSL.inline(Semantics.PERCENT)) : number(value);
            case TEXT, OPTION -> value.cast(SQLDataType.VARCHAR);
            case BOOLEAN -> value.cast(SQLDataType.BOOLEAN);
            case DATE -> value.cast(SQLDataType.LOCALDATE);
            case DATETIME -> value.cast(SQLDataType.TIMESTAMPWITHTIMEZONE);
            case NULL -> value;
        };
    }

    private Field<?> arithmetic(Node.Arithmetic arithmetic) {
        Field<BigDecimal> left = number(sql(arithmetic.left()));
        Field<BigDecimal> right = number(sql(arithmetic.right()));
        return switch (arithmetic.operator()) {
            case ADD -> left.add(right);
            case SUBTRACT -> left.sub(right);
            case MULTIPLY -> left.mul(right);
            case DIVIDE -> round(left.add(QUOTIENT_PADDING).div(DSL.nullif(right, DSL.inline(BigDecimal.ZERO))), Semantics.DIVISION_SCALE);
        };
    }

    @SuppressWarnings("unchecked")
    private Field<?> comparison(Node.Comparison comparison) {
        Field<Object> left = (Field<Object>) sql(comparison.left());
        Field<Object> right = (Field<Object>) sql(comparison.right());
        ValueKind kind = comparison.left().kind() == ValueKind.NULL ? comparison.right().kind() : comparison.left().kind();
        if (kind == ValueKind.TEXT && comparison.operator() != Node.ComparisonOperator.EQ && comparison.operator() != Node.ComparisonOperator.NE) {
            // Code point order, as Java compares strings, whatever the database's collation.
            left = (Field<Object>) (Field<?>) left.cast(SQLDataType.VARCHAR).collate("C");
            right = (Field<Object>) (Field<?>) right.cast(SQLDataType.VARCHAR).collate("C");
        }
        Condition condition = switch (comparison.operator()) {
            case EQ -> left.eq(right);
            case NE -> left.ne(right);
            case LT -> left.lt(right);
            case LE -> left.le(right);
            case GT -> left.gt(right);
            case GE -> left.ge(right);
        };
        return DSL.field(condition);
    }

    private Field<?> call(Node.Call call) {
        List<Node> args = call.arguments();
        return switch (call.function()) {
            case IF -> DSL.when(DSL.condition(bool(sql(args.get(0)))), typed(sql(args.get(1)))).otherwise(typed(sql(args.get(2))));
            case CASE -> caseOf(args);
            case ISBLANK -> DSL.field(blank(args.getFirst()));
            case BLANKVALUE -> DSL.when(blank(args.get(0)), typed(sql(args.get(1)))).otherwise(typed(sql(args.get(0))));
            case CONCAT -> {
                List<Field<?>> parts = new ArrayList<>();
                args.forEach(arg -> parts.add(DSL.coalesce(text(sql(arg)), DSL.inline(""))));
                yield parts.size() == 1 ? parts.getFirst() : DSL.concat(parts.toArray(Field<?>[]::new));
            }
            case LEN -> DSL.charLength(text(sql(args.getFirst()))).cast(NUMBER);
            case LOWER -> DSL.lower(text(sql(args.getFirst())));
            case UPPER -> DSL.upper(text(sql(args.getFirst())));
            case LEFT -> DSL.left(text(sql(args.get(0))), clamp(sql(args.get(1)), 0, Semantics.MAX_CHARS));
            case RIGHT -> DSL.right(text(sql(args.get(0))), clamp(sql(args.get(1)), 0, Semantics.MAX_CHARS));
            case CONTAINS -> DSL.field(DSL.position(text(sql(args.get(0))), text(sql(args.get(1)))).gt(0));
            case TEXT -> textOf(args.getFirst());
            case ROUND -> DSL.function("round", NUMBER, number(sql(args.get(0))), clamp(sql(args.get(1)), -Semantics.MAX_ROUND, Semantics.MAX_ROUND));
            case ABS -> DSL.abs(number(sql(args.getFirst())));
            case MIN, MAX -> {
                List<Field<BigDecimal>> numbers = args.stream().map(arg -> number(sql(arg))).toList();
                Field<BigDecimal> first = numbers.getFirst();
                Field<?>[] rest = numbers.subList(1, numbers.size()).toArray(Field<?>[]::new);
                yield call.function() == Function.MIN ? DSL.least(first, rest) : DSL.greatest(first, rest);
            }
            case TODAY -> utcDate(DSL.currentOffsetDateTime());
            case NOW -> DSL.currentOffsetDateTime();
            case DATE -> date(sql(args.get(0)), sql(args.get(1)), sql(args.get(2)));
            case YEAR -> DSL.extract(day(args.getFirst()), DatePart.YEAR).cast(NUMBER);
            case MONTH -> DSL.extract(day(args.getFirst()), DatePart.MONTH).cast(NUMBER);
            case DAY -> DSL.extract(day(args.getFirst()), DatePart.DAY).cast(NUMBER);
            case ADDDAYS -> addDays(args.get(0), sql(args.get(1)));
            case DATEDIFF -> DSL.field("({0} - {1})", SQLDataType.INTEGER, day(args.get(1)), day(args.get(0))).cast(NUMBER);
            case MINUTES -> {
                Field<BigDecimal> seconds = DSL.extract(sql(args.get(1)), DatePart.EPOCH).cast(NUMBER)
                        .sub(DSL.extract(sql(args.get(0)), DatePart.EPOCH).cast(NUMBER));
                yield round(seconds.add(QUOTIENT_PADDING).div(DSL.inline(BigDecimal.valueOf(60))), Semantics.DIVISION_SCALE);
            }
            case ISPICKVAL -> DSL.coalesce(DSL.field(text(sql(args.get(0))).eq(text(sql(args.get(1))))), DSL.inline(false));
        };
    }

    @SuppressWarnings("unchecked")
    private Field<?> caseOf(List<Node> args) {
        Field<Object> subject = (Field<Object>) sql(args.getFirst());
        int pairs = (args.size() - 1) / 2;
        CaseConditionStep<Object> when = null;
        for (int i = 0; i < pairs; i++) {
            Condition matches = subject.eq((Field<Object>) sql(args.get(1 + 2 * i)));
            Field<Object> result = (Field<Object>) typed(sql(args.get(2 + 2 * i)));
            when = when == null ? DSL.when(matches, result) : when.when(matches, result);
        }
        boolean otherwise = (args.size() - 1) % 2 == 1;
        return otherwise ? when.otherwise((Field<Object>) typed(sql(args.getLast()))) : when;
    }

    private Condition blank(Node node) {
        Field<?> value = sql(node);
        return node.kind() == ValueKind.TEXT ? value.isNull().or(text(value).eq(DSL.inline(""))) : value.isNull();
    }

    private Field<String> textOf(Node node) {
        Field<?> value = sql(node);
        return switch (node.kind()) {
            case TEXT, NULL -> text(value);
            case OPTION -> optionValue(node, text(value));
            case NUMBER -> DSL.function("trim_scale", NUMBER, number(value)).cast(SQLDataType.VARCHAR);
            case BOOLEAN -> value.cast(SQLDataType.VARCHAR);
            case DATE -> DSL.function("to_char", SQLDataType.VARCHAR, value, DSL.inline("YYYY-MM-DD"));
            case DATETIME -> DSL.function("to_char", SQLDataType.VARCHAR, utc(value), DSL.inline("YYYY-MM-DD\"T\"HH24:MI:SS\"Z\""));
        };
    }

    private static Field<String> optionValue(Node node, Field<String> id) {
        if (!(node instanceof Node.FieldRef ref) || !(ref.field().type() instanceof FieldType.Select select) || select.options().isEmpty()) {
            return id;
        }
        CaseConditionStep<String> when = null;
        for (SelectOption option : select.options()) {
            Condition matches = id.eq(DSL.val(option.id()));
            when = when == null ? DSL.when(matches, DSL.val(option.value())) : when.when(matches, DSL.val(option.value()));
        }
        return when.otherwise(id);
    }

    private static Field<?> date(Field<?> year, Field<?> month, Field<?> day) {
        Field<Integer> y = clamp(year, 0, 10_000);
        Field<Integer> m = clamp(month, 0, 13);
        Field<Integer> d = clamp(day, 0, 32);
        // make_date only ever sees a valid first of a month, so no input raises an error; impossible dates are null.
        Field<LocalDate> first = DSL.function("make_date", SQLDataType.LOCALDATE, DSL.greatest(DSL.least(y, DSL.inline(9999)), DSL.inline(1)),
                DSL.greatest(DSL.least(m, DSL.inline(12)), DSL.inline(1)), DSL.inline(1));
        Field<Integer> monthLength = DSL.extract(DSL.field("({0} + interval '1 month' - interval '1 day')", SQLDataType.LOCALDATETIME, first),
                DatePart.DAY);
        Condition valid = y.between(DSL.inline(1), DSL.inline(9999)).and(m.between(DSL.inline(1), DSL.inline(12)))
                .and(d.ge(DSL.inline(1))).and(d.le(monthLength));
        return DSL.when(valid, DSL.field("({0} + ({1} - 1))", SQLDataType.LOCALDATE, first, d));
    }

    private Field<?> addDays(Node date, Field<?> days) {
        Field<Integer> n = clamp(days, -Semantics.MAX_DAYS - 1, Semantics.MAX_DAYS + 1);
        Condition inRange = DSL.abs(n).le(DSL.inline(Semantics.MAX_DAYS));
        Field<?> value = sql(date);
        Field<?> moved = date.kind() == ValueKind.DATETIME
                ? DSL.field("({0} + make_interval(hours => {1} * 24))", SQLDataType.TIMESTAMPWITHTIMEZONE, value, n)
                : DSL.field("({0} + {1})", SQLDataType.LOCALDATE, value, n);
        return DSL.when(inRange, moved);
    }

    private Field<LocalDate> day(Node node) {
        Field<?> value = sql(node);
        return node.kind() == ValueKind.DATETIME ? utcDate(value) : value.cast(SQLDataType.LOCALDATE);
    }

    private static Field<LocalDate> utcDate(Field<?> time) {
        return utc(time).cast(SQLDataType.LOCALDATE);
    }

    private static Field<LocalDateTime> utc(Field<?> time) {
        return DSL.field("({0} at time zone 'UTC')", SQLDataType.LOCALDATETIME, time);
    }

    // Rounds half away from zero to a whole number (PostgreSQL's numeric-to-integer cast), after clamping to [min, max].
    private static Field<Integer> clamp(Field<?> value, int min, int max) {
        return DSL.least(DSL.greatest(number(value), DSL.inline(BigDecimal.valueOf(min))), DSL.inline(BigDecimal.valueOf(max)))
                .cast(SQLDataType.INTEGER);
    }

    private static Field<BigDecimal> round(Field<BigDecimal> value, int scale) {
        return DSL.function("round", NUMBER, value, DSL.inline(scale));
    }

    private static Field<BigDecimal> round(Field<BigDecimal> value, Field<Integer> scale) {
        return DSL.function("round", NUMBER, value, scale);
    }

    @SuppressWarnings("unchecked")
    private static Field<BigDecimal> number(Field<?> value) {
        return value.getDataType().getType() == BigDecimal.class ? (Field<BigDecimal>) value : value.cast(NUMBER);
    }

    @SuppressWarnings("unchecked")
    private static Field<String> text(Field<?> value) {
        return value.getDataType().getType() == String.class ? (Field<String>) value : value.cast(SQLDataType.VARCHAR);
    }

    @SuppressWarnings("unchecked")
    private static Field<Boolean> bool(Field<?> value) {
        return value.getDataType().getType() == Boolean.class ? (Field<Boolean>) value : value.cast(SQLDataType.BOOLEAN);
    }

    // A NULL literal has no type of its own; CASE branches need one, so untyped nulls stay as they are and PostgreSQL infers it.
    @SuppressWarnings("unchecked")
    private static Field<Object> typed(Field<?> value) {
        return (Field<Object>) value;
    }
}
