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
     *     sorts ({@code ix_t1}, {@code ix_n2}, ...), or {@code null} when the field is not indexed; writes keep the
     *     slot current from the moment it is assigned
     * @param indexReady whether the slot holds every record's value (filled after assignment), so that queries
     *     may use it; until then they read the jsonb value
     */
    @JsonTypeName("CUSTOM_KEY")
    record CustomKey(String key, String index, boolean indexReady) implements Storage {

        private static final Pattern INDEX_SLOT = Pattern.compile("ix_[tnd][1-9]");

        public CustomKey {
            Objects.requireNonNull(key, "key");
            if (!SQL_NAME.matcher(key).matches()) {
                throw new IllegalArgumentException("not a storage key: " + key);
            }
            if (index != null && !INDEX_SLOT.matcher(index).matches()) {
                throw new IllegalArgumentException("not an index slot: " + index);
            }
            indexReady = indexReady && index != null;
        }

        public CustomKey(String key) {
            this(key, null, false);
        }

        /** This key with {@code slot} assigned and not yet filled ({@code null}: not indexed). */
        public CustomKey withIndex(String slot) {
            return new CustomKey(key, slot, false);
        }

        public CustomKey indexFilled() {
            return new CustomKey(key, index, true);
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
