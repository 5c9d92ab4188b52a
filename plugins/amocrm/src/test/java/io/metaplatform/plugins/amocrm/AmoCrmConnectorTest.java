package io.metaplatform.plugins.amocrm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.plugins.amocrm.fake.FakeAmoCrm;
import io.metaplatform.plugins.api.Configuration;
import io.metaplatform.plugins.api.ConnectorHttp;
import io.metaplatform.plugins.api.CredentialsException;
import io.metaplatform.plugins.api.ExternalRef;
import io.metaplatform.plugins.api.OutgoingRecord;
import io.metaplatform.plugins.api.StreamDescriptor;
import io.metaplatform.plugins.api.SyncMode;
import io.metaplatform.plugins.api.WebhookContext;
import io.metaplatform.plugins.api.WebhookOutcome;
import io.metaplatform.plugins.api.WriteBatchContext;
import io.metaplatform.plugins.api.WriteOperation;
import io.metaplatform.plugins.api.WriteOutcome;
import io.metaplatform.plugins.testkit.InMemoryRecordSink;
import io.metaplatform.plugins.testkit.TestConnectorHttp;
import io.metaplatform.plugins.testkit.TestContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What amoCRM does that the test kit's contract does not cover: stages, batches, deletions, faults, webhooks. */
class AmoCrmConnectorTest {

    private final AmoCrmConnector connector = new AmoCrmConnector();
    private final FakeAmoCrmSystem system = new FakeAmoCrmSystem();
    private final FakeAmoCrm amo = system.amo();

    @AfterEach
    void stop() {
        system.close();
    }

    @Test
    void pipelinesBringTheirStagesWithWonAndLostFlagsKeyedByPipeline() {
        var sink = new InMemoryRecordSink("pipelines");
        connector.read(context("pipelines").sink(sink).build());

        assertThat(sink.records("pipelines")).hasSize(2);
        var stages = sink.records("statuses");
        assertThat(stages).hasSize(8);
        var won = stages.stream().filter(stage -> stage.externalId().equals(FakeAmoCrm.MAIN_PIPELINE + ":142")).findFirst().orElseThrow();
        assertThat(won.fields()).containsEntry("won", true).containsEntry("lost", false)
                .containsEntry("pipeline", new ExternalRef("pipelines", String.valueOf(FakeAmoCrm.MAIN_PIPELINE)));
        assertThat(stages).filteredOn(stage -> stage.externalId().endsWith(":143")).hasSize(2)
                .allSatisfy(stage -> assertThat(stage.fields()).containsEntry("lost", true));
    }

    @Test
    void leadsMapToDealsWithAmountStageOutcomeAndLinks() {
        long company = amo.add(FakeAmoCrm.ENTITY_COMPANIES, Map.of("name", "Linked"));
        long lead = amo.add(FakeAmoCrm.ENTITY_LEADS, Map.of("name", "Won one", "price", 46333, "pipeline_id", FakeAmoCrm.MAIN_PIPELINE,
                "status_id", FakeAmoCrm.WON, "closed_at", 1483005931, "_embedded", Map.of("tags", List.of(Map.of("id", 1, "name", "vip")),
                        "companies", List.of(Map.of("id", company)), "contacts", List.of(Map.of("id", 77, "is_main", true)))));
        var sink = new InMemoryRecordSink("leads");
        connector.read(context("leads").sink(sink).build());

        var record = sink.records().stream().filter(r -> r.externalId().equals(String.valueOf(lead))).findFirst().orElseThrow();
        assertThat(record.fields()).containsEntry("outcome", "WON")
                .containsEntry("status", new ExternalRef("statuses", FakeAmoCrm.MAIN_PIPELINE + ":142"))
                .containsEntry("company", new ExternalRef("companies", String.valueOf(company)))
                .containsEntry("contact", new ExternalRef("contacts", "77"))
                .containsEntry("tags", "vip");
        assertThat(record.fields().get("price")).isEqualTo(Map.of("amount", new java.math.BigDecimal("46333"), "currencyCode", "RUB"));
    }

