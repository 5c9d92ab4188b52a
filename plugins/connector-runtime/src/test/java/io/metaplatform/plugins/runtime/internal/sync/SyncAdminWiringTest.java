package io.metaplatform.plugins.runtime.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.GraphQLScalarType;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantId;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;

/** The admin API's dead-letter query, on a schema made of the admin API's essentials plus this module's extension. */
class SyncAdminWiringTest extends SyncTestSupport {

    @Autowired
    SyncAdminWiring wiring;

    GraphQL admin;

    @BeforeEach
    void adminSchemaWithTheSyncExtension() throws IOException {
        TypeDefinitionRegistry types = new SchemaParser().parse("type Query { metadataVersion: Int }\ntype Mutation { noop: Int }\nscalar DateTime\n"
                + "type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }");
        try (Reader sdl = new InputStreamReader(new ClassPathResource("admin-schema/extensions/sync.graphqls").getInputStream(),
                StandardCharsets.UTF_8)) {
            types.merge(new SchemaParser().parse(sdl));
        }
        RuntimeWiring.Builder builder = RuntimeWiring.newRuntimeWiring().scalar(GraphQLScalarType.newScalar().name("DateTime")
                .coercing(new Coercing<Instant, String>() {
                    @Override
                    public String serialize(Object value, GraphQLContext context, Locale locale) {
                        return value.toString();
                    }

                    @Override
                    public Instant parseValue(Object input, GraphQLContext context, Locale locale) {
                        return Instant.parse(input.toString());
                    }

                    @Override
                    public Instant parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
                        throw new UnsupportedOperationException();
                    }
                }).build());
        wiring.configure(builder);
        admin = GraphQL.newGraphQL(new SchemaGenerator().makeExecutableSchema(types, builder.build())).build();
    }

    @Test
    void listsAConnectionsDeadLettersPageByPageToItsTenantOnly() {
        connector.reader = context -> {
            context.sink().reject("companies", "r1", "first broken row", "1;;");
            context.sink().reject("companies", "r2", "second broken row", "2;;");
            context.sink().checkpoint(Map.of());
        };
        pull("companies");
        String query = """
                { deadLetters(connection: "%s", first: 1) { nodes { externalId stream direction reason raw problems { code } createdAt }
                  endCursor hasNextPage } }""".formatted(connection);

        Map<String, Object> firstPage = page(tenant, query);
        assertThat(firstPage.get("hasNextPage")).isEqualTo(true);
        assertThat((List<?>) firstPage.get("nodes")).singleElement().satisfies(node -> {
            Map<?, ?> letter = (Map<?, ?>) node;
            assertThat(letter.get("stream")).isEqualTo("companies");
            assertThat(letter.get("direction")).isEqualTo("PULL");
            assertThat(letter.get("createdAt")).isNotNull();
        });
        String next = """
                { deadLetters(connection: "%s", first: 1, after: "%s") { nodes { externalId } hasNextPage } }"""
                .formatted(connection, firstPage.get("endCursor"));
        Map<String, Object> secondPage = page(tenant, next);
        assertThat(secondPage.get("hasNextPage")).isEqualTo(false);
        List<Object> externalIds = List.of(((Map<?, ?>) ((List<?>) firstPage.get("nodes")).getFirst()).get("externalId"),
                ((Map<?, ?>) ((List<?>) secondPage.get("nodes")).getFirst()).get("externalId"));
        assertThat(externalIds).containsExactlyInAnyOrder("r1", "r2");

        assertThat((List<?>) page(TenantId.random(), query).get("nodes")).isEmpty();
    }

    @Test
    void refusesAConnectionArgumentThatIsNoId() {
        ExecutionResult result = TenantContext.callAs(tenant, () -> admin.execute("{ deadLetters(connection: \"42\") { hasNextPage } }"));

        assertThat(result.getErrors()).isNotEmpty();
        assertThat((Object) result.getData()).isNull();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> page(TenantId who, String query) {
        ExecutionResult result = TenantContext.callAs(who, () -> admin.execute(query));
        assertThat(result.getErrors()).isEmpty();
        return (Map<String, Object>) ((Map<String, Object>) result.getData()).get("deadLetters");
    }
}
