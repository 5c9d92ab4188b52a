package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.Role;
import io.metaplatform.core.TenantGate;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import io.metaplatform.graphql.internal.RequestPathWarmUp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The reads a starting instance runs before it reports ready (platform.warmup.*, switched off for the other tests): they
 * cover the compiled reads and graphql-java on each tenant's own records, change nothing, and stop at their bounds.
 */
class RequestPathWarmUpTest extends ApiTestSupport {

    @Autowired
    RequestPathWarmUp warmUp;
    @Autowired
    TenantGate gate;

    TenantId first;
    TenantId second;
    List<String> firstCompanies;
    List<String> secondCompanies;

    @BeforeEach
    void twoTenantsWithRecords() {
        first = createTenant("Warm one");
        second = createTenant("Warm two");
        firstCompanies = companiesWithContacts(first, 3);
        secondCompanies = companiesWithContacts(second, 2);
    }

    @Test
    void readsEachTenantsRecordsThroughBothExecutorsAndChangesNothing() {
        String before = everything(first) + everything(second);

        RequestPathWarmUp.Report report = warmUp.warmUp(List.of(first, second), 2, 400, Duration.ofSeconds(60), Duration.ofSeconds(60));

        assertThat(report.failed()).as("every generated read succeeds on the platform's own schema").isZero();
        assertThat(report.tenants()).isEqualTo(2);
        assertThat(report.compiledReads()).isPositive();
        assertThat(report.generalReads()).isPositive();
        assertThat(report.reads()).isEqualTo(400);
        for (TenantId tenant : List.of(first, second)) {
            List<String> documents = report.shapes().stream().filter(shape -> shape.tenant().equals(tenant))
                    .map(RequestPathWarmUp.Shape::document).toList();
            assertThat(documents).as("a page, a sorted page, a page with related lists and a record by id")
                    .anyMatch(document -> document.startsWith("{ companies(first: 20) {"))
                    .anyMatch(document -> document.startsWith("{ companies(first: 20, orderBy:"))
                    .anyMatch(document -> document.startsWith("{ companies(first: 10) {") && document.contains("(first: 5)"))
                    .anyMatch(document -> document.contains("company(id: $id)"))
                    .noneMatch(document -> document.contains("mutation"));
            assertThat(report.shapes().stream().filter(shape -> shape.tenant().equals(tenant)).map(RequestPathWarmUp.Shape::roles))
                    .as("as a tenant-user's and a tenant-admin's built-in role").contains(Set.of("standard-user"), Set.of("tenant-admin"));
        }
        assertThat(everything(first) + everything(second)).as("records, their versions and histories as before").isEqualTo(before);
    }

    @Test
    void readsByIdOnlyRecordsOfTheirOwnTenant() {
        RequestPathWarmUp.Report report = warmUp.warmUp(List.of(first, second), 2, 0, Duration.ofSeconds(60), Duration.ofSeconds(60));

        Set<Object> firstIds = idsOf(report, first);
        Set<Object> secondIds = idsOf(report, second);
        assertThat(firstIds).isNotEmpty();
        assertThat(secondIds).isNotEmpty();
        assertThat(firstCompanies).containsAll(companyIds(report, first));
        assertThat(secondCompanies).containsAll(companyIds(report, second));
        assertThat(firstIds).doesNotContainAnyElementsOf(secondIds);
    }

    @Test
    void stopsAtItsTimeAndSkipsTenantsWithoutRecords() {
        assertThat(warmUp.warmUp(List.of(first, second), 2, 10_000, Duration.ZERO, Duration.ofSeconds(60)).reads()).isZero();

        TenantId empty = createTenant("Warm empty");
        RequestPathWarmUp.Report report = warmUp.warmUp(List.of(empty), 1, 100, Duration.ofSeconds(60), Duration.ofSeconds(60));
        assertThat(report.shapes()).isEmpty();
        assertThat(report.failed()).isZero();
    }

