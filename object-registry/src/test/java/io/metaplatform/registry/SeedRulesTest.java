package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.core.PlatformException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The business rules of the seeds, declared in the packs: invoice totals from lines, balance and status from payments, and more. */
class SeedRulesTest extends RegistryTestSupport {

    @Autowired
    ValidationRuleService rules;

    private UUID company() {
        return inTenant(() -> records.create("company", Map.of("name", "Acme"), "alice")).id();
    }

    private UUID invoice(UUID company, Map<String, Object> extra) {
        Map<String, Object> values = new java.util.HashMap<>(Map.of("company", company));
        values.putAll(extra);
        return inTenant(() -> records.create("invoice", values, "alice")).id();
    }

    private void line(UUID invoice, String quantity, String price, String discount, String taxRate) {
        inTenant(() -> records.create("invoiceLine", Map.of("invoice", invoice, "description", "x", "quantity", quantity,
                "unitPrice", Map.of("amount", price), "discount", discount, "taxRate", taxRate), "alice"));
    }

    private void pay(UUID invoice, String amount) {
        inTenant(() -> records.create("payment", Map.of("invoice", invoice, "amount", Map.of("amount", amount), "date", "2026-12-01"), "alice"));
    }

    private Map<String, Object> read(String object, UUID id) {
        return inTenant(() -> records.get(object, id)).orElseThrow().values();
    }

    @Test
    void anInvoiceWithThreeLinesAndTwoPaymentsReadsBackTotalsBalanceAndStatus() {
        UUID invoice = invoice(company(), Map.of("dueDate", LocalDate.now(ZoneOffset.UTC).plusDays(10).toString()));
        line(invoice, "2", "100", "10", "19");
        line(invoice, "1", "50", "0", "19");
        line(invoice, "3", "10", "0", "7");

        assertThat(read("invoice", invoice)).containsEntry("linesNet", new BigDecimal("260.00")).containsEntry("linesTax", new BigDecimal("45.80"))
                .containsEntry("linesGross", new BigDecimal("305.80")).containsEntry("paidAmount", new BigDecimal("0.00"))
                .containsEntry("balance", new BigDecimal("305.80")).containsEntry("paymentStatus", "OPEN");

        pay(invoice, "200");
        assertThat(read("invoice", invoice)).containsEntry("balance", new BigDecimal("105.80")).containsEntry("paymentStatus", "PARTIAL");

        pay(invoice, "105.80");
        assertThat(read("invoice", invoice)).containsEntry("paidAmount", new BigDecimal("305.80")).containsEntry("balance", new BigDecimal("0.00"))
                .containsEntry("paymentStatus", "PAID");

        assertThatThrownBy(() -> pay(invoice, "0.01")).as("a payment may not exceed what is still owed")
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(violationCodes(e)).containsExactly("RULE_VIOLATED"));
        assertThat(read("invoice", invoice)).containsEntry("paidAmount", new BigDecimal("305.80"));
    }

    @Test
    void aStatedGrossFromAConnectorWinsOverTheLinesAndStoredTotalsStayAsImported() {
        UUID invoice = invoice(company(), Map.of("totalNet", Map.of("amount", "1000"), "totalGross", Map.of("amount", "1190"),
                "openAmount", Map.of("amount", "1190"), "dueDate", "2020-01-31"));
        line(invoice, "1", "10", "0", "19");
        pay(invoice, "190");

        assertThat(read("invoice", invoice)).as("stored fields are the connector's; derived ones compute beside them")
                .containsEntry("totalGross", new Money(new BigDecimal("1190.00"), "EUR")).containsEntry("openAmount", new Money(new BigDecimal("1190.00"), "EUR"))
                .containsEntry("linesGross", new BigDecimal("11.90")).containsEntry("balance", new BigDecimal("1000.00"))
                .containsEntry("paymentStatus", "OVERDUE");
    }

    @Test
    void lineAmountsDealWeightAndProjectTime() {
        UUID invoice = invoice(company(), Map.of());
        line(invoice, "2.5", "19.99", "12.5", "19");
        DataRecord lineRecord = inTenant(() -> records.list("invoiceLine", RecordQuery.firstPage(1))).records().getFirst();
        assertThat(lineRecord.values()).containsEntry("netAmount", new BigDecimal("43.73")).containsEntry("taxAmount", new BigDecimal("8.31"));

        UUID pipeline = inTenant(() -> records.create("pipeline", Map.of("name", "Sales"), "alice")).id();
        UUID stage = inTenant(() -> records.create("pipelineStage", Map.of("pipeline", pipeline, "name", "Offer", "probability", "40"), "alice")).id();
        UUID deal = inTenant(() -> records.create("deal", Map.of("name", "Big", "amount", Map.of("amount", "5000"), "stage", stage), "alice")).id();
        assertThat(read("deal", deal)).containsEntry("weightedAmount", new BigDecimal("2000.00"));

        UUID project = inTenant(() -> records.create("project", Map.of("title", "Roof", "budget", Map.of("amount", "1000"),
                "hourlyRate", Map.of("amount", "80")), "alice")).id();
        for (int minutes : List.of(90, 60)) {
            inTenant(() -> records.create("timeEntry", Map.of("project", project, "user", "u1", "startTime", "2026-12-01T08:00:00Z",
                    "durationMinutes", minutes), "alice"));
        }
        UUID timed = inTenant(() -> records.create("timeEntry", Map.of("project", project, "user", "u2", "startTime", "2026-12-01T08:00:00Z",
                "endTime", "2026-12-01T09:30:29Z"), "alice")).id();
        assertThat(read("timeEntry", timed)).containsEntry("elapsedMinutes", 90L).containsEntry("durationMinutes", null);
        assertThat(read("project", project)).containsEntry("loggedMinutes", new BigDecimal("150.00"))
                .containsEntry("loggedHours", new BigDecimal("2.50")).containsEntry("budgetUsed", new BigDecimal("20.00"));
    }

    @Test
    void theBuiltInPaymentRuleCanBeDeactivatedByATenant() {
        UUID invoice = invoice(company(), Map.of("totalGross", Map.of("amount", "10")));
        inTenant(() -> rules.update("payment", "notMoreThanBalance", new NewValidationRule(null, null, null, null, false)));

        pay(invoice, "25");

        assertThat(read("invoice", invoice)).containsEntry("balance", new BigDecimal("-15.00"));
        assertThatThrownBy(() -> inTenant(() -> rules.update("payment", "notMoreThanBalance",
                new NewValidationRule(null, "TRUE", null, null, null)))).isInstanceOf(PlatformException.class);
    }
}
