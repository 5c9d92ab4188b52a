package io.metaplatform.core.internal.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class ApiPropertiesTest {

    @Test
    void defaultsAreGenerousEnoughForAnyClientInGoodFaith() {
        ApiProperties defaults = ApiProperties.defaults();

        assertThat(defaults.maxGraphqlBodySize()).isEqualTo(DataSize.ofMegabytes(1));
        assertThat(defaults.rateLimit()).isEqualTo(new ApiProperties.RateLimit(true, 50, 200, 200, 400));
    }

    @Test
    void aBucketOfBurstRequestsRefillsAtTheRate() {
        assertThat(ApiProperties.RateLimit.period(50, 200)).isEqualTo(Duration.ofSeconds(4));
        assertThat(ApiProperties.RateLimit.period(3, 1)).isEqualTo(Duration.ofNanos(333_333_333));
    }

    @Test
    void valuesBelowOneAreRefusedWithThePropertyNamed() {
        assertThatThrownBy(() -> new ApiProperties.RateLimit(true, 0, 1, 1, 1)).hasMessageContaining("platform.api.rate-limit.per-token-rate");
        assertThatThrownBy(() -> new ApiProperties(DataSize.ofBytes(0), null, null)).hasMessageContaining("platform.api.max-graphql-body-size");
    }
}
