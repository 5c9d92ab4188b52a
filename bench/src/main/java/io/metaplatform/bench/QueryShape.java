package io.metaplatform.bench;

import io.metaplatform.registry.Filter;
import io.metaplatform.registry.Filter.Operator;
import io.metaplatform.registry.RecordQuery;
import io.metaplatform.registry.SortKey;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A page query asked twice: on built-in columns, and on the custom fields that hold the same values
 * ({@code city} and {@code cityCopy}, ...), so the two answer with the same records.
 */
record QueryShape(String label, RecordQuery builtIn, RecordQuery custom, boolean comparable) {

    /** Which of the two queries of a shape. */
    enum Variant {
        BUILT_IN("built-in"),
        CUSTOM("custom");

        final String label;

        Variant(String label) {
            this.label = label;
        }
    }

    RecordQuery query(Variant variant) {
        return variant == Variant.BUILT_IN ? builtIn : custom;
    }

    static List<QueryShape> all(int page) {
        return List.of(
                shape("EQ text city, sort name", page,
                        name -> Filter.compare(name.apply("city"), Operator.EQ, "Berlin"), "name"),
                shape("EQ select status, sort zip", page,
                        name -> Filter.compare(name.apply("status"), Operator.EQ, "INACTIVE"), "zip"),
                shape("range zip [10000,15000), sort name", page, name -> Filter.and(
                        Filter.compare(name.apply("zip"), Operator.GTE, "10000"),
                        Filter.compare(name.apply("zip"), Operator.LT, "15000")), "name"),
                shape("no filter, sort name", page, name -> null, "name"),
                // company has no decimal column: the reference is the built-in range of the same share (5 %), zip.
                new QueryShape("range decimal revenue, sort name", query(page, Filter.and(
                        Filter.compare("zip", Operator.GTE, "10000"), Filter.compare("zip", Operator.LT, "15000")), "name"),
                        query(page, Filter.and(Filter.compare("revenue", Operator.GTE, "1000000"),
                                Filter.compare("revenue", Operator.LT, "1500000")), "nameCopy"), false));
    }

    private interface FilterOn {
        Filter on(UnaryOperator<String> fieldName);
    }

    private static QueryShape shape(String label, int page, FilterOn filter, String sortField) {
        UnaryOperator<String> builtIn = UnaryOperator.identity();
        UnaryOperator<String> custom = name -> name + "Copy";
        return new QueryShape(label, query(page, filter.on(builtIn), builtIn.apply(sortField)),
                query(page, filter.on(custom), custom.apply(sortField)), true);
    }

    private static RecordQuery query(int page, Filter filter, String sortField) {
        return RecordQuery.firstPage(page).where(filter).orderBy(SortKey.asc(sortField));
    }
}
