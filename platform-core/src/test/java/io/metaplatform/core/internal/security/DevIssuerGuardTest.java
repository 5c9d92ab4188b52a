package io.metaplatform.core.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DevIssuerGuardTest {

    @Test
    void disabledIssuerIsNeverTrusted() {
        assertThat(DevIssuerGuard.allowed(false, new String[] {"local"})).isFalse();
    }

    @Test
    void enabledIssuerIsTrustedInTheLocalProfile() {
        assertThat(DevIssuerGuard.allowed(true, new String[] {"local"})).isTrue();
    }

    @Test
    void enablingItWithoutADevelopmentProfileStopsTheServer() {
        assertThatThrownBy(() -> DevIssuerGuard.allowed(true, new String[] {})).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> DevIssuerGuard.allowed(true, new String[] {"kubernetes"})).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aProductionProfileWinsOverLocal() {
        assertThatThrownBy(() -> DevIssuerGuard.allowed(true, new String[] {"local", "prod"}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("never with 'prod'");
    }
}
