package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.DevIssuer;
import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The generated per-tenant API through HTTP with real tokens. */
class GraphQlApiTest extends ApiTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    TenantId tenant;
    String user;

    @BeforeEach
    void tenant() {
        tenant = createTenant("GraphQL");
        user = TestPlatform.token(tenant, Role.TENANT_USER);
    }

    @Test
    void createsAndReadsBuiltInRecordsWithRelationsInBothDirections() {
        String companyId = data(user, "mutation { createCompany(data: {name: \"ACME\", status: ACTIVE}) { id name status version } }")
                .path("createCompany").path("id").asString();
        for (String name : List.of("Doe", "Roe", "Poe")) {
            data(user, "mutation { createContact(data: {lastName: \"" + name + "\", company: \"" + companyId + "\"}) { id } }");
        }

        JsonNode companies = data(user, """
                { companies(filter: {status: {eq: ACTIVE}}, first: 5) {
                    totalCount
                    edges { node { name contacts(orderBy: [{field: lastName, direction: DESC}], first: 2) {
                        edges { node { lastName company { name } } } pageInfo { hasNextPage } } } }
                } }""").path("companies");

        assertThat(companies.path("totalCount").asInt()).isEqualTo(1);
        JsonNode contacts = companies.path("edges").get(0).path("node").path("contacts");
        assertThat(contacts.path("edges").findValuesAsString("lastName")).containsExactly("Roe", "Poe");
        assertThat(contacts.path("edges").get(0).path("node").path("company").path("name").asString()).isEqualTo("ACME");
        assertThat(contacts.path("pageInfo").path("hasNextPage").asBoolean()).isTrue();
    }

    @Test
    void pagesStayStableWhileRecordsAreInsertedBetweenThem() {
        StringBuilder batch = new StringBuilder("mutation { createCompanies(data: [");
        for (int i = 0; i < 20; i++) {
            batch.append("{name: \"N").append(String.format("%02d", i)).append("\"} ");
        }
        data(user, batch.append("]) { id } }").toString());
        List<String> forward = new ArrayList<>();
        String after = null;
        boolean inserted = false;
        do {
            JsonNode page = data(user, "{ companies(first: 5, orderBy: [{field: name}]" + (after == null ? "" : ", after: \"" + after + "\"")
                    + ") { edges { node { name } } pageInfo { hasNextPage endCursor } } }").path("companies");
            page.path("edges").forEach(edge -> forward.add(edge.path("node").path("name").asString()));
            after = page.path("pageInfo").path("hasNextPage").asBoolean() ? page.path("pageInfo").path("endCursor").asString() : null;
            if (!inserted) {
                data(user, "mutation { createCompanies(data: [{name: \"A-before-all\"}, {name: \"N02b\"}, {name: \"N15b\"}]) { id } }");
                inserted = true;
            }
        } while (after != null);

        assertThat(forward).doesNotHaveDuplicates().contains("N15b").doesNotContain("A-before-all", "N02b");
        assertThat(forward.stream().filter(name -> name.matches("N\\d\\d"))).hasSize(20);

        List<String> backward = new ArrayList<>();
        String before = null;
        do {
            JsonNode page = data(user, "{ companies(last: 4, orderBy: [{field: name}]" + (before == null ? "" : ", before: \"" + before + "\"")
                    + ") { edges { node { name } } pageInfo { hasPreviousPage startCursor } } }").path("companies");
            List<String> names = new ArrayList<>();
            page.path("edges").forEach(edge -> names.add(edge.path("node").path("name").asString()));
            backward.addAll(0, names);
            before = page.path("pageInfo").path("hasPreviousPage").asBoolean() ? page.path("pageInfo").path("startCursor").asString() : null;
        } while (before != null);
        assertThat(backward).doesNotHaveDuplicates().hasSize(23).isSorted();
    }

    @Test
    void aThreeLevelQueryCostsOneStatementPerLevelHoweverManyRecords() {
        String query = "{ companies(first: 100) { edges { node { name contacts { edges { node { lastName company { name } } } } } } } }";
        addCompaniesWithContacts(2);
        int fewRecords = statements(query);
        addCompaniesWithContacts(8);
        int manyRecords = statements(query);

        assertThat(manyRecords).isEqualTo(fewRecords);
        assertThat(manyRecords).as("3 levels + metadata version checks").isLessThanOrEqualTo(10);
    }

    @Test
    void aReadByIdIsOneStatementOnceTheTenantsMetadataIsKnown() {
        String id = data(user, "mutation { createCompany(data: {name: \"ACME\"}) { id } }").path("createCompany").path("id").asString();
        String query = "{ company(id: \"" + id + "\") { id name } }";
        statements(query);

        assertThat(statements(query)).as("the record read alone: the metadata version comes from this instance's memory").isEqualTo(1);
    }

    @Test
    void aQueryReadsEveryLevelStatementByStatementAndAMutationWritesAsBefore() {
        addCompaniesWithContacts(2);
        String query = "{ companies(first: 10) { edges { node { name contacts { edges { node { lastName company { name } } } } } } } }";
        statements(query);

        Api.Response read = api.post("/graphql", user, JSON.writeValueAsString(java.util.Map.of("query", query)));
        assertThat(read.body()).doesNotContain("\"errors\"").contains("\"lastName\":\"A\"");
        assertThat(read.header("X-Sql-Transactions")).as("three levels, each statement sent with a transaction and tenant setting of its own: none held over them")
                .isEqualTo("0");
        assertThat(Integer.parseInt(read.header("X-Sql-Statements"))).as("one statement per level").isEqualTo(3);

        Api.Response write = api.post("/graphql", user, JSON.writeValueAsString(java.util.Map.of("query",
                "mutation { createCompany(data: {name: \"Written\"}) { id name } }")));
        assertThat(write.body()).doesNotContain("\"errors\"").contains("Written");
        assertThat(data(user, "{ companies(filter: {name: {eq: \"Written\"}}) { edges { node { name } } } }").toString())
                .as("the mutation committed").contains("Written");
    }

    @Test
    void aReadFetchesManyToManyLinksOnlyWhenTheQuerySelectsThem() {
        String invoice = data(user, "mutation { createInvoice(data: {number: \"RE-1\"}) { id } }").path("createInvoice").path("id").asString();
        String deal = data(user, "mutation { createDeal(data: {name: \"Big\", linkedInvoices: [\"" + invoice + "\"]}) { id } }")
                .path("createDeal").path("id").asString();
        String page = "{ deals(first: 10) { edges { node { name } } } }";
        String pageWithLinks = "{ deals(first: 10) { edges { node { name linkedInvoices { number } } } } }";
        String one = "{ deal(id: \"" + deal + "\") { name } }";
        String oneWithLinks = "{ deal(id: \"" + deal + "\") { name linkedInvoices { number } } }";
        statements(page);

        assertThat(statements(page)).as("the deals alone: deal has four many-to-many relations, none selected").isEqualTo(1);
        assertThat(statements(pageWithLinks)).as("the deals, their links, the linked invoices").isEqualTo(3);
        assertThat(statements(one)).isEqualTo(1);
        assertThat(statements(oneWithLinks)).isEqualTo(3);
        assertThat(data(user, pageWithLinks).path("deals").path("edges").get(0).path("node").path("linkedInvoices").findValuesAsString("number"))
                .containsExactly("RE-1");
        assertThat(data(user, oneWithLinks).path("deal").path("linkedInvoices").findValuesAsString("number")).containsExactly("RE-1");
        assertThat(data(user, one).path("deal").path("name").asString()).isEqualTo("Big");
    }

    @Test
    void oneRecordReachedThroughToOneRelationsWithDifferentSelectionsAnswersEachOfThem() {
        String acme = data(user, "mutation { createCompany(data: {name: \"Acme\", city: \"Berlin\"}) { id } }").path("createCompany")
                .path("id").asString();
        data(user, "mutation { createContacts(data: [{lastName: \"A\", company: \"" + acme + "\"}]) { id } }");
        String query = "{ contacts(first: 10) { edges { node { lastName one: company { name } two: company { city } } } } }";

        JsonNode node = data(user, query).path("contacts").path("edges").get(0).path("node");

        assertThat(node.path("one").path("name").asString()).isEqualTo("Acme");
        assertThat(node.path("two").path("city").asString()).isEqualTo("Berlin");
        assertThat(statements(query)).as("the contacts, then their company once for both selections").isEqualTo(2);
    }

    private void addCompaniesWithContacts(int companies) {
        for (int i = 0; i < companies; i++) {
            String id = data(user, "mutation { createCompany(data: {name: \"C" + i + "\"}) { id } }").path("createCompany").path("id").asString();
            data(user, "mutation { createContacts(data: [{lastName: \"A\", company: \"" + id + "\"}, {lastName: \"B\", company: \""
                    + id + "\"}]) { id } }");
        }
    }

    private int statements(String query) {
        Api.Response response = api.post("/graphql", user, JSON.writeValueAsString(java.util.Map.of("query", query)));
        assertThat(response.body()).doesNotContain("\"errors\"");
        return Integer.parseInt(response.header("X-Sql-Statements"));
    }

    @Test
    void bulkUpdateChangesEveryMatchingRecordAndRefusesAUniqueValueForMany() {
        data(user, "mutation { createCompanies(data: [{name: \"A\", city: \"Bonn\"}, {name: \"B\", city: \"Bonn\"}, {name: \"C\", city: \"Kiel\"}]) { id } }");

        int changed = data(user, "mutation { updateCompanies(filter: {city: {eq: \"Bonn\"}}, data: {status: INACTIVE}) }")
                .path("updateCompanies").asInt();
        JsonNode duplicate = post(user, "mutation { updateCompanies(filter: {city: {eq: \"Bonn\"}}, data: {customerNumber: \"K-1\"}) }");

        assertThat(changed).isEqualTo(2);
        assertThat(data(user, "{ companies(filter: {status: {eq: INACTIVE}}) { totalCount } }").path("companies").path("totalCount").asInt())
                .isEqualTo(2);
        assertThat(duplicate.path("errors").get(0).path("extensions").path("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(data(user, "{ companies(filter: {customerNumber: {isNull: false}}) { totalCount } }").path("companies")
                .path("totalCount").asInt()).as("nothing half-written").isZero();
    }

    @Test
    void validationErrorsCarryTheCodeAndEveryOffendingField() {
        JsonNode response = post(user, "mutation { createCompany(data: {name: \"ACME\", email: \"nope\", website: \"not a url\"}) { id } }");
        // A required field left out is refused by the schema itself (non-null in CompanyCreateInput).
        JsonNode missing = post(user, "mutation { createCompany(data: {email: \"nope\"}) { id } }");

        JsonNode error = response.path("errors").get(0);
        assertThat(error.path("extensions").path("code").asString()).isEqualTo("VALIDATION_FAILED");
        List<String> fields = new ArrayList<>();
        error.path("extensions").path("details").forEach(detail -> fields.add(detail.path("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("email", "website");
        assertThat(missing.path("errors").get(0).path("extensions").path("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(missing.path("errors").get(0).path("message").asString()).contains("name");
        assertThat(response.toString()).doesNotContain("java.", "\tat ", "select ", "SQL");
    }

    @Test
    void anotherTenantsIdIsNotFoundNeverData() {
        String mine = data(user, "mutation { createCompany(data: {name: \"Mine\"}) { id } }").path("createCompany").path("id").asString();
        String other = TestPlatform.token(createTenant("Other"), Role.TENANT_USER);

        JsonNode read = post(other, "{ company(id: \"" + mine + "\") { name } }");
        JsonNode update = post(other, "mutation { updateCompany(id: \"" + mine + "\", data: {name: \"Stolen\"}) { name } }");

        assertThat(read.path("data").path("company").isNull()).isTrue();
        assertThat(update.path("errors").get(0).path("extensions").path("code").asString()).isEqualTo("NOT_FOUND");
        assertThat(data(user, "{ company(id: \"" + mine + "\") { name } }").path("company").path("name").asString()).isEqualTo("Mine");
    }

    @Test
    void dealsLinkAndUnlinkVouchersAndShowWhoLinkedThemAndWhen() {
        String invoice = data(user, "mutation { createInvoice(data: {number: \"RE-1\"}) { id } }").path("createInvoice").path("id").asString();
        String quote = data(user, "mutation { createQuote(data: {number: \"AN-1\"}) { id } }").path("createQuote").path("id").asString();
        String bob = TestPlatform.issuer().mint(DevIssuer.TokenRequest.of("bob", tenant, Role.TENANT_USER));
        String deal = data(user, "mutation { createDeal(data: {name: \"Big\", linkedInvoices: [\"" + invoice + "\"]}) { id } }")
                .path("createDeal").path("id").asString();
        data(bob, "mutation { updateDeal(id: \"" + deal + "\", data: {linkedQuotes: [\"" + quote + "\"]}) { id } }");

        JsonNode linked = data(user, "{ deal(id: \"" + deal + "\") { linkedInvoices { number } linkedInvoicesLinks { id linkedAt linkedBy }"
                + " linkedQuotesLinks { id linkedBy } } }").path("deal");
        JsonNode ofInvoice = data(user, "{ deals(filter: {linkedInvoices: {containsAny: [\"" + invoice + "\"]}}) { totalCount } }");
        data(user, "mutation { updateDeal(id: \"" + deal + "\", data: {linkedInvoices: []}) { id } }");
        JsonNode unlinked = data(user, "{ deal(id: \"" + deal + "\") { linkedInvoices { number } linkedInvoicesLinks { id }"
                + " linkedQuotesLinks { linkedBy } } }").path("deal");

        assertThat(linked.path("linkedInvoices").findValuesAsString("number")).containsExactly("RE-1");
        JsonNode link = linked.path("linkedInvoicesLinks").get(0);
        assertThat(link.path("id").asString()).isEqualTo(invoice);
        assertThat(link.path("linkedBy").asString()).isEqualTo("user-" + tenant);
        assertThat(java.time.OffsetDateTime.parse(link.path("linkedAt").asString())).isBefore(java.time.OffsetDateTime.now().plusSeconds(1));
        assertThat(linked.path("linkedQuotesLinks").findValuesAsString("linkedBy")).containsExactly("bob");
        assertThat(ofInvoice.path("deals").path("totalCount").asInt()).as("deals of an invoice, by filter").isEqualTo(1);
        assertThat(unlinked.path("linkedInvoices").isEmpty()).isTrue();
        assertThat(unlinked.path("linkedInvoicesLinks").isEmpty()).isTrue();
        assertThat(unlinked.path("linkedQuotesLinks").findValuesAsString("linkedBy")).as("other links untouched").containsExactly("bob");
    }

    @Test
    void anInvoiceListsTheDealsLinkedToItAsAConnectionBatchedOverInvoices() {
        String first = data(user, "mutation { createInvoice(data: {number: \"RE-1\"}) { id } }").path("createInvoice").path("id").asString();
        String second = data(user, "mutation { createInvoice(data: {number: \"RE-2\"}) { id } }").path("createInvoice").path("id").asString();
        data(user, "mutation { createDeal(data: {name: \"Alpha\", linkedInvoices: [\"" + first + "\", \"" + second + "\"]}) { id } }");
        data(user, "mutation { createDeal(data: {name: \"Beta\", linkedInvoices: [\"" + first + "\"]}) { id } }");
        String gone = data(user, "mutation { createDeal(data: {name: \"Gamma\", linkedInvoices: [\"" + first + "\"]}) { id } }")
                .path("createDeal").path("id").asString();
        data(user, "mutation { deleteDeal(id: \"" + gone + "\") }");
        TenantId otherTenant = createTenant("Other");
        String other = TestPlatform.token(otherTenant, Role.TENANT_USER);

        JsonNode invoices = data(user, "{ invoices(orderBy: [{field: number}]) { edges { node { number"
                + " linkedDeals(orderBy: [{field: name, direction: DESC}], filter: {name: {neq: \"Nobody\"}}) { totalCount edges { node { name } } }"
                + " } } } }").path("invoices").path("edges");
        JsonNode paged = data(user, "{ invoice(id: \"" + first + "\") { linkedDeals(first: 1) { edges { node { name } } pageInfo { hasNextPage } } } }")
                .path("invoice").path("linkedDeals");
        JsonNode theirs = data(other, "{ invoices { edges { node { linkedDeals { totalCount } } } } }");

        assertThat(invoices.get(0).path("node").path("linkedDeals").path("edges").findValuesAsString("name")).containsExactly("Beta", "Alpha");
        assertThat(invoices.get(0).path("node").path("linkedDeals").path("totalCount").asInt()).as("the deleted deal is not counted").isEqualTo(2);
        assertThat(invoices.get(1).path("node").path("linkedDeals").path("edges").findValuesAsString("name")).containsExactly("Alpha");
        assertThat(paged.path("edges")).hasSize(1);
        assertThat(paged.path("pageInfo").path("hasNextPage").asBoolean()).isTrue();
        assertThat(theirs.path("invoices").path("edges")).as("tenant B sees none of A's invoices or links").isEmpty();
        String query = "{ invoices(first: 100) { edges { node { number linkedDeals { edges { node { name } } } } } } }";
        int few = statements(query);
        for (int i = 0; i < 5; i++) {
            String invoice = data(user, "mutation { createInvoice(data: {}) { id } }").path("createInvoice").path("id").asString();
            data(user, "mutation { createDeal(data: {name: \"D" + i + "\", linkedInvoices: [\"" + invoice + "\"]}) { id } }");
        }
        assertThat(statements(query)).as("one statement for the deals of every invoice").isEqualTo(few);
    }

    @Test
    void aDealCannotLinkAnotherTenantsVoucherNorShowItsLinksToThem() {
        TenantId otherTenant = createTenant("Other");
        String other = TestPlatform.token(otherTenant, Role.TENANT_USER);
        String theirs = data(other, "mutation { createInvoice(data: {number: \"RE-9\"}) { id } }").path("createInvoice").path("id").asString();
        String mine = data(user, "mutation { createInvoice(data: {number: \"RE-1\"}) { id } }").path("createInvoice").path("id").asString();
        String deal = data(user, "mutation { createDeal(data: {name: \"Mine\", linkedInvoices: [\"" + mine + "\"]}) { id } }")
                .path("createDeal").path("id").asString();

        JsonNode refused = post(user, "mutation { updateDeal(id: \"" + deal + "\", data: {linkedInvoices: [\"" + mine + "\", \""
                + theirs + "\"]}) { id } }");
        JsonNode peek = post(other, "{ deal(id: \"" + deal + "\") { linkedInvoicesLinks { id linkedBy } } }");

        JsonNode error = refused.path("errors").get(0);
        assertThat(error.path("extensions").path("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(error.path("extensions").path("details").findValuesAsString("code")).containsExactly("REFERENCE_NOT_FOUND");
        assertThat(error.path("extensions").path("details").findValuesAsString("field")).containsExactly("linkedInvoices");
        assertThat(peek.path("data").path("deal").isNull()).as("tenant B does not see tenant A's deal or its links").isTrue();
        assertThat(data(user, "{ deal(id: \"" + deal + "\") { linkedInvoicesLinks { id } } }").path("deal").path("linkedInvoicesLinks")
                .findValuesAsString("id")).as("nothing half-written").containsExactly(mine);
    }

    @Test
    void linksOfManyDealsCostOneStatementHoweverManyDeals() {
        String query = "{ deals(first: 100) { edges { node { name linkedInvoicesLinks { id linkedAt linkedBy } } } } }";
        addDealsWithInvoices(2);
        int fewDeals = statements(query);
        addDealsWithInvoices(8);

        assertThat(statements(query)).isEqualTo(fewDeals);
    }

    @Test
    void linksOfDealsUnderManyContactsCostOneStatementHoweverManyContacts() {
        String query = "{ contacts(first: 100) { edges { node { lastName deals(first: 5) { edges { node { name"
                + " linkedInvoices { id } } } } } } } }";
        addContactsWithDeals(2);
        int fewContacts = statements(query);
        addContactsWithDeals(8);

        assertThat(statements(query)).isEqualTo(fewContacts);
        JsonNode contacts = data(user, query).path("contacts").path("edges");
        assertThat(contacts).hasSize(10);
        assertThat(contacts.findValuesAsString("id")).as("each deal its own invoice").hasSize(10).doesNotHaveDuplicates();
    }

    private void addContactsWithDeals(int contacts) {
        for (int i = 0; i < contacts; i++) {
            String contact = data(user, "mutation { createContact(data: {lastName: \"L" + i + "\"}) { id } }").path("createContact")
                    .path("id").asString();
            String invoice = data(user, "mutation { createInvoice(data: {}) { id } }").path("createInvoice").path("id").asString();
            data(user, "mutation { createDeal(data: {name: \"D" + i + "\", contact: \"" + contact + "\", linkedInvoices: [\""
                    + invoice + "\"]}) { id } }");
        }
    }

    private void addDealsWithInvoices(int deals) {
        for (int i = 0; i < deals; i++) {
            String invoice = data(user, "mutation { createInvoice(data: {}) { id } }").path("createInvoice").path("id").asString();
            data(user, "mutation { createDeal(data: {name: \"D" + i + "\", linkedInvoices: [\"" + invoice + "\"]}) { id } }");
        }
    }

    @Test
    void tooDeepQueriesAndSyntaxErrorsAreRefusedWithCodes() {
        String deep = "{ companies { edges { node { contacts { edges { node { company { contacts { edges { node { company { contacts {"
                + " edges { node { company { name } } } } } } } } } } } } } } } }";

        assertThat(post(user, deep).path("errors").get(0).path("extensions").path("code").asString()).isEqualTo("LIMIT_EXCEEDED");
        assertThat(post(user, "{ __typename " + deep.substring(1)).path("errors").get(0).path("extensions").path("code").asString())
                .as("introspection beside data does not lift the depth limit").isEqualTo("LIMIT_EXCEEDED");
        assertThat(post(user, "{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }")
                .path("errors")).as("introspection alone is bounded by graphql-java's good-faith check").isNotEmpty();
        assertThat(post(user, "{ companies { ").path("errors").get(0).path("extensions").path("code").asString())
                .isEqualTo("VALIDATION_FAILED");
        assertThat(post(user, "{ nothingHere }").path("errors").get(0).path("extensions").path("code").asString())
                .isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void aliasAmplifiedAndWideQueriesAreRefused() {
        StringBuilder aliases = new StringBuilder("{");
        for (int i = 0; i < 60; i++) {
            aliases.append(" a").append(i).append(": companies(first: 500) { totalCount }");
        }
        StringBuilder roots = new StringBuilder("{");
        for (int i = 0; i < 25; i++) {
            roots.append(" c").append(i).append(": company(id: \"00000000-0000-0000-0000-00000000000").append(i % 10).append("\") { name }");
        }

        assertThat(post(user, aliases + " }").path("errors").get(0).path("extensions").path("code").asString()).isEqualTo("LIMIT_EXCEEDED");
        assertThat(post(user, "{ companies { totalCount } deals { totalCount } }").path("errors").isMissingNode()).isTrue();
        assertThat(post(user, roots + " }").path("errors").get(0).path("extensions").path("code").asString()).isEqualTo("LIMIT_EXCEEDED");
    }

    @Test
    void aTokenWithoutTenantIsForbidden() {
        JsonNode response = post(TestPlatform.operatorToken(), "{ companies { totalCount } }");

        assertThat(response.path("errors").get(0).path("extensions").path("code").asString()).isEqualTo("FORBIDDEN");
    }

    @Test
    void missingTokenIsUnauthenticated() {
        Api.Response response = api.post("/graphql", null, "{\"query\":\"{ companies { totalCount } }\"}");

        assertThat(response.status()).isEqualTo(401);
    }

    @Test
    void everyErrorsClassificationFollowsItsCode() {
        String missing = java.util.UUID.randomUUID().toString();
        java.util.Map<String, JsonNode> errors = new java.util.LinkedHashMap<>();
        errors.put("no tenant", post(TestPlatform.operatorToken(), "{ companies { totalCount } }"));
        errors.put("unknown field", post(user, "{ companies { nope } }"));
        errors.put("invalid value", post(user, "mutation { createCompany(data: {name: \"" + "x".repeat(300) + "\"}) { id } }"));
        errors.put("missing record", post(user, "mutation { updateCompany(id: \"" + missing + "\", data: {name: \"X\"}) { id } }"));
        errors.put("over a limit", post(user, "{ " + java.util.stream.IntStream.range(0, 60).mapToObj(i -> "a" + i + ": __typename")
                .collect(java.util.stream.Collectors.joining(" ")) + " }"));

        java.util.Map<String, String> expected = java.util.Map.of("FORBIDDEN", "FORBIDDEN", "VALIDATION_FAILED", "BAD_REQUEST",
                "NOT_FOUND", "NOT_FOUND", "LIMIT_EXCEEDED", "BAD_REQUEST");
        errors.forEach((kind, response) -> {
            JsonNode extensions = response.path("errors").path(0).path("extensions");
            String code = extensions.path("code").asString();
            assertThat(expected).as(kind + ": " + response).containsKey(code);
            assertThat(extensions.path("classification").asString()).as(kind).isEqualTo(expected.get(code));
        });
        assertThat(errors.values().stream().map(response -> response.path("errors").path(0).path("extensions").path("code").asString()))
                .containsExactlyInAnyOrder("FORBIDDEN", "VALIDATION_FAILED", "VALIDATION_FAILED", "NOT_FOUND", "LIMIT_EXCEEDED");
    }

    @Test
    void nestedToManyConnectionsCountTheirRecordsWithTheFilterButNotThePage() {
        String acme = data(user, "mutation { createCompany(data: {name: \"ACME\"}) { id } }").path("createCompany").path("id").asString();
        data(user, "mutation { createCompany(data: {name: \"Empty\"}) { id } }");
        for (String name : List.of("Doe", "Roe", "Poe")) {
            data(user, "mutation { createContact(data: {lastName: \"" + name + "\", company: \"" + acme + "\"}) { id } }");
        }

        JsonNode companies = data(user, """
                { companies(orderBy: [{field: name}]) { edges { node { name
                    all: contacts(first: 1) { totalCount edges { node { lastName } } }
                    some: contacts(filter: {lastName: {startsWith: "R"}}) { totalCount } } } } }""").path("companies").path("edges");

        assertThat(companies.get(0).path("node").path("all").path("totalCount").asInt()).isEqualTo(3);
        assertThat(companies.get(0).path("node").path("all").path("edges")).hasSize(1);
        assertThat(companies.get(0).path("node").path("some").path("totalCount").asInt()).isEqualTo(1);
        assertThat(companies.get(1).path("node").path("all").path("totalCount").asInt()).as("a parent without children counts 0").isZero();
    }

    @Test
    void theSchemaOffersWhatTheServerAccepts() {
        JsonNode create = data(user, "{ __type(name: \"CompanyCreateInput\") { inputFields { name type { kind } } } }").path("__type");
        JsonNode update = data(user, "{ __type(name: \"CompanyUpdateInput\") { inputFields { name type { kind } } } }").path("__type");
        JsonNode select = data(user, "{ __type(name: \"CompanyStatusOptionFilter\") { inputFields { name } } }").path("__type");
        JsonNode missing = post(user, "mutation { createCompany(data: {city: \"Berlin\"}) { id } }");

        assertThat(kindOf(create, "name")).as("required, no default").isEqualTo("NON_NULL");
        assertThat(kindOf(create, "city")).isNotEqualTo("NON_NULL");
        assertThat(kindOf(update, "name")).as("updates may leave it out").isNotEqualTo("NON_NULL");
        assertThat(select.path("inputFields").findValuesAsString("name")).containsExactly("eq", "neq", "in", "notIn", "isNull");
        assertThat(missing.path("errors").path(0).path("message").asString()).contains("name");
        assertThat(data(user, "{ companies { totalCount } }").path("companies").path("totalCount").asInt()).isZero();
    }

    private static String kindOf(JsonNode type, String field) {
        for (JsonNode input : type.path("inputFields")) {
            if (input.path("name").asString().equals(field)) {
                return input.path("type").path("kind").asString();
            }
        }
        throw new AssertionError(field + " is not a field of " + type);
    }

    private JsonNode data(String token, String query) {
        JsonNode response = post(token, query);
        assertThat(response.path("errors").isMissingNode() || response.path("errors").isEmpty())
                .as("errors: %s", response.path("errors")).isTrue();
        return response.path("data");
    }

    private JsonNode post(String token, String query) {
        Api.Response response = api.post("/graphql", token, JSON.writeValueAsString(java.util.Map.of("query", query)));
        return JSON.readTree(response.body());
    }
}
