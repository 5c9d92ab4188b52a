package io.metaplatform.registry;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The closed set of field types, one record per type carrying its own settings. Every mapping over
 * field types (SQL, validation, API, filters) is an exhaustive {@code switch} without {@code default},
 * so a new type does not compile until every layer handles it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(FieldType.Text.class), @JsonSubTypes.Type(FieldType.LongText.class),
        @JsonSubTypes.Type(FieldType.Email.class), @JsonSubTypes.Type(FieldType.Phone.class),
        @JsonSubTypes.Type(FieldType.Url.class), @JsonSubTypes.Type(FieldType.Int.class),
        @JsonSubTypes.Type(FieldType.Decimal.class), @JsonSubTypes.Type(FieldType.Currency.class),
        @JsonSubTypes.Type(FieldType.Percent.class), @JsonSubTypes.Type(FieldType.Bool.class),
        @JsonSubTypes.Type(FieldType.Date.class), @JsonSubTypes.Type(FieldType.DateTime.class),
        @JsonSubTypes.Type(FieldType.Select.class), @JsonSubTypes.Type(FieldType.MultiSelect.class),
        @JsonSubTypes.Type(FieldType.Relation.class), @JsonSubTypes.Type(FieldType.AutoNumber.class),
        @JsonSubTypes.Type(FieldType.Formula.class), @JsonSubTypes.Type(FieldType.Rollup.class),
        @JsonSubTypes.Type(FieldType.Json.class)})
public sealed interface FieldType {

    /** Whether clients write values of this type; derived types are read-only. */
    default boolean writable() {
        return true;
    }

    /** The type whose values this type's values look like: itself, or for a formula or rollup the type of its result. */
    default FieldType valueType() {
        return this;
    }

    /** The type's name in the API and in stored metadata ({@code TEXT}, {@code MULTI_SELECT}, ...). */
    default String kind() {
        return getClass().getAnnotation(JsonTypeName.class).value();
    }

    @JsonTypeName("TEXT")
    record Text(int maxLength) implements FieldType {
        public static final int DEFAULT_MAX = 255;

        public Text {
            requireRange("maxLength", maxLength, 1, 10_000);
        }

        @JsonCreator
        static Text json(@JsonProperty("maxLength") Integer maxLength) {
            return new Text(maxLength == null ? DEFAULT_MAX : maxLength);
        }
    }

    @JsonTypeName("LONG_TEXT")
    record LongText(int maxLength) implements FieldType {
        public static final int DEFAULT_MAX = 100_000;

        public LongText {
            requireRange("maxLength", maxLength, 1, 1_000_000);
        }

        @JsonCreator
        static LongText json(@JsonProperty("maxLength") Integer maxLength) {
            return new LongText(maxLength == null ? DEFAULT_MAX : maxLength);
        }
    }

    @JsonTypeName("EMAIL")
    record Email() implements FieldType {
    }

    @JsonTypeName("PHONE")
    record Phone() implements FieldType {
    }

    @JsonTypeName("URL")
    record Url() implements FieldType {
    }

    /** A 64-bit whole number. */
    @JsonTypeName("INTEGER")
    record Int() implements FieldType {
    }

    /** An exact decimal; values are rounded half-even to {@code scale} places. */
    @JsonTypeName("DECIMAL")
    record Decimal(int precision, int scale) implements FieldType {
        public Decimal {
            requireRange("precision", precision, 1, 38);
            requireRange("scale", scale, 0, precision);
        }

        @JsonCreator
        static Decimal json(@JsonProperty("precision") Integer precision, @JsonProperty("scale") Integer scale) {
            return new Decimal(precision == null ? 18 : precision, scale == null ? 2 : scale);
        }
    }

    /** An exact amount with an ISO 4217 code; a value without a code takes the tenant's default currency. */
    @JsonTypeName("CURRENCY")
    record Currency(int scale) implements FieldType {
        public Currency {
            requireRange("scale", scale, 0, 6);
        }

        @JsonCreator
        static Currency json(@JsonProperty("scale") Integer scale) {
            return new Currency(scale == null ? 2 : scale);
        }
    }

    /** A percentage as a number of percent ({@code 19.5} is 19.5 %). */
    @JsonTypeName("PERCENT")
    record Percent(int scale) implements FieldType {
        public Percent {
            requireRange("scale", scale, 0, 6);
        }

        @JsonCreator
        static Percent json(@JsonProperty("scale") Integer scale) {
            return new Percent(scale == null ? 2 : scale);
        }
    }

    @JsonTypeName("BOOLEAN")
    record Bool() implements FieldType {
    }

    @JsonTypeName("DATE")
    record Date() implements FieldType {
    }

    @JsonTypeName("DATETIME")
    record DateTime() implements FieldType {
    }

    /** One of a list of options; records store the option's stable id. */
    @JsonTypeName("SELECT")
    record Select(List<SelectOption> options) implements FieldType, WithOptions {
        public Select {
            options = SelectOption.checked(options);
        }
    }

    /** Any number of a list of options; records store the options' stable ids. */
    @JsonTypeName("MULTI_SELECT")
    record MultiSelect(List<SelectOption> options) implements FieldType, WithOptions {
        public MultiSelect {
            options = SelectOption.checked(options);
        }
    }

    /**
     * A reference to records of {@code target}. A many-to-one relation appears on the target as the
     * one-to-many {@code inverseName}; a many-to-many relation lives in the link table.
     */
    @JsonTypeName("RELATION")
    record Relation(ApiName target, Cardinality cardinality, OnDelete onDelete, ApiName inverseName, String inverseLabel)
            implements FieldType {
        public Relation {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(cardinality, "cardinality");
            onDelete = onDelete == null ? OnDelete.SET_NULL : onDelete;
        }
    }

