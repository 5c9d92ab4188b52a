package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The limits of /graphql and /graphql/admin through HTTP, as a hostile client would meet them: each refusal carries its
 * code, comes before any SQL statement of the operation ran (the X-Sql-Statements header is no higher than that of a
 * query that reads nothing) and well within the time the request used to take.
 */
class GraphQlLimitsApiTest extends ApiTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Generous: these requests ran for seconds or exhausted the heap before; refused, they take milliseconds. */
    private static final long PROMPTLY_MS = 2_000;
    private static final String NO_ID = "00000000-0000-0000-0000-000000000000";

    TenantId tenant;
    String user;
    String admin;
    int readsNothing;

    @BeforeEach
    void tenant() {
        tenant = createTenant("Limits");
        user = TestPlatform.token(tenant, Role.TENANT_USER);
        admin = TestPlatform.token(tenant, Role.TENANT_ADMIN);
        data("mutation { createCompany(data: {name: \"ACME\"}) { id } }");
        post("/graphql", user, "{ __typename }", Map.of());
        readsNothing = Integer.parseInt(post("/graphql", user, "{ __typename }", Map.of()).response.header("X-Sql-Statements"));
    }

    @Test
    void aliasesInsideANamedFragmentAreCounted() {
        String aliases = IntStream.range(0, 500).mapToObj(i -> "n" + i + ": name").collect(Collectors.joining(" "));

        assertRefusedBeforeSql(post("/graphql", user, "{ companies(first: 500) { edges { node { ...F } } } } fragment F on Company { " + aliases
                + " }", Map.of()), "LIMIT_EXCEEDED");
    }

    @Test
    void rootFieldsInsideAnInlineFragmentAreCounted() {
        String roots = IntStream.range(0, 30).mapToObj(i -> "c" + i + ": companies(first: 500) { totalCount }").collect(Collectors.joining(" "));

        assertRefusedBeforeSql(post("/graphql", user, "{ ... on Query { " + roots + " } }", Map.of()), "LIMIT_EXCEEDED");
    }

    @Test
    void fragmentsDoublingEachOtherAreRefusedWithoutExpandingThem() {
        StringBuilder document = new StringBuilder("{ companies { edges { node { ...F30 } } } } fragment F0 on Company { name }");
        for (int i = 1; i <= 30; i++) {
            document.append(" fragment F").append(i).append(" on Company { ...F").append(i - 1).append(" ...F").append(i - 1).append(" }");
        }

        Answer answer = post("/graphql", user, document.toString(), Map.of());

        assertRefusedBeforeSql(answer, "LIMIT_EXCEEDED");
        assertThat(answer.error().path("extensions").path("limit").asString()).isEqualTo("expanded-fields");
    }

    @Test
    void tooLongAndTooManyTokensAreLimitsNotInternalErrors() {
        assertRefusedBeforeSql(post("/graphql", user, "{ __typename }" + " ".repeat(100_001), Map.of()), "LIMIT_EXCEEDED");
        assertRefusedBeforeSql(post("/graphql", user, "{ company(id: \"" + NO_ID + "\") { " + "id ".repeat(11_000) + "} }", Map.of()),
                "LIMIT_EXCEEDED");
        assertThat(post("/graphql/admin", admin, "{ objects { " + "id ".repeat(11_000) + "} }", Map.of()).code()).isEqualTo("LIMIT_EXCEEDED");
    }

    @Test
    void aFilterWithTooManyTermsInVariablesIsRefusedBeforeItRuns() {
        List<Map<String, Object>> terms = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            terms.add(Map.of("name", Map.of("eq", "n" + i)));
        }
        String query = "query($f: CompanyFilter) { companies(filter: $f) { totalCount } }";

        Answer answer = post("/graphql", user, query, Map.of("f", Map.of("or", terms)));

        assertRefusedBeforeSql(answer, "LIMIT_EXCEEDED");
        assertThat(answer.error().path("extensions").path("limit").asString()).isEqualTo("filter-terms");
        assertRefusedBeforeSql(post("/graphql", user, "{ companies(filter: {not: {not: {not: {not: {not: {not: {not: {not: {not: {not:"
                + " {name: {eq: \"x\"}}}}}}}}}}}}) { totalCount } }", Map.of()), "LIMIT_EXCEEDED");
        assertThat(post("/graphql", user, query, Map.of("f", Map.of("or", terms.subList(0, 200)))).json.path("data").path("companies")
                .path("totalCount").asInt()).as("a filter within the limits runs").isZero();
    }

    @Test
    void negativeOrZeroPagesAreRefusedOnTheArgument() {
        Answer history = post("/graphql", user, "{ companies { edges { node { history(limit: -1) { id } } } } }", Map.of());

        assertRefusedBeforeSql(history, "VALIDATION_FAILED");
        assertThat(history.error().path("extensions").path("details").findValuesAsString("field")).containsExactly("limit");
        assertRefusedBeforeSql(post("/graphql", user, "query($n: Int) { companies(last: $n) { totalCount } }", Map.of("n", -1)),
                "VALIDATION_FAILED");
        assertRefusedBeforeSql(post("/graphql", user, "{ companies(first: 1) { edges { node { history(limit: 0) { id } } } } }", Map.of()),
                "VALIDATION_FAILED");
        assertThat(post("/graphql/admin", admin, "{ metadataChanges(limit: -1) { metadataVersion } }", Map.of()).code())
                .isEqualTo("VALIDATION_FAILED");
        assertThat(post("/graphql/admin", admin, "{ metadataChanges(limit: 0) { metadataVersion } }", Map.of()).code())
                .isEqualTo("VALIDATION_FAILED");
        assertThat(post("/graphql/admin", admin, "{ deadLetters(connection: \"" + NO_ID + "\", first: -1) { hasNextPage } }", Map.of()).code())
                .isEqualTo("VALIDATION_FAILED");
        assertThat(data("{ companies(first: 0) { totalCount } }").path("companies").path("totalCount").asInt())
                .as("first: 0 asks for the count alone").isEqualTo(1);
    }

    @Test
    void badFaithIntrospectionIsALimitAndTheStandardQueryStillWorks() {
        Answer twice = post("/graphql", user, "{ __schema { types { fields { type { fields { type { name } } } } } } }", Map.of());

        assertThat(twice.code()).isEqualTo("LIMIT_EXCEEDED");
        assertThat(post("/graphql", user, "{ a: __schema { queryType { name } } b: __schema { queryType { name } } }", Map.of()).code())
                .isEqualTo("LIMIT_EXCEEDED");
        assertThat(post("/graphql/admin", admin, "{ __schema { types { fields { type { fields { name } } } } } }", Map.of()).code())
                .isEqualTo("LIMIT_EXCEEDED");
        assertThat(post("/graphql", user, graphql.introspection.IntrospectionQuery.INTROSPECTION_QUERY, Map.of()).json.path("errors")
                .isMissingNode()).isTrue();
    }

    @Test
    void theAdminApiRefusesManyCopiesOfEveryObjectWithItsFields() {
        String objects = IntStream.range(0, 300).mapToObj(i -> "o" + i + ": objects { fields { apiName type constraints } }")
                .collect(Collectors.joining(" "));
        String everything = "objects { id apiName labelSingular labelPlural description position builtIn version"
                + " fields { id apiName label description position builtIn version kind type constraints } }";

        Answer aliased = post("/graphql/admin", admin, "{ ...Q } fragment Q on Query { " + objects + " }", Map.of());

        assertThat(aliased.code()).isEqualTo("LIMIT_EXCEEDED");
        assertThat(aliased.millis).isLessThan(PROMPTLY_MS);
        assertThat(aliased.response.body().length()).as("the refusal, not 14 MB of metadata").isLessThan(1_000);
        assertThat(post("/graphql/admin", admin, "{ a: " + everything + " b: " + everything + " }", Map.of()).code()).isEqualTo("LIMIT_EXCEEDED");
        assertThat(post("/graphql/admin", admin, "{ " + everything + " }", Map.of()).json.path("data").path("objects").size())
                .as("one full copy of the metadata is what an admin UI reads").isGreaterThan(5);
    }

    private void assertRefusedBeforeSql(Answer answer, String code) {
        assertThat(answer.code()).as(answer.response.body()).isEqualTo(code);
        assertThat(answer.json.path("data").path("companies").isMissingNode()).isTrue();
        assertThat(Integer.parseInt(answer.response.header("X-Sql-Statements"))).as("no statement of the operation ran")
                .isLessThanOrEqualTo(readsNothing);
        assertThat(answer.millis).isLessThan(PROMPTLY_MS);
    }

    private JsonNode data(String query) {
        Answer answer = post("/graphql", user, query, Map.of());
        assertThat(answer.json.path("errors").isMissingNode()).as(answer.response.body()).isTrue();
        return answer.json.path("data");
    }

    private Answer post(String path, String token, String query, Map<String, Object> variables) {
        long started = System.nanoTime();
        Api.Response response = api.post(path, token, JSON.writeValueAsString(Map.of("query", query, "variables", variables)));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return new Answer(response, JSON.readTree(response.body()), millis);
    }

    private record Answer(Api.Response response, JsonNode json, long millis) {

        JsonNode error() {
            return json.path("errors").path(0);
        }

        String code() {
            return error().path("extensions").path("code").asString();
        }
    }
}
