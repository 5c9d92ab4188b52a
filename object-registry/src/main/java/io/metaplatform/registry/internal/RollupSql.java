package io.metaplatform.registry.internal;

import io.metaplatform.registry.EffectiveSchema.InverseRelation;
import io.metaplatform.registry.FieldDefinition;
import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.formula.DerivedFieldChecks;
import io.metaplatform.registry.formula.FormulaChecker;
import io.metaplatform.registry.formula.FormulaException;
import java.math.BigDecimal;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Rollups as correlated aggregates over the live children of each row, in the statement that reads the rows: exact at
 * every read (nothing is maintained, so concurrent child writes cannot lose an update), one statement per page however
 * many parents. {@code COUNT} and {@code SUM} of no children are 0; {@code MIN}, {@code MAX} and {@code AVG} are null.
 */
final class RollupSql {

    private RollupSql() {
    }

    static Field<?> value(ObjectTable table, FieldType.Rollup rollup) {
        Optional<InverseRelation> children = rollup.relation() == null ? Optional.empty()
                : DerivedFieldChecks.toMany(table.schema(), table.object(), rollup.relation().value());
        if (children.isEmpty() || rollup.function() == null) {
            return DSL.inline((Object) null).cast(ObjectTable.columnType(rollup.valueType()));
        }
        ObjectTable child = new ObjectTable(children.get().source(), table.nestedAlias("c"), table.schema());
        @SuppressWarnings("unchecked")
        Field<Object> parent = child.value(children.get().field());
        Condition where = child.tenantId.eq(table.tenantId).and(parent.eq(table.id.cast(parent.getDataType()))).and(child.live());
        if (child.shared()) {
            where = where.and(child.objectId.eq(children.get().source().id().value()));
        }
        if (rollup.filter() != null && !rollup.filter().isBlank()) {
            try {
                where = where.and(DerivedSql.condition(child, FormulaChecker.check(table.schema(), children.get().source(), rollup.filter())));
            } catch (FormulaException e) {
                return DSL.inline((Object) null).cast(ObjectTable.columnType(rollup.valueType()));
            }
        }
        Field<?> aggregate = switch (rollup.function()) {
            case COUNT -> DSL.count().cast(SQLDataType.BIGINT);
            case SUM -> DSL.coalesce(DSL.sum(number(child, rollup)), DSL.inline(BigDecimal.ZERO));
            case AVG -> DSL.avg(number(child, rollup));
            case MIN -> DSL.min(number(child, rollup));
            case MAX -> DSL.max(number(child, rollup));
        };
        Field<?> rounded = rollup.function() == FieldType.RollupFunction.COUNT ? aggregate
                : DSL.function("round", SQLDataType.NUMERIC, aggregate, DSL.inline(rollup.scale()));
        return DSL.field(DSL.select(rounded).from(child.table()).where(where));
    }

    private static Field<BigDecimal> number(ObjectTable child, FieldType.Rollup rollup) {
        FieldDefinition field = child.object().field(rollup.field().value()).orElseThrow();
        return child.value(field).cast(SQLDataType.NUMERIC);
    }
}