    /** Field types whose values the platform computes; clients never write them. */
    sealed interface Derived extends FieldType permits AutoNumber, Formula, Rollup {
        @Override
        default boolean writable() {
            return false;
        }
    }

    /**
     * A per-tenant, per-field counter assigned at create and rendered with {@code format}: {@code {0000}} is the number
     * zero-padded to the width of the braces, {@code {YYYY}} the year of creation (the counter then restarts every year),
     * anything else is literal ({@code RE-{YYYY}-{0000}}, {@code KD-{000000}}). Without a format: {@code prefix} followed by
     * the number padded to {@code padding} digits.
     */
    @JsonTypeName("AUTONUMBER")
    record AutoNumber(String prefix, int padding, String format) implements Derived {
        public AutoNumber {
            requireRange("padding", padding, 0, 18);
        }

        public AutoNumber(String prefix, int padding) {
            this(prefix, padding, null);
        }

        @JsonCreator
        static AutoNumber json(@JsonProperty("prefix") String prefix, @JsonProperty("padding") Integer padding,
                @JsonProperty("format") String format) {
            return new AutoNumber(prefix, padding == null ? 0 : padding, format);
        }

        /** The format in effect: {@code format}, or the one {@code prefix} and {@code padding} describe. */
        public String effectiveFormat() {
            if (format != null) {
                return format;
            }
            return (prefix == null ? "" : prefix.replace("{", "").replace("}", "")) + "{" + "0".repeat(Math.max(1, padding)) + "}";
        }

        @Override
        public FieldType valueType() {
            return new Text(Text.DEFAULT_MAX);
        }

        /** Whether the counter restarts every year. */
        public boolean yearly() {
            return effectiveFormat().contains("{YYYY}");
        }
    }

    /**
     * A value computed from other fields of the record (and of records it points at through to-one relations) by an
     * expression of the formula language, evaluated in SQL on every read. {@code scale} applies to number results.
     */
    @JsonTypeName("FORMULA")
    record Formula(String expression, ResultKind resultKind, int scale) implements Derived {
        public Formula {
            requireRange("scale", scale, 0, 18);
        }

        public Formula(String expression, ResultKind resultKind) {
            this(expression, resultKind, 2);
        }

        @JsonCreator
        static Formula json(@JsonProperty("expression") String expression, @JsonProperty("resultKind") ResultKind resultKind,
                @JsonProperty("scale") Integer scale) {
            return new Formula(expression, resultKind, scale == null ? 2 : scale);
        }

        /** The plain type a value of this formula has, for the API, filters and sorting. */
        public FieldType valueType() {
            return resultKind == null ? new LongText(LongText.DEFAULT_MAX) : resultKind.valueType(scale);
        }
    }

    /** What a formula yields. Currency and decimal results are numbers rounded half away from zero to the formula's scale. */
    enum ResultKind {
        TEXT, INTEGER, DECIMAL, CURRENCY, PERCENT, BOOLEAN, DATE, DATETIME;

        public FieldType valueType(int scale) {
            return switch (this) {
                case TEXT -> new LongText(LongText.DEFAULT_MAX);
                case INTEGER -> new Int();
                case DECIMAL, CURRENCY -> new Decimal(38, scale);
                case PERCENT -> new Percent(Math.min(scale, 6));
                case BOOLEAN -> new Bool();
                case DATE -> new Date();
                case DATETIME -> new DateTime();
            };
        }
    }

    /**
     * An aggregate over the records of a to-many relation of this object ({@code relation} is the inverse name of a
     * many-to-one relation pointing here), optionally only of those matching {@code filter} (a boolean formula over the
     * child), computed in the query that reads it. {@code field} is unused by {@code COUNT}.
     */
    @JsonTypeName("ROLLUP")
    record Rollup(ApiName relation, ApiName field, RollupFunction function, String filter, int scale) implements Derived {
        public Rollup {
            requireRange("scale", scale, 0, 18);
        }

        public Rollup(ApiName relation, ApiName field, RollupFunction function) {
            this(relation, field, function, null, 2);
        }

        @JsonCreator
        static Rollup json(@JsonProperty("relation") ApiName relation, @JsonProperty("field") ApiName field,
                @JsonProperty("function") RollupFunction function, @JsonProperty("filter") String filter,
                @JsonProperty("scale") Integer scale) {
            return new Rollup(relation, field, function, filter, scale == null ? 2 : scale);
        }

        /** The plain type of the aggregate: a whole number for {@code COUNT}, a decimal at {@code scale} otherwise. */
        public FieldType valueType() {
            return function == RollupFunction.COUNT ? new Int() : new Decimal(38, scale);
        }
    }

    enum RollupFunction {
        COUNT, SUM, MIN, MAX, AVG
    }

    /** Any JSON value. */
    @JsonTypeName("JSON")
    record Json() implements FieldType {
    }

    enum Cardinality {
        MANY_TO_ONE,
        MANY_TO_MANY
    }

    /** What deleting a referenced record does to the records that reference it. */
    enum OnDelete {
        RESTRICT,
        SET_NULL,
        CASCADE
    }

    /** Select and multi-select types. */
    sealed interface WithOptions permits Select, MultiSelect {
        List<SelectOption> options();

        default Optional<SelectOption> optionByValue(String value) {
            return options().stream().filter(option -> option.value().equals(value)).findFirst();
        }

        default Optional<SelectOption> optionById(String id) {
            return options().stream().filter(option -> option.id().equals(id)).findFirst();
        }

        default List<SelectOption> activeOptions() {
            return options().stream().filter(option -> !option.retired()).sorted(Comparator.comparingInt(SelectOption::position)).toList();
        }
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max);
        }
    }
}
