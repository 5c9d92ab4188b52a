package io.metaplatform.core;

import java.util.List;
import java.util.Objects;

/**
 * The root of the platform's errors: a stable {@link ErrorCode}, a message safe to show to the caller,
 * and, for validation failures, every violation found.
 *
 * <p>The message must never contain SQL, stack traces or secrets: it reaches clients as it is.
 */
public class PlatformException extends RuntimeException {

    private final ErrorCode code;
    private final List<Violation> violations;

    public PlatformException(ErrorCode code, String message) {
        this(code, message, List.of());
    }

    public PlatformException(ErrorCode code, String message, List<Violation> violations) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
        this.violations = List.copyOf(violations);
    }

    /** A {@link ErrorCode#VALIDATION_FAILED} error listing every violation. */
    public static PlatformException validation(List<Violation> violations) {
        return new PlatformException(ErrorCode.VALIDATION_FAILED, "The input is not valid.", violations);
    }

    public static PlatformException notFound(String what) {
        return new PlatformException(ErrorCode.NOT_FOUND, what + " was not found.");
    }

    public ErrorCode code() {
        return code;
    }

    public List<Violation> violations() {
        return violations;
    }
}
