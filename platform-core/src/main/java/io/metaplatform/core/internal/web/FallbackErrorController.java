package io.metaplatform.core.internal.web;

import io.metaplatform.core.ErrorCode;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /error}: errors the servlet container reports rather than MVC (a method Tomcat refuses, an
 * exception escaping a filter) get the same problem details, with a code, as every other error;
 * Boot's default answer has neither {@code code} nor the problem media type.
 */
@RestController
final class FallbackErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code && code >= 400 ? code : 500;
        ErrorCode code = ErrorCode.forStatus(status);
        String detail = status >= 500 ? "An internal error occurred; quote the request id when reporting it."
                : "The request cannot be served as sent.";
        ProblemDetail problem = ProblemWriter.problem(code, detail, List.of(),
                request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri ? uri : null);
        problem.setStatus(status);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
