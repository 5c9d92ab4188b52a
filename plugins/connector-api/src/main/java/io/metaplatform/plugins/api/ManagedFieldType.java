package io.metaplatform.plugins.api;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The type of a {@link ManagedField}: the subset of the platform's field types a connector may declare.
 * One record per type; the platform maps each to its own field type when it installs the package.
 */
public sealed interface ManagedFieldType {

    /** Single-line text of at most {@code maxLength} characters (1 to 10,000). */
    record Text(int maxLength) implements ManagedFieldType {
        public Text {
            if (maxLength < 1 || maxLength > 10_000) {
                throw new IllegalArgumentException("text length must be 1 to 10000: " + maxLength);
            }
        }
    }

    /** Multi-line text. */
    record LongText() implements ManagedFieldType {
    }

    record Email() implements ManagedFieldType {
    }

    /** A phone number as text (digits, spaces, {@code +}, ...). */
    record Phone() implements ManagedFieldType {
    }

    record Url() implements ManagedFieldType {
    }

    /** A whole number (64 bit). */
    record Int() implements ManagedFieldType {
    }

    /** An exact decimal with {@code scale} digits after the point (0 to 10). */
    record Decimal(int scale) implements ManagedFieldType {
        public Decimal {
            if (scale < 0 || scale > 10) {
                throw new IllegalArgumentException("scale must be 0 to 10: " + scale);
            }
        }
    }

    record Bool() implements ManagedFieldType {
    }

    record Date() implements ManagedFieldType {
    }

    /** An instant with time zone. */
    record DateTime() implements ManagedFieldType {
    }

    /**
     * One of fixed values. Values are upper snake case ({@code CAME}, {@code NO_SHOW}); records carry them as
     * strings. Labels shown to users default to the value; admins may relabel them.
     */
    record Select(List<String> values) implements ManagedFieldType {
        public Select {
            values = checkedValues(values);
        }
    }

    /**
     * Any number of values; records carry them as a list of strings.
     *
     * <p>With fixed values a record may carry only the declared values. An <em>open</em> field ({@link #open()})
     * learns its options from the data, for values the external system defines (YCLIENTS client categories): records
     * carry the values' display texts ({@code ["VIP", "Постоянный"]}), and before it writes a page the platform adds an
     * option for each text the field has no option for yet (label: the text; value: derived, {@code VIP},
     * {@code POSTOYANNYY}), in one metadata change per page. Admins may relabel those options like any others.
     *
     * @param values        the declared values (upper snake case); for an open field, those it starts with (may be none)
     * @param learnsOptions whether the field is open: options are added for the display texts records carry
     */
    record MultiSelect(List<String> values, boolean learnsOptions) implements ManagedFieldType {
        public MultiSelect {
            values = learnsOptions && values.isEmpty() ? List.of() : checkedValues(values);
        }

        /** A multi-select of fixed values. */
        public MultiSelect(List<String> values) {
            this(values, false);
        }

        /** A multi-select whose options are learned from the synced records' display texts. */
        public static MultiSelect open() {
            return new MultiSelect(List.of(), true);
        }
    }

    /**
     * A many-to-one link to a record of {@code target} (a built-in object or an object of the same package);
     * records carry it as an {@link ExternalRef}. The target shows the inverse one-to-many as {@code inverseName}.
     */
    record Relation(String target, String inverseName, String inverseLabel) implements ManagedFieldType {
        public Relation {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(inverseName, "inverseName");
            Objects.requireNonNull(inverseLabel, "inverseLabel");
        }
    }

    /** Any JSON value (kept as is, not searchable by its parts). */
    record Json() implements ManagedFieldType {
    }

    private static List<String> checkedValues(List<String> values) {
        var copy = List.copyOf(values);
        var pattern = Pattern.compile("[A-Z][A-Z0-9_]{0,49}");
        if (copy.isEmpty() || copy.stream().anyMatch(value -> !pattern.matcher(value).matches()) || copy.stream().distinct().count() != copy.size()) {
            throw new IllegalArgumentException("option values must be distinct upper snake case words, at least one: " + copy);
        }
        return copy;
    }
}
