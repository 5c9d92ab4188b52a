package io.metaplatform.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

/** Which rendered texts are bound by position, and how the others get their ids (issue 20); rendering only, no database. */
class BoundTextTest {

    private static final DSLContext SQL = DSL.using(SQLDialect.POSTGRES);
    private static final Field<UUID> TENANT = DSL.field(DSL.name("tenant_id"), SQLDataType.UUID);
    private static final Field<UUID> ID = DSL.field(DSL.name("id"), SQLDataType.UUID);
    private static final Field<String> NAME = DSL.field(DSL.name("name"), SQLDataType.VARCHAR);

    private final UUID tenant = UUID.randomUUID();
    private final List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID());

    @Test
    void aPlainTextTakesTheIdsInThePlacesOfItsMarkersAndKeepsEveryOtherValue() {
        List<UUID> markers = BoundText.markers(2);
        var query = SQL.select(ID, NAME).from(DSL.table(DSL.name("company"))).where(TENANT.eq(tenant), ID.in(markers), NAME.ne("x"));

        BoundText text = BoundText.of(query, markers, new Field<?>[] {ID, NAME});

        assertThat(text.reusable()).isTrue();
        assertThat(text.sql()).isEqualTo(query.getSQL());
        assertThat(markers).doesNotContainAnyElementsOf(ids).doesNotHaveDuplicates();
    }

    @Test
    void aTextThatCannotBeBoundByPositionIsRunAsBuiltWithItsMarkersRebound() {
        // A question mark in the text that is no bind marker, and a date (plain SQL might bind it otherwise).
        List<UUID> markers = BoundText.markers(2);
        var marked = SQL.select(ID).from(DSL.table(DSL.name("company")))
                .where(TENANT.eq(tenant), NAME.ne(DSL.inline("why?")), ID.in(markers),
                        DSL.field(DSL.name("due"), SQLDataType.LOCALDATE).lt(LocalDate.of(2026, 1, 1)));
        var dated = SQL.select(ID).from(DSL.table(DSL.name("company"))).where(TENANT.eq(tenant), ID.in(markers),
                DSL.field(DSL.name("due"), SQLDataType.LOCALDATE).lt(LocalDate.of(2026, 1, 1)));

        BoundText text = BoundText.of(marked, markers, new Field<?>[] {ID});
        text.rebind(marked, ids);

        assertThat(text.reusable()).isFalse();
        assertThat(BoundText.of(dated, markers, new Field<?>[] {ID}).reusable()).isFalse();
        assertThat(marked.getBindValues()).containsExactly(tenant, ids.get(0), ids.get(1), LocalDate.of(2026, 1, 1));
    }
}
