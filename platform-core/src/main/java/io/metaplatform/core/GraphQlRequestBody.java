package io.metaplatform.core;

/**
 * The body of a {@code POST /graphql} request as the request guard parsed it (a {@code tools.jackson.databind.JsonNode}
 * object with a string {@code query}), kept as a request attribute so the GraphQL handler does not parse it again.
 */
public final class GraphQlRequestBody {

    /** The request attribute holding the parsed body. */
    public static final String ATTRIBUTE = GraphQlRequestBody.class.getName();

    private GraphQlRequestBody() {
    }
}
