package io.metaplatform.plugins.lexware;

import io.metaplatform.plugins.lexware.fake.FakeLexware;
import io.metaplatform.plugins.lexware.internal.Values;
import io.metaplatform.plugins.testkit.FakeExternalSystem;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fake Lexware as the connector test kit's external system: seeded with more contacts and
 * invoices than one page (250) so that reads checkpoint in the middle of the data.
 */
final class FakeLexwareSystem implements FakeExternalSystem {

    private static final String KEY = "lx-contract-key";
    private static final Instant LAST_YEAR = Instant.now().minusSeconds(365L * 24 * 3600);

    private final FakeLexware fake = FakeLexware.start(KEY).permitsPerSecond(1_000_000);

    FakeLexwareSystem() {
        for (int i = 0; i < 260; i++) {
            fake.seedCompany(String.format("Firma %03d", i), "info" + i + "@firma.de");
        }
        fake.seedContact(ContactReadTest.testfirma());
        for (int i = 0; i < 5; i++) {
            fake.seedPerson("Inge", "Person " + i);
        }
        for (int i = 0; i < 260; i++) {
            fake.seedVoucher("invoice", i % 3 == 0 ? "paid" : "open", "RE" + i, null, LocalDate.of(2025, 1, 1),
                    LAST_YEAR.plusSeconds(i * 60L), List.of(new FakeLexware.Line("Beratung", "1", "100", "19")), i % 2 == 0);
        }
    }

    FakeLexware lexware() {
        return fake;
    }

    @Override
    public Map<String, String> goodConfiguration() {
        return Map.of("apiKey", KEY, "baseUrl", fake.baseUrl());
    }

    @Override
    public Optional<Map<String, String>> badCredentialsConfiguration() {
        return Optional.of(Map.of("apiKey", "not-a-lexware-key", "baseUrl", fake.baseUrl()));
    }

    @Override
    public Set<String> externalIds(String stream) {
        var ids = new LinkedHashSet<String>();
        switch (stream) {
            case "companies" -> fake.contacts().stream().filter(c -> c.get("company") instanceof Map)
                    .forEach(c -> ids.add(Values.text(c.get("id"))));
            case "contacts" -> fake.contacts().forEach(c -> {
                var id = Values.text(c.get("id"));
                if (c.get("person") instanceof Map) {
                    ids.add(id);
                }
                if (c.get("company") instanceof Map) {
                    io.metaplatform.plugins.lexware.internal.ContactMapping.contactPersons(c).forEach(r -> ids.add(r.externalId()));
                }
            });
            case "invoices" -> ids.addAll(fake.voucherIds("invoice"));
            case "quotes" -> ids.addAll(fake.voucherIds("quotation"));
            case "salesOrders" -> ids.addAll(fake.voucherIds("orderconfirmation"));
            case "creditNotes" -> ids.addAll(fake.voucherIds("creditnote"));
            default -> throw new IllegalArgumentException("no stream " + stream);
        }
        return ids;
    }

    @Override
    public Set<String> addAndChangeRecords(String stream) {
        if (!stream.equals("invoices")) {
            return FakeExternalSystem.super.addAndChangeRecords(stream);
        }
        var now = Instant.now();
        var added = fake.seedVoucher("invoice", "draft", "RE-NEW", null, LocalDate.now(), now,
                List.of(new FakeLexware.Line("Neu", "1", "50", "19")), false);
        var changed = fake.voucherIds("invoice").iterator().next();
        fake.updateVoucher(changed, "voided", now);
        return Set.of(added, changed);
    }

    @Override
    public void failNextRequests(int count, int status) {
        for (int i = 0; i < count; i++) {
            fake.inject(new FakeLexware.Fault("*", "/", status, "{\"message\":\"Internal server error or rate limit exceeded\"}",
                    false, status == 429 || status == 503 ? Map.of("Retry-After", "0") : Map.of()));
        }
    }

    @Override
    public int requestCount() {
        return fake.requests().size();
    }

    @Override
    public void close() {
        fake.close();
    }
}
