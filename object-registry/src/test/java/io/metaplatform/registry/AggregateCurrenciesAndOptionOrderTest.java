package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.core.PlatformException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sums of money never add different currencies, and groups of a select come in the order of its options. */
class AggregateCurrenciesAndOptionOrderTest extends RegistryTestSupport {

    private static final List<SelectOption> SIZES = List.of(new SelectOption("z_small", "SMALL", "Small", 0, null, false),
            new SelectOption("m_medium", "MEDIUM", "Medium", 1, null, false), new SelectOption("a_large", "LARGE", "Large", 2, null, false));

    private void data() {
        addField("company", "budget", new FieldType.Currency(2));
        addField("company", "size", new FieldType.Select(SIZES));
        inTenant(() -> records.createMany("company", List.of(
                Map.of("name", "a", "budget", Map.of("amount", "10.00", "currencyCode", "EUR"), "size", "LARGE"),
                Map.of("name", "b", "budget", Map.of("amount", "5.50", "currencyCode", "EUR"), "size", "SMALL"),
                Map.of("name", "c", "budget", Map.of("amount", "100.00", "currencyCode", "USD"), "size", "MEDIUM"),
                Map.of("name", "d", "size", "SMALL")), null, "test"));
    }

    @Test
    void refusesToSumAmountsOfDifferentCurrencies() {
        data();
        for (Aggregation.Function function : List.of(Aggregation.Function.SUM, Aggregation.Function.AVG)) {
            assertThatThrownBy(() -> inTenant(() -> records.aggregate("company",
                    new Aggregation.Query(null, List.of(), List.of(new Aggregation.Metric(function, "budget"))))))
                    .isInstanceOfSatisfying(PlatformException.class, e -> {
                        assertThat(violationCodes(e)).containsExactly("MIXED_CURRENCIES");
                        assertThat(violationFields(e)).containsExactly("metrics[0].field");
                    });
        }
    }

    @Test
    void sumsPerCurrencyWhenGroupedByTheCurrencyField() {
        data();
        List<Aggregation.Row> rows = inTenant(() -> records.aggregate("company", new Aggregation.Query(null,
                List.of(new Aggregation.GroupKey("budget", null)), List.of(new Aggregation.Metric(Aggregation.Function.SUM, "budget")))));
        assertThat(rows).extracting(row -> row.group().get("budget")).containsExactly("EUR", "USD", null);
        assertThat(rows.get(0).metrics().get("sum_budget")).isEqualTo(new BigDecimal("15.50"));
        assertThat(rows.get(1).metrics().get("sum_budget")).isEqualTo(new BigDecimal("100.00"));
    }

    @Test
    void groupsOfASelectComeInOptionOrder() {
        data();
        List<Aggregation.Row> rows = inTenant(() -> records.aggregate("company", new Aggregation.Query(null,
                List.of(new Aggregation.GroupKey("size", null)), List.of(new Aggregation.Metric(Aggregation.Function.COUNT, null)))));
        assertThat(rows).extracting(row -> row.group().get("size")).containsExactly("SMALL", "MEDIUM", "LARGE");
        assertThat(rows).extracting(row -> row.metrics().get("count")).containsExactly(2, 1, 1);
    }
}
