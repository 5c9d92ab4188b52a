package io.metaplatform.plugins.runtime.internal.connections;

import io.metaplatform.plugins.runtime.ConnectionService;
import io.metaplatform.plugins.runtime.internal.packages.ManagedPackages;
import io.metaplatform.plugins.runtime.ConnectorCatalog;
import io.metaplatform.plugins.runtime.internal.http.ConnectorHttpFactory;
import io.metaplatform.plugins.runtime.internal.oauth.OAuthTokens;
import io.metaplatform.plugins.runtime.internal.sync.StreamRunner;
import io.metaplatform.plugins.runtime.internal.sync.SyncEngine;
import io.metaplatform.registry.MetadataService;
import io.metaplatform.registry.RoleHolders;
import io.metaplatform.registry.RoleService;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConnectorsProperties.class)
class ConnectionsConfiguration {

    @Bean
    RunExecutor.Collaborators runCollaborators(ConnectionStore connections, RunStore runs, ConnectionSecrets secrets, ConnectorCatalog catalog,
            ConnectorHttpFactory http, StreamRunner runner, MetadataService metadata, TransactionTemplate transactions, UploadStore uploads,
            ConnectorsProperties properties, io.metaplatform.plugins.runtime.internal.packages.ManagedPackages packages) {
        return new RunExecutor.Collaborators(connections, runs, secrets, catalog, http, runner, metadata, transactions, uploads,
                properties.uploadRetention(), packages);
    }

    @Bean(destroyMethod = "close")
    RunExecutor runExecutor(RunExecutor.Collaborators collaborators, ConnectorsProperties properties, io.metaplatform.core.SharedRedis redis) {
        return new RunExecutor(collaborators, instanceId(properties), properties.heartbeatInterval(), properties.staleAfter(),
                properties.maxConcurrentRuns(), redis);
    }

    @Bean
    ConnectionScheduler connectionScheduler(ConnectionStore connections, RunExecutor executor, TransactionTemplate transactions,
            io.metaplatform.core.TenantGate gate, ConnectorsProperties properties) {
        return new ConnectionScheduler(connections, executor, transactions, gate, properties.pollInterval(), properties.schedulerEnabled());
    }

    @Bean
    ConnectionService connectionService(ConnectorCatalog catalog, ConnectionStore connections, RunStore runs, ConnectionSecrets secrets,
            ConnectorCalls calls, RunExecutor executor, MetadataService metadata, TransactionTemplate transactions,
            ConnectorsProperties properties, SyncEngine engine, OAuthTokens tokens, UploadStore uploads, ConfigEgress egress,
            ManagedPackages packages, RoleService roles) {
        return new ConnectionService(catalog, connections, runs, secrets, calls, executor, metadata, transactions,
                properties.minScheduleInterval(), engine, tokens, uploads, egress, packages, roles);
    }

    /** A role a connection's service principal holds cannot be deleted under it. */
    @Bean
    RoleHolders connectionServiceRoles(ConnectionStore connections) {
        return (tenant, role) -> connections.list(tenant).stream().filter(row -> row.serviceRole().filter(role::equals).isPresent())
                .map(row -> "connection '" + row.name() + "' (" + row.id() + ")").toList();
    }

    private static String instanceId(ConnectorsProperties properties) {
        if (!properties.instanceId().isBlank()) {
            return properties.instanceId();
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "instance";
        }
        String name = host + "-" + UUID.randomUUID().toString().substring(0, 8);
        return name.length() <= 100 ? name : name.substring(name.length() - 100);
    }
}
