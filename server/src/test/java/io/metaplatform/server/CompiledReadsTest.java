package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Read-only queries of records are answered by the compiled reads (issue 20), everything else by graphql-java. Each
 * query here is sent twice: as is, answered compiled (the {@code X-Graphql-Execution} response header says so), and
 * with the request header {@code X-Graphql-Execution: general}, which has graphql-java answer. Both answers must be
 * the same bytes.
 */
class CompiledReadsTest extends ApiTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    TenantId tenant;
    String user;
    String acme;
    String deal;

    @BeforeEach
    void data() {
        tenant = createTenant("Compiled reads");
        user = TestPlatform.token(tenant, Role.TENANT_USER);
        acme = data("mutation { createCompany(data: {name: \"ACME\", city: \"Bonn\", status: ACTIVE, email: \"info@acme.example\","
                + " roles: [CUSTOMER, VENDOR], notes: \"Quotes \\\"and\\\" ünïcödé\"}) { id } }").path("createCompany").path("id").asString();
        String other = data("mutation { createCompany(data: {name: \"Beta\", status: LEAD}) { id } }").path("createCompany").path("id").asString();
        for (String name : List.of("Doe", "Roe", "Poe")) {
            data("mutation { createContact(data: {lastName: \"" + name + "\", firstName: \"F" + name + "\", company: \"" + acme + "\"}) { id } }");
        }
        data("mutation { createContact(data: {lastName: \"Alone\"}) { id } }");
        data("mutation { createContact(data: {lastName: \"Beta-1\", company: \"" + other + "\"}) { id } }");
        String invoice = data("mutation { createInvoice(data: {number: \"RE-1\"}) { id } }").path("createInvoice").path("id").asString();
        deal = data("mutation { createDeal(data: {name: \"Big\", amount: {amount: \"1200.50\", currencyCode: \"EUR\"}, company: \"" + acme
                + "\", expectedCloseDate: \"2027-01-31\", linkedInvoices: [\"" + invoice + "\"]}) { id } }").path("createDeal").path("id").asString();
        data("mutation { createDeal(data: {name: \"Small\", company: \"" + acme + "\"}) { id } }");
    }

    @Test
    void answersTheSameBytesAsGraphQlJava() {
        List<String> queries = List.of(
                "{ company(id: \"" + acme + "\") { id name city status email roles notes __typename createdAt updatedAt version deletedAt createdBy } }",
                "{ company(id: \"" + UUID.randomUUID() + "\") { id name } }",
                "{ companies(filter: {status: {eq: ACTIVE}}, orderBy: [{field: name}], first: 5) { totalCount __typename"
                        + " pageInfo { hasNextPage hasPreviousPage startCursor endCursor __typename } edges { cursor __typename node { id name } } } }",
                "{ companies(orderBy: [{field: name, direction: DESC}], first: 10) { edges { node { name"
                        + " contacts(orderBy: [{field: lastName}], first: 2) { totalCount pageInfo { hasNextPage endCursor }"
                        + " edges { node { lastName firstName company { name city } } } }"
                        + " deals(first: 5) { edges { node { name amount { amount currencyCode } weightedAmount expectedCloseDate"
                        + " status linkedInvoices { number } company { name } } } } } } } }",
                "query Named($id: ID!, $n: Int, $city: String) { one: company(id: $id) { ...Fields } many: companies(first: $n,"
                        + " filter: {city: {eq: $city}}) { edges { node { ... on Company { ...Fields } ... { email } } } } }"
                        + " fragment Fields on Company { name city }",
                "{ a: contacts(first: 1, orderBy: [{field: lastName}]) { edges { node { lastName company { name } } } }"
                        + " b: contacts(last: 2, orderBy: [{field: lastName}]) { edges { node { name: lastName employer: company { name } } } }"
                        + " __typename }",
                "{ deal(id: \"" + deal + "\") { name amount { amount currencyCode __typename } linkedInvoices { id number }"
                        + " contact { lastName } stage { name } } }");
        Map<String, Object> variables = Map.of("id", acme, "n", 3, "city", "Bonn");
        for (String query : queries) {
            Api.Response compiled = post(query, variables);
            Api.Response general = general(query, variables);

            assertThat(compiled.header("X-Graphql-Execution")).as("compiled: %s %s", query, compiled.body()).isEqualTo("compiled");
            assertThat(general.header("X-Graphql-Execution")).as("left to graphql-java: %s", query).isNull();
            assertThat(compiled.body()).as(query).doesNotContain("\"errors\"").isEqualTo(general.body());
            assertThat(compiled.header("Content-Type")).isEqualTo(general.header("Content-Type"));
            assertThat(compiled.header("X-Sql-Statements")).as(query).isEqualTo(general.header("X-Sql-Statements"));
            assertThat(compiled.status()).isEqualTo(200);
        }
        JsonNode page = JSON.readTree(post(queries.get(3), variables).body()).path("data").path("companies").path("edges");
        assertThat(page.findValuesAsString("lastName")).containsExactly("Beta-1", "Doe", "Poe");
        assertThat(page.get(1).path("node").path("deals").path("edges").findValuesAsString("number")).containsExactly("RE-1");
    }

    @Test
    void customFieldsOfEveryKindAndACustomObjectAnswerTheSameBytes() {
        String admin = TestPlatform.token(tenant, Role.TENANT_ADMIN);
        for (String field : IntrospectionCompatibilityTest.CUSTOM_FIELDS) {
            admin(admin, "mutation { createField(object: \"company\", input: " + field + ") { metadataVersion } }");
        }
        admin(admin, "mutation { createObject(input: {apiName: \"vehicle\", labelSingular: \"Vehicle\", labelPlural: \"Vehicles\"}) { metadataVersion } }");
        admin(admin, "mutation { createField(object: \"vehicle\", input: {apiName: \"plate\", type: {kind: \"TEXT\"}}) { metadataVersion } }");
        admin(admin, "mutation { createField(object: \"vehicle\", input: {apiName: \"owner\", type: {kind: \"RELATION\", target: \"company\","
                + " cardinality: \"MANY_TO_ONE\", inverseName: \"vehicles\"}}) { metadataVersion } }");
        grantAllFieldsToUsers(tenant, "company", "vehicle");
        String partner = data("mutation { createCompany(data: {name: \"Partner\"}) { id } }").path("createCompany").path("id").asString();
        data("mutation { updateCompany(id: \"" + acme + "\", data: {note: \"Tools\", story: \"Once upon a time\", seats: 42, score: \"3.1415\","
                + " budget: {amount: \"99.90\", currencyCode: \"USD\"}, discount: \"12.5\", vip: true, foundedOn: \"1999-12-31\","
                + " lastAudit: \"2026-11-30T08:15:00.123Z\", tier: GOLD, channels: [PHONE, EMAIL], extra: {a: [1, \"x\", null]},"
                + " partners: [\"" + partner + "\"]}) { id } }");
        data("mutation { createVehicle(data: {plate: \"B-MP 1\", owner: \"" + acme + "\"}) { id } }");
        String fields = "name note story billingEmail seats score budget { amount currencyCode } discount vip foundedOn lastAudit tier"
                + " channels labels ticketNo scoreLabel contactCount extra partners { name ticketNo }"
                + " vehicles { totalCount edges { node { plate owner { name tier } } } }";
        for (String query : List.of(
                "{ company(id: \"" + acme + "\") { " + fields + " } }",
                "{ companies(orderBy: [{field: name}], first: 10) { edges { node { " + fields + " } } } }",
                "{ vehicles(first: 5) { edges { node { plate owner { name channels partners { name } } } } } }")) {
            Api.Response compiled = post(query, Map.of());
            Api.Response general = general(query, Map.of());

            assertThat(compiled.header("X-Graphql-Execution")).as("compiled: %s %s", query, compiled.body()).isEqualTo("compiled");
            assertThat(compiled.body()).as(query).doesNotContain("\"errors\"").isEqualTo(general.body());
        }
        JsonNode company = JSON.readTree(post("{ company(id: \"" + acme + "\") { " + fields + " } }", Map.of()).body()).path("data").path("company");
        assertThat(company.path("channels").toString()).isEqualTo("[\"PHONE\",\"EMAIL\"]");
        assertThat(company.path("vehicles").path("edges").get(0).path("node").path("owner").path("tier").asString()).isEqualTo("GOLD");
        assertThat(company.path("contactCount").asInt()).isEqualTo(3);
    }

    private void admin(String token, String mutation) {
        Api.Response response = api.post("/graphql/admin", token, JSON.writeValueAsString(Map.of("query", mutation)));
        assertThat(response.body()).as(mutation).doesNotContain("\"errors\"");
    }

    @Test
    void errorsAndWhatItDoesNotCompileAreAnsweredByGraphQlJava() {
        for (String query : List.of(
                "{ company(id: \"not-an-id\") { id } }",
                "{ companies(first: -1) { edges { node { id } } } }",
                "{ companies(first: 1) { edges { node { name history { operation } } } } }",
                "{ companiesAggregate { count } }",
                "{ __schema { queryType { name } } }",
                "mutation { createCompany(data: {name: \"Gamma\"}) { id } }")) {
            Api.Response response = post(query, Map.of());
            assertThat(response.header("X-Graphql-Execution")).as(query).isNull();
            assertThat(response.status()).isEqualTo(200);
        }
        JsonNode refused = JSON.readTree(post("{ company(id: \"not-an-id\") { id } }", Map.of()).body());
        assertThat(refused.path("errors").get(0).path("extensions").path("code").asString()).isEqualTo("NOT_FOUND");
        JsonNode tooFew = JSON.readTree(post("{ companies(first: -1) { edges { node { id } } } }", Map.of()).body());
        assertThat(tooFew.path("errors").get(0).path("extensions").path("code").asString()).isEqualTo("VALIDATION_FAILED");
        Api.Response badVariable = post("query Named($id: ID!, $n: Int) { company(id: $id) { name } companies(first: $n) { totalCount } }",
                Map.of("id", acme, "n", "many"));
        assertThat(badVariable.header("X-Graphql-Execution")).isNull();
        assertThat(JSON.readTree(badVariable.body()).path("errors").get(0).path("extensions").path("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(badVariable.body()).doesNotContain("ACME");
    }

    @Test
    void anotherTenantsCompiledReadsSeeNoneOfThisTenantsRecords() {
        TenantId otherTenant = createTenant("Other");
        String otherUser = TestPlatform.token(otherTenant, Role.TENANT_USER);

        Api.Response byId = api.post("/graphql", otherUser, JSON.writeValueAsString(Map.of("query",
                "{ company(id: \"" + acme + "\") { id name contacts { totalCount } } }")));
        Api.Response pages = api.post("/graphql", otherUser, JSON.writeValueAsString(Map.of("query",
                "{ companies(first: 50) { totalCount edges { node { name } } } contacts(first: 50) { totalCount } }")));

        assertThat(byId.header("X-Graphql-Execution")).isEqualTo("compiled");
        assertThat(JSON.readTree(byId.body()).path("data").path("company").isNull()).isTrue();
        assertThat(pages.header("X-Graphql-Execution")).isEqualTo("compiled");
        assertThat(JSON.readTree(pages.body()).path("data").path("companies").path("totalCount").asInt()).isZero();
        assertThat(JSON.readTree(pages.body()).path("data").path("contacts").path("totalCount").asInt()).isZero();
    }

    @Test
    void aCallerWithoutATenantRoleIsRefusedAsBefore() {
        String noRole = TestPlatform.token(tenant);

        Api.Response response = api.post("/graphql", noRole, JSON.writeValueAsString(Map.of("query", "{ companies { totalCount } }")));

        assertThat(response.header("X-Graphql-Execution")).isNull();
        assertThat(JSON.readTree(response.body()).path("errors").get(0).path("extensions").path("code").asString()).isEqualTo("FORBIDDEN");
        assertThat(response.body()).doesNotContain("ACME");
    }

    @Test
    void includeAndSkipAreCompiledForEachValueOfTheirVariables() {
        String query = "query Named($id: ID!, $withContacts: Boolean!, $brief: Boolean = false) { company(id: $id) { name"
                + " city @skip(if: $brief) email @include(if: true) status @skip(if: true)"
                + " contacts(orderBy: [{field: lastName}], first: 2) @include(if: $withContacts) { edges { node { lastName"
                + " ... on Contact @skip(if: $brief) { firstName } ...More @include(if: $withContacts) } } } } }"
                + " fragment More on Contact { company { name } }";
        Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
        cases.put("all in", Map.of("id", acme, "withContacts", true));
        cases.put("brief", Map.of("id", acme, "withContacts", true, "brief", true));
        cases.put("no contacts", Map.of("id", acme, "withContacts", false, "brief", false));
        Map<String, String> statements = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> variables : cases.entrySet()) {
            Api.Response compiled = post(query, variables.getValue());
            Api.Response general = general(query, variables.getValue());

            assertThat(compiled.header("X-Graphql-Execution")).as(variables.getKey() + ": " + compiled.body()).isEqualTo("compiled");
            assertThat(general.header("X-Graphql-Execution")).isNull();
            assertThat(compiled.body()).as(variables.getKey()).doesNotContain("\"errors\"").isEqualTo(general.body());
            statements.put(variables.getKey(), compiled.header("X-Sql-Statements"));
        }
        JsonNode brief = JSON.readTree(post(query, cases.get("brief")).body()).path("data").path("company");
        assertThat(brief.has("city")).isFalse();
        assertThat(brief.has("status")).isFalse();
        assertThat(brief.path("email").asString()).isEqualTo("info@acme.example");
        assertThat(brief.path("contacts").path("edges").get(0).path("node").has("firstName")).isFalse();
        assertThat(brief.path("contacts").path("edges").get(0).path("node").path("company").path("name").asString()).isEqualTo("ACME");
        assertThat(JSON.readTree(post(query, cases.get("no contacts")).body()).path("data").path("company").has("contacts")).isFalse();
        assertThat(Integer.parseInt(statements.get("no contacts"))).as("the contacts left out are not read")
                .isLessThan(Integer.parseInt(statements.get("all in")));

        Api.Response missing = post(query, Map.of("id", acme));
        assertThat(missing.header("X-Graphql-Execution")).as("a required condition without a value").isNull();
        assertThat(JSON.readTree(missing.body()).path("errors").get(0).path("extensions").path("code").asString()).isEqualTo("VALIDATION_FAILED");
    }

    private Api.Response post(String query, Map<String, Object> variables) {
        return api.post("/graphql", user, body(query, variables));
    }

    /** The query answered by graphql-java, as a client asks with {@code X-Graphql-Execution: general}. */
    private Api.Response general(String query, Map<String, Object> variables) {
        return api.post("/graphql", user, "application/json", body(query, variables).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Map.of("X-Graphql-Execution", "general"));
    }

    private static String body(String query, Map<String, Object> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        if (query.startsWith("query Named")) {
            body.put("operationName", "Named");
            body.put("variables", variables);
        }
        return JSON.writeValueAsString(body);
    }

    private JsonNode data(String query) {
        Api.Response response = api.post("/graphql", user, JSON.writeValueAsString(Map.of("query", query)));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("errors").isMissingNode()).as("errors: %s", body.path("errors")).isTrue();
        return body.path("data");
    }
}
