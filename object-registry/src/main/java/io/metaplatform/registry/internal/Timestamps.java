package io.metaplatform.registry.internal;

import java.sql.SQLException;
import java.time.OffsetDateTime;
import org.jooq.Binding;
import org.jooq.BindingGetResultSetContext;
import org.jooq.BindingGetSQLInputContext;
import org.jooq.BindingGetStatementContext;
import org.jooq.BindingRegisterContext;
import org.jooq.BindingSQLContext;
import org.jooq.BindingSetSQLOutputContext;
import org.jooq.BindingSetStatementContext;
import org.jooq.Converter;
import org.jooq.DataType;
import org.jooq.impl.DefaultBinding;
import org.jooq.impl.SQLDataType;

/**
 * {@code timestamp with time zone} as jOOQ's default binding, except that a result is read with the driver's own
 * {@code getObject(i, OffsetDateTime.class)}: the default reads the value as text and parses it, which made the driver
 * format a binary timestamp into text first (three columns of every record row; 5 % of the CPU of a page of companies
 * with their contacts, issue 20). The instant is the same; the driver gives it at offset UTC.
 */
final class Timestamps implements Binding<OffsetDateTime, OffsetDateTime> {

    private static final Binding<OffsetDateTime, OffsetDateTime> DEFAULT = DefaultBinding.binding(SQLDataType.TIMESTAMPWITHTIMEZONE);

    /** The data type of every timestamp column of record tables (declared after DEFAULT, whose converter it takes). */
    static final DataType<OffsetDateTime> TIMESTAMPTZ = SQLDataType.TIMESTAMPWITHTIMEZONE.asConvertedDataType(new Timestamps());

    private Timestamps() {
    }

    @Override
    public Converter<OffsetDateTime, OffsetDateTime> converter() {
        return DEFAULT.converter();
    }

    @Override
    public void get(BindingGetResultSetContext<OffsetDateTime> context) throws SQLException {
        context.value(context.resultSet().getObject(context.index(), OffsetDateTime.class));
    }

    @Override
    public void sql(BindingSQLContext<OffsetDateTime> context) throws SQLException {
        DEFAULT.sql(context);
    }

    @Override
    public void register(BindingRegisterContext<OffsetDateTime> context) throws SQLException {
        DEFAULT.register(context);
    }

    @Override
    public void set(BindingSetStatementContext<OffsetDateTime> context) throws SQLException {
        DEFAULT.set(context);
    }

    @Override
    public void set(BindingSetSQLOutputContext<OffsetDateTime> context) throws SQLException {
        DEFAULT.set(context);
    }

    @Override
    public void get(BindingGetStatementContext<OffsetDateTime> context) throws SQLException {
        DEFAULT.get(context);
    }

    @Override
    public void get(BindingGetSQLInputContext<OffsetDateTime> context) throws SQLException {
        DEFAULT.get(context);
    }
}
