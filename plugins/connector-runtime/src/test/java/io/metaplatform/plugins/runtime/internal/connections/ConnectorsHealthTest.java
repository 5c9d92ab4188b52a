package io.metaplatform.plugins.runtime.internal.connections;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.plugins.runtime.Connection;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** The connectors' health counts connections of all tenants per status, and names no tenant. */
class ConnectorsHealthTest extends ConnectionsTestSupport {

    @Autowired
    ConnectorsHealth health;

    @Test
    void countsConnectionsOfEveryTenantPerStatus() {
        Map<String, Object> before = health.health(true).getDetails();
        create("Draft", Map.of("apiKey", SECRET));
        Connection enabled = enabled("Enabled");
        inTenant(() -> connections.disable(enabled("Disabled").id()));

        Health after = health.health(true);

        assertThat(after.getStatus()).isEqualTo(Status.UP);
        assertThat(delta(before, after.getDetails(), "draft")).isEqualTo(1);
        assertThat(delta(before, after.getDetails(), "enabled")).isEqualTo(1);
        assertThat(delta(before, after.getDetails(), "disabled")).isEqualTo(1);
        assertThat(after.getDetails()).containsKeys("credentialsInvalid", "running", "overdue");
        assertThat(after.getDetails().toString()).doesNotContain(tenant.toString()).doesNotContain(enabled.id().toString());
    }

    private static int delta(Map<String, Object> before, Map<String, Object> after, String key) {
        return (Integer) after.get(key) - (Integer) before.get(key);
    }
}
