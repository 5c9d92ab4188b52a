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

    /** Whether clients write values of this type; computed types are read-only. */
    default boolean writable() {
        return true;
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

    /** Reserved: a per-object counter rendered with a prefix; evaluated by a later release. */
    @JsonTypeName("AUTONUMBER")
    record AutoNumber(String prefix, int padding) implements FieldType {
        @JsonCreator
        static AutoNumber json(@JsonProperty("prefix") String prefix, @JsonProperty("padding") Integer padding) {
            return new AutoNumber(prefix, padding == null ? 0 : padding);
        }

        @Override
        public boolean writable() {
            return false;
        }
    }

    /** Reserved: a value computed from other fields of the record; evaluated by a later release. */
    @JsonTypeName("FORMULA")
    record Formula(String expression, String resultKind) implements FieldType {
        @Override
        public boolean writable() {
            return false;
        }
    }

    /** Reserved: an aggregate over related records; evaluated by a later release. */
    @JsonTypeName("ROLLUP")
    record Rollup(ApiName relation, ApiName field, String function) implements FieldType {
        @Override
        public boolean writable() {
            return false;
        }
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
