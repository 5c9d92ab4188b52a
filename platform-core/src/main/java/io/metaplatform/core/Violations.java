package io.metaplatform.core;

import java.util.ArrayList;
import java.util.List;

/** Collects every violation of an input so they can be reported at once. */
public final class Violations {

    private final List<Violation> found = new ArrayList<>();

    public Violations add(String field, String code, String message) {
        found.add(new Violation(field, code, message));
        return this;
    }

    /** Records a violation when {@code condition} does not hold. */
    public Violations check(boolean condition, String field, String code, String message) {
        return condition ? this : add(field, code, message);
    }

    public int size() {
        return found.size();
    }

    /** What was found so far, in the order found. */
    public java.util.List<Violation> list() {
        return java.util.List.copyOf(found);
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    /** @throws PlatformException with {@link ErrorCode#VALIDATION_FAILED} when anything was found */
    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw PlatformException.validation(found);
        }
    }
}
