package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Per-stream sync intervals in /graphql/admin: connector defaults, admin overrides, validation, tenant isolation. */
class StreamIntervalsApiTest extends ConnectorApiTestSupport {

    TenantId tenant;
    String admin;

    @BeforeEach
    void tenant() {
        tenant = createTenant("Intervals");
        admin = TestPlatform.token(tenant, Role.TENANT_ADMIN);
    }

    @Test
    void lexwareDeclaresVouchersEveryFourHoursAndPushEveryHalfHour() {
        JsonNode lexware = null;
        for (JsonNode plugin : data(admin, "{ connectorPlugins { id streams { name pullEvery pushEvery } } }").path("connectorPlugins")) {
            if (plugin.path("id").asString().equals("lexware")) {
                lexware = plugin;
            }
        }

        assertThat(lexware).as("the lexware plugin is listed").isNotNull();
        assertThat(stream(lexware.path("streams"), "invoices").path("pullEvery").asString()).isEqualTo("PT4H");
        assertThat(stream(lexware.path("streams"), "contacts").path("pushEvery").asString()).isEqualTo("PT30M");
        assertThat(stream(lexware.path("streams"), "contacts").path("pullEvery").isNull()).isTrue();
    }

    @Test
    void anAdminOverridesAStreamsIntervalsAndSeesThemOnlyInTheirTenant() {
        JsonNode created = data(admin, "mutation { createConnection(input: {connector: \"lexware\", name: \"Lexware\", config: {apiKey: \"k-1\"},"
                + " scheduleInterval: \"PT1H\", streams: [{name: \"invoices\", pullEvery: \"PT8H\"}]}) { id streams { name pullEvery pushEvery } } }")
                .path("createConnection");
        String id = created.path("id").asString();
        String other = TestPlatform.token(createTenant("Other"), Role.TENANT_ADMIN);

        assertThat(stream(created.path("streams"), "invoices").path("pullEvery").asString()).isEqualTo("PT8H");
        assertThat(stream(created.path("streams"), "quotes").path("pullEvery").asString()).isEqualTo("PT4H");
        assertThat(stream(created.path("streams"), "companies").path("pushEvery").asString()).isEqualTo("PT30M");
        assertThat(data(other, "{ connection(id: \"" + id + "\") { id } }").path("connection").isNull()).isTrue();
        assertThat(code(post(other, "mutation { updateConnection(id: \"" + id + "\", input: {streams: [{name: \"invoices\", pullEvery: \"PT1H\"}]}) { id } }")))
                .isEqualTo("NOT_FOUND");
        assertThat(stream(data(admin, "{ connection(id: \"" + id + "\") { streams { name pullEvery } } }").path("connection").path("streams"), "invoices")
                .path("pullEvery").asString()).isEqualTo("PT8H");
    }

    @Test
    void anIntervalBelowTheMinimumIsRefusedWithItsPathAndNothingIsWritten() {
        JsonNode refused = post(admin, "mutation { createConnection(input: {connector: \"lexware\", name: \"Lexware\", config: {apiKey: \"k-1\"},"
                + " streams: [{name: \"invoices\", pullEvery: \"PT5S\"}]}) { id } }");

        JsonNode error = refused.path("errors").get(0);
        assertThat(error.path("extensions").path("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(error.path("extensions").path("details").findValuesAsString("field")).containsExactly("input.streams.invoices.pullEvery");
        assertThat(data(admin, "{ connections { id } }").path("connections").isEmpty()).isTrue();
    }

    private static JsonNode stream(JsonNode streams, String name) {
        for (JsonNode stream : streams) {
            if (stream.path("name").asString().equals(name)) {
                return stream;
            }
        }
        throw new AssertionError("no stream " + name + " in " + streams);
    }
}
