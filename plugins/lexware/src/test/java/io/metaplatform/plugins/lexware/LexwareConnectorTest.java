package io.metaplatform.plugins.lexware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.plugins.api.ConfigProperty;
import io.metaplatform.plugins.api.ConnectorApi;
import io.metaplatform.plugins.api.CredentialsException;
import io.metaplatform.plugins.api.FieldMapping;
import io.metaplatform.plugins.api.RateLimit;
import io.metaplatform.plugins.testkit.InMemoryRecordSink;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LexwareConnectorTest {

    private final LexwareFixture lexware = new LexwareFixture();

    @AfterEach
    void stop() {
        lexware.close();
    }

    @Test
    void describesItselfWithASecretKeyTheRateLimitAndItsStreams() {
        var descriptor = lexware.connector.descriptor();

        assertThat(descriptor.id()).isEqualTo("lexware");
        assertThat(descriptor.apiVersion()).isEqualTo(ConnectorApi.VERSION);
        assertThat(descriptor.rateLimit()).contains(RateLimit.perSecond(2, "apiKey"));
        assertThat(descriptor.config().property("apiKey").orElseThrow().secret()).isTrue();
        assertThat(descriptor.config().property("baseUrl").orElseThrow().defaultValue()).contains("https://api.lexware.io/v1");
        // What is read when and which records are pushed belong to the connection (schedule, stream push filter), not to the plugin.
        assertThat(descriptor.config().properties()).extracting(ConfigProperty::name)
                .containsExactly("apiKey", "baseUrl", "voucherTypes", "webhookPublicKey");
        assertThat(descriptor.streams()).extracting(s -> s.name() + "→" + s.targetObject().orElseThrow())
                .containsExactly("companies→company", "contacts→contact", "invoices→invoice", "quotes→quote",
                        "salesOrders→salesOrder", "creditNotes→creditNote", "invoiceLines→invoiceLine");
        assertThat(descriptor.stream("companies").orElseThrow().writable()).isTrue();
        assertThat(descriptor.stream("invoices").orElseThrow().writable()).isFalse();
        assertThat(descriptor.stream("companies").orElseThrow().mappings())
                .contains(FieldMapping.both("name", "name"), FieldMapping.read("customerNumber", "customerNumber"));
    }

    @Test
    void vouchersAreReadEveryFourHoursAndCompaniesAndContactsPushedEveryHalfHourByDefault() {
        var descriptor = lexware.connector.descriptor();

        assertThat(List.of("invoices", "quotes", "salesOrders", "creditNotes", "invoiceLines"))
                .allSatisfy(stream -> assertThat(descriptor.stream(stream).orElseThrow().pullEvery()).contains(Duration.ofHours(4)));
        assertThat(List.of("companies", "contacts")).allSatisfy(stream -> {
            assertThat(descriptor.stream(stream).orElseThrow().pushEvery()).contains(Duration.ofMinutes(30));
            assertThat(descriptor.stream(stream).orElseThrow().pullEvery()).isEmpty();
        });
    }

    @Test
    void isFoundByTheServiceLoaderLikeThePlatformLoadsPlugins() {
        assertThat(ServiceLoader.load(io.metaplatform.plugins.api.Connector.class).stream())
                .extracting(provider -> provider.type().getName())
                .contains(LexwareConnector.class.getName());
    }

    @Test
    void aConnectionWithoutApiKeyIsUnconfiguredAndItsCheckSaysSo() {
        var context = lexware.configure("apiKey", null).context().build();

        var result = lexware.connector.check(context);

        assertThat(result.passed()).isFalse();
        assertThat(result.message()).contains("not configured").contains("API key");
        assertThat(lexware.connector.descriptor().config().validate(Map.of())).isEmpty();
        assertThat(lexware.fake.requests()).isEmpty();
    }

    @Test
    void withoutApiKeyOtherCallsFailCleanlyWithoutCallingLexware() {
        lexware.configure("apiKey", null);
        var context = lexware.context().stream("companies").sink(new InMemoryRecordSink("companies")).build();

        assertThatThrownBy(() -> lexware.connector.read(context))
                .isInstanceOf(CredentialsException.class).hasMessageContaining("no API key");
        lexware.connector.onDisable(lexware.webhookContext("https://platform.example/hook"));
        assertThat(lexware.fake.requests()).isEmpty();
    }

    @Test
    void checkPassesWithAValidKey() {
        assertThat(lexware.connector.check(lexware.context().build()).passed()).isTrue();
    }

    @Test
    void checkThrowsCredentialsExceptionOn401WithoutTheKeyInTheMessage() {
        var context = lexware.configure("apiKey", "revoked-key-123").context().build();

        assertThatThrownBy(() -> lexware.connector.check(context))
                .isInstanceOf(CredentialsException.class)
                .hasMessageContaining("401")
                .hasMessageNotContaining("revoked-key-123");
    }
}
