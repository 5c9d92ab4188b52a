package io.metaplatform.plugins.runtime.internal.loading;

import io.metaplatform.plugins.runtime.ConnectorCatalog;
import io.metaplatform.plugins.runtime.LoadedConnector;
import io.metaplatform.plugins.runtime.RefusedPlugin;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The plugins loaded at start-up; immutable, so safe to share between threads. */
final class PluginCatalog implements ConnectorCatalog, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PluginCatalog.class);

    private final Map<String, LoadedConnector> loaded;
    private final List<RefusedPlugin> refused;

    PluginCatalog(List<LoadedConnector> loaded, List<RefusedPlugin> refused) {
        var byId = new TreeMap<String, LoadedConnector>();
        loaded.forEach(connector -> byId.put(connector.id(), connector));
        this.loaded = byId;
        this.refused = refused.stream().sorted(Comparator.comparing(RefusedPlugin::source)).toList();
    }

    @Override
    public Optional<LoadedConnector> find(String connectorId) {
        return Optional.ofNullable(loaded.get(connectorId));
    }

    @Override
    public List<LoadedConnector> loaded() {
        return List.copyOf(loaded.values());
    }

    @Override
    public List<RefusedPlugin> refused() {
        return refused;
    }

    /** Calls every connector's {@code close()} once, then closes the class loaders; a failing plugin does not stop the others. */
    @Override
    public void close() {
        for (LoadedConnector connector : loaded.values()) {
            try {
                connector.call(() -> {
                    connector.connector().close();
                    return null;
                });
            } catch (Exception | LinkageError e) {
                log.warn("Connector {} failed to close: {}", connector.id(), PluginLoader.describe(e));
            }
            PluginLoader.close(connector.classLoader());
        }
    }
}
