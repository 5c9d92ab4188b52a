package io.metaplatform.plugins.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigSchemaTest {

    private final ConfigSchema schema = ConfigSchema.of(
            ConfigProperty.secret("apiKey", "API key"),
            ConfigProperty.optional("baseUrl", ConfigType.URL, "https://api.example.com/v1", "API address"),
            ConfigProperty.optional("pageSize", ConfigType.INTEGER, "100", "records per page"),
            ConfigProperty.choice("mode", List.of("fast", "safe"), "safe", "how"),
            new ConfigProperty("voucherTypes", ConfigType.LIST, false, false, java.util.Optional.empty(),
                    List.of("invoice", "quotation"), "which vouchers"),
            ConfigProperty.optional("interval", ConfigType.DURATION, "PT4H", "how often"));

    @Test
    void reportsEveryProblemAtOnceWithTheOffendingProperty() {
        var problems = schema.validate(Map.of(
                "baseUrl", "ftp://x",
                "pageSize", "ten",
                "mode", "reckless",
                "voucherTypes", "invoice, receipt",
                "interval", "4 hours",
                "colour", "blue"));

        assertThat(problems).extracting(FieldProblem::field, FieldProblem::code).containsExactly(
                org.assertj.core.groups.Tuple.tuple("colour", "UNKNOWN_PROPERTY"),
                org.assertj.core.groups.Tuple.tuple("apiKey", "REQUIRED"),
                org.assertj.core.groups.Tuple.tuple("baseUrl", "INVALID_URL"),
                org.assertj.core.groups.Tuple.tuple("pageSize", "NOT_AN_INTEGER"),
                org.assertj.core.groups.Tuple.tuple("mode", "NOT_ALLOWED"),
                org.assertj.core.groups.Tuple.tuple("voucherTypes", "NOT_ALLOWED"),
                org.assertj.core.groups.Tuple.tuple("interval", "INVALID_DURATION"));
    }

    @Test
    void resolvesDefaultsAndKeepsSecretsOutOfToString() {
        var values = Map.of("apiKey", "s3cret-value", "voucherTypes", "invoice,quotation");
        assertThat(schema.validate(values)).isEmpty();

        var configuration = schema.resolve(values);

        assertThat(configuration.uri("baseUrl")).hasToString("https://api.example.com/v1");
        assertThat(configuration.integer("pageSize")).isEqualTo(100);
        assertThat(configuration.duration("interval")).hasHours(4);
        assertThat(configuration.list("voucherTypes")).containsExactly("invoice", "quotation");
        assertThat(configuration.toString()).doesNotContain("s3cret-value");
    }

    @Test
    void descriptorRefusesAmbiguousStreamsAndUnknownRateLimitAccount() {
        var stream = StreamDescriptor.of("contacts", "contact", List.of(FieldMapping.both("name", "name")));
        assertThatThrownBy(() -> ConnectorDescriptor.builder("x", "X", "1").stream(stream).stream(stream).build())
                .hasMessageContaining("duplicate stream contacts");
        assertThatThrownBy(() -> ConnectorDescriptor.builder("x", "X", "1").stream(stream)
                .rateLimit(RateLimit.perSecond(2, "apiKey")).build())
                .hasMessageContaining("unknown configuration property apiKey");
        assertThatThrownBy(() -> StreamDescriptor.of("contacts", "contact",
                List.of(FieldMapping.read("a", "name"), FieldMapping.read("b", "name"))))
                .hasMessageContaining("reads into name twice");
    }
}
