package io.metaplatform.plugins.runtime.internal.oauth;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A connection's tokens in clear text: in memory only, never logged ({@link #toString()} hides them).
 *
 * @param accessToken  what goes into {@code Authorization: Bearer}
 * @param refreshToken what renews it; empty when the authorisation server gave none
 * @param expiresAt    when the access token expires; empty when the server did not say
 */
record TokenSet(String accessToken, Optional<String> refreshToken, Optional<Instant> expiresAt) {

    TokenSet {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whether the access token expires before {@code now + margin}. */
    boolean expiresWithin(Instant now, Duration margin) {
        return expiresAt.map(at -> at.isBefore(now.plus(margin))).orElse(false);
    }

    @Override
    public String toString() {
        return "TokenSet[expiresAt=" + expiresAt.map(Instant::toString).orElse("unknown") + "]";
    }
}
