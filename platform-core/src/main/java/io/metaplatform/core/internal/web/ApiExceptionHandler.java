package io.metaplatform.core.internal.web;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.Violation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** The one place where exceptions become REST responses. */
@RestControllerAdvice
final class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(PlatformException.class)
    ResponseEntity<ProblemDetail> platform(PlatformException exception, HttpServletRequest request) {
        return respond(exception.code(), exception.getMessage(), exception.violations(), request);
    }

    @ExceptionHandler({AccessDeniedException.class, AuthorizationDeniedException.class})
    ResponseEntity<ProblemDetail> denied(RuntimeException exception, HttpServletRequest request) {
        return respond(ErrorCode.FORBIDDEN, "The token's roles do not allow this operation.", List.of(), request);
    }

    // A Content-Type that does not parse, or a multipart body without a boundary, reaching MVC past the request guard.
    @ExceptionHandler({InvalidMediaTypeException.class, MultipartException.class})
    ResponseEntity<ProblemDetail> unsupportedMediaType(RuntimeException exception, HttpServletRequest request) {
        return respond(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The request's Content-Type is not one this endpoint takes.", List.of(), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception exception, HttpServletRequest request) {
        log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), exception);
        return respond(ErrorCode.INTERNAL, "An internal error occurred; quote the request id when reporting it.", List.of(), request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException exception, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        List<Violation> violations = exception.getBindingResult().getFieldErrors().stream()
                .map(error -> new Violation(error.getField(), String.valueOf(error.getCode()).toUpperCase(),
                        String.valueOf(error.getDefaultMessage())))
                .sorted(Comparator.comparing(Violation::field))
                .toList();
        return body(ErrorCode.VALIDATION_FAILED, "The input is not valid.", violations, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException exception, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        // The parser's message can echo the payload; the caller gets a fixed sentence instead.
        return body(ErrorCode.VALIDATION_FAILED, "The request body is missing or is not well-formed JSON of the expected shape.",
                List.of(), request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
            WebRequest request) {
        if (body instanceof ProblemDetail problem && problem.getProperties() == null) {
            ErrorCode code = ErrorCode.forStatus(statusCode.value());
            problem.setProperty("code", code.name());
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    private static ResponseEntity<Object> body(ErrorCode code, String detail, List<Violation> violations, WebRequest request) {
        String uri = request instanceof ServletWebRequest servlet ? servlet.getRequest().getRequestURI() : null;
        return ResponseEntity.status(code.httpStatus()).body(ProblemWriter.problem(code, detail, violations, uri));
    }

    private static ResponseEntity<ProblemDetail> respond(ErrorCode code, String detail, List<Violation> violations,
            HttpServletRequest request) {
        return ResponseEntity.status(code.httpStatus()).body(ProblemWriter.problem(code, detail, violations, request.getRequestURI()));
    }
}
