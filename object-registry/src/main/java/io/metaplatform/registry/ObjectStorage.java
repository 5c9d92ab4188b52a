package io.metaplatform.registry;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.Objects;

/** Where an object's records live: a built-in object's own table, or the table shared by custom objects. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({@JsonSubTypes.Type(ObjectStorage.OwnTable.class), @JsonSubTypes.Type(ObjectStorage.SharedTable.class)})
public sealed interface ObjectStorage {

    @JsonTypeName("OWN_TABLE")
    record OwnTable(String table) implements ObjectStorage {
        public OwnTable {
            Objects.requireNonNull(table, "table");
            if (!Storage.SQL_NAME.matcher(table).matches()) {
                throw new IllegalArgumentException("not a table name: " + table);
            }
        }
    }

    /** The {@code custom_record} table, rows told apart by {@code object_id}. */
    @JsonTypeName("SHARED_TABLE")
    record SharedTable() implements ObjectStorage {
    }
}
