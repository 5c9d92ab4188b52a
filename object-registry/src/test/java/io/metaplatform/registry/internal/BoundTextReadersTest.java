package io.metaplatform.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.testing.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.SelectField;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

/**
 * A reused statement's rows read straight from the result set (issue 20) hold what jOOQ's records of the same statement
 * hold, value for value and type for type, for every column type a record row has; against the test PostgreSQL.
 */
class BoundTextReadersTest {

    private final TestDatabase database = TestDatabase.get();

    @Test
    void rowsReadByTheReadersEqualJooqsRecordsForEveryColumnType() throws Exception {
        List<UUID> markers = BoundText.markers(1);
        List<SelectField<?>> select = List.of(
                DSL.val(markers.getFirst()).as("id"),
                DSL.inline("[1, \"x\", null]").cast(SQLDataType.JSONB).as("custom"),
                DSL.inline("2026-12-06 01:02:03.456789+02").cast(Timestamps.TIMESTAMPTZ).as("created_at"),
                DSL.inline("Grüße, 'quoted'").cast(SQLDataType.VARCHAR).as("name"),
                DSL.inline("a long text").cast(SQLDataType.CLOB).as("notes"),
                DSL.inline(9_007_199_254_740_993L).cast(SQLDataType.BIGINT).as("count"),
                DSL.inline(7).cast(SQLDataType.INTEGER).as("version"),
                DSL.inline(true).cast(SQLDataType.BOOLEAN).as("active"),
                DSL.inline("1234.5600").cast(SQLDataType.NUMERIC).as("amount"),
                DSL.castNull(SQLDataType.UUID).as("parent"),
                DSL.castNull(SQLDataType.JSONB).as("nothing"),
                DSL.castNull(Timestamps.TIMESTAMPTZ).as("deleted_at"),
                DSL.castNull(SQLDataType.VARCHAR).as("city"),
                DSL.castNull(SQLDataType.BIGINT).as("no_count"),
                DSL.castNull(SQLDataType.INTEGER).as("no_version"),
                DSL.castNull(SQLDataType.BOOLEAN).as("no_flag"),
                DSL.castNull(SQLDataType.NUMERIC).as("no_amount"));
        var query = DSL.using(SQLDialect.POSTGRES).select(select);
        Field<?>[] fields = select.stream().map(field -> (Field<?>) field).toArray(Field<?>[]::new);
        BoundText text = BoundText.of(query, markers, fields);
        UUID id = UUID.randomUUID();

        try (Connection connection = DriverManager.getConnection(database.adminUrl(), database.ownerUser(), database.ownerPassword())) {
            DSLContext db = DSL.using(connection, SQLDialect.POSTGRES);
            List<Object> direct = values(text.fetch(db, List.of(id)).getFirst(), fields.length);
            List<Object> viaJooq = values(BoundText.rows(db.resultQuery(text.sql(), id).coerce(fields).fetch()).getFirst(), fields.length);

            assertThat(text.reusable()).isTrue();
            assertThat(text.readers()).as("every type of this row has a reader").isNotNull();
            assertThat(direct).isEqualTo(viaJooq);
            for (int i = 0; i < fields.length; i++) {
                assertThat(direct.get(i) == null ? null : direct.get(i).getClass()).as(fields[i].getName())
                        .isEqualTo(viaJooq.get(i) == null ? null : viaJooq.get(i).getClass());
            }
            assertThat(direct.getFirst()).isEqualTo(id);
            assertThat(direct.get(8)).isEqualTo(new BigDecimal("1234.5600"));
        }
    }

    @Test
    void aRowWithATypeWithoutAReaderIsReadAsJooqRecords() {
        Field<?>[] fields = {DSL.field(DSL.name("id"), SQLDataType.UUID), DSL.field(DSL.name("tags"), SQLDataType.VARCHAR.array()),
                DSL.field(DSL.name("due"), SQLDataType.LOCALDATE)};

        assertThat(BoundText.readers(fields)).isNull();
        assertThat(BoundText.readers(new Field<?>[] {fields[0]})).hasSize(1);
    }

    private static List<Object> values(BoundText.Row row, int count) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(row.get(i));
        }
        return values;
    }
}
