package io.metaplatform.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TenantContextTest {

    @Test
    void scopeRestoresThePreviousTenant() {
        TenantId outer = TenantId.random();
        TenantId inner = TenantId.random();

        try (TenantContext.Scope ignored = TenantContext.open(outer)) {
            assertThat(TenantContext.callAs(inner, TenantContext::require)).isEqualTo(inner);
            assertThat(TenantContext.require()).isEqualTo(outer);
        }
        assertThat(TenantContext.current()).isEmpty();
    }

    @Test
    void requireWithoutATenantIsForbidden() {
        assertThatThrownBy(TenantContext::require)
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }

    @Test
    void parseAcceptsOnlyCanonicalIds() {
        assertThat(TenantId.parse("0b8f2f7e-5a4c-4f5e-9d7a-2c1b3a4d5e6f")).isPresent();
        assertThat(TenantId.parse("acme")).isEmpty();
        assertThat(TenantId.parse(null)).isEmpty();
        assertThat(TenantId.parse("0b8f2f7e5a4c4f5e9d7a2c1b3a4d5e6f")).isEmpty();
    }
}
