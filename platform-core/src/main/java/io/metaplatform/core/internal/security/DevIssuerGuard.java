package io.metaplatform.core.internal.security;

import java.util.Arrays;
import java.util.Set;

/**
 * The dev issuer signs tokens with a key any developer can read, so trusting it in production would let
 * anyone in. It is honoured only when a development profile is active and no production profile is.
 */
final class DevIssuerGuard {

    private static final Set<String> DEVELOPMENT_PROFILES = Set.of("local", "test");
    private static final Set<String> PRODUCTION_PROFILES = Set.of("prod", "production");

    private DevIssuerGuard() {
    }

    /**
     * @return whether the dev issuer is to be trusted
     * @throws IllegalStateException when it is enabled outside a development profile
     */
    static boolean allowed(boolean enabled, String[] activeProfiles) {
        if (!enabled) {
            return false;
        }
        boolean development = Arrays.stream(activeProfiles).anyMatch(DEVELOPMENT_PROFILES::contains);
        boolean production = Arrays.stream(activeProfiles).anyMatch(PRODUCTION_PROFILES::contains);
        if (!development || production) {
            throw new IllegalStateException("platform.security.dev-issuer.enabled=true is refused: the dev issuer may only be enabled"
                    + " with the 'local' or 'test' profile and never with 'prod'. Active profiles: " + Arrays.toString(activeProfiles));
        }
        return true;
    }
}
