package io.metaplatform.registry;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An option of a select or multi-select field.
 *
 * @param id stable, what records store; never changes once created
 * @param value what the API shows and accepts ({@code LEAD}); may be renamed
 * @param label display text
 * @param position order among the options
 * @param color optional display colour ({@code #1e88e5})
 * @param retired no longer accepted in writes; stored values keep reading back
 */
public record SelectOption(String id, String value, String label, int position, String color, boolean retired) {

    private static final Pattern ID = Pattern.compile("[a-z0-9_]{1,40}");
    private static final Pattern VALUE = Pattern.compile("[A-Z][A-Z0-9_]{0,49}");
    private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");

    public SelectOption {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(value, "value");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("option id must be 1 to 40 of a-z, 0-9, _: " + id);
        }
        if (!VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("option value must be upper case letters, digits and _, starting with a letter: " + value);
        }
        label = label == null || label.isBlank() ? value : label;
        if (color != null && !COLOR.matcher(color).matches()) {
            throw new IllegalArgumentException("option color must look like #1e88e5: " + color);
        }
    }

    /** From JSON: a new option may leave out its id (derived from the value), position, colour and retired flag. */
    @JsonCreator
    static SelectOption json(@JsonProperty("id") String id, @JsonProperty("value") String value, @JsonProperty("label") String label,
            @JsonProperty("position") Integer position, @JsonProperty("color") String color, @JsonProperty("retired") Boolean retired) {
        String derivedId = id != null ? id : value == null ? null : value.toLowerCase();
        return new SelectOption(derivedId, value, label, position == null ? 0 : position, color, Boolean.TRUE.equals(retired));
    }

    static List<SelectOption> checked(List<SelectOption> options) {
        Objects.requireNonNull(options, "options");
        Set<String> ids = new HashSet<>();
        Set<String> values = new HashSet<>();
        for (SelectOption option : options) {
            if (!ids.add(option.id())) {
                throw new IllegalArgumentException("duplicate option id " + option.id());
            }
            if (!values.add(option.value())) {
                throw new IllegalArgumentException("duplicate option value " + option.value());
            }
        }
        return List.copyOf(options);
    }
}
