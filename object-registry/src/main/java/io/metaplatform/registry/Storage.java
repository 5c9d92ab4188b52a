package io.metaplatform.registry;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a field's values live. The record store turns this into a jOOQ field; no other layer cares.
 * Storage is addressed by these stable names, never by API names, so renames touch no data.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({@JsonSubTypes.Type(Storage.Column.class), @JsonSubTypes.Type(Storage.CustomKey.class),
        @JsonSubTypes.Type(Storage.Link.class), @JsonSubTypes.Type(Storage.Computed.class)})
public sealed interface Storage {

    Pattern SQL_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    /** A typed column of the object's own table (built-in fields). Currency adds {@code <name>_currency}. */
    @JsonTypeName("COLUMN")
    record Column(String name) implements Storage {
        public Column {
            Objects.requireNonNull(name, "name");
            if (!SQL_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("not a column name: " + name);
            }
        }
    }

    /**
     * A key of the record's {@code custom} jsonb (custom fields, custom objects).
     *
     * @param index the index slot column of the record table that holds a copy of the value for filters and
     *     sorts ({@code ix_t1}, {@code ix_n2}, ...), or {@code null} when the field is not indexed
     */
    @JsonTypeName("CUSTOM_KEY")
    record CustomKey(String key, String index) implements Storage {

        private static final Pattern INDEX_SLOT = Pattern.compile("ix_[tnd][1-9]");

        public CustomKey {
            Objects.requireNonNull(key, "key");
            if (!SQL_NAME.matcher(key).matches()) {
                throw new IllegalArgumentException("not a storage key: " + key);
            }
            if (index != null && !INDEX_SLOT.matcher(index).matches()) {
                throw new IllegalArgumentException("not an index slot: " + index);
            }
        }

        public CustomKey(String key) {
            this(key, null);
        }

        public CustomKey withIndex(String slot) {
            return new CustomKey(key, slot);
        }
    }

    /** Rows of the link table (many-to-many relations). */
    @JsonTypeName("LINK")
    record Link() implements Storage {
    }

    /** Not stored: computed on read (formula, rollup). */
    @JsonTypeName("COMPUTED")
    record Computed() implements Storage {
    }
}
