package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "platform.cors.allowed-origins=https://app.example")
class CorsTest extends ApiTestSupport {

    @Test
    void browsersOfAllowedOriginsMayCallTheApiAndOthersMayNot() {
        Api.Response allowed = api.preflight("/graphql", "https://app.example");
        Api.Response refused = api.preflight("/graphql", "https://evil.example");

        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Access-Control-Allow-Origin")).isNull();
    }
}
