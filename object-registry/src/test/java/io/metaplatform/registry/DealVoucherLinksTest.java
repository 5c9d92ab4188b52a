package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Deals link to any number of vouchers; each link says who made it and when. */
class DealVoucherLinksTest extends RegistryTestSupport {

    @Test
    void linksRecordWhoAndWhenAndKeepBothWhenMoreAreLinkedOrOthersUnlinked() throws InterruptedException {
        DataRecord first = inTenant(() -> records.create("invoice", Map.of("number", "RE-1"), "sync"));
        DataRecord second = inTenant(() -> records.create("invoice", Map.of("number", "RE-2"), "sync"));
        DataRecord deal = inTenant(() -> records.create("deal", Map.of("name", "Big", "linkedInvoices", List.of(first.id().toString())),
                "alice"));
        RecordLink byAlice = inTenant(() -> records.links("deal", "linkedInvoices", deal.id())).getFirst();
        Thread.sleep(5);

        inTenant(() -> records.update("deal", deal.id(), Map.of("linkedInvoices", List.of(first.id().toString(), second.id().toString())),
                null, "bob"));
        List<RecordLink> both = inTenant(() -> records.links("deal", "linkedInvoices", deal.id()));
        inTenant(() -> records.update("deal", deal.id(), Map.of("linkedInvoices", List.of(second.id().toString())), null, "carol"));
        List<RecordLink> afterUnlink = inTenant(() -> records.links("deal", "linkedInvoices", deal.id()));

        assertThat(byAlice.id()).isEqualTo(first.id());
        assertThat(byAlice.linkedBy()).isEqualTo("alice");
        assertThat(both).as("oldest first; the kept link keeps its author and time").containsExactly(byAlice, both.get(1));
        assertThat(both.get(1).id()).isEqualTo(second.id());
        assertThat(both.get(1).linkedBy()).isEqualTo("bob");
        assertThat(both.get(1).linkedAt()).isAfter(byAlice.linkedAt());
        assertThat(afterUnlink).as("unlinked by leaving it out").containsExactly(both.get(1));
        assertThat(inTenant(() -> records.get("deal", deal.id())).orElseThrow().get("linkedInvoices")).isEqualTo(List.of(second.id()));
    }

    @Test
    void linksOfManyDealsComeInOneCallAndHideDeletedVouchers() {
        DataRecord quote = inTenant(() -> records.create("quote", Map.of("number", "AN-1"), "sync"));
        DataRecord gone = inTenant(() -> records.create("quote", Map.of("number", "AN-2"), "sync"));
        DataRecord a = inTenant(() -> records.create("deal", Map.of("name", "A", "linkedQuotes", List.of(quote.id().toString(),
                gone.id().toString())), "alice"));
        DataRecord b = inTenant(() -> records.create("deal", Map.of("name", "B", "linkedQuotes", List.of(quote.id().toString())), "bob"));
        DataRecord none = inTenant(() -> records.create("deal", Map.of("name", "C"), "bob"));
        run(() -> records.delete("quote", gone.id(), "alice"));

        Map<java.util.UUID, List<RecordLink>> links = inTenant(() -> records.links("deal", "linkedQuotes", List.of(a.id(), b.id(), none.id())));

        assertThat(links.get(a.id())).extracting(RecordLink::id).containsExactly(quote.id());
        assertThat(links.get(b.id())).extracting(RecordLink::linkedBy).containsExactly("bob");
        assertThat(links).doesNotContainKey(none.id());
    }

    @Test
    void aDealCannotLinkToAnotherTenantsVoucher() {
        DataRecord theirs = as(TenantId.random(), () -> records.create("creditNote", Map.of("number", "GS-1"), "eve"));
        DataRecord deal = inTenant(() -> records.create("deal", Map.of("name", "Mine"), "alice"));

        assertThatThrownBy(() -> inTenant(() -> records.update("deal", deal.id(), Map.of("linkedCreditNotes",
                List.of(theirs.id().toString())), null, "eve")))
                .isInstanceOfSatisfying(PlatformException.class, e -> {
                    assertThat(violationFields(e)).containsExactly("linkedCreditNotes");
                    assertThat(violationCodes(e)).containsExactly("REFERENCE_NOT_FOUND");
                });
        assertThat(inTenant(() -> records.links("deal", "linkedCreditNotes", deal.id()))).isEmpty();
    }

    @Test
    void linksOfAFieldThatIsNotManyToManyAreNotFound() {
        assertThatThrownBy(() -> inTenant(() -> records.links("deal", "company", List.of())))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }
}
