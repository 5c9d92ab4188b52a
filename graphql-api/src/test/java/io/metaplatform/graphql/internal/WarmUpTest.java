package io.metaplatform.graphql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code platform.warmup.*}: unset values take the documented defaults, out-of-range ones stop the start with the property's name. */
class WarmUpTest {

    @Test
    void unsetValuesTakeTheDocumentedDefaults() {
        WarmUp defaults = new WarmUp(null, null, null, null, null);

        assertThat(defaults.enabled()).isTrue();
        assertThat(defaults.tenants()).isEqualTo(3);
        assertThat(defaults.schemas()).isEqualTo(100);
        assertThat(defaults.reads()).isEqualTo(4_000);
        assertThat(defaults.maxTime()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void outOfRangeValuesAreRefusedByName() {
        assertThatThrownBy(() -> new WarmUp(true, 0, null, null, null)).hasMessageContaining("platform.warmup.tenants");
        assertThatThrownBy(() -> new WarmUp(true, null, -1, null, null)).hasMessageContaining("platform.warmup.schemas");
        assertThatThrownBy(() -> new WarmUp(true, null, null, -1, null)).hasMessageContaining("platform.warmup.reads");
        assertThatThrownBy(() -> new WarmUp(true, null, null, null, Duration.ofSeconds(-1))).hasMessageContaining("platform.warmup.max-time");
        assertThat(new WarmUp(false, 1, 0, 0, Duration.ZERO).reads()).isZero();
    }
}
