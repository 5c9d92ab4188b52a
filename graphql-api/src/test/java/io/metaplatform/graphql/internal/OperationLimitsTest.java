package io.metaplatform.graphql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.introspection.IntrospectionQuery;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import io.metaplatform.registry.BuiltInPacks;
import io.metaplatform.registry.EffectiveSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The limits of both GraphQL endpoints on plain graphql-java: a small schema whose fetchers count their calls (so a
 * refusal provably ran nothing), the generated built-in schema and the admin schema. No Spring, no database.
 */
class OperationLimitsTest {

    private static final String SDL = """
            type Query {
              companies(first: Int, last: Int, filter: CompanyFilter): CompanyConnection!
              company(id: ID!): Company
            }
            type CompanyConnection { edges: [CompanyEdge!]! totalCount: Int }
            type CompanyEdge { node: Company! cursor: String! }
            type Company {
              id: ID!
              name: String
              contacts(first: Int): CompanyConnection!
              history(limit: Int = 50): [Change!]!
            }
            type Change { id: ID! }
            input CompanyFilter { and: [CompanyFilter!] or: [CompanyFilter!] not: CompanyFilter name: StringFilter
                                  deals: RelationFilter }
            input RelationFilter { some: CompanyFilter none: CompanyFilter every: CompanyFilter }
            input StringFilter { eq: String in: [String!] }
            """;

    private final AtomicInteger fetches = new AtomicInteger();
    private final GraphQL small = graphQl(smallSchema(), GraphQlLimits.DEFAULTS, false);

    @Test
    void aliasesInsideANamedFragmentCount() {
        String aliases = IntStream.range(0, 500).mapToObj(i -> "a" + i + ": name").collect(Collectors.joining(" "));

        assertRefused(small, "{ company(id: 1) { ...F } } fragment F on Company { " + aliases + " }", "aliases");
        assertRefused(small, "{ ...Q } fragment Q on Query { " + IntStream.range(0, 51).mapToObj(i -> "c" + i + ": company(id: 1) { id }")
                .collect(Collectors.joining(" ")) + " }", "root-fields");
    }

    @Test
    void rootFieldsInsideInlineFragmentsCount() {
        String roots = IntStream.range(0, 30).mapToObj(i -> "c" + i + ": company(id: " + i + ") { id }").collect(Collectors.joining(" "));

        assertRefused(small, "{ ... on Query { " + roots + " } }", "root-fields");
        assertRefused(small, "{ ... { " + roots + " } }", "root-fields");
    }

    @Test
    void fragmentsSpreadingThePreviousOneTwiceAreMeasuredWithoutExpandingThem() {
        long started = System.nanoTime();
        ExecutionResult result = run(small, doubling(40), Map.of());
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(code(result)).isEqualTo("LIMIT_EXCEEDED");
        assertThat(result.getErrors().getFirst().getExtensions()).containsEntry("limit", "expanded-fields");
        assertThat(result.getErrors().getFirst().getMessage()).contains("more than");
        assertThat(fetches).hasValue(0);
        assertThat(millis).as("2^40 fields as written, measured in one pass").isLessThan(2_000);
        assertThat(run(small, doubling(8), Map.of()).getErrors()).as("2^8 = 256 fields are within the limit").isEmpty();
    }

    @Test
    void fragmentCyclesEndInValidationNotInALoop() {
        ExecutionResult result = run(small, "{ company(id: 1) { ...A } } fragment A on Company { name ...B } fragment B on Company { id ...A }",
                Map.of());

        assertThat(result.getErrors()).isNotEmpty().allSatisfy(error -> assertThat(error.getErrorType().toString()).isEqualTo("ValidationError"));
        assertThat(fetches).hasValue(0);
    }

    @Test
    void depthAndComplexityCountThroughFragments() {
        String deep = "{ company(id: 1) { ...C } } fragment C on Company { contacts { edges { node { contacts { edges { node { contacts {"
                + " edges { node { contacts { edges { node { name } } } } } } } } } } } } }";
        String wide = "{ companies(first: 500) { edges { node { ...C } } } } fragment C on Company { contacts(first: 500) { edges { node {"
                + " name history { id } } } } }";

        assertRefused(small, deep, "depth");
        assertRefused(small, wide, "complexity");
        assertThat(run(small, "{ companies(first: 100) { edges { node { name contacts { edges { node { name } } } } } } }", Map.of())
                .getErrors()).isEmpty();
    }

