package io.metaplatform.plugins.lexware.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each Lexware voucher status lands on a status option of the target object (docs/connectors/lexware.md). */
class VoucherKindTest {

    @Test
    void invoicesCountEverySettledStatusAsPaid() {
        for (var settled : new String[] {"paid", "paidoff", "transferred", "sepadebit"}) {
            assertThat(VoucherKind.INVOICE.status(settled)).as(settled).contains("PAID");
        }
        assertThat(VoucherKind.INVOICE.status("overdue")).contains("OVERDUE");
        assertThat(VoucherKind.INVOICE.status("voided")).contains("CANCELLED");
    }

    @Test
    void voidedQuotesAreCancelledAndDraftOrdersStayDrafts() {
        assertThat(VoucherKind.QUOTE.status("voided")).contains("CANCELLED");
        assertThat(VoucherKind.QUOTE.status("rejected")).contains("REJECTED");
        assertThat(VoucherKind.SALES_ORDER.status("draft")).contains("DRAFT");
        assertThat(VoucherKind.SALES_ORDER.status("open")).contains("CONFIRMED");
        assertThat(VoucherKind.CREDIT_NOTE.status("paidoff")).contains("REFUNDED");
    }

    @Test
    void aStatusWithoutAFittingOptionLeavesTheStatusEmpty() {
        assertThat(VoucherKind.QUOTE.status("unchecked")).isEqualTo(Optional.empty());
        assertThat(VoucherKind.INVOICE.status(null)).isEmpty();
    }
}
