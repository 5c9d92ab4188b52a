package io.metaplatform.core;

/** Stable error codes that clients may switch on; each maps to one HTTP status. */
public enum ErrorCode {
    VALIDATION_FAILED(400),
    BAD_REQUEST(400),
    UNAUTHENTICATED(401),
    FORBIDDEN(403),
    TENANT_SUSPENDED(403),
    TENANT_UNKNOWN(403),
    /** A connector URL names a host the platform does not connect to (its own or a private network). */
    EGRESS_DENIED(403),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    CONFLICT(409),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    LIMIT_EXCEEDED(429),
    RATE_LIMITED(429),
    INTERNAL(500),
    UNAVAILABLE(503),
    /** A statement ran longer than the operator's statement timeout and PostgreSQL stopped it; nothing was written. */
    QUERY_TIMEOUT(504);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The code a bare HTTP status stands for, for errors raised by the framework rather than by us. */
    public static ErrorCode forStatus(int status) {
        return switch (status) {
            case 400 -> BAD_REQUEST;
            case 401 -> UNAUTHENTICATED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 409 -> CONFLICT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> LIMIT_EXCEEDED;
            case 503 -> UNAVAILABLE;
            case 504 -> QUERY_TIMEOUT;
            default -> status >= 500 ? INTERNAL : BAD_REQUEST;
        };
    }
}
