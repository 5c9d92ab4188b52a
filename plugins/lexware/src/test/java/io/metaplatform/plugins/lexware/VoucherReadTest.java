package io.metaplatform.plugins.lexware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.plugins.api.CancelledException;
import io.metaplatform.plugins.api.ConnectorException;
import io.metaplatform.plugins.api.ExternalRecord;
import io.metaplatform.plugins.api.ExternalRef;
import io.metaplatform.plugins.api.SyncMode;
import io.metaplatform.plugins.lexware.fake.FakeLexware;
import io.metaplatform.plugins.lexware.fake.FakeLexware.Line;
import io.metaplatform.plugins.testkit.InMemoryRecordSink;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VoucherReadTest {

    private static final Clock APRIL_1ST = Clock.fixed(Instant.parse("2024-04-01T10:00:00Z"), ZoneOffset.UTC);
    private static final String WINDOW_ERROR = "{\"status\":400,\"error\":\"Bad Request\",\"message\":\"Maximum search window size exceeded\"}";

    private final LexwareFixture lexware = new LexwareFixture();

    @AfterEach
    void stop() {
        lexware.close();
    }

    @Test
    void readsInvoicesWithExactAmountsWhetherNumbersOrStrings() {
        var contact = lexware.fake.seedCompany("Testfirma", null);
        var numbers = invoice(contact, "RE1", "paid", false);
        var strings = invoice(contact, "RE2", "open", true);
        var records = read("invoices").records("invoices");

        assertThat(records).extracting(ExternalRecord::externalId).containsExactly(numbers, strings);
        for (var record : records) {
            assertThat(record.fields())
                    .containsEntry("totalNetAmount", Map.of("amount", new BigDecimal("26.80"), "currencyCode", "EUR"))
                    .containsEntry("totalTaxAmount", Map.of("amount", new BigDecimal("5.09"), "currencyCode", "EUR"))
                    .containsEntry("totalGrossAmount", Map.of("amount", new BigDecimal("31.89"), "currencyCode", "EUR"))
                    .containsEntry("currency", "EUR")
                    .containsEntry("voucherDate", LocalDate.of(2024, 3, 20))
                    .containsEntry("company", new ExternalRef("companies", contact))
                    .containsEntry("contact", new ExternalRef("contacts", contact));
        }
        assertThat(records.get(0).fields()).containsEntry("voucherNumber", "RE1").containsEntry("status", "PAID")
                .containsEntry("openAmount", Map.of("amount", new BigDecimal("0.00"), "currencyCode", "EUR"));
        assertThat(records.get(1).fields()).containsEntry("status", "SENT")
                .containsEntry("openAmount", Map.of("amount", new BigDecimal("31.89"), "currencyCode", "EUR"))
                .containsEntry("dueDate", LocalDate.of(2024, 4, 3));
    }

    @Test
    void emitsEachInvoicesLinesAfterItIntoTheLinesStream() {
        var id = lexware.fake.seedVoucher("invoice", "open", "RE1", null, LocalDate.of(2024, 3, 20),
                Instant.parse("2024-03-20T10:00:00Z"),
                List.of(new Line("Kabel", "2", "13.40", "19"), new Line("Beratung", "1.5", "100", "7")), true);
        var emitted = read("invoices").emitted();

        assertThat(emitted).extracting(InMemoryRecordSink.Emitted::stream).containsExactly("invoices", "invoiceLines", "invoiceLines");
        var second = emitted.get(2).record().fields();
        assertThat(second).containsEntry("invoice", new ExternalRef("invoices", id)).containsEntry("position", 2)
                .containsEntry("name", "Beratung").containsEntry("quantity", new BigDecimal("1.5"))
                .containsEntry("unitPrice", Map.of("amount", new BigDecimal("100"), "currencyCode", "EUR"))
                .containsEntry("taxRatePercentage", new BigDecimal("7"))
                .containsEntry("type", "CUSTOM").as("the option value of invoiceLine.lineType");
        assertThat(emitted.get(0).record().fields()).containsEntry("contact", null).containsEntry("company", null);
    }

    @Test
    void readsQuotesOrdersAndCreditNotesIntoTheirOwnStreams() {
        var quote = voucher("quotation", "accepted", "AN1");
        var order = voucher("orderconfirmation", "open", "AB1");
        var credit = voucher("creditnote", "paidoff", "GS1");

        assertThat(read("quotes").records("quotes")).singleElement().satisfies(r -> {
            assertThat(r.externalId()).isEqualTo(quote);
            assertThat(r.fields()).containsEntry("status", "ACCEPTED").containsEntry("expirationDate", LocalDate.of(2024, 4, 19));
        });
        assertThat(read("salesOrders").records("salesOrders")).extracting(ExternalRecord::externalId).containsExactly(order);
        assertThat(read("creditNotes").records("creditNotes")).singleElement()
                .satisfies(r -> assertThat(r.fields()).containsEntry("status", "REFUNDED").containsEntry("voucherNumber", "GS1"));
        assertThat(credit).isNotBlank();
    }

    @Test
    void anIncrementalReadAsksFromTheCheckpointedDayAndLeavesADayOfOverlap() {
        var old = voucherUpdated("RE1", "2024-03-05T10:00:00Z");
        var recent = voucherUpdated("RE2", "2024-03-25T10:00:00Z");
        var sink = lexware.read("invoices", APRIL_1ST, SyncMode.INCREMENTAL, Map.of("updatedFrom", "2024-03-20"));

        assertThat(sink.records("invoices")).extracting(ExternalRecord::externalId).containsExactly(recent);
        assertThat(sink.lastCheckpoint().orElseThrow()).isEqualTo(Map.of("updatedFrom", "2024-03-31"));
        assertThat(lexware.fake.requests()).filteredOn(r -> r.path().startsWith("/voucherlist")).isNotEmpty();
        assertThat(old).isNotEqualTo(recent);
    }

    @Test
    void aWindowRefusedForTheSearchLimitIsSplitAndNothingIsMissed() {
        var ids = new java.util.ArrayList<String>();
        for (int day = 1; day <= 20; day++) {
            ids.add(voucherUpdated("RE" + day, "2024-03-%02dT10:00:00Z".formatted(day)));
        }
        lexware.fake.inject(new FakeLexware.Fault("GET", "/voucherlist", 400, WINDOW_ERROR, false));
        var sink = read("invoices");

        assertThat(sink.records("invoices")).extracting(ExternalRecord::externalId)
                .containsExactlyInAnyOrderElementsOf(ids);
        assertThat(lexware.fake.count(400)).isEqualTo(1);
    }

    @Test
    void moreThanTenThousandVouchersAreReadInSplitWindows() {
        lexware.unlimited();
        int count = 10_050;
        var start = Instant.parse("2024-01-01T10:00:00Z");
        for (int i = 0; i < count; i++) {
            lexware.fake.seedVoucher("invoice", "open", "RE" + i, null, LocalDate.of(2024, 1, 1),
                    start.plusSeconds(i * 700L), List.of(new Line("x", "1", "1", "19")), false);
        }
        var sink = read("invoices");

        assertThat(sink.records("invoices")).extracting(ExternalRecord::externalId)
                .doesNotHaveDuplicates().hasSize(count);
        assertThat(lexware.fake.count(400)).isZero();
    }

    @Test
    void aSingleDayBeyondTheSearchWindowFailsTheRunWithTheDay() {
        lexware.fake.inject(new FakeLexware.Fault("GET", "/voucherlist", 400, WINDOW_ERROR, false));
        assertThatThrownBy(() -> lexware.read("invoices", APRIL_1ST, SyncMode.INCREMENTAL, Map.of("updatedFrom", "2024-04-01")))
                .isInstanceOf(ConnectorException.class).hasMessageContaining("2024-04-01");
    }

    @Test
    void voucherTypesNotConfiguredAreNotRead() {
        voucher("quotation", "open", "AN1");
        var sink = lexware.configure("voucherTypes", "invoice,creditnote").read("quotes", APRIL_1ST);

        assertThat(sink.emitted()).isEmpty();
        assertThat(lexware.fake.requests()).isEmpty();
    }

    @Test
    void readsOneVoucherByIdWithItsOpenAmount() {
        var id = invoice(null, "RE9", "open", true);

        var record = lexware.connector.readOne(lexware.context().clock(APRIL_1ST).stream("invoices").externalId(id).build());
        var missing = lexware.connector.readOne(lexware.context().stream("quotes").externalId(id).build());

        assertThat(record).hasValueSatisfying(r -> assertThat(r.fields())
                .containsEntry("voucherNumber", "RE9")
                .containsEntry("openAmount", Map.of("amount", new BigDecimal("31.89"), "currencyCode", "EUR"))
                .containsEntry("company", null));
        assertThat(missing).isEmpty();
    }

    @Test
    void aVoucherGoneBetweenListAndFetchIsReportedDeleted() {
        var gone = invoice(null, "RE1", "open", false);
        var kept = invoice(null, "RE2", "open", false);
        lexware.fake.inject(new FakeLexware.Fault("GET", "/invoices/" + gone, 404, "{\"message\":\"Not Found\"}", false));

        var sink = read("invoices");

        assertThat(sink.records("invoices")).extracting(ExternalRecord::externalId).containsExactly(kept);
        assertThat(sink.deletions()).containsExactly(new InMemoryRecordSink.Deletion("invoices", gone));
    }

    @Test
    void anUnreadableVoucherGoesToDeadLettersAndTheReadGoesOn() {
        var broken = invoice(null, "RE1", "open", false);
        var kept = invoice(null, "RE2", "open", false);
        lexware.fake.inject(new FakeLexware.Fault("GET", "/invoices/" + broken, 200,
                "{\"id\":\"" + broken + "\",\"voucherDate\":\"gestern\",\"totalPrice\":{\"totalGrossAmount\":\"viel\"}}", false));

        var sink = read("invoices");

        assertThat(sink.records("invoices")).extracting(ExternalRecord::externalId).containsExactly(kept);
        assertThat(sink.rejections()).singleElement().satisfies(rejection -> {
            assertThat(rejection.externalId()).isEqualTo(broken);
            assertThat(rejection.reason()).startsWith("unreadable voucher");
        });
    }

    @Test
    void aCancelledRunStopsBeforeItsNextRequest() {
        invoice(null, "RE1", "open", false);
        var context = lexware.context().stream("invoices").cancelled(() -> true).sink(new InMemoryRecordSink("invoices")).build();

        assertThatThrownBy(() -> lexware.connector.read(context)).isInstanceOf(CancelledException.class);
        assertThat(lexware.fake.requests()).isEmpty();
    }

    private InMemoryRecordSink read(String stream) {
        return lexware.read(stream, APRIL_1ST);
    }

    private String invoice(String contact, String number, String status, boolean strings) {
        return lexware.fake.seedVoucher("invoice", status, number, contact, LocalDate.of(2024, 3, 20),
                Instant.parse("2024-03-20T10:00:00Z").plusSeconds(number.hashCode() & 0xff),
                List.of(new Line("Kabel", "2", "13.40", "19")), strings);
    }

    private String voucher(String type, String status, String number) {
        return lexware.fake.seedVoucher(type, status, number, null, LocalDate.of(2024, 3, 20),
                Instant.parse("2024-03-20T10:00:00Z"), List.of(new Line("Kabel", "1", "10", "19")), false);
    }

    private String voucherUpdated(String number, String updated) {
        return lexware.fake.seedVoucher("invoice", "open", number, null, LocalDate.of(2024, 3, 1),
                Instant.parse(updated), List.of(new Line("Kabel", "1", "10", "19")), false);
    }
}
