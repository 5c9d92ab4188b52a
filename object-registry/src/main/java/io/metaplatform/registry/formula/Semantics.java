package io.metaplatform.registry.formula;

import io.metaplatform.registry.FieldType;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** The few numeric rules both back ends share, written once. */
final class Semantics {

    /** Decimal places a quotient keeps before the field's own rounding. */
    static final int DIVISION_SCALE = 16;
    /**
     * Decimal places a quotient is computed to before it is rounded to {@link #DIVISION_SCALE}: PostgreSQL divides to at
     * least the dividend's scale, so the SQL gives the dividend this scale, and both back ends round twice the same way.
     */
    static final int QUOTIENT_SCALE = 40;
    /** Most days {@code ADDDAYS} moves a date; beyond, the result is null. */
    static final int MAX_DAYS = 1_000_000;
    /** Characters {@code LEFT} and {@code RIGHT} take at most. */
    static final int MAX_CHARS = 1_000_000;
    /** Decimal places {@code ROUND} takes, clamped to this range either way. */
    static final int MAX_ROUND = 20;
    static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    /** Percent values are multiplied by this (exact in both back ends, unlike a division by 100). */
    static final BigDecimal PERCENT = new BigDecimal("0.01");

    private Semantics() {
    }

    /** Percent fields (and formulas with a percent result) read as fractions: 19.5 % is 0.195 in a formula. */
    static boolean percent(FieldType type) {
        return type instanceof FieldType.Percent || type instanceof FieldType.Formula formula
                && formula.resultKind() == FieldType.ResultKind.PERCENT;
    }

    /** The value a formula field holds for the value its expression computed (numbers: rounded half away from zero). */
    static Object finish(FieldType.Formula formula, Object value) {
        if (value == null || formula.resultKind() == null) {
            return value;
        }
        return switch (formula.resultKind()) {
            case INTEGER -> ((BigDecimal) value).setScale(0, RoundingMode.HALF_UP).longValueExact();
            case DECIMAL, CURRENCY -> ((BigDecimal) value).setScale(formula.scale(), RoundingMode.HALF_UP);
            case PERCENT -> ((BigDecimal) value).multiply(HUNDRED).setScale(Math.min(formula.scale(), 6), RoundingMode.HALF_UP);
            case TEXT, BOOLEAN, DATE, DATETIME -> value;
        };
    }
}