    @Test
    void aPageFromAVariableCountsAsTheLargestPage() {
        String query = "query($n: Int) { companies(first: $n) { edges { node { contacts(first: $n) { edges { node { name id } } } } } } }";

        assertRefused(small, query, "complexity");
    }

    @Test
    void documentsOverTheirSizeOrTokensAreRefusedBeforeParsing() {
        GraphQL tight = graphQl(smallSchema(), new GraphQlLimits(10_000, 100, null, null, null, null, null, null, null, null),
                false);

        assertRefused(tight, "{ company(id: 1) { name } }" + " ".repeat(10_000), "document-chars");
        assertRefused(tight, "{ company(id: 1) { " + "name ".repeat(200) + "} }", "document-tokens");
        assertRefused(small, "{ company(id: 1) { contacts(first: " + "[".repeat(300) + "1" + "]".repeat(300) + ") { totalCount } } }",
                "document-nesting");
    }

    @Test
    void filtersAreCountedWithTheirVariables() {
        List<Map<String, Object>> terms = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            terms.add(Map.of("name", Map.of("eq", "n" + i)));
        }
        Map<String, Object> deep = Map.of("name", Map.of("eq", "x"));
        for (int i = 0; i < 10; i++) {
            deep = Map.of("not", deep);
        }
        String query = "query($f: CompanyFilter) { companies(filter: $f) { totalCount } }";

