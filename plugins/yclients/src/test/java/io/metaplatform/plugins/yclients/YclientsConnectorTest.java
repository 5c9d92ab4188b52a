package io.metaplatform.plugins.yclients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.plugins.api.Configuration;
import io.metaplatform.plugins.api.ConnectorHttp;
import io.metaplatform.plugins.api.CredentialsException;
import io.metaplatform.plugins.api.ExternalRef;
import io.metaplatform.plugins.api.FieldProblem;
import io.metaplatform.plugins.api.OutgoingRecord;
import io.metaplatform.plugins.api.RecordRejectedException;
import io.metaplatform.plugins.api.SyncMode;
import io.metaplatform.plugins.api.WebhookContext;
import io.metaplatform.plugins.api.WebhookOutcome;
import io.metaplatform.plugins.api.WriteOperation;
import io.metaplatform.plugins.testkit.InMemoryRecordSink;
import io.metaplatform.plugins.testkit.TestConnectorHttp;
import io.metaplatform.plugins.testkit.TestContext;
import io.metaplatform.plugins.yclients.fake.FakeYclients;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class YclientsConnectorTest {

    private final FakeYclientsSystem system = new FakeYclientsSystem(0);
    private final FakeYclients fake = system.fake;
    private final YclientsConnector connector = new YclientsConnector();

    @AfterEach
    void stop() {
        system.close();
    }

    @Test
    void checkReportsTheCompanyTheCredentialsReach() {
        var passed = connector.check(context(system.configuration()).build());
        var elsewhere = connector.check(context(with(system.configuration(), "companyId", "999")).build());

        assertThat(passed.passed()).isTrue();
        assertThat(passed.message()).contains("4564").contains("Salon Nevsky");
        assertThat(elsewhere.passed()).isFalse();
        assertThat(elsewhere.message()).contains("999").contains("4564 Salon Nevsky").contains("77 Salon Moskva");
    }

    @Test
    void readsClientsLenientlyWithPhonesAsTextWhateverJsonTypeArrives() {
        long numeric = fake.seedClient("Anna", "x", Map.of("phone", 79112345678L, "surname", "Petrova", "birth_date", 0,
                "categories", List.of(Map.of("id", 3, "title", "VIP"), Map.of("id", 4, "title", "Regular")), "importance_id", 3,
                "discount", 10, "spent", 71842, "visits", 34, "custom_fields", Map.of()));
        fake.seedClient("Boris Ivanov", "+7 916 000-00-01", Map.of("birth_date", "1990-05-17", "importance_id", "1"));

        var sink = read("clients", SyncMode.FULL, Map.of());

        var anna = sink.records("clients").getFirst();
        assertThat(anna.externalId()).isEqualTo(String.valueOf(numeric));
        assertThat(anna.fields()).containsEntry("phone", "79112345678").containsEntry("firstName", "Anna").containsEntry("lastName", "Petrova")
                .containsEntry("birthDate", null).containsEntry("categories", List.of("VIP", "Regular")).containsEntry("importance", "GOLD")
                .containsEntry("discount", new BigDecimal("10")).containsEntry("visits", 34L);
        var boris = sink.records("clients").get(1);
        assertThat(boris.fields()).containsEntry("lastName", "Boris Ivanov").containsEntry("firstName", null)
                .containsEntry("phone", "+7 916 000-00-01").containsEntry("birthDate", java.time.LocalDate.of(1990, 5, 17))
                .containsEntry("importance", "BRONZE");
        assertThat(sink.rejections()).isEmpty();
    }

    @Test
    void cancelledRecordsArriveAsDeletionsAndAMalformedOneAsARejectionWhileTheReadGoesOn() {
        long client = fake.seedClient("Anna", "79160000001", Map.of());
        long kept = fake.seedRecord(client, system.staff, system.service, LocalDateTime.of(2026, 2, 1, 10, 0), 1);
        long cancelled = fake.seedRecord(client, system.staff, system.service, LocalDateTime.of(2026, 2, 1, 11, 0), 0);
        long malformed = fake.seedRecord(client, system.staff, system.service, LocalDateTime.of(2026, 2, 1, 12, 0), 0);
        var first = read("records", SyncMode.INCREMENTAL, Map.of());
        fake.changeRecord(cancelled, Map.of("deleted", true));
        fake.changeRecord(malformed, Map.of("datetime", "soon"));

        var second = read("records", SyncMode.INCREMENTAL, first.lastCheckpoint().orElseThrow());

        var visit = first.records("records").getFirst();
        assertThat(visit.externalId()).isEqualTo(String.valueOf(kept));
        assertThat(visit.fields()).containsEntry("attendance", "CAME").containsEntry("client", new ExternalRef("clients", String.valueOf(client)))
                .containsEntry("staff", new ExternalRef("staff", String.valueOf(system.staff))).containsEntry("services", "Haircut")
                .containsEntry("lengthSeconds", 3600L);
        assertThat(second.records()).isEmpty();
        assertThat(second.deletions()).containsExactly(new InMemoryRecordSink.Deletion("records", String.valueOf(cancelled)));
        assertThat(second.rejections()).singleElement().satisfies(rejection -> {
            assertThat(rejection.externalId()).isEqualTo(String.valueOf(malformed));
            assertThat(rejection.reason()).contains("not a timestamp: soon");
        });
    }

    @Test
    void transactionAmountsAreExactDecimalsLinkedToClientAndVisit() {
        long client = fake.seedClient("Anna", "79160000001", Map.of());
        long record = fake.seedRecord(client, system.staff, system.service, LocalDateTime.of(2026, 2, 1, 10, 0), 1);
        fake.seedTransaction(client, record, "1000.10");

        var payment = read("transactions", SyncMode.FULL, Map.of()).records("transactions").getFirst();

        assertThat(payment.fields().get("amount")).isEqualTo(new BigDecimal("1000.10"));
        assertThat(payment.fields()).containsEntry("client", new ExternalRef("clients", String.valueOf(client)))
                .containsEntry("visit", new ExternalRef("records", String.valueOf(record))).containsEntry("account", "Карты");
    }

    @Test
    void aUserTokenRejectedAfterAPasswordChangeIsRenewedWithLoginAndPassword() {
        fake.seedClient("Anna", "79160000001", Map.of());
        var config = new HashMap<>(system.configuration());
        config.put("login", FakeYclientsSystem.LOGIN);
        config.put("password", "new-password");
        fake.changePassword(FakeYclientsSystem.LOGIN, "new-password");

        var sink = read(config, "clients");

        assertThat(sink.records("clients")).hasSize(1);
        assertThat(fake.count("POST", "/auth")).isEqualTo(1);
    }

    @Test
    void withoutLoginARejectedUserTokenStopsTheConnectionAsInvalidCredentials() {
        fake.changePassword(FakeYclientsSystem.LOGIN, "new-password");

        assertThatThrownBy(() -> read(system.configuration(), "clients"))
                .isInstanceOf(CredentialsException.class).hasMessageContaining("401").hasMessageContaining("password");
    }

    @Test
    void paymentRequiredAndForbiddenAreCredentialProblemsWithTheirOwnMessages() {
        fake.paymentRequired(true);
        assertThatThrownBy(() -> read(system.configuration(), "clients"))
                .isInstanceOf(io.metaplatform.plugins.api.AccessRefusedException.class).hasMessageContaining("402").hasMessageContaining("not paid");
        fake.paymentRequired(false);
        fake.forbidden(true);
        assertThatThrownBy(() -> read(system.configuration(), "clients"))
                .isInstanceOf(io.metaplatform.plugins.api.AccessRefusedException.class).hasMessageContaining("403").hasMessageContaining("rights");
    }

    @Test
    void aContactWithoutPhoneIsRefusedWithItsReasonAndNeverSent() {
        assertThatThrownBy(() -> write(Map.of("lastName", "Petrova")))
                .isInstanceOfSatisfying(RecordRejectedException.class, e -> assertThat(e.problems())
                        .extracting(FieldProblem::field, FieldProblem::code).containsExactly(org.assertj.core.groups.Tuple.tuple("phone", "REQUIRED")));
        assertThat(fake.count("POST", "/clients/")).isZero();
    }

    @Test
    void a422IsAPerRecordRejectionCarryingYclientsFieldErrors() {
        assertThatThrownBy(() -> write(Map.of("lastName", "Petrova", "phone", "79161112233", "email", "not-an-email")))
                .isInstanceOfSatisfying(RecordRejectedException.class, e -> {
                    assertThat(e.getMessage()).contains("422");
                    assertThat(e.problems()).extracting(FieldProblem::field).containsExactly("email");
                });
        assertThat(fake.clientCount()).isZero();
    }

    @Test
    void aCreateWhoseAnswerIsLostIsFoundByPhoneInsteadOfBeingRepeated() {
        fake.inject(new FakeYclients.Fault("POST", "/clients/", 504, true));

        var result = write(Map.of("firstName", "Anna", "lastName", "Petrova", "phone", "79161112233"));

        assertThat(fake.clientCount()).isEqualTo(1);
        assertThat(fake.clientsWhere("phone", "79161112233")).singleElement()
                .satisfies(client -> assertThat(String.valueOf(client.get("id"))).isEqualTo(result.externalId()));
        assertThat(fake.count("POST", "/clients/")).isEqualTo(1);
    }

    @Test
    void webhooksAreTakenOnlyWithTheConnectionsTokenAndOnlyNameWhatToFetch() {
        var config = with(system.configuration(), "webhookToken", "a-long-secret-token-of-the-connection");
        String body = "{\"company_id\":4564,\"resource\":\"record\",\"resource_id\":122641972,\"status\":\"update\",\"data\":{\"id\":1}}";

        assertThatThrownBy(() -> connector.webhook(webhook(config, Optional.of("guess"), body))).isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> connector.webhook(webhook(config, Optional.empty(), body))).isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> connector.webhook(webhook(system.configuration(), Optional.of("x"), body))).isInstanceOf(SecurityException.class);
        var outcome = connector.webhook(webhook(config, Optional.of("a-long-secret-token-of-the-connection"), body));
        var deleted = connector.webhook(webhook(config, Optional.of("a-long-secret-token-of-the-connection"),
                body.replace("\"update\"", "\"delete\"").replace("record", "client")));

        assertThat(outcome.fetch()).containsExactly(new WebhookOutcome.Fetch("records", "122641972", false));
        assertThat(deleted.fetch()).containsExactly(new WebhookOutcome.Fetch("clients", "122641972", true));
    }

    // ---- helpers ----

    private TestContext.Builder context(Map<String, String> config) {
        return TestContext.builder(connector.descriptor()).configuration(config).http(new TestConnectorHttp());
    }

    private InMemoryRecordSink read(String stream, SyncMode mode, Map<String, String> state) {
        var sink = new InMemoryRecordSink(stream);
        connector.read(context(system.configuration()).stream(stream).mode(mode).state(state).sink(sink).build());
        return sink;
    }

    private InMemoryRecordSink read(Map<String, String> config, String stream) {
        var sink = new InMemoryRecordSink(stream);
        connector.read(context(config).stream(stream).mode(SyncMode.FULL).sink(sink).build());
        return sink;
    }

    private io.metaplatform.plugins.api.WriteResult write(Map<String, Object> fields) {
        return connector.write(context(system.configuration()).stream("clients")
                .record(new OutgoingRecord(WriteOperation.CREATE, "r1", Optional.empty(), Optional.empty(), fields)).build());
    }

    private static Map<String, String> with(Map<String, String> config, String key, String value) {
        var copy = new LinkedHashMap<>(config);
        copy.put(key, value);
        return copy;
    }

    private static WebhookContext webhook(Map<String, String> config, Optional<String> token, String body) {
        return new WebhookContext() {
            @Override
            public Map<String, List<String>> headers() {
                return Map.of("content-type", List.of("application/json"));
            }

            @Override
            public byte[] body() {
                return body.getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public Optional<String> urlToken() {
                return token;
            }

            @Override
            public Configuration configuration() {
                return new Configuration(config);
            }

            @Override
            public ConnectorHttp http() {
                return new TestConnectorHttp();
            }

            @Override
            public System.Logger logger() {
                return System.getLogger("test");
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }

            @Override
            public boolean cancelled() {
                return false;
            }

            @Override
            public String connectionId() {
                return "c1";
            }
        };
    }
}