    @Test
    void leavesOutAShapeSlowerThanItsBound() {
        int finding = warmUp.warmUp(List.of(first), 1, 0, Duration.ofSeconds(60), Duration.ofSeconds(60)).reads();

        RequestPathWarmUp.Report report = warmUp.warmUp(List.of(first), 1, 10_000, Duration.ofSeconds(60), Duration.ZERO);

        assertThat(report.slow()).as("each shape read once, then left out").isEqualTo(report.shapes().size()).isPositive();
        assertThat(report.reads()).as("the reads that find the shapes, then each shape once").isEqualTo(finding + report.shapes().size());
        assertThat(report.failed()).isZero();
    }

    @Test
    void readsTheFirstTenantsAndOnlyLoadsTheOthers() {
        RequestPathWarmUp.Report report = warmUp.warmUp(List.of(first, second), 1, 50, Duration.ofSeconds(60), Duration.ofSeconds(60));

        assertThat(report.tenants()).isEqualTo(1);
        assertThat(report.loaded()).isEqualTo(2);
        assertThat(report.shapes()).isNotEmpty().allMatch(shape -> shape.tenant().equals(first));
        assertThat(report.failed()).isZero();
    }

    @Test
    void warmsTheMostRecentlyChangedActiveTenantsOnly() {
        TenantId suspended = createTenant("Warm suspended");
        api.post("/api/operator/tenants/" + suspended + "/suspend", TestPlatform.operatorToken(), "{\"reason\":\"unpaid\"}");
        TenantId latest = createTenant("Warm latest");

        assertThat(gate.active(2)).containsExactly(latest, second);
        assertThat(gate.active(1_000)).contains(first, second, latest).doesNotContain(suspended);
    }

    @Test
    void aStartingServerReportsReadyOnlyAfterItsWarmUp() throws Exception {
        List<String> log;
        try (ServerProcess server = ServerProcess.start("warm-up", List.of("platform.warmup.enabled=true", "platform.warmup.reads=200",
                "logging.level.io.metaplatform.graphql.internal.RequestPathWarmUp=INFO",
                "logging.level.org.springframework.boot.availability=DEBUG"))) {
            assertThat(server.api().get("/actuator/health/readiness", null).status()).isEqualTo(200);
            log = List.of(server.logTail().split("\n"));
        }
        int warmedUp = indexOf(log, "Warmed up the request path before reporting ready: 200 reads");
        int ready = indexOf(log, "ACCEPTING_TRAFFIC");
        assertThat(warmedUp).as("the warm-up's line, after reads of this test's tenants:%n%s", String.join("\n", log)).isNotNegative();
        assertThat(ready).as("readiness published:%n%s", String.join("\n", log)).isGreaterThan(warmedUp);
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    private List<String> companiesWithContacts(TenantId tenant, int companies) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < companies; i++) {
            String id = data(tenant, "mutation { createCompany(data: {name: \"C" + i + "\", city: \"Bonn\"}) { id } }")
                    .path("createCompany").path("id").asString();
            data(tenant, "mutation { createContact(data: {lastName: \"L" + i + "\", company: \"" + id + "\"}) { id } }");
            ids.add(id);
        }
        return ids;
    }

    private String everything(TenantId tenant) {
        return data(tenant, "{ companies(first: 100) { edges { node { id name city updatedAt history { operation } } } }"
                + " contacts(first: 100) { edges { node { id lastName updatedAt } } } }").toString();
    }

    private tools.jackson.databind.JsonNode data(TenantId tenant, String document) {
        Api.Response response = api.post("/graphql", TestPlatform.token(tenant, Role.TENANT_ADMIN),
                tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(java.util.Map.of("query", document)));
        assertThat(response.body()).doesNotContain("\"errors\"");
        return response.json().path("data");
    }

    private static Set<Object> idsOf(RequestPathWarmUp.Report report, TenantId tenant) {
        Set<Object> ids = new TreeSet<>();
        report.shapes().stream().filter(shape -> shape.tenant().equals(tenant)).forEach(shape -> ids.addAll(shape.variables().values()));
        return ids;
    }

    private static List<String> companyIds(RequestPathWarmUp.Report report, TenantId tenant) {
        return report.shapes().stream().filter(shape -> shape.tenant().equals(tenant) && shape.document().contains("company(id: $id)"))
                .map(shape -> String.valueOf(shape.variables().get("id"))).toList();
    }
}
