package io.metaplatform.registry.formula;

/** The functions of the formula language. {@code CONCAT}, {@code MIN} and {@code MAX} take any number of arguments from one. */
public enum Function {
    IF, CASE, ISBLANK, BLANKVALUE,
    CONCAT, LEN, LOWER, UPPER, LEFT, RIGHT, CONTAINS, TEXT,
    ROUND, ABS, MIN, MAX,
    TODAY, NOW, DATE, YEAR, MONTH, DAY, ADDDAYS, DATEDIFF, MINUTES,
    ISPICKVAL
}
