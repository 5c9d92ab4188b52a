package io.metaplatform.registry.formula;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.registry.EffectiveSchema;
import io.metaplatform.registry.Money;
import io.metaplatform.registry.ObjectDefinition;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every function and operator, evaluated by PostgreSQL from the jOOQ rendering and by the Java evaluator on the same
 * values (nulls, zeros, negatives, boundaries included): the two must agree exactly, scale of numbers included.
 */
@SpringBootTest
class FormulaBothWaysTest {

    static final List<String> EXPRESSIONS = List.of(
            // literals and operators
            "1", "'x'", "TRUE", "NULL", "-n", "n + m", "n - i", "n * m", "n / m", "i / 3", "1 / 3", "2 / 3", "100000 / 3", "n / 0",
            "m * (1 - p)", "amount * p", "n = m", "n != m", "n < m", "n <= m", "n > m", "n >= m", "t = u", "t < u", "t >= u",
            "d < e", "d = e", "ts > NOW()", "b = TRUE", "b != FALSE", "NOT b", "!b", "b AND n > 0", "b OR n > 0", "b && NULL",
            "b || NULL", "NOT(n > m)", "t & u", "t & '-' & TEXT(n)",
            // logical and null helpers
            "IF(b, n, m)", "IF(n > m, t, u)", "IF(NULL, 1, 2)", "CASE(i, 1, 'one', 2, 'two', 'many')", "CASE(t, 'a', 1, 'b', 2)",
            "CASE(s, 'OPEN', 'o', 'PAID', 'p', '?')", "ISBLANK(t)", "ISBLANK(n)", "ISBLANK(d)", "BLANKVALUE(t, 'none')",
            "BLANKVALUE(n, -1)", "BLANKVALUE(d, DATE(2000, 1, 1))",
            // text
            "CONCAT(t)", "CONCAT(t, u, 'z')", "LEN(t)", "LOWER(t)", "UPPER(t)", "LEFT(t, 2)", "LEFT(t, i)", "RIGHT(t, 2)",
            "RIGHT(t, n)", "LEFT(t, -1)", "CONTAINS(t, 'b')", "CONTAINS(t, u)", "CONTAINS(t, '')", "TEXT(n)", "TEXT(m)", "TEXT(i)",
            "TEXT(b)", "TEXT(d)", "TEXT(ts)", "TEXT(s)", "TEXT(p)", "TEXT(n / m)",
            // numbers
            "ROUND(n, 2)", "ROUND(n, 0)", "ROUND(m, -1)", "ROUND(n, i)", "ROUND(-2.5, 0)", "ROUND(2.345, 2)", "ABS(n)", "ABS(i)",
            "MIN(n, m)", "MAX(n, m, i)", "MIN(n)", "MAX(NULL, m)",
            // dates
            "DATE(2026, 2, 28)", "DATE(2026, 2, 29)", "DATE(2024, 2, 29)", "DATE(i, 1, 1)", "DATE(2026, 13, 1)", "DATE(0, 1, 1)",
            "DATE(2026, 1, 0)", "DATE(2026, 4, 31)", "DATE(2026, 1.5, 1)", "YEAR(d)", "MONTH(d)", "DAY(d)", "YEAR(ts)", "DAY(ts)",
            "ADDDAYS(d, 30)", "ADDDAYS(d, i)", "ADDDAYS(d, -400)", "ADDDAYS(ts, 2)", "ADDDAYS(d, 2000000)", "DATEDIFF(d, e)",
            "DATEDIFF(ts, d)", "MINUTES(ts, ADDDAYS(ts, 1))", "MINUTES(ADDDAYS(ts, 2), ts)", "MINUTES(ts, ts) / 7", "DATEDIFF(TODAY(), ADDDAYS(TODAY(), 3))", "YEAR(TODAY()) > 2000", "NOW() > ts",
            // select and relations
            "ISPICKVAL(s, 'PAID')", "ISPICKVAL(s, 'OPEN')", "company.city", "company.country.code & '/' & t");

    /** Values of the fields t, u, n, m, i, p, amount, b, d, e, ts, s, company.city, company.country.code per row. */
    static final List<Map<String, Object>> ROWS = List.of(
            row("abc", "abd", "12.3456", "2.00", 7L, "19.50", "100.00", true, "2026-01-31", "2026-03-01", "2026-06-15T22:30:00Z",
                    "s_paid", "Berlin", "DE"),
            row("Zürich ✓", "zürich", "-0.0050", "-3.10", -2L, "0.00", "0.01", false, "2024-02-29", "2024-02-29",
                    "1999-12-31T23:59:59Z", "s_open", "", null),
            row("", "", "0.0000", "0.00", 0L, "100.00", "-5.55", null, "1900-01-01", "9999-12-31", "2030-01-01T00:00:00Z", null,
                    null, "CH"),
            row(null, null, null, null, null, null, null, null, null, null, null, null, null, null));

