package io.metaplatform.plugins.yclients;

import io.metaplatform.plugins.testkit.FakeExternalSystem;
import io.metaplatform.plugins.yclients.fake.FakeYclients;
import java.time.LocalDateTime;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fake YCLIENTS as the connector test kit's external system: more clients, records and transactions than
 * one page (200), so reads checkpoint in the middle. Rate limits are off: the test kit's client does not
 * pace requests (the platform does).
 */
final class FakeYclientsSystem implements FakeExternalSystem {

    static final String PARTNER = "yc-partner-token";
    static final long COMPANY = 4564;
    static final String LOGIN = "79161234567";
    static final String PASSWORD = "salon-secret";

    final FakeYclients fake = FakeYclients.start(PARTNER);
    final String userToken;
    final long staff;
    final long service;

    FakeYclientsSystem(int clients) {
        fake.rateLimits(false);
        fake.addCompany(COMPANY, "Salon Nevsky");
        fake.addCompany(77, "Salon Moskva");
        userToken = fake.addUser(LOGIN, PASSWORD);
        staff = fake.seedStaff("Oksana");
        service = fake.seedService("Haircut", "1500.00");
        for (int i = 0; i < clients; i++) {
            long client = fake.seedClient("Client " + i, String.valueOf(79160000000L + i), Map.of("surname", i % 2 == 0 ? "Ivanova" : ""));
            long record = fake.seedRecord(client, staff, service, LocalDateTime.of(2026, 2, 1, 9, 0).plusHours(i), i % 4 - 1);
            fake.seedTransaction(client, record, (1000 + i) + ".50");
        }
    }

    Map<String, String> configuration() {
        return Map.of("partnerToken", PARTNER, "userToken", userToken, "companyId", String.valueOf(COMPANY), "baseUrl", fake.baseUrl());
    }

    @Override
    public Map<String, String> goodConfiguration() {
        return configuration();
    }

    @Override
    public Optional<Map<String, String>> badCredentialsConfiguration() {
        return Optional.of(Map.of("partnerToken", "not-a-partner", "userToken", userToken, "companyId", String.valueOf(COMPANY),
                "baseUrl", fake.baseUrl()));
    }

    @Override
    public Set<String> externalIds(String stream) {
        return new LinkedHashSet<>(fake.ids(stream));
    }

    @Override
    public Set<String> addAndChangeRecords(String stream) {
        if (stream.equals("records")) {
            long changed = Long.parseLong(fake.ids("records").getFirst());
            fake.changeRecord(changed, Map.of("attendance", 1));
            long added = fake.seedRecord(Long.parseLong(fake.ids("clients").getFirst()), staff, service, LocalDateTime.of(2026, 3, 1, 10, 0), 0);
            return Set.of(String.valueOf(added), String.valueOf(changed));
        }
        long added = fake.seedClient("New client", "79990000001", Map.of());
        long changed = Long.parseLong(fake.ids("clients").getFirst());
        fake.changeClient(changed, Map.of("comment", "changed"));
        return Set.of(String.valueOf(added), String.valueOf(changed));
    }

    @Override
    public void failNextRequests(int count, int status) {
        for (int i = 0; i < count; i++) {
            fake.inject(new FakeYclients.Fault("*", "/", status, false));
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
