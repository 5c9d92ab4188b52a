package io.metaplatform.core.internal.web;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.Violation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the RFC 9457 problem details every REST error is answered with: a stable {@code code}, the
 * request id, and for validation errors every offending field. Never a stack trace or SQL.
 */
@Component
public final class ProblemWriter {

    private final JsonMapper json;

    public ProblemWriter(JsonMapper json) {
        this.json = json;
    }

    public static ProblemDetail problem(ErrorCode code, String detail, List<Violation> violations, String instance) {
        HttpStatus status = HttpStatus.valueOf(code.httpStatus());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(status.getReasonPhrase());
        problem.setType(URI.create("urn:metaplatform:problem:" + code.name().toLowerCase().replace('_', '-')));
        instance(instance).ifPresent(problem::setInstance);
        problem.setProperty("code", code.name());
        String requestId = MDC.get(RequestIdFilter.MDC_REQUEST_ID);
        if (requestId != null) {
            problem.setProperty("requestId", requestId);
        }
        if (!violations.isEmpty()) {
            problem.setProperty("errors", violations);
        }
        return problem;
    }

    // The path as the caller sent it, when it is a valid URI: a refused request's path may be anything.
    private static java.util.Optional<URI> instance(String path) {
        if (path == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(new URI(path));
        } catch (java.net.URISyntaxException e) {
            return java.util.Optional.empty();
        }
    }

    /** Writes a problem straight to the response, for errors raised before MVC (security filters). */
    public void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String detail) throws IOException {
        write(request, response, code, detail, List.of());
    }

    /** Writes a problem with the offending fields straight to the response. */
    public void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String detail, List<Violation> violations)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        ProblemDetail problem = problem(code, detail, violations, request.getRequestURI());
        response.setStatus(code.httpStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (code == ErrorCode.UNAUTHENTICATED) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        json.writeValue(response.getOutputStream(), problem);
    }
}
