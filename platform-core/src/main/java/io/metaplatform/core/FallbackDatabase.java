package io.metaplatform.core;

import java.nio.file.Path;

/**
 * A PostgreSQL server the platform can start by itself when no database is configured and none runs
 * locally (a developer machine). Optional: the server module provides one; tests do not.
 */
public interface FallbackDatabase {

    /**
     * Starts the server, keeping its files under {@code dataDirectory}, and returns how to reach it as
     * an administrator. Called at most once; the implementation stops the server when the application
     * context closes.
     */
    AdminServer start(Path dataDirectory);

    /** An administrative login on a running server. */
    record AdminServer(String host, int port, String user, String password) {
    }
}
