package io.metaplatform.core.internal.web;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.Violation;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses, before any handler runs, the requests that are malformed at the HTTP level, each with a
 * problem and a stable code instead of whatever the framework would make of them:
 * <ul>
 * <li>on any path, a query string the container cannot decode (400 {@code BAD_REQUEST}) or a wildcard or
 * unparsable Content-Type (415 {@code UNSUPPORTED_MEDIA_TYPE});</li>
 * <li>on the APIs, a body without a content type, or JSON in another charset than UTF-8: 415;</li>
 * <li>a body above its family's limit: 413 {@code PAYLOAD_TOO_LARGE} ({@code /graphql*}, and JSON on
 * {@code /api/**}; uploads are limited by their own controller);</li>
 * <li>on {@code /graphql} and {@code /graphql/admin}: another method than POST (405), another content
 * type than JSON (415), a body that is no JSON object (400 {@code BAD_REQUEST}) or whose members have
 * the wrong types (400 {@code VALIDATION_FAILED}, each member named).</li>
 * </ul>
 * Webhooks of external systems are left to their controller, which takes any body within its limit. A
 * body this filter checked is read once, within its limit, and handed on from memory.
 */
public final class RequestGuardFilter extends OncePerRequestFilter {

    private static final List<String> GRAPHQL = List.of("/graphql", "/graphql/admin");
    private static final String WEBHOOKS = "/api/webhooks/";
    private static final MediaType GRAPHQL_JSON = MediaType.parseMediaType("application/graphql+json");

    private final ProblemWriter problems;
    private final long maxGraphqlBody;
    private final long maxJsonBody;
    private final ObjectReader json;

    public RequestGuardFilter(ApiProperties properties, ProblemWriter problems, JsonMapper json) {
        this.problems = problems;
        this.maxGraphqlBody = properties.maxGraphqlBodySize().toBytes();
        this.maxJsonBody = properties.maxJsonBodySize().toBytes();
        this.json = json.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        if (!wellFormedQuery(request)) {
            problems.write(request, response, ErrorCode.BAD_REQUEST, "The query string is not well-formed (percent-encoding, name=value pairs).");
            return;
        }
        String header = request.getContentType();
        Optional<MediaType> type = contentType(header);
        // On any path: Spring's request wrappers throw on a wildcard or unparsable Content-Type, whatever the handler.
        if (header != null && !header.isEmpty() && type.isEmpty()) {
            problems.write(request, response, ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "The Content-Type must name one concrete media type, such as application/json.");
            return;
        }
        boolean graphQl = GRAPHQL.contains(path);
        if (!graphQl && (!path.startsWith("/api/") || path.startsWith(WEBHOOKS))) {
            // Webhooks: external systems send what they send; the connector reads the raw body within its own limit.
            chain.doFilter(request, response);
            return;
        }
        if (graphQl && !"POST".equals(request.getMethod()) && !"OPTIONS".equals(request.getMethod())) {
            response.setHeader(HttpHeaders.ALLOW, "POST");
            problems.write(request, response, ErrorCode.METHOD_NOT_ALLOWED, "This endpoint takes POST requests only.");
            return;
        }
        if (!hasBody(request)) {
            if (graphQl && "POST".equals(request.getMethod())) {
                problems.write(request, response, ErrorCode.BAD_REQUEST, "The body must be a JSON object with a 'query' string.");
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        if (type.isEmpty()) {
            problems.write(request, response, ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "A request body needs a Content-Type naming one concrete media type, such as application/json.");
            return;
        }
        boolean isJson = type.get().isCompatibleWith(MediaType.APPLICATION_JSON) || type.get().getSubtype().endsWith("+json");
        if (isJson && !utf8(type.get())) {
            problems.write(request, response, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "JSON bodies must be UTF-8.");
            return;
        }
        if (graphQl) {
            guardGraphQl(request, response, chain, type.get());
        } else if (isJson) {
            Optional<byte[]> body = readWithin(maxJsonBody, request, response);
            if (body.isPresent()) {
                chain.doFilter(new BufferedBody(request, body.get()), response);
            }
        } else {
            chain.doFilter(request, response);
        }
    }

    private void guardGraphQl(HttpServletRequest request, HttpServletResponse response, FilterChain chain, MediaType type)
            throws IOException, ServletException {
        if (!type.isCompatibleWith(MediaType.APPLICATION_JSON) && !type.isCompatibleWith(GRAPHQL_JSON)) {
            problems.write(request, response, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "GraphQL requests are application/json.");
            return;
        }
        Optional<byte[]> body = readWithin(maxGraphqlBody, request, response);
        if (body.isEmpty()) {
            return;
        }
        JsonNode parsed;
        try {
            parsed = json.readTree(body.get());
        } catch (JacksonException e) {
            parsed = null;
        }
        if (parsed == null || !parsed.isObject()) {
            problems.write(request, response, ErrorCode.BAD_REQUEST, "The body must be a JSON object with a 'query' string.");
            return;
        }
        List<Violation> violations = graphQlViolations(parsed);
        if (!violations.isEmpty()) {
            problems.write(request, response, ErrorCode.VALIDATION_FAILED, "The GraphQL request is not valid.", violations);
            return;
        }
        request.setAttribute(io.metaplatform.core.GraphQlRequestBody.ATTRIBUTE, parsed);
        chain.doFilter(new BufferedBody(request, body.get()), response);
    }

    /** The members of a GraphQL-over-HTTP request and their types; unknown members are ignored, as the spec says. */
    private static List<Violation> graphQlViolations(JsonNode request) {
        List<Violation> violations = new ArrayList<>();
        JsonNode query = request.path("query");
        if (query.isMissingNode() || query.isNull()) {
            violations.add(new Violation("query", "REQUIRED", "is required"));
        } else if (!query.isString()) {
            violations.add(new Violation("query", "INVALID_TYPE", "must be a string"));
        }
        objectOrNull(request, "extensions", violations);
        if (!request.path("operationName").isMissingNode() && !request.path("operationName").isNull()
                && !request.path("operationName").isString()) {
            violations.add(new Violation("operationName", "INVALID_TYPE", "must be a string or null"));
        }
        objectOrNull(request, "variables", violations);
        violations.sort(java.util.Comparator.comparing(Violation::field));
        return violations;
    }

    private static void objectOrNull(JsonNode request, String member, List<Violation> violations) {
        JsonNode value = request.path(member);
        if (!value.isMissingNode() && !value.isNull() && !value.isObject()) {
            violations.add(new Violation(member, "INVALID_TYPE", "must be an object or null"));
        }
    }

    /** The body when it is within {@code limit} bytes; else the caller has been answered 413. */
    private Optional<byte[]> readWithin(long limit, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getContentLengthLong() > limit) {
            tooLarge(limit, request, response);
            return Optional.empty();
        }
        byte[] body;
        long declared = request.getContentLengthLong();
        try (InputStream in = request.getInputStream()) {
            // A declared length is read into a buffer of that size: reading up to the limit allocated 16 KB a request,
            // a tenth of a small GraphQL request's garbage (issue 20). The container ends the stream at that length.
            body = declared >= 0 ? in.readNBytes((int) declared) : in.readNBytes((int) limit + 1);
        }
        if (body.length > limit) {
            tooLarge(limit, request, response);
            return Optional.empty();
        }
        return Optional.of(body);
    }

    private void tooLarge(long limit, HttpServletRequest request, HttpServletResponse response) throws IOException {
        problems.write(request, response, ErrorCode.PAYLOAD_TOO_LARGE, "The request body is larger than the " + limit
                + " bytes this endpoint takes.");
    }

    /**
     * Whether the container can decode the query string: Tomcat throws on the first handler that reads
     * a parameter of a malformed one ({@code %zz}, {@code =&=}), which MVC would answer 500. Form bodies
     * are left unread here: no endpoint takes them.
     */
    private static boolean wellFormedQuery(HttpServletRequest request) {
        if (request.getQueryString() == null || MediaType.APPLICATION_FORM_URLENCODED_VALUE.equalsIgnoreCase(
                String.valueOf(request.getContentType()).split(";")[0].trim())) {
            return true;
        }
        try {
            request.getParameterMap();
            return true;
        } catch (IllegalStateException | IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    /** The content type when the header names one concrete media type. */
    private static Optional<MediaType> contentType(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        try {
            MediaType type = MediaType.parseMediaType(header);
            return type.isWildcardType() || type.isWildcardSubtype() ? Optional.empty() : Optional.of(type);
        } catch (InvalidMediaTypeException e) {
            return Optional.empty();
        }
    }

    private static boolean utf8(MediaType type) {
        String charset = type.getParameter("charset");
        return charset == null || charset.replace("\"", "").equalsIgnoreCase("UTF-8");
    }

    /** The request with its body read already. */
    private static final class BufferedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        BufferedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("The body is read already");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