    @Test
    void anIncrementalReadReportsEntitiesDeletedSinceTheCursor() {
        var first = new InMemoryRecordSink("contacts");
        connector.read(context("contacts").mode(SyncMode.INCREMENTAL).sink(first).build());
        amo.advance(30);
        long gone = Long.parseLong(first.externalIds().getFirst());
        amo.delete(FakeAmoCrm.ENTITY_CONTACTS, gone);

        var second = new InMemoryRecordSink("contacts");
        connector.read(context("contacts").mode(SyncMode.INCREMENTAL).state(first.lastCheckpoint().orElseThrow()).sink(second).build());

        assertThat(second.deletions()).extracting(InMemoryRecordSink.Deletion::externalId).containsExactly(String.valueOf(gone));
        assertThat(second.records()).isEmpty();
    }

    @Test
    void aBatchOfFiftyWithOneInvalidEmailWritesFortyNineAndRefusesThatOneWithAmoCrmsPath() {
        List<OutgoingRecord> records = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            records.add(new OutgoingRecord(WriteOperation.CREATE, "r" + i, Optional.empty(), Optional.empty(),
                    Map.of("first_name", "Pavel", "last_name", "Batch " + i, "email", i == 23 ? "no-at-sign" : "p" + i + "@example.ru")));
        }
        int before = amo.all(FakeAmoCrm.ENTITY_CONTACTS).size();

        List<WriteOutcome> outcomes = connector.writeBatch(batch("contacts", records));

