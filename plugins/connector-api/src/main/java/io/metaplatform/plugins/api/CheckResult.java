package io.metaplatform.plugins.api;

import java.util.Objects;

/**
 * The outcome of {@link Connector#check}.
 *
 * @param passed  whether the connection works
 * @param message for the admin: what was checked, or what is wrong (no secrets)
 */
public record CheckResult(boolean passed, String message) {

    public CheckResult {
        Objects.requireNonNull(message, "message");
    }

    public static CheckResult success() {
        return new CheckResult(true, "connection works");
    }

    public static CheckResult failed(String message) {
        return new CheckResult(false, message);
    }
}
