package io.metaplatform.registry.internal;

import io.metaplatform.registry.FieldDefinition;
import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.formula.CheckedFormula;
import io.metaplatform.registry.formula.FormulaChecker;
import io.metaplatform.registry.formula.FormulaException;
import io.metaplatform.registry.formula.Node;
import io.metaplatform.registry.formula.SqlCompiler;
import java.util.List;
import java.util.UUID;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * The SQL of derived fields over an {@link ObjectTable}: a formula is its expression tree rendered with jOOQ, references
 * through to-one relations are correlated scalar subqueries (tenant, id and liveness of the related record), and a
 * rollup is a correlated aggregate over the children. Every part is computed in the statement that reads the record,
 * so a page costs no extra statement per record, and filters and sorts on derived fields run in SQL.
 */
final class DerivedSql {

    private DerivedSql() {
    }

    /** The value of derived field {@code field} of {@code table}'s rows. */
    static Field<?> value(ObjectTable table, FieldDefinition field) {
        // The field as the schema knows it, whatever view of it the caller holds.
        FieldDefinition definition = table.object().field(field.id()).orElse(field);
        return switch (definition.type()) {
            case FieldType.Formula formula -> formula(table, definition, formula);
            case FieldType.Rollup rollup -> RollupSql.value(table, rollup);
            default -> DSL.inline((Object) null);
        };
    }

    private static Field<?> formula(ObjectTable table, FieldDefinition field, FieldType.Formula formula) {
        CheckedFormula checked;
        try {
            checked = FormulaChecker.check(table.schema(), table.object(), formula.expression(), field.id());
        } catch (FormulaException e) {
            // Metadata changes that would break a formula are refused; a formula that still fails reads as null, never as an error.
            return DSL.inline((Object) null).cast(ObjectTable.columnType(formula.valueType()));
        }
        return SqlCompiler.compileField(formula, checked, ref -> reference(table, ref.hops(), ref));
    }

    /** The unrounded value of a checked formula over {@code table}'s rows. */
    static Field<?> expression(ObjectTable table, CheckedFormula checked) {
        return SqlCompiler.compile(checked, ref -> reference(table, ref.hops(), ref));
    }

    /** A boolean formula over {@code table}'s rows (rollup filters, validation rules); null counts as not true. */
    static org.jooq.Condition condition(ObjectTable table, CheckedFormula checked) {
        return SqlCompiler.condition(checked, ref -> reference(table, ref.hops(), ref));
    }

    private static Field<?> reference(ObjectTable table, List<Node.Hop> hops, Node.FieldRef ref) {
        if (hops.isEmpty()) {
            return table.value(ref.field());
        }
        Node.Hop hop = hops.getFirst();
        ObjectTable target = new ObjectTable(hop.target(), table.nestedAlias("d"), table.schema());
        Field<?> inner = reference(target, hops.subList(1, hops.size()), ref);
        @SuppressWarnings("unchecked")
        Field<UUID> pointer = (Field<UUID>) (Field<?>) table.value(hop.relation());
        var where = target.tenantId.eq(table.tenantId).and(target.id.eq(pointer)).and(target.live());
        if (target.shared()) {
            where = where.and(target.objectId.eq(hop.target().id().value()));
        }
        return DSL.field(DSL.select(inner).from(target.table()).where(where));
    }
}
