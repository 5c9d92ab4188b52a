package io.metaplatform.plugins.api;

import java.util.Map;

/**
 * The context of {@link Connector#search}: which stream to search and by what.
 *
 * <p>The platform passes only criteria the stream declares in {@link StreamDescriptor#searchCriteria()},
 * with non-blank values, and at least one of them.
 */
public interface SearchContext extends ConnectorContext {

    /** The stream whose records to search; it declares at least one search criterion. */
    StreamDescriptor stream();

    /**
     * Criterion name to value, as an admin entered them; all must match (AND). The names and what they match
     * are the connector's own (for Lexware contacts: {@code name} with at least 3 characters, {@code email},
     * {@code number}). Immutable.
     */
    Map<String, String> criteria();
}
