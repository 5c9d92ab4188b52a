package io.metaplatform.graphql.internal;

import graphql.GraphQL;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import io.metaplatform.core.GraphQlRequestBody;
import io.metaplatform.core.StatementCounter;
import io.metaplatform.registry.MetadataService;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /graphql}: a read-only query that {@link CompiledReads} can plan is answered here, after the security
 * filters (token, tenant, caller, rate limit, request guard) and before Spring MVC's dispatch, which was a tenth of the
 * CPU of a read by id (issue 20). Everything else, and any request declined while running, goes on to Spring for GraphQL
 * and graphql-java exactly as before. The checks of the GraphQL interceptor come first: a request without a tenant or a
 * tenant role always goes the general way, which refuses it.
 */
final class CompiledReadsFilter extends OncePerRequestFilter {

    /** Names the executor that answered, on the responses of compiled reads (a diagnostic, like {@code X-Sql-Statements}). */
    static final String EXECUTION_HEADER = "X-Graphql-Execution";
    /** Sent as {@link #EXECUTION_HEADER} by a client, has graphql-java answer (to compare the two, or to rule one out). */
    static final String GENERAL = "general";
    /** A request attribute: the statements of this request are counted from the compiled attempt on. */
    static final String STATEMENTS_COUNTED = "platform.statementsCounted";
    private static final String PATH = "/graphql";
    private static final Logger log = LoggerFactory.getLogger(CompiledReadsFilter.class);
    private static final List<MediaType> SUPPORTED = List.of(MediaType.APPLICATION_GRAPHQL_RESPONSE, MediaType.APPLICATION_JSON,
            MediaType.parseMediaType("application/graphql+json"));

    private final GraphQlConfiguration.TenantGraphQlSource source;
    private final MetadataService metadata;
    private final CompiledReads reads;
    private final JsonMapper json;

    CompiledReadsFilter(GraphQlConfiguration.TenantGraphQlSource source, MetadataService metadata, CompiledReads reads, JsonMapper json) {
        this.source = source;
        this.metadata = metadata;
        this.reads = reads;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !(request.getContextPath() + PATH).equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        MediaType type = responseType(request);
        java.io.ByteArrayOutputStream answer = type == null ? null : answer(request);
        if (answer == null) {
            chain.doFilter(request, response);
            return;
        }
        // http.server.requests is tagged by the path pattern Spring MVC would have matched.
        ServerHttpObservationFilter.findObservationContext(request).ifPresent(context -> context.setPathPattern(PATH));
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(type.toString());
        response.setHeader("X-Sql-Statements", Integer.toString(StatementCounter.count()));
        response.setHeader("X-Sql-Transactions", Integer.toString(StatementCounter.transactions()));
        response.setHeader(EXECUTION_HEADER, "compiled");
        response.setContentLength(answer.size());
        answer.writeTo(response.getOutputStream());
    }

    /** The response body ({@code {"data": ...}}), or null when graphql-java is to answer. */
    private java.io.ByteArrayOutputStream answer(HttpServletRequest request) {
        if (!(request.getAttribute(GraphQlRequestBody.ATTRIBUTE) instanceof JsonNode body) || GraphQlConfiguration.refusal() != null
                || GENERAL.equalsIgnoreCase(request.getHeader(EXECUTION_HEADER))) {
            return null;
        }
        JsonNode text = body.path("query");
        String query = text.isString() ? text.asString() : null;
        if (query == null || GraphQlConfiguration.mayWrite(query)) {
            return null;
        }
        JsonNode operation = body.path("operationName");
        String operationName = operation.isString() ? operation.asString() : null;
        Locale locale = request.getLocale();
        JsonNode variables = body.path("variables");
        Map<String, Object> values;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> parsed = variables.isObject() ? json.treeToValue(variables, Map.class) : Map.of();
            values = parsed;
        } catch (RuntimeException e) {
            return null;
        }
        Optional<CompiledReads.Plan> plan = plan(query, operationName, values, locale);
        if (plan.isEmpty()) {
            return null;
        }
        StatementCounter.reset();
        // Counted from here, also when graphql-java answers after all: the header tells what the request cost.
        request.setAttribute(STATEMENTS_COUNTED, Boolean.TRUE);
        try {
            return execute(plan.get(), values, locale);
        } catch (CompiledReads.Declined e) {
            log.debug("Left to graphql-java: {}", e.getMessage());
            if (e.failure != null) {
                request.setAttribute(Fetchers.FAILED_READ, e.failure);
            }
            return null;
        } catch (RuntimeException e) {
            // Not expected: graphql-java answers the request (with its error if it fails too) rather than a 500 from here.
            log.warn("A compiled read failed unexpectedly; graphql-java answers the request", e);
            return null;
        }
    }

    /**
     * The compiled plan of a query for the bound tenant and caller, parsed and validated against the caller's schema
     * (both cached); empty when graphql-java is to answer it. Reads nothing of the request.
     */
    Optional<CompiledReads.Plan> plan(String query, String operationName, Map<String, Object> values, Locale locale) {
        GraphQL graphQl = source.graphQl();
        if (!(graphQl.getPreparsedDocumentProvider() instanceof LimitedDocuments documents)) {
            return Optional.empty();
        }
        PreparsedDocumentEntry entry = documents.admit(query, locale);
        if (entry.hasErrors()) {
            return Optional.empty();
        }
        return reads.plan(documents, graphQl.getGraphQLSchema(), query, entry.getDocument(), operationName, values);
    }

    /** Runs a plan of {@link #plan}: the response body, {@code {"data": ...}}; throws {@link CompiledReads.Declined}. */
    java.io.ByteArrayOutputStream execute(CompiledReads.Plan plan, Map<String, Object> values, Locale locale) {
        return reads.execute(plan, metadata.schema(), values, locale);
    }

    /** The media type Spring's handler would answer with: the first acceptable one it supports, else JSON; null on a bad header. */
    private static MediaType responseType(HttpServletRequest request) {
        List<MediaType> accepted;
        try {
            accepted = MediaType.parseMediaTypes(Collections.list(request.getHeaders("Accept")));
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
