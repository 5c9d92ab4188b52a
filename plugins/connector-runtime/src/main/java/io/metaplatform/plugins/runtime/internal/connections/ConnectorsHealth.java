package io.metaplatform.plugins.runtime.internal.connections;

import io.metaplatform.plugins.runtime.ConnectionStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import io.metaplatform.plugins.runtime.ConnectorCatalog;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code connectors} in {@code /actuator/health}: how many connections of all tenants are in each
 * status, how many are running, and how many enabled ones are overdue by more than two poll
 * intervals (no instance picks them up), and the connector plugins this instance loaded and refused
 * (with the reason). No tenant data. Always UP: a broken connection or plugin is for the tenant
 * admin or operator to fix, not a reason to take the server out of service.
 */
@Component("connectors")
final class ConnectorsHealth extends AbstractHealthIndicator {

    private final ConnectionStore connections;
    private final ConnectorCatalog catalog;
    private final Duration overdueAfter;
    private final Clock clock = Clock.systemUTC();

    ConnectorsHealth(ConnectionStore connections, ConnectorCatalog catalog, ConnectorsProperties properties) {
        super("Connections could not be counted");
        this.connections = connections;
        this.catalog = catalog;
        this.overdueAfter = properties.pollInterval().multipliedBy(2).plusMinutes(1);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.up();
        connections.countByStatus().forEach((status, count) -> builder.withDetail(key(status), count));
        builder.withDetail("running", connections.countLeased(clock.instant()));
        builder.withDetail("overdue", connections.countOverdue(clock.instant(), overdueAfter));
        builder.withDetail("plugins", catalog.loaded().stream().map(plugin -> plugin.id() + " " + plugin.descriptor().version()).toList());
        builder.withDetail("refusedPlugins", catalog.refused().stream().map(plugin -> {
            Map<String, String> refused = new LinkedHashMap<>();
            refused.put("source", plugin.source());
            refused.put("reason", plugin.reason());
            return refused;
        }).toList());
    }

    private static String key(ConnectionStatus status) {
        String[] words = status.name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder key = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            key.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return key.toString();
    }
}
