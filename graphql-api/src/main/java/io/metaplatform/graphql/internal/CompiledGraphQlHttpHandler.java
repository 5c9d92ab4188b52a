package io.metaplatform.graphql.internal;

import graphql.GraphQL;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import io.metaplatform.core.GraphQlRequestBody;
import io.metaplatform.core.PlatformPrincipal;
import io.metaplatform.core.StatementCounter;
import io.metaplatform.core.TenantContext;
import io.metaplatform.registry.MetadataService;
import jakarta.servlet.ServletException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webmvc.GraphQlHttpHandler;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /graphql}: a read-only query that {@link CompiledReads} can plan is answered by it; everything else (and
 * any request it declines while running) by Spring for GraphQL and graphql-java, exactly as before. The caller checks of
 * the GraphQL interceptor come first: a request without a tenant or a tenant role always goes the general way, which
 * refuses it.
 */
final class CompiledGraphQlHttpHandler extends GraphQlHttpHandler {

    private static final Logger log = LoggerFactory.getLogger(CompiledGraphQlHttpHandler.class);
    private static final List<MediaType> SUPPORTED = List.of(MediaType.APPLICATION_GRAPHQL_RESPONSE, MediaType.APPLICATION_JSON,
            MediaType.parseMediaType("application/graphql+json"));

    /** Names the executor that answered, on the responses of compiled reads (a diagnostic, like {@code X-Sql-Statements}). */
    static final String EXECUTION_HEADER = "X-Graphql-Execution";

    private final GraphQlConfiguration.TenantGraphQlSource source;
    private final MetadataService metadata;
    private final CompiledReads reads;
    private final JsonMapper json;
    private final boolean enabled;

    CompiledGraphQlHttpHandler(WebGraphQlHandler handler, JsonMapper json, GraphQlConfiguration.TenantGraphQlSource source,
            MetadataService metadata, CompiledReads reads, boolean enabled) {
        super(handler, new GraphQlJsonConverter(json));
        this.source = source;
        this.metadata = metadata;
        this.reads = reads;
        this.json = json;
        this.enabled = enabled;
    }

    @Override
    public ServerResponse handleRequest(ServerRequest request) throws ServletException {
        ServerResponse answered = enabled ? compiled(request) : null;
        return answered != null ? answered : super.handleRequest(request);
    }

    private ServerResponse compiled(ServerRequest request) {
        if (!(request.servletRequest().getAttribute(GraphQlRequestBody.ATTRIBUTE) instanceof JsonNode body)
                || TenantContext.current().isEmpty() || !PlatformPrincipal.current().isTenantMember()) {
            return null;
        }
        MediaType responseType = responseType(request);
        JsonNode text = body.path("query");
        String query = text.isString() ? text.asString() : null;
        if (responseType == null || query == null || GraphQlConfiguration.mayWrite(query)) {
            return null;
        }
        JsonNode operation = body.path("operationName");
        String operationName = operation.isString() ? operation.asString() : null;
        GraphQL graphQl = source.graphQl();
        if (!(graphQl.getPreparsedDocumentProvider() instanceof LimitedDocuments documents)) {
            return null;
        }
        java.util.Locale locale = request.servletRequest().getLocale();
        PreparsedDocumentEntry entry = documents.admit(query, locale);
        if (entry.hasErrors()) {
            return null;
        }
        Optional<CompiledReads.Plan> plan = reads.plan(documents, graphQl.getGraphQLSchema(), query, entry.getDocument(), operationName);
        if (plan.isEmpty()) {
            return null;
        }
        JsonNode variables = body.path("variables");
        @SuppressWarnings("unchecked")
        Map<String, Object> values = variables.isObject() ? json.treeToValue(variables, Map.class) : Map.of();
        StatementCounter.reset();
        byte[] response;
        try {
            response = reads.execute(plan.get(), metadata.schema(), values, locale);
        } catch (CompiledReads.Declined e) {
            log.debug("Left to graphql-java: {}", e.getMessage());
            return null;
        } catch (RuntimeException e) {
            // Not expected: graphql-java answers the request (with its error if it fails too) rather than a 500 from here.
            log.warn("A compiled read failed unexpectedly; graphql-java answers the request", e);
            return null;
        }
        return ServerResponse.ok().contentType(responseType)
                .header("X-Sql-Statements", Integer.toString(StatementCounter.count()))
                .header("X-Sql-Transactions", Integer.toString(StatementCounter.transactions()))
                .header(EXECUTION_HEADER, "compiled")
                .build((servletRequest, servletResponse) -> {
                    servletResponse.setContentLength(response.length);
                    servletResponse.getOutputStream().write(response);
                    return null;
                });
    }

    /** The media type Spring's handler would answer with: the first acceptable one it supports, else JSON; null on a bad header. */
    private static MediaType responseType(ServerRequest request) {
        List<MediaType> accepted;
        try {
            accepted = request.headers().accept();
        } catch (InvalidMediaTypeException e) {
            return null;
        }
        for (MediaType type : accepted) {
            if (SUPPORTED.contains(type)) {
                return type;
            }
        }
        return MediaType.APPLICATION_JSON;
    }
}
