package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Values PostgreSQL would refuse or that grow without bound, through HTTP: each is a client error on its
 * field, never a 5xx; and concurrent upserts of one value all succeed.
 */
class ValueRulesApiTest extends ConnectorApiTestSupport {

    private static final String NUL = "A\u0000B";

    TenantId tenant;
    String user;
    String admin;

    @BeforeEach
    void tenant() {
        tenant = createTenant("Values");
        user = TestPlatform.token(tenant, Role.TENANT_USER);
        // The custom fields these tests add are for tenant users too (new fields are the admin's until granted).
        grantAllFieldsToUsers(tenant, "company");
        admin = TestPlatform.token(tenant, Role.TENANT_ADMIN);
    }

    @Test
    void aNulCharacterInATextValueIsRefusedOnItsField() {
        Api.Response inVariable = graphql(user, "mutation($name: String!) { createCompany(data: {name: $name}) { id } }", Map.of("name", NUL));
        Api.Response inLiteral = graphql(user, "mutation { createCompany(data: {name: \"X\", city: \"Bo\\u0000nn\"}) { id } }", Map.of());

        assertRefused(inVariable, "name", "INVALID_CHARACTERS");
        assertRefused(inLiteral, "city", "INVALID_CHARACTERS");
        assertThat(tenantData(user, "{ companies { totalCount } }").path("companies").path("totalCount").asInt()).isZero();
    }

    @Test
    void aNulCharacterInATextFilterIsRefusedOnTheFilterPath() {
        tenantData(user, "mutation { createCompany(data: {name: \"ACME\"}) { id } }");

        Api.Response contains = graphql(user, "query($text: String) { companies(filter: {name: {contains: $text}}) { totalCount } }",
                Map.of("text", NUL));
        Api.Response in = graphql(user, "{ companies(filter: {name: {in: [\"ACME\", \"A\\u0000\"]}}) { totalCount } }", Map.of());

        assertRefused(contains, "filter.name", "INVALID_CHARACTERS");
        assertRefused(in, "filter.name[1]", "INVALID_CHARACTERS");
    }

    @Test
    void aNulCharacterInMetadataTextIsRefusedOnItsField() {
        Api.Response label = api.post("/graphql/admin", admin, body("mutation($label: String) { createField(object: \"company\", input: "
                + "{apiName: \"note\", label: $label, type: {kind: \"TEXT\"}}) { metadataVersion } }", Map.of("label", NUL)));

        assertThat(label.status()).isLessThan(500);
        JsonNode error = JSON.readTree(label.body()).path("errors").get(0);
        assertThat(error.path("extensions").path("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(error.path("extensions").path("details").findValuesAsString("code")).containsExactly("INVALID_CHARACTERS");
        assertThat(error.path("extensions").path("details").findValuesAsString("field")).singleElement().asString().endsWith("label");
    }

    @Test
    void aJsonValueBeyondTheLimitOrWithANulCharacterIsRefusedAndNothingIsStored() {
        data(admin, "mutation { createField(object: \"company\", input: {apiName: \"payload\", type: {kind: \"JSON\"}}) { metadataVersion } }");
        String create = "mutation($payload: JSON) { createCompany(data: {name: \"X\", payload: $payload}) { id } }";

        Api.Response tooLarge = graphql(user, create, Map.of("payload", Map.of("blob", "x".repeat(300 * 1024))));
        Api.Response withNul = graphql(user, create, Map.of("payload", Map.of("list", List.of(1, NUL))));
        Api.Response fits = graphql(user, create, Map.of("payload", Map.of("blob", "x".repeat(1024))));

        assertRefused(tooLarge, "payload", "TOO_LARGE");
        assertRefused(withNul, "payload", "INVALID_CHARACTERS");
        assertThat(JSON.readTree(fits.body()).path("errors").isMissingNode()).as(fits.body()).isTrue();
        assertThat(tenantData(user, "{ companies { totalCount } }").path("companies").path("totalCount").asInt()).isEqualTo(1);
    }

    @Test
    void thirtyTwoConcurrentUpsertsOfOneValueAllSucceedOnOneRecord() throws Exception {
        int writers = 32;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<JsonNode>> futures = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String name = "Writer " + i;
            futures.add(pool.submit(() -> {
                start.await();
                return JSON.readTree(graphql(user, "mutation($name: String!) { createCompanies(data: [{customerNumber: \"K-1\", name: $name}], "
                        + "upsertOn: \"customerNumber\") { id } }", Map.of("name", name)).body());
            }));
        }
        start.countDown();
        List<JsonNode> answers = new ArrayList<>();
        for (Future<JsonNode> future : futures) {
            answers.add(future.get());
        }
        pool.shutdown();

        assertThat(answers).allSatisfy(answer -> assertThat(answer.path("errors").isMissingNode()).as(answer.toString()).isTrue());
        assertThat(answers.stream().map(answer -> answer.path("data").path("createCompanies").get(0).path("id").asString()).distinct())
                .hasSize(1);
        JsonNode companies = tenantData(user, "{ companies { totalCount edges { node { name version } } } }").path("companies");
        assertThat(companies.path("totalCount").asInt()).isEqualTo(1);
        JsonNode company = companies.path("edges").get(0).path("node");
        assertThat(company.path("version").asInt()).as("one create and 31 updates").isEqualTo(writers);
        assertThat(company.path("name").asString()).matches("Writer \\d+");
    }

    private Api.Response graphql(String token, String query, Map<String, Object> variables) {
        return api.post("/graphql", token, body(query, variables));
    }

    private static void assertRefused(Api.Response response, String field, String code) {
        assertThat(response.status()).as(response.body()).isLessThan(500);
        JsonNode error = JSON.readTree(response.body()).path("errors").get(0);
        assertThat(error.path("extensions").path("code").asString()).as(response.body()).isEqualTo("VALIDATION_FAILED");
        List<String> details = new ArrayList<>();
        error.path("extensions").path("details").forEach(detail -> details.add(detail.path("field").asString() + "=" + detail.path("code").asString()));
        assertThat(details).contains(field + "=" + code);
        assertThat(response.body()).doesNotContain("SQL", "jooq", "java.", "insert into");
    }
}