    @Autowired
    DSLContext db;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void sqlAndJavaAgreeOnEveryFunctionAndOperator() {
        EffectiveSchema schema = FormulaFixtures.schema();
        ObjectDefinition thing = FormulaFixtures.thing(schema);
        List<CheckedFormula> formulas = EXPRESSIONS.stream().map(expression -> FormulaChecker.check(schema, thing, expression)).toList();
        Instant now = Instant.now();
        List<String> disagreements = new ArrayList<>();
        int compared = 0;
        for (int r = 0; r < ROWS.size(); r++) {
            Map<String, Object> row = ROWS.get(r);
            List<Field<?>> select = new ArrayList<>();
            for (CheckedFormula formula : formulas) {
                select.add(SqlCompiler.compile(formula, ref -> bind(ref, row)));
            }
            Record fromSql = transactions.execute(status -> db.select(select).fetchOne());
            for (int e = 0; e < formulas.size(); e++) {
                Object java = Evaluator.evaluate(formulas.get(e), ref -> row.get(ref.path()), now);
                Object sql = fromSql.get(e);
                compared++;
                if (!same(java, sql)) {
                    disagreements.add("row " + r + ": " + EXPRESSIONS.get(e) + " -> java " + describe(java) + ", sql " + describe(sql));
                }
            }
        }
        assertThat(disagreements).isEmpty();
        assertThat(compared).isEqualTo(EXPRESSIONS.size() * ROWS.size());
    }

    @Test
    void divisionByZeroAndImpossibleDatesAreNullNotErrors() {
        EffectiveSchema schema = FormulaFixtures.schema();
        ObjectDefinition thing = FormulaFixtures.thing(schema);
        Map<String, Object> row = ROWS.getFirst();
        for (String expression : List.of("n / 0", "n / (m - 2)", "DATE(2026, 2, 30)", "ADDDAYS(d, 9999999)")) {
            CheckedFormula formula = FormulaChecker.check(schema, thing, expression);
            assertThat(Evaluator.evaluate(formula, ref -> row.get(ref.path()), Instant.now())).as(expression).isNull();
            Object sql = transactions.execute(status -> db.select(SqlCompiler.compile(formula, ref -> bind(ref, row))).fetchOne(0));
            assertThat(sql).as(expression).isNull();
        }
    }

    @Test
    void knownValuesComeOutAsDocumented() {
        EffectiveSchema schema = FormulaFixtures.schema();
        ObjectDefinition thing = FormulaFixtures.thing(schema);
        Map<String, Object> row = ROWS.getFirst();
        Map<String, Object> expected = Map.of(
                "m * (1 - p)", new BigDecimal("1.610000"),
                "1 / 3", new BigDecimal("0.3333333333333333"),
                "t & NULL & u", "abcabd",
                "TEXT(m)", "2",
                "LEFT('Zürich', 2)", "Zü",
                "ROUND(-2.5, 0)", new BigDecimal("-3"),
                "DATEDIFF(DATE(2026, 1, 31), d)", BigDecimal.ZERO,
                "TEXT(ts)", "2026-06-15T22:30:00Z",
                "MIN(NULL, 3, 2)", new BigDecimal("2"));
        expected.forEach((expression, value) -> {
            CheckedFormula formula = FormulaChecker.check(schema, thing, expression);
            assertThat(Evaluator.evaluate(formula, ref -> row.get(ref.path()), Instant.now())).as(expression).isEqualTo(value);
        });
    }

    private static Field<?> bind(Node.FieldRef ref, Map<String, Object> row) {
        Object value = row.get(ref.path());
        if (value instanceof Money money) {
            value = money.amount();
        }
        DataType<?> type = switch (ref.field().type()) {
            case io.metaplatform.registry.FieldType.Int i -> SQLDataType.BIGINT;
            case io.metaplatform.registry.FieldType.Decimal d -> SQLDataType.NUMERIC;
            case io.metaplatform.registry.FieldType.Percent p -> SQLDataType.NUMERIC;
            case io.metaplatform.registry.FieldType.Currency c -> SQLDataType.NUMERIC;
            case io.metaplatform.registry.FieldType.Bool b -> SQLDataType.BOOLEAN;
            case io.metaplatform.registry.FieldType.Date d -> SQLDataType.LOCALDATE;
            case io.metaplatform.registry.FieldType.DateTime d -> SQLDataType.TIMESTAMPWITHTIMEZONE;
            default -> SQLDataType.VARCHAR;
        };
        @SuppressWarnings("unchecked")
        DataType<Object> typed = (DataType<Object>) type;
        return DSL.val(value, typed);
    }

    private static Map<String, Object> row(String t, String u, String n, String m, Long i, String p, String amount, Boolean b,
            String d, String e, String ts, String s, String city, String code) {
        Map<String, Object> row = new HashMap<>();
        row.put("t", t);
        row.put("u", u);
        row.put("n", n == null ? null : new BigDecimal(n));
        row.put("m", m == null ? null : new BigDecimal(m));
        row.put("i", i);
        row.put("p", p == null ? null : new BigDecimal(p));
        row.put("amount", amount == null ? null : new Money(new BigDecimal(amount), "EUR"));
        row.put("b", b);
        row.put("d", d == null ? null : LocalDate.parse(d));
        row.put("e", e == null ? null : LocalDate.parse(e));
        row.put("ts", ts == null ? null : OffsetDateTime.parse(ts).withOffsetSameInstant(ZoneOffset.UTC));
        row.put("s", s);
        row.put("company.city", city);
        row.put("company.country.code", code);
        return row;
    }

    // Numbers must agree in value and scale (TEXT shows the scale); date-times as instants.
    private static boolean same(Object java, Object sql) {
        if (java == null || sql == null) {
            return java == null && sql == null;
        }
        if (java instanceof BigDecimal j && sql instanceof BigDecimal s) {
            return j.compareTo(s) == 0;
        }
        if (java instanceof OffsetDateTime j && sql instanceof OffsetDateTime s) {
            return j.toInstant().equals(s.toInstant());
        }
        return java.equals(sql);
    }

    private static String describe(Object value) {
        return value == null ? "null" : value + " (" + value.getClass().getSimpleName() + ")";
    }
}
