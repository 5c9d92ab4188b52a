package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.TenantId;
import io.metaplatform.plugins.amocrm.fake.FakeAmoCrm;
import io.metaplatform.plugins.yclients.fake.FakeYclients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/**
 * A server process killed with SIGKILL in the middle of a sync run: nothing of it ends cleanly (no shutdown hook,
 * no last heartbeat, no run marked ended), so what survives is what it committed. Another server finds the run's
 * heartbeat stale, ends it as {@code ABANDONED} and the next run resumes from the last committed checkpoint:
 * every external record arrives exactly once. Heartbeats are shortened so the takeover needs seconds, not minutes.
 */
@SpringBootTest(classes = LexwareEndToEndTest.RealConnectors.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {LexwareServers.SCHEDULER_OFF, LexwareServers.SERVER_A, KilledServerProcessTest.HEARTBEAT,
                KilledServerProcessTest.STALE_AFTER})
class KilledServerProcessTest extends LexwareServers {

    static final String HEARTBEAT = "platform.connectors.heartbeat-interval=1s";
    static final String STALE_AFTER = "platform.connectors.stale-after=6s";

    @Override
    List<String> sharedProperties() {
        return List.of(SCHEDULER_OFF, HEARTBEAT, STALE_AFTER);
    }

    @Override
    boolean startsServerB() {
        return false;
    }

    @Test
    void aYclientsRunWhoseServerIsKilledIsTakenOverAndResumedWithoutLossOrDoubling() {
        int clients = 600;
        try (FakeYclients yclients = FakeYclients.start(YclientsEndToEndTest.PARTNER);
             ServerProcess doomed = ServerProcess.start("server-killed", sharedProperties())) {
            yclients.addCompany(YclientsEndToEndTest.SALON, "Salon Nevsky");
            String userToken = yclients.addUser("79161234567", "secret");
            YclientsEndToEndTest.seed(yclients, clients);
            TenantId tenant = createTenant("Salon killed");
            String admin = admin(tenant);
            String connection = YclientsEndToEndTest.enabledConnection(serverA, admin, yclients, userToken, YclientsEndToEndTest.SALON,
                    List.of());

            JsonNode started = startRun(doomed.api(), admin, connection);
            assertThat(started.path("claimedBy").asString()).isEqualTo("server-killed");
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (yclients.count("GET", "/records/") < 3 && System.nanoTime() < deadline) {
                sleep(5);
            }
            assertThat(yclients.count("GET", "/records/")).as("record pages read before the kill; server log:\n%s", doomed.logTail())
                    .isGreaterThanOrEqualTo(3);
            doomed.kill();
            Map<String, Integer> afterKill = YclientsEndToEndTest.counts(serverA, admin);
            int recordPagesBefore = (int) yclients.count("GET", "/records/");

            sleep(Duration.ofSeconds(7).toMillis());
            JsonNode resumed = run(serverA, admin, connection, Duration.ofMinutes(3));
            JsonNode killed = awaitRun(serverA, admin, connection, started.path("id").asString(), Duration.ofSeconds(10));

            assertThat(afterKill.get("contacts")).as("the killed run had committed its clients").isEqualTo(clients);
            assertThat(killed.path("status").asString()).as(killed.toString()).isNotEqualTo("SUCCEEDED").isNotEqualTo("RUNNING");
            assertThat(killed.path("errorCode").asString()).as(killed.toString()).isEqualTo("ABANDONED");
            assertThat(resumed.path("status").asString()).as(resumed.toString()).isEqualTo("SUCCEEDED");
            assertThat(YclientsEndToEndTest.counts(serverA, admin)).isEqualTo(Map.of("contacts", clients, "ycVisits", 2 * clients,
                    "ycPayments", 2 * clients, "ycStaffs", 1, "ycServices", 1));
            // 1,200 records are 6 pages of 200: the resumed run went on from the last committed checkpoint.
            assertThat(yclients.count("GET", "/records/") - recordPagesBefore).as("record pages read after the takeover").isLessThan(6);
        }
    }

    @Test
    void anAmoCrmRunWhoseServerIsKilledIsResumedByAnotherServerWithTheSameGrantWithoutLossOrDoubling() {
        int leads = 3_000;
        try (FakeAmoCrm amo = FakeAmoCrm.start(AmoCrmEndToEndTest.REDIRECT);
             ServerProcess doomed = ServerProcess.start("server-killed-amo", sharedProperties())) {
            for (int i = 0; i < leads; i++) {
                amo.add(FakeAmoCrm.ENTITY_LEADS, Map.of("name", "Сделка " + i, "price", i, "pipeline_id", FakeAmoCrm.MAIN_PIPELINE,
                        "status_id", FakeAmoCrm.FIRST_CONTACT_STATUS));
            }
            TenantId tenant = createTenant("amoCRM killed");
            String admin = admin(tenant);
            String connection = AmoCrmEndToEndTest.authorisedConnection(serverA, admin, amo, List.of());
            Predicate<FakeAmoCrm.Call> leadPage = call -> call.path().equals("/api/v4/leads") && "contacts".equals(call.query().get("with"));

            JsonNode started = startRun(doomed.api(), admin, connection);
            assertThat(started.path("claimedBy").asString()).isEqualTo("server-killed-amo");
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (amo.calls().stream().filter(leadPage).count() < 3 && System.nanoTime() < deadline) {
                sleep(5);
            }
            doomed.kill();
            long pagesBefore = amo.calls().stream().filter(leadPage).count();
            assertThat(pagesBefore).as("lead pages read before the kill; server log:\n%s", doomed.logTail()).isBetween(3L, 14L);
            int committed = dataApi(serverA, admin, "{ deals(first: 1) { totalCount } }").path("deals").path("totalCount").asInt();

            sleep(Duration.ofSeconds(7).toMillis());
            JsonNode resumed = run(serverA, admin, connection, Duration.ofMinutes(3));
            JsonNode killed = awaitRun(serverA, admin, connection, started.path("id").asString(), Duration.ofSeconds(10));

            assertThat(killed.path("errorCode").asString()).as(killed.toString()).isEqualTo("ABANDONED");
            assertThat(resumed.path("status").asString()).as(resumed.toString()).isEqualTo("SUCCEEDED");
            assertThat(resumed.path("created").asInt()).as("deals the resumed run created: the rest, none twice")
                    .isEqualTo(leads - committed);
            assertThat(dataApi(serverA, admin, "{ deals(first: 1) { totalCount } }").path("deals").path("totalCount").asInt())
                    .isEqualTo(leads);
            assertThat(amo.calls()).filteredOn(call -> leadPage.test(call) && "1".equals(call.query().get("page")))
                    .as("first pages of the leads listing: the resumed run went on from the checkpoint").hasSize(1);
        }
    }
}
