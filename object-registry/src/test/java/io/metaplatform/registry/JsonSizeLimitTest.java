package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.core.PlatformException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** Operators choose the largest JSON value with {@code platform.registry.max-json-value-size}. */
@SpringBootTest(properties = "platform.registry.max-json-value-size=1KB")
class JsonSizeLimitTest extends RegistryTestSupport {

    @Test
    void theConfiguredMaximumBoundsJsonValues() {
        addField("company", "payload", new FieldType.Json());

        assertThatThrownBy(() -> inTenant(() -> records.create("company", Map.of("name", "X", "payload", Map.of("k", "x".repeat(1024))),
                "a"))).isInstanceOfSatisfying(PlatformException.class, e -> {
                    assertThat(violationCodes(e)).containsExactly("TOO_LARGE");
                    assertThat(e.violations().getFirst().message()).startsWith("must be at most 1024 bytes as JSON");
                });
        assertThat(inTenant(() -> records.create("company", Map.of("name", "X", "payload", Map.of("k", "x".repeat(900))), "a"))
                .get("payload")).isEqualTo(Map.of("k", "x".repeat(900)));
    }
}
