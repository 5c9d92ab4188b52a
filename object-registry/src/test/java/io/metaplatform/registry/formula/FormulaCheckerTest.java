package io.metaplatform.registry.formula;

import static io.metaplatform.registry.formula.FormulaFixtures.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.registry.EffectiveSchema;
import io.metaplatform.registry.FieldId;
import io.metaplatform.registry.FieldType;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormulaCheckerTest {

    private final EffectiveSchema schema = FormulaFixtures.schema();

    private List<String> errors(String expression) {
        try {
            FormulaChecker.check(schema, FormulaFixtures.thing(schema), expression);
        } catch (FormulaException e) {
            return e.errors().stream().map(FormulaError::toString).toList();
        }
        throw new AssertionError("no error for " + expression);
    }

    @Test
    void unknownFieldNamesItsPositionAndName() {
        assertThat(errors("n * 2 + amout")).containsExactly("UNKNOWN_FIELD at 9: 'amout' is not a field of thing");
        assertThat(errors("company.cty")).containsExactly("UNKNOWN_FIELD at 9: 'cty' is not a field of company");
    }

    @Test
    void typeMismatchesAreReportedAllAtOnceInPositionOrder() {
        assertThat(errors("t + 1 = 'x' AND n")).containsExactly(
                "TYPE_MISMATCH at 1: + takes NUMBER, not TEXT",
                "TYPE_MISMATCH at 7: = compares NUMBER with TEXT",
                "TYPE_MISMATCH at 17: AND takes BOOLEAN, not NUMBER");
        assertThat(errors("IF(b, 1, 'one')")).containsExactly("TYPE_MISMATCH at 10: IF mixes NUMBER and TEXT");
        assertThat(errors("s = 'OPEN'")).singleElement().asString().startsWith("TYPE_MISMATCH at 3: a select field is compared with ISPICKVAL");
        assertThat(errors("b < TRUE")).containsExactly("TYPE_MISMATCH at 3: booleans are compared with = and != only");
        assertThat(errors("YEAR(n)")).containsExactly("TYPE_MISMATCH at 6: YEAR takes a DATE or DATETIME, not NUMBER");
        assertThat(errors("MINUTES(d, ts)")).containsExactly("TYPE_MISMATCH at 9: MINUTES takes DATETIME, not DATE");
    }

    @Test
    void syntaxErrorsStopAtTheFirstProblem() {
        assertThat(errors("n * (2 + 3")).containsExactly("SYNTAX_ERROR at 11: expected ')' before the end");
        assertThat(errors("n 2")).containsExactly("SYNTAX_ERROR at 3: unexpected '2'");
        assertThat(errors("'open")).containsExactly("SYNTAX_ERROR at 1: the text starting here is not closed with '");
        assertThat(errors("n < 1 < 2")).containsExactly("SYNTAX_ERROR at 7: comparisons do not chain; use AND");
        assertThat(errors("  ")).containsExactly("SYNTAX_ERROR at 1: the expression is empty");
        assertThat(errors("company.")).containsExactly("SYNTAX_ERROR at 9: a field name must follow '.'");
        assertThat(errors("1.2.3")).containsExactly("SYNTAX_ERROR at 1: '1.2.3' is not a number");
        assertThat(errors("(".repeat(70) + "1" + ")".repeat(70))).singleElement().asString().contains("deeper than 64");
    }

    @Test
    void functionsAreCheckedByNameAndArity() {
        assertThat(errors("SQRT(n)")).containsExactly("UNKNOWN_FUNCTION at 1: 'SQRT' is not a function");
        assertThat(errors("LEFT(t)")).containsExactly("WRONG_ARGUMENT_COUNT at 1: LEFT takes 2 arguments, not 1");
        assertThat(errors("CASE(n, 1)")).singleElement().asString().startsWith("WRONG_ARGUMENT_COUNT at 1");
        assertThat(errors("ISPICKVAL(s, 'LATE')")).containsExactly("INVALID_OPTION at 14: 'LATE' is not an option of s");
        assertThat(errors("ISPICKVAL(t, 'OPEN')")).containsExactly("TYPE_MISMATCH at 11: ISPICKVAL takes a select field first");
    }

    @Test
    void referencesFollowToOneRelationsOnly() {
        assertThat(errors("tags")).singleElement().asString().startsWith("NOT_SUPPORTED at 1: 'tags' is a MULTI_SELECT field");
        assertThat(errors("company")).singleElement().asString().contains("name a field of the related record");
        assertThat(errors("t.city")).singleElement().asString().startsWith("NOT_SUPPORTED at 1: 't' is not a to-one relation");
        assertThat(errors("company.parent.parent.parent.parent.parent.city"))
                .containsExactly("TOO_MANY_HOPS at 37: a reference goes through at most 5 relations");
        CheckedFormula fiveHops = FormulaChecker.check(schema, FormulaFixtures.thing(schema), "company.parent.parent.parent.parent.city");
        assertThat(fiveHops.dependencies()).containsExactly("company.parent.parent.parent.parent.city");
    }

    @Test
    void dependenciesListEveryFieldReadIncludingRelations() {
        CheckedFormula formula = FormulaChecker.check(schema, FormulaFixtures.thing(schema), "IF(b, company.country.code, t) & TEXT(n)");
        assertThat(formula.dependencies()).containsExactly("b", "company.country.code", "n", "t");
        assertThat(formula.fieldIds()).contains(FieldId.builtIn("thing", "company"), FieldId.builtIn("company", "country"),
                FieldId.builtIn("country", "code"));
        assertThat(formula.kind()).isEqualTo(ValueKind.TEXT);
    }

    @Test
    void aFormulaReadingItselfThroughAnotherIsACycle() {
        EffectiveSchema withFormulas = FormulaFixtures.schema(
                field("thing", "f1", new FieldType.Formula("f2 + 1", FieldType.ResultKind.DECIMAL)),
                field("thing", "f2", new FieldType.Formula("f1 * 2", FieldType.ResultKind.DECIMAL)));
        assertThatThrownBy(() -> FormulaChecker.check(withFormulas, FormulaFixtures.thing(withFormulas), "f2 + 1",
                FieldId.builtIn("thing", "f1")))
                .isInstanceOf(FormulaException.class).hasMessage("CYCLE at 1: 'f2' reads this formula back (a cycle of formulas)");
        assertThatThrownBy(() -> FormulaChecker.check(withFormulas, FormulaFixtures.thing(withFormulas), "n + f1",
                FieldId.builtIn("thing", "f3")).root())
                .as("f1 and f2 read each other: a third formula reading them is refused too")
                .isInstanceOf(FormulaException.class).hasMessageContaining("CYCLE at 5");
    }

    @Test
    void theResultKindMustFitTheExpression() {
        CheckedFormula text = FormulaChecker.check(schema, FormulaFixtures.thing(schema), "t & u");
        assertThatThrownBy(() -> FormulaChecker.requireResult(text, FieldType.ResultKind.DECIMAL))
                .hasMessage("TYPE_MISMATCH at 1: the expression yields TEXT but the field's result type DECIMAL needs NUMBER");
        FormulaChecker.requireResult(FormulaChecker.check(schema, FormulaFixtures.thing(schema), "NULL"), FieldType.ResultKind.DATE);
    }
}