        assertThat(outcomes).hasSize(50);
        assertThat(outcomes.get(23).refused()).get().satisfies(refused -> {
            var problems = ((io.metaplatform.plugins.api.RecordRejectedException) refused).problems();
            assertThat(problems).singleElement().satisfies(problem -> {
                assertThat(problem.field()).isEqualTo("email");
                assertThat(problem.code()).isEqualTo("InvalidEmail");
                assertThat(problem.message()).contains("custom_fields_values.0.values.0.value");
            });
        });
        assertThat(outcomes).filteredOn(outcome -> outcome.written().isPresent()).hasSize(49);
        assertThat(amo.all(FakeAmoCrm.ENTITY_CONTACTS)).hasSize(before + 49);
        assertThat(amo.calls()).filteredOn(call -> call.method().equals("POST")).hasSize(2);
    }

    @Test
    void anUpdateKeepsPhoneNumbersOfOtherKindsAndWritesTheMappedOnesWithTheirEnumCodes() {
        long id = amo.add(FakeAmoCrm.ENTITY_CONTACTS, Map.of("name", "Olga Multi", "custom_fields_values", List.of(Map.of("field_id",
                FakeAmoCrm.PHONE_FIELD, "field_code", "PHONE", "values", List.of(Map.of("value", "+7111", "enum_code", "WORK"),
                        Map.of("value", "+7222", "enum_code", "HOME"))))));

        connector.write(context("contacts").record(new OutgoingRecord(WriteOperation.UPDATE, "r", Optional.of(String.valueOf(id)),
                Optional.empty(), Map.of("phone", "+7333", "mobile", "+7999"))).build());

        var phones = ((List<?>) ((Map<?, ?>) ((List<?>) amo.get(FakeAmoCrm.ENTITY_CONTACTS, id).get("custom_fields_values")).getFirst())
                .get("values")).stream().map(value -> ((Map<?, ?>) value).get("value") + "/" + ((Map<?, ?>) value).get("enum_code")).toList();
        assertThat(phones).containsExactly("+7333/WORK", "+7999/MOB", "+7222/HOME");
    }

    @Test
    void customFieldsAreDiscoveredReadAndWrittenAsCfFieldsButPhoneAndEmailAreNotOfferedTwice() {
        var discovery = connector.discover(context("leads").build());
        assertThat(discovery.fields()).extracting(field -> field.stream() + "." + field.name() + ":" + field.type())
                .containsExactly("leads.cf_" + FakeAmoCrm.LEAD_SOURCE_FIELD + ":text");

        var written = connector.write(context("leads").record(new OutgoingRecord(WriteOperation.CREATE, "r", Optional.empty(), Optional.empty(),
                Map.of("name", "With source", "cf_" + FakeAmoCrm.LEAD_SOURCE_FIELD, "Выставка"))).build());
        var read = connector.readOne(context("leads").externalId(written.externalId()).build()).orElseThrow();

        assertThat(read.fields()).containsEntry("cf_" + FakeAmoCrm.LEAD_SOURCE_FIELD, "Выставка");
    }

    @Test
    void a504HalvesThePageSizeAndTheReadGoesOn() {
        amo.timeoutAboveLimit(100);
        var sink = new InMemoryRecordSink("companies");
        connector.read(context("companies").sink(sink).build());

        assertThat(sink.externalIds()).containsExactlyInAnyOrderElementsOf(system.externalIds("companies"));
        assertThat(amo.calls()).filteredOn(call -> call.status() == 504).hasSize(2);
        assertThat(amo.calls()).filteredOn(call -> "100".equals(call.query().get("limit"))).isNotEmpty();
    }

    @Test
    void aBannedIpStopsTheReadWithAClearCredentialsErrorAndNoMoreCalls() {
        amo.banAfter(1).permitsPerSecond(0);
        assertThatThrownBy(() -> connector.read(context("companies").sink(new InMemoryRecordSink("companies")).build()))
                .isInstanceOf(io.metaplatform.plugins.api.AccessRefusedException.class).hasMessageContaining("403").hasMessageContaining("IP address is restricted");
        int calls = amo.calls().size();
        assertThat(amo.calls()).extracting(FakeAmoCrm.Call::status).endsWith(403);
        assertThat(calls).isLessThanOrEqualTo(3);
    }

    @Test
    void anUnpaidAccountStopsTheConnection() {
        amo.unpaid(true);
        assertThatThrownBy(() -> connector.read(context("leads").sink(new InMemoryRecordSink("leads")).build()))
                .isInstanceOf(io.metaplatform.plugins.api.AccessRefusedException.class).hasMessageContaining("402");
    }

    @Test
    void webhooksWithTheConnectionsTokenBecomeRefetchHintsAndOthersAreRefused() {
        var subscribed = context("leads").build();
        String url = "https://platform.example/api/webhooks/conn-1";
        connector.onEnable(webhookAware(subscribed, url));
        String destination = String.valueOf(amo.webhooks().getFirst().get("destination"));
        assertThat(destination).startsWith(url + "?token=");
        String token = destination.substring(destination.indexOf("token=") + 6);
        long lead = Long.parseLong(system.externalIds("leads").iterator().next());
        long contact = Long.parseLong(system.externalIds("contacts").iterator().next());
        String body = amo.webhookBody("leads", "status", lead) + "&" + amo.webhookBody("contacts", "delete", contact);

        WebhookOutcome outcome = connector.webhook(webhook(subscribed, url, Map.of("token", token), body));

        assertThat(outcome.fetch()).containsExactly(new WebhookOutcome.Fetch("leads", String.valueOf(lead), false),
                new WebhookOutcome.Fetch("contacts", null, false));
        assertThatThrownBy(() -> connector.webhook(webhook(subscribed, url, Map.of("token", "forged"), body)))
                .isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> connector.webhook(webhook(subscribed, url, Map.of(), body))).isInstanceOf(SecurityException.class);
    }

    private TestContext.Builder context(String stream) {
        return TestContext.builder(connector.descriptor()).configuration(system.goodConfiguration()).http(new TestConnectorHttp())
                .connectionId("conn-1").stream(stream);
    }

    private WriteBatchContext batch(String stream, List<OutgoingRecord> records) {
        var base = context(stream).build();
        return new WriteBatchContext() {
            public StreamDescriptor stream() {
                return base.stream();
            }

            public List<OutgoingRecord> records() {
                return records;
            }

            public Configuration configuration() {
                return base.configuration();
            }

            public ConnectorHttp http() {
                return base.http();
            }

            public System.Logger logger() {
                return base.logger();
            }

            public Clock clock() {
                return base.clock();
            }

            public boolean cancelled() {
                return false;
            }

            public String connectionId() {
                return base.connectionId();
            }
        };
    }

    private static WebhookContext webhookAware(TestContext base, String url) {
        return webhook(base, url, Map.of(), "");
    }

    private static WebhookContext webhook(TestContext base, String url, Map<String, String> query, String body) {
        return new WebhookContext() {
            public Map<String, List<String>> headers() {
                return Map.of("content-type", List.of("application/x-www-form-urlencoded"));
            }

            public Map<String, String> query() {
                return query;
            }

            public byte[] body() {
                return body.getBytes(StandardCharsets.UTF_8);
            }

            public Configuration configuration() {
                return base.configuration();
            }

            public ConnectorHttp http() {
                return base.http();
            }

            public System.Logger logger() {
                return base.logger();
            }

            public Clock clock() {
                return base.clock();
            }

            public boolean cancelled() {
                return false;
            }

            public String connectionId() {
                return base.connectionId();
            }

            public Optional<URI> webhookUrl() {
                return Optional.of(URI.create(url));
            }
        };
    }
}
