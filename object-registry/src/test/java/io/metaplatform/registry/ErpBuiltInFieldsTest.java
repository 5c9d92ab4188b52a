package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.core.PlatformException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The built-in fields an ERP connector fills: document totals, line totals and types, roles and numbers. */
class ErpBuiltInFieldsTest extends RegistryTestSupport {

    @Test
    void voucherTotalsAndOpenAmountAreExactMoney() {
        DataRecord invoice = inTenant(() -> records.create("invoice", Map.of("number", "RE-1",
                "totalNet", Map.of("amount", "100.00", "currencyCode", "EUR"),
                "totalTax", Map.of("amount", "19.00", "currencyCode", "EUR"),
                "totalGross", Map.of("amount", "119.00", "currencyCode", "EUR"),
                "openAmount", Map.of("amount", "19.005", "currencyCode", "EUR")), "sync"));
        DataRecord credit = inTenant(() -> records.create("creditNote", Map.of("number", "GS-1",
                "totalGross", Map.of("amount", "-5", "currencyCode", "CHF"), "openAmount", "0"), "sync"));

        DataRecord read = inTenant(() -> records.get("invoice", invoice.id())).orElseThrow();
        assertThat(read.get("totalNet")).isEqualTo(new Money(new BigDecimal("100.00"), "EUR"));
        assertThat(read.get("totalTax")).isEqualTo(new Money(new BigDecimal("19.00"), "EUR"));
        assertThat(read.get("totalGross")).isEqualTo(new Money(new BigDecimal("119.00"), "EUR"));
        assertThat(read.get("openAmount")).as("rounded half-even to cents").isEqualTo(new Money(new BigDecimal("19.00"), "EUR"));
        assertThat(credit.get("totalGross")).isEqualTo(new Money(new BigDecimal("-5.00"), "CHF"));
        assertThat(credit.get("openAmount")).as("without a code: the tenant's currency").isEqualTo(new Money(new BigDecimal("0.00"), "EUR"));
    }

    @Test
    void quotesAndSalesOrdersCarryTotalsAndTheStatusesOfAnErp() {
        DataRecord quote = inTenant(() -> records.create("quote", Map.of("status", "CANCELLED",
                "totalGross", Map.of("amount", "50", "currencyCode", "EUR")), "sync"));
        DataRecord order = inTenant(() -> records.create("salesOrder", Map.of("status", "DRAFT",
                "totalNet", Map.of("amount", "42", "currencyCode", "EUR")), "sync"));

        assertThat(quote.get("status")).isEqualTo("CANCELLED");
        assertThat(quote.get("totalGross")).isEqualTo(new Money(new BigDecimal("50.00"), "EUR"));
        assertThat(order.get("status")).isEqualTo("DRAFT");
        assertThat(order.get("totalNet")).isEqualTo(new Money(new BigDecimal("42.00"), "EUR"));
    }

    @Test
    void invoiceLinesKeepTheirTotalAndType() {
        DataRecord invoice = inTenant(() -> records.create("invoice", Map.of("number", "RE-2"), "sync"));
        DataRecord line = inTenant(() -> records.create("invoiceLine", Map.of("invoice", invoice.id().toString(), "description", "Lock",
                "lineType", "MATERIAL", "lineTotal", Map.of("amount", "13.40", "currencyCode", "EUR")), "sync"));

        assertThat(line.get("lineType")).isEqualTo("MATERIAL");
        assertThat(line.get("lineTotal")).isEqualTo(new Money(new BigDecimal("13.40"), "EUR"));
        assertThatThrownBy(() -> inTenant(() -> records.create("invoiceLine", Map.of("invoice", invoice.id().toString(),
                "description", "X", "lineType", "GIFT"), "sync")))
                .isInstanceOfSatisfying(PlatformException.class, e -> {
                    assertThat(violationFields(e)).containsExactly("lineType");
                    assertThat(violationCodes(e)).containsExactly("INVALID_OPTION");
                });
    }

    @Test
    void companyRolesAreStoredAndFilterable() {
        DataRecord customer = inTenant(() -> records.create("company", Map.of("name", "C", "roles", List.of("CUSTOMER")), "sync"));
        DataRecord both = inTenant(() -> records.create("company", Map.of("name", "B", "roles", List.of("CUSTOMER", "VENDOR"),
                "customerNumber", "10001", "vendorNumber", "70001"), "sync"));
        DataRecord vendor = inTenant(() -> records.create("company", Map.of("name", "V", "roles", List.of("VENDOR")), "sync"));

        List<DataRecord> vendors = inTenant(() -> records.list("company", RecordQuery.firstPage(10)
                .where(Filter.compare("roles", Filter.Operator.CONTAINS_ANY, List.of("VENDOR"))))).records();

        assertThat(inTenant(() -> records.get("company", both.id())).orElseThrow().get("roles")).isEqualTo(List.of("CUSTOMER", "VENDOR"));
        assertThat(vendors).extracting(DataRecord::id).containsExactlyInAnyOrder(both.id(), vendor.id()).doesNotContain(customer.id());
        assertThat(both.get("vendorNumber")).isEqualTo("70001");
    }

    @Test
    void vendorNumbersOfCompaniesAndCustomerNumbersOfContactsAreUnique() {
        inTenant(() -> records.create("company", Map.of("name", "A", "vendorNumber", "70001"), "sync"));
        inTenant(() -> records.create("contact", Map.of("lastName", "Doe", "salutation", "Frau", "customerNumber", "10002"), "sync"));

        assertThatThrownBy(() -> inTenant(() -> records.create("company", Map.of("name", "B", "vendorNumber", "70001"), "sync")))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(violationFields(e)).containsExactly("vendorNumber"));
        assertThatThrownBy(() -> inTenant(() -> records.create("contact", Map.of("lastName", "Roe", "customerNumber", "10002"), "sync")))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(violationFields(e)).containsExactly("customerNumber"));
        assertThat(inTenant(() -> records.list("contact", RecordQuery.firstPage(5).counted())).records())
                .singleElement().satisfies(contact -> assertThat(contact.get("salutation")).isEqualTo("Frau"));
    }
}
