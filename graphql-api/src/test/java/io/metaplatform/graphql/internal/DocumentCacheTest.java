package io.metaplatform.graphql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import io.metaplatform.registry.BuiltInPacks;
import io.metaplatform.registry.EffectiveSchema;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DocumentCacheTest {

    private static final String QUERY = "{ company(id: \"1\") { id name } }";

    private final LimitedDocuments.DocumentCache cache = new LimitedDocuments.DocumentCache(10);

    @Test
    void anAdmittedDocumentIsCachedForItsSchemaAndCheckedAgainForTheNextSchemaOfTheTenant() {
        EffectiveSchema before = new EffectiveSchema(7, BuiltInPacks.objects());
        String beforeKey = GraphQlConfiguration.TenantGraphQlSource.documentKey(before);
        GraphQL withName = graphQl(schema("id: ID! name: String"), beforeKey);

        assertThat(withName.execute(QUERY).getErrors()).isEmpty();
        assertThat(cache.get(beforeKey + "\n" + QUERY)).as("admitted once, then served from the cache").isNotNull();

        // The field was removed; even a schema with the same version number gets a key of its own.
        String afterKey = GraphQlConfiguration.TenantGraphQlSource.documentKey(new EffectiveSchema(7, BuiltInPacks.objects()));
        ExecutionResult after = graphQl(schema("id: ID!"), afterKey).execute(QUERY);

        assertThat(afterKey).isNotEqualTo(beforeKey);
        assertThat(after.getErrors()).singleElement().satisfies(error -> assertThat(error.getMessage()).contains("name"));
        assertThat(cache.get(afterKey + "\n" + QUERY)).as("a refused document is not cached").isNull();
    }

    private GraphQL graphQl(GraphQLSchema schema, String key) {
        return GraphQL.newGraphQL(schema).preparsedDocumentProvider(new LimitedDocuments(schema, key, cache, GraphQlLimits.DEFAULTS,
                GraphQlLimits.DEFAULTS.maxComplexity(), FieldCosts.data(schema))).build();
    }

    private static GraphQLSchema schema(String companyFields) {
        String sdl = "type Query { company(id: ID!): Company } type Company { " + companyFields + " }";
        RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring().type("Query", type -> type.dataFetcher("company",
                environment -> Map.of("id", "1", "name", "ACME"))).build();
        return new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(sdl), wiring);
    }
}
