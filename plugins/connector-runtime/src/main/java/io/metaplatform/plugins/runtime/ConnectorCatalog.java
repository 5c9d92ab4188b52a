package io.metaplatform.plugins.runtime;

import java.util.List;
import java.util.Optional;

/**
 * The connector plugins this server instance loaded at start-up, and those it refused. Fixed
 * after start-up (there is no hot loading or unloading). Thread-safe.
 */
public interface ConnectorCatalog {

    /** The loaded connector with this id, or empty. */
    Optional<LoadedConnector> find(String connectorId);

    /** Every loaded connector, ordered by id. */
    List<LoadedConnector> loaded();

    /** Every refused plugin jar with the reason, ordered by file name. */
    List<RefusedPlugin> refused();
}