        long started = System.nanoTime();
        ExecutionResult many = run(small, query, Map.of("f", Map.of("or", terms)));
        assertThat((System.nanoTime() - started) / 1_000_000).as("100,000 terms refused in well under the 10 s they ran").isLessThan(3_000);
        assertThat(code(many)).isEqualTo("LIMIT_EXCEEDED");
        assertThat(many.getErrors().getFirst().getExtensions()).containsEntry("limit", "filter-terms");
        assertThat(code(run(small, query, Map.of("f", deep)))).isEqualTo("LIMIT_EXCEEDED");
        assertThat(code(run(small, query, Map.of("f", Map.of("name", Map.of("in", IntStream.range(0, 1_001).mapToObj(i -> "v" + i)
                .toList())))))).isEqualTo("LIMIT_EXCEEDED");
        assertRefused(small, "{ companies(filter: {deals: {some: {not: {not: {not: {not: {not: {not: {not: {not: {not: {name: {eq: \"x\"}}"
                + "}}}}}}}}}}}) { totalCount } }", "filter-depth");
        assertThat(fetches).hasValue(0);
        assertThat(run(small, query, Map.of("f", Map.of("or", terms.subList(0, 500)))).getErrors()).isEmpty();
        assertThat(fetches).hasValue(1);
    }

    @Test
    void negativePagesAndNonPositiveLimitsAreRefusedOnTheArgument() {
        ExecutionResult history = run(small, "query($l: Int) { company(id: 1) { history(limit: $l) { id } } }", Map.of("l", -1));
        ExecutionResult last = run(small, "{ companies(last: -1) { totalCount } }", Map.of());

        assertThat(code(history)).isEqualTo("VALIDATION_FAILED");
        assertThat(history.getErrors().getFirst().getExtensions().get("details")).asString().contains("field=limit", "OUT_OF_RANGE");
        assertThat(code(run(small, "{ company(id: 1) { history(limit: 0) { id } } }", Map.of()))).isEqualTo("VALIDATION_FAILED");
        assertThat(code(last)).isEqualTo("VALIDATION_FAILED");
        assertThat(fetches).hasValue(0);
        assertThat(run(small, "{ companies(first: 0) { totalCount } }", Map.of()).getErrors()).as("first: 0 asks for the count only")
                .isEmpty();
    }

    @Test
    void theStandardIntrospectionQueryPassesOnBothGeneratedSchemas() {
        GraphQL data = graphQl(new SchemaFactory(new Fetchers(null, null), new FrontendFields(null, null)).build(new EffectiveSchema(0, BuiltInPacks.objects())),
                GraphQlLimits.DEFAULTS, false);

        assertThat(run(data, IntrospectionQuery.INTROSPECTION_QUERY, Map.of()).getErrors()).isEmpty();
        assertThat(run(admin(), IntrospectionQuery.INTROSPECTION_QUERY, Map.of()).getErrors()).isEmpty();
    }

    @Test
    void theAdminApiWeighsEveryObjectWithItsFields() {
        GraphQL admin = admin();
        String objects = IntStream.range(0, 300).mapToObj(i -> "o" + i + ": objects { fields { apiName type constraints } }")
                .collect(Collectors.joining(" "));
        String fields = IntStream.range(0, 60).mapToObj(i -> "f" + i + ": fields { apiName }").collect(Collectors.joining(" "));
        String everything = "objects { id apiName labelSingular labelPlural description position builtIn version"
                + " fields { id apiName label description position builtIn version kind type constraints } }";

        assertRefused(admin, "{ ...Q } fragment Q on Query { " + objects + " }", "root-fields");
        assertRefused(admin, "{ objects { ...O } } fragment O on ObjectDefinition { " + fields + " }", "aliases");
        assertRefused(admin, "{ a: " + everything + " b: " + everything + " }", "complexity");
        assertThat(code(run(admin, "{ metadataChanges(limit: -1) { metadataVersion } }", Map.of()))).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void configuredLimitsBelowOneAreRefusedAtStartUp() {
        assertThatThrownBy(() -> new GraphQlLimits(null, null, 0, null, null, null, null, null, null, null))
                .hasMessageContaining("platform.graphql.max-depth");
        assertThat(new GraphQlLimits(null, null, 30, null, null, null, null, null, null, null).maxDepth()).isEqualTo(30);
    }

    private GraphQL admin() {
        return new AdminApi(null, JsonMapper.builder().build(), List.of(), GraphQlLimits.DEFAULTS).graphQl();
    }

    /** Fragment F0 selects a name; each next one spreads the previous twice. */
    private static String doubling(int levels) {
        StringBuilder document = new StringBuilder("{ company(id: 1) { ...F" + levels + " } } fragment F0 on Company { name }");
        for (int i = 1; i <= levels; i++) {
            document.append(" fragment F").append(i).append(" on Company { ...F").append(i - 1).append(" ...F").append(i - 1).append(" }");
        }
        return document.toString();
    }

    private void assertRefused(GraphQL graphQl, String query, String limit) {
        ExecutionResult result = run(graphQl, query, Map.of());

        assertThat(result.getErrors()).as(query.length() > 300 ? query.substring(0, 300) : query).hasSize(1);
        assertThat(code(result)).isEqualTo("LIMIT_EXCEEDED");
        assertThat(result.getErrors().getFirst().getExtensions()).containsEntry("limit", limit);
        assertThat(result.getData() == null || result.getData().equals(Map.of())).isTrue();
        assertThat(fetches).hasValue(0);
    }

    private static ExecutionResult run(GraphQL graphQl, String query, Map<String, Object> variables) {
        return graphQl.execute(ExecutionInput.newExecutionInput().query(query).variables(variables).build());
    }

    private static String code(ExecutionResult result) {
        assertThat(result.getErrors()).isNotEmpty();
        GraphQLError error = result.getErrors().getFirst();
        return String.valueOf(error.getExtensions() == null ? null : error.getExtensions().get("code"));
    }

    private GraphQLSchema smallSchema() {
        DataFetcher<Object> counting = environment -> {
            fetches.incrementAndGet();
            return Map.of("id", "1", "totalCount", 0, "edges", List.of(), "history", List.of());
        };
        RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring().type("Query", type -> type.defaultDataFetcher(counting)).build();
        return new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(SDL), wiring);
    }

    private static GraphQL graphQl(GraphQLSchema schema, GraphQlLimits limits, boolean admin) {
        return GraphQL.newGraphQL(schema)
                .preparsedDocumentProvider(new LimitedDocuments(schema, "test", new LimitedDocuments.DocumentCache(10), limits,
                        admin ? limits.maxAdminComplexity() : limits.maxComplexity(), admin ? FieldCosts.admin(schema) : FieldCosts.data(schema)))
                .instrumentation(admin ? ArgumentLimits.admin(limits) : ArgumentLimits.data(limits)).build();
    }
}
